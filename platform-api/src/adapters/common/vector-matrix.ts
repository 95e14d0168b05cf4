import { MomentKindSchema, type MomentKind } from '@cutaway/shared';
import { dotAt, TopK, unit } from './vector-math';

/** Answers remembered per matrix (a few hundred bytes each, plus the query as the key). */
const MEMO_ANSWERS = 256;

export const KINDS: readonly MomentKind[] = MomentKindSchema.options;
const KIND_NO = new Map(KINDS.map((k, i) => [k, i]));

/** Bit i set = kind KINDS[i] allowed; every bit set when no filter is given. */
export function kindMask(kinds: readonly MomentKind[] | undefined): number {
  if (!kinds || kinds.length === 0) return (1 << KINDS.length) - 1;
  return kinds.reduce((m, k) => m | (1 << KIND_NO.get(k)!), 0);
}

export interface SlotInfo {
  assetId: string;
  source: string;
  kind: MomentKind;
  startMs: number;
  endMs: number;
}

/**
 * Every vector of one model in one flat Float32Array (row-major, unit length) plus parallel
 * columns, so a scan touches memory in order. Rows are slots: a removal marks its slot dead;
 * `compact()` squeezes dead slots out once they pile up (callers holding slot numbers, such as
 * IVF lists, rebuild after it).
 */
export class VectorMatrix {
  data: Float32Array;
  private assetNo: Int32Array;
  private sourceNo: Int32Array;
  private kindNo: Uint8Array;
  private startMs: Float64Array;
  private endMs: Float64Array;
  private alive: Uint8Array;
  /** Slots used so far (live + dead). */
  size = 0;
  live = 0;
  private readonly assetIds: string[] = [];
  private readonly assetNos = new Map<string, number>();
  private readonly sources: string[] = [];
  private readonly sourceNos = new Map<string, number>();
  /** Slots of each asset (live ones only), for candidate-restricted scans and replacement. */
  private readonly slotsByAsset = new Map<number, number[]>();
  /** Bumped by every change to the slots: remembered answers of an older generation are void. */
  private generation = 0;
  private readonly answers = new Map<string, ReadonlyArray<[slot: number, score: number]>>();
  private answersAt = 0;

  constructor(
    readonly dims: number,
    capacity = 1024,
  ) {
    this.data = new Float32Array(capacity * dims);
    this.assetNo = new Int32Array(capacity);
    this.sourceNo = new Int32Array(capacity);
    this.kindNo = new Uint8Array(capacity);
    this.startMs = new Float64Array(capacity);
    this.endMs = new Float64Array(capacity);
    this.alive = new Uint8Array(capacity);
  }

  /** Appends one vector (normalised on the way in, so a dot product is the cosine). Returns its slot. */
  add(info: SlotInfo, vector: Float32Array): number {
    if (vector.length !== this.dims) throw new RangeError(`vector has ${vector.length} dimensions, expected ${this.dims}`);
    if (this.size === this.alive.length) this.grow(Math.ceil(this.size * 1.5) + 1024); // 1.5×: at 1M vectors a doubling would be +2 GiB
    const slot = this.size++;
    const a = intern(info.assetId, this.assetIds, this.assetNos);
    this.data.set(unit(vector), slot * this.dims);
    this.assetNo[slot] = a;
    this.sourceNo[slot] = intern(info.source, this.sources, this.sourceNos);
    this.kindNo[slot] = KIND_NO.get(info.kind)!;
    this.startMs[slot] = info.startMs;
    this.endMs[slot] = info.endMs;
    this.alive[slot] = 1;
    this.live++;
    this.generation++;
    let list = this.slotsByAsset.get(a);
    if (!list) this.slotsByAsset.set(a, (list = []));
    list.push(slot);
    return slot;
  }

  /** Marks the asset's slots dead (only those written by `source` when given). */
  remove(assetId: string, source?: string): void {
    const a = this.assetNos.get(assetId);
    const list = a === undefined ? undefined : this.slotsByAsset.get(a);
    if (a === undefined || !list) return;
    const s = source === undefined ? -1 : (this.sourceNos.get(source) ?? -2);
    this.generation++;
    const keep = list.filter((slot) => {
      if (s !== -1 && this.sourceNo[slot] !== s) return true;
      this.alive[slot] = 0;
      this.live--;
      return false;
    });
    if (keep.length > 0) this.slotsByAsset.set(a, keep);
    else this.slotsByAsset.delete(a);
  }

  isAlive(slot: number): boolean {
    return this.alive[slot] === 1;
  }

