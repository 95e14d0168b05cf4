import { highlightParts } from '../highlight';

/** The server's <mark> highlighting rendered as React elements: no innerHTML, so no markup from data ever runs. */
export function Highlighted({ text }: { text: string }) {
  return (
    <span className="cw-hl">
      {highlightParts(text).map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </span>
  );
}
