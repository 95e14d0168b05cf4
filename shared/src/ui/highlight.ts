/** Splits the server's `highlighted` text (HTML-escaped, matches in <mark>…</mark>) into plain parts, never HTML. */
export function highlightParts(highlighted: string): Array<{ text: string; mark: boolean }> {
  const parts: Array<{ text: string; mark: boolean }> = [];
  const re = /<mark>([\s\S]*?)<\/mark>/g;
  let last = 0;
  for (let m = re.exec(highlighted); m; m = re.exec(highlighted)) {
    if (m.index > last) parts.push({ text: unescapeHtml(highlighted.slice(last, m.index)), mark: false });
    parts.push({ text: unescapeHtml(m[1] ?? ''), mark: true });
    last = m.index + m[0].length;
  }
  if (last < highlighted.length) parts.push({ text: unescapeHtml(highlighted.slice(last)), mark: false });
  return parts;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'" };
function unescapeHtml(s: string): string {
  return s.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (e) => ENTITIES[e] ?? e);
}
