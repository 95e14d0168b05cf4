import type { Segment } from '@cutaway/shared';
import type { TimedWord } from '../../ports/ai';
import { phoneTokens } from './align';

/**
 * The phonetic index rides in the search index as hidden rows: kind `speech`, the phones a phone
 * decoder heard (with their times) in `words`, and their class-trigram tokens as `text`. No adapter
 * changes on either engine; every reader of segments for people (moments, insights, embeddings)
 * leaves these rows out.
 */
export const PHONETIC_SOURCE = 'enrich.phonetic';
export const isPhoneticRow = (s: Pick<Segment, 'source'>): boolean => s.source === PHONETIC_SOURCE;

/** Phones per row, and how many the next row repeats: a name (≤ 16 phones) never falls between two rows. */
const ROW_PHONES = 48;
const OVERLAP = 16;

export const normalizeWord = (w: string): string => w.toLowerCase().replace(/[^\p{L}\p{N}']/gu, '');

/** Hidden phonetic rows from decoded phones (`w` = ARPAbet phone), overlapping so no match is cut in two. */
export function phoneticRows(assetId: string, phones: readonly TimedWord[]): Segment[] {
  const rows: Segment[] = [];
  for (let i = 0; i < phones.length; i += ROW_PHONES - OVERLAP) {
    const window = phones.slice(i, i + ROW_PHONES);
    const tokens = phoneTokens(window.map((p) => p.w));
    if (tokens.length) {
      rows.push({
        assetId, kind: 'speech', source: PHONETIC_SOURCE, confidence: null,
        startMs: window[0]!.startMs, endMs: Math.max(window.at(-1)!.endMs, window[0]!.startMs + 1),
        text: [...new Set(tokens)].join(' '),
        words: window.map((p) => ({ w: p.w, startMs: p.startMs, endMs: p.endMs })),
      });
    }
    if (i + ROW_PHONES >= phones.length) break;
  }
  return rows;
}
