/**
 * Outgoing messageIDs (MOS 2.8.5 §4.1.6): ≥ 1, +1 per message, wrap to 1 after 2^31-1, and NOT
 * reused after a restart. Persisting every id would cost a write per message; instead a block is
 * reserved and its end persisted, so a restart continues after the block (ids may skip, never repeat).
 */
export interface IdReservations {
  /** The first id not yet reserved, or null on a fresh install. */
  load(): number | null;
  save(nextFree: number): void;
}

const MAX = 2 ** 31 - 1;
const BLOCK = 1000;

export class MessageIds {
  private next: number;
  private reservedUpTo: number;

  constructor(private readonly store: IdReservations) {
    this.next = store.load() ?? 1;
    this.reservedUpTo = this.next;
  }

  take(): number {
    if (this.next > MAX) this.next = 1;
    if (this.next >= this.reservedUpTo || this.reservedUpTo > MAX) {
      this.reservedUpTo = Math.min(MAX + 1, this.next + BLOCK);
      this.store.save(this.reservedUpTo > MAX ? 1 : this.reservedUpTo);
    }
    return this.next++;
  }
}
