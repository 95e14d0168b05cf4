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

/** ~20 bytes a phone: the default keeps ~40 MB, about 1,000 assets of a few minutes' speech. */
const DEFAULT_MAX_PHONES = 2_000_000;

/**
 * The phonetic rows of assets, kept decoded between requests (issue 14): reading and JSON-parsing the
 * phone rows of ~50 candidate assets was most of a "sounds like" query's CPU. An asset's entry is
 * used while the index's segment stamp for it is unchanged, so a write by any process (another API
 * instance, a worker re-enriching) is seen by the next query; least recently used entries go first.
 */
export class PhoneStore {
  private readonly kept = new Map<string, { stamp: string; rows: PhoneRows }>();
  private phones = 0;

  constructor(
    private readonly index: Pick<SearchIndex, 'listSegments' | 'segmentStamps'>,
    private readonly maxPhones = DEFAULT_MAX_PHONES,
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

  private keep(assetId: string, stamp: string, rows: PhoneRows): void {
    if (rows.phones.length > this.maxPhones) return;
    this.kept.set(assetId, { stamp, rows });
    this.phones += rows.phones.length;
    for (const oldest of this.kept.keys()) {
      if (this.phones <= this.maxPhones) break;
      this.forget(oldest);
    }
  }

  private forget(assetId: string): void {
    const hit = this.kept.get(assetId);
    if (!hit) return;
    this.kept.delete(assetId);
    this.phones -= hit.rows.phones.length;
  }
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
