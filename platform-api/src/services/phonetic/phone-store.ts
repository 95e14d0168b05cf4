import type { Segment } from '@cutaway/shared';
import type { SearchIndex } from '../../ports/search-index';
import { phoneId } from './align';
import { PHONETIC_SOURCE } from './phonetic-index';

/** One asset's hidden phonetic rows, decoded once: phone ids and their times in typed arrays. */
export interface PhoneRows {
  count: number;
  /** Row r holds the phones at offsets[r] … offsets[r + 1] − 1, in the order the index lists them. */
  offsets: Int32Array;
  phones: Int32Array;
  startMs: Float64Array;
  endMs: Float64Array;
}

/** The words the transcript wrote (every speech row but the phonetic ones, in the index's order, repeats included). */
export interface SaidWords {
  words: string[];
  startMs: Float64Array;
  endMs: Float64Array;
}

interface Entry {
  stamp: string;
  rows: PhoneRows;
  /** Read when a match first needs them (the text shown under a "sounds like" moment). */
  said: SaidWords | null;
  /** Phones plus words said, against the budget. */
  size: number;
}

/** ~20 bytes a phone or word: the default keeps ~40 MB, about 1,000 assets of a few minutes' speech. */
const DEFAULT_MAX_PHONES = 2_000_000;

/**
 * The phonetic rows of assets, kept decoded between requests (issue 14): reading and JSON-parsing the
 * phone rows of ~50 candidate assets was most of a "sounds like" query's CPU. An asset's entry is
 * used while the index's segment stamp for it is unchanged, so a write by any process (another API
 * instance, a worker re-enriching) is seen by the next query; least recently used entries go first.
 */
export class PhoneStore {
  private readonly kept = new Map<string, Entry>();
  private size = 0;

  constructor(
    private readonly index: Pick<SearchIndex, 'listSegments' | 'segmentStamps'>,
    private readonly maxSize = DEFAULT_MAX_PHONES,
  ) {}

  async rowsOf(assetIds: readonly string[]): Promise<Map<string, PhoneRows>> {
    // Stamps first: rows read after them are at least that new, so a race keeps newer rows under an older stamp (one re-read later), never the reverse.
    const stamps = await this.index.segmentStamps(assetIds);
    const out = new Map<string, PhoneRows>();
    for (const assetId of assetIds) {
      const stamp = stamps.get(assetId);
      const hit = this.kept.get(assetId);
      if (hit && stamp !== undefined && hit.stamp === stamp) {
        this.kept.delete(assetId);
        this.kept.set(assetId, hit);
        out.set(assetId, hit.rows);
        continue;
      }
      const rows = decode(await this.index.listSegments(assetId, 'speech', { onlySource: PHONETIC_SOURCE }));
      out.set(assetId, rows);
      this.forget(assetId);
      if (stamp !== undefined) this.keep(assetId, stamp, rows);
    }
    return out;
  }

  /**
   * The words said in an asset whose rows `rowsOf` just returned: kept with them (same stamp), so
   * showing a match does not re-read and re-parse every speech window of the asset.
   */
  async saidOf(assetId: string): Promise<SaidWords> {
    const hit = this.kept.get(assetId);
    if (hit?.said) return hit.said;
    const said = toSaid(await this.index.listSegments(assetId, 'speech', { exceptSource: PHONETIC_SOURCE }));
    // Still the entry the rows came from (not replaced meanwhile): the words join it.
    if (hit && this.kept.get(assetId) === hit) {
      hit.said = said;
      this.grow(hit, said.words.length);
    }
    return said;
  }

  private keep(assetId: string, stamp: string, rows: PhoneRows): void {
    const entry: Entry = { stamp, rows, said: null, size: 0 };
    this.kept.set(assetId, entry);
    this.grow(entry, rows.phones.length);
  }

  private grow(entry: Entry, by: number): void {
    entry.size += by;
    this.size += by;
    // Oldest first; an entry larger than the whole budget does not stay either.
    for (const [oldest] of this.kept) {
      if (this.size <= this.maxSize) break;
      this.forget(oldest);
    }
  }

  private forget(assetId: string): void {
    const hit = this.kept.get(assetId);
    if (!hit) return;
    this.kept.delete(assetId);
    this.size -= hit.size;
  }
}

function toSaid(segments: readonly Segment[]): SaidWords {
  const words = segments.flatMap((s) => s.words ?? []);
  return { words: words.map((w) => w.w), startMs: Float64Array.from(words, (w) => w.startMs), endMs: Float64Array.from(words, (w) => w.endMs) };
}

function decode(segments: readonly Segment[]): PhoneRows {
  const rows = segments.filter((s) => s.source === PHONETIC_SOURCE);
  const offsets = new Int32Array(rows.length + 1);
  rows.forEach((r, i) => (offsets[i + 1] = offsets[i]! + (r.words?.length ?? 0)));
  const total = offsets[rows.length]!;
  const out: PhoneRows = { count: rows.length, offsets, phones: new Int32Array(total), startMs: new Float64Array(total), endMs: new Float64Array(total) };
  rows.forEach((r, i) => {
    let k = offsets[i]!;
    for (const p of r.words ?? []) {
      out.phones[k] = phoneId(p.w);
      out.startMs[k] = p.startMs;
      out.endMs[k] = p.endMs;
      k++;
    }
  });
  return out;
}
