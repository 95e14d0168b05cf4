import { z } from 'zod';

/**
 * Text that someone other than the caller wrote (transcripts, on-screen text, file names, titles) reaches a
 * model only as a field of this shape: marked untrusted, stripped of control and zero-width characters,
 * length-capped. Nothing relies on the model obeying the mark: the capability gates (scopes, approvals,
 * destination allowlists) are what make an injected "deliver to X" harmless (OWASP LLM01/LLM06).
 */
export const UntrustedTextSchema = z.object({ untrusted: z.literal(true), text: z.string().max(8000) });
export type UntrustedText = z.infer<typeof UntrustedTextSchema>;

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/** Zero-width and bidi controls: invisible to a reviewer, visible to a tokenizer. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

export function untrusted(text: string | null | undefined, max: number): UntrustedText {
  const clean = (text ?? '').replace(CONTROL, ' ').replace(INVISIBLE, '');
  return { untrusted: true, text: clean.length > max ? `${clean.slice(0, max - 1)}…` : clean };
}
