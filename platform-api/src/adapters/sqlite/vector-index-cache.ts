import type { MomentKind } from '@cutaway/shared';
import { IvfIndex, type IvfOptions } from './vector-index-ivf';
import { TopK } from '../common/vector-math';
import { VectorMatrix } from '../common/vector-matrix';

export interface ApproximateOptions extends Omit<IvfOptions, 'cancelled'> {
  /**
   * Unrestricted searches over more live vectors than this use an IVF index once it is built
   * (in the background; exact until then). Candidate-restricted searches stay exact.
   */
  above: number;
}

export interface CachedRow {
  assetId: string;
  source: string;
  kind: MomentKind;
  startMs: number;
  endMs: number;
  vector: Float32Array;
}

/**
 * The in-memory copy of one model's vectors at `version` of vector_state, plus the IVF index
 * over it once the copy is past `approx.above`.
 */
export class VectorCache {
  readonly matrix: VectorMatrix;
  private ivf: IvfIndex | null = null;
  /** Live vectors when the current IVF index was trained: retrain once that has doubled. */
  private trainedAt = 0;
  private building: Promise<void> | null = null;
  private ivfFailed = false;
  /** Bumped when slots are renumbered or the cache is dropped: a build from an older epoch is void. */
  private epoch = 0;

  constructor(
    readonly dims: number,
    public version: number,
    private readonly approx: ApproximateOptions,
    capacity = 1024,
  ) {
    this.matrix = new VectorMatrix(dims, Math.max(1024, capacity));
  }

  add(assetId: string, row: Omit<CachedRow, 'assetId'>): void {
    const slot = this.matrix.add({ assetId, ...row }, row.vector);
    this.ivf?.add(this.matrix, slot);
  }

  remove(assetId: string, source?: string): void {
    this.matrix.remove(assetId, source);
  }

  /** Squeezes out dead slots once they pile up; the IVF lists follow the renumbering. */
  tidy(): void {
    if (!this.matrix.fragmented) return;
    const remap = this.matrix.compact();
    this.ivf?.remap(remap);
    this.epoch++;
  }

  /** Stops any background build (the cache is being replaced). */
  dispose(): void {
    this.epoch++;
  }

  search(query: Float32Array, k: number, mask: number, assetIds?: readonly string[]): ReadonlyArray<[slot: number, score: number]> {
    const ivf = assetIds ? null : this.approximate();
    if (!ivf) return this.matrix.best(query, k, mask, assetIds);
    const top = new TopK(k);
    ivf.search(this.matrix, query, top, mask);
    return top.sorted();
  }

  /** Resolves once an IVF index is in use (true), or at once when the copy is small enough to scan exactly (false). */
  async ready(): Promise<boolean> {
    while (this.matrix.live > this.approx.above && !this.ivfFailed) {
      if (this.approximate() && !this.building) return true;
      await this.building;
    }
    return false;
  }

  /** The IVF index to use now, if any; starts a (re)build when there is none or it is outgrown. */
  private approximate(): IvfIndex | null {
    const live = this.matrix.live;
    if (live <= this.approx.above || this.ivfFailed) return null;
    if ((!this.ivf || live > 2 * this.trainedAt) && !this.building) {
      const epoch = this.epoch;
      const cancelled = () => epoch !== this.epoch;
      this.building = IvfIndex.build(this.matrix, { ...this.approx, cancelled })
        .then(
          (ivf) => {
            if (!ivf || cancelled()) return;
            ivf.catchUp(this.matrix);
            this.ivf = ivf;
            this.trainedAt = live;
          },
          () => {
            this.ivfFailed = true; // exact scans remain correct; do not spin on rebuilding
          },
        )
        .finally(() => {
          this.building = null;
        });
    }
    return this.ivf;
  }
}
