/** A text line read on one page (one captured frame), in page pixels. */
export interface PageLine {
  text: string;
  /** Mean word confidence, 0–1. */
  conf: number;
  /** Vertical centre as a fraction of the page height (0 = top). */
  y: number;
}

interface Word {
  text: string;
  conf: number;
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Words below this confidence (tesseract's 0–100) are noise: on the test clips, blobs of busy
 * pictures read at 30–72 and caption words at 76–97; a caption word lost here leaves a partial
 * reading, which merge.ts folds into the full one.
 */
export const MIN_WORD_CONF = 65;

/**
 * tesseract's `tsv` output: a header, then rows `level page block par line word left top width
 * height conf text`; level 1 is a page (its size), level 5 a word. Returns one entry per page, in
 * list order, each with its lines. Lines are rebuilt from word boxes rather than taken from
 * tesseract's block/line numbers, because `--psm 11` (sparse text) may put each word of a
 * lower third in its own block.
 */
export function parseTsv(tsv: string): PageLine[][] {
  const pages: Array<{ height: number; words: Word[] }> = [];
  for (const row of tsv.split('\n')) {
    const c = row.split('\t');
    if (c.length < 12 || !/^\d+$/.test(c[0]!)) continue;
    const page = Number(c[1]) - 1;
    const [left, top, width, height, conf] = [c[6], c[7], c[8], c[9], c[10]].map(Number) as [number, number, number, number, number];
    pages[page] ??= { height: 1, words: [] };
    if (c[0] === '1') pages[page]!.height = Math.max(1, height);
    const text = c.slice(11).join('\t').trim();
    if (c[0] === '5' && text && conf >= MIN_WORD_CONF && /[\p{L}\p{N}]/u.test(text)) pages[page]!.words.push({ text, conf, left, top, width, height });
  }
  return Array.from(pages, (p) => (p ? toLines(p.words, p.height) : []));
}

/**
 * Groups words into lines: same row (vertical centres within half a word height) and no gap
 * wider than twice the word height, so a caption on the left and a clock on the right of the
 * same strip stay two lines.
 */
function toLines(words: Word[], pageHeight: number): PageLine[] {
  const rows: Word[][] = [];
  for (const w of [...words].sort((a, b) => a.left - b.left)) {
    const cy = w.top + w.height / 2;
    const row = rows.find((r) => {
      const last = r.at(-1)!;
      const h = Math.max(last.height, w.height);
      return Math.abs(last.top + last.height / 2 - cy) <= h / 2 && w.left - (last.left + last.width) <= 2 * h;
    });
    if (row) row.push(w);
    else rows.push([w]);
  }
  return rows.map((r) => ({
    text: r.map((w) => w.text).join(' '),
    conf: r.reduce((s, w) => s + w.conf, 0) / r.length / 100,
    y: r.reduce((s, w) => s + w.top + w.height / 2, 0) / r.length / pageHeight,
  }));
}
