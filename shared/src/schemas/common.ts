import { z } from 'zod';

/** Opaque, generated identifiers. Never derived from user input (docs/architecture.md "Storage keys"). */
export const IdSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{5,63}$/i, 'invalid id');

/** A frame rate as an exact rational: 29.97 is { num: 30000, den: 1001 }. */
export const RateSchema = z.object({
  num: z.number().int().positive(),
  den: z.number().int().positive(),
});
export type Rate = z.infer<typeof RateSchema>;

export const IsoDateSchema = z.iso.datetime({ offset: true });

/** Tags arrive as an array or as one comma-separated string (multipart forms). */
export const TagsSchema = z
  .union([z.array(z.string()), z.string()])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')))
  .pipe(z.array(z.string().trim().min(1).max(100)).max(200))
  .transform((tags) => [...new Set(tags)]);

export const PageSchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