  /** Live slots of these assets (unknown ids are skipped). */
  slotsOf(assetIds: readonly string[]): number[] {
    const out: number[] = [];
    for (const id of new Set(assetIds)) {
      const a = this.assetNos.get(id);
      const list = a === undefined ? undefined : this.slotsByAsset.get(a);
      if (list) for (const slot of list) out.push(slot);
    }
    return out;
  }

  /**
   * The k best live slots for a unit query by an exact scan (of every slot, or of `assetIds`' only),
   * best first. The same query again (a panel re-running a search, the same words typed again) is
   * answered from a small memo until the matrix changes: the scan is most of a semantic query's CPU.
   */
  best(query: Float32Array, k: number, mask: number, assetIds?: readonly string[]): ReadonlyArray<[slot: number, score: number]> {
    if (this.answersAt !== this.generation) {
      this.answers.clear();
      this.answersAt = this.generation;
    }
    const bits = new Uint16Array(query.buffer, query.byteOffset, query.byteLength / 2);
    const key = `${k}:${mask}:${assetIds ? assetIds.join('\u0000') : '*'}:${String.fromCharCode(...bits)}`;
    let answer = this.answers.get(key);
    if (!answer) {
      const top = new TopK(k);
      this.scan(query, top, mask, assetIds ? this.slotsOf(assetIds) : undefined);
      answer = top.sorted();
      if (this.answers.size >= MEMO_ANSWERS) this.answers.delete(this.answers.keys().next().value!);
      this.answers.set(key, answer);
    }
    return answer;
  }

  /** Scores `slots` (every slot when omitted) against a unit query; dead or filtered slots are skipped. */
  scan(query: Float32Array, top: TopK, mask: number, slots?: ArrayLike<number>): void {
    const dims = this.dims;
    const n = slots ? slots.length : this.size;
    for (let i = 0; i < n; i++) {
      const slot = slots ? slots[i]! : i;
      if (this.alive[slot] !== 1 || ((mask >> this.kindNo[slot]!) & 1) === 0) continue;
      top.offer(dotAt(this.data, slot * dims, query), slot);
    }
  }

  info(slot: number): SlotInfo {
    return {
      assetId: this.assetIds[this.assetNo[slot]!]!,
      source: this.sources[this.sourceNo[slot]!]!,
      kind: KINDS[this.kindNo[slot]!]!,
      startMs: this.startMs[slot]!,
      endMs: this.endMs[slot]!,
    };
  }

  /** True when worth compacting: over a quarter of the slots are dead. */
  get fragmented(): boolean {
    return this.size - this.live > Math.max(1024, this.size / 4);
  }

  /** Moves live slots down over dead ones, keeping order. Returns old slot → new slot (-1: dropped). */
  compact(): Int32Array {
    const remap = new Int32Array(this.size).fill(-1);
    let w = 0;
    for (let r = 0; r < this.size; r++) {
      if (this.alive[r] !== 1) continue;
      remap[r] = w;
      if (w !== r) {
        this.data.copyWithin(w * this.dims, r * this.dims, (r + 1) * this.dims);
        this.assetNo[w] = this.assetNo[r]!;
        this.sourceNo[w] = this.sourceNo[r]!;
        this.kindNo[w] = this.kindNo[r]!;
        this.startMs[w] = this.startMs[r]!;
        this.endMs[w] = this.endMs[r]!;
        this.alive[w] = 1;
      }
      w++;
    }
    this.alive.fill(0, w, this.size);
    this.size = w;
    this.generation++;
    this.slotsByAsset.clear();
    for (let slot = 0; slot < w; slot++) {
      const a = this.assetNo[slot]!;
      let list = this.slotsByAsset.get(a);
      if (!list) this.slotsByAsset.set(a, (list = []));
      list.push(slot);
    }
    return remap;
  }

  private grow(capacity: number): void {
    const grown = <T extends Float32Array | Float64Array | Int32Array | Uint8Array>(old: T, per = 1): T => {
      const next = new (old.constructor as new (n: number) => T)(capacity * per);
      next.set(old);
      return next;
    };
    this.data = grown(this.data, this.dims);
    this.assetNo = grown(this.assetNo);
    this.sourceNo = grown(this.sourceNo);
    this.kindNo = grown(this.kindNo);
    this.startMs = grown(this.startMs);
    this.endMs = grown(this.endMs);
    this.alive = grown(this.alive);
  }
}

function intern(value: string, list: string[], index: Map<string, number>): number {
  let n = index.get(value);
  if (n === undefined) {
    n = list.length;
    list.push(value);
    index.set(value, n);
  }
  return n;
}
