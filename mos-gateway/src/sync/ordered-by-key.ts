/**
 * Delivers results per key in the order the work was started, while the work itself runs concurrently.
 *
 * Asset events arrive in order on the platform's WebSocket, but building a mosObj (or an item status) awaits
 * further reads; two quick edits of one asset could then finish out of order and the older state would be
 * queued last, superseding the newer one in the outbox (MOS 2.8.5 §3.1.2: the latest mosObj describes the
 * object). Chaining each delivery after the previous one for the same key keeps "last event wins".
 */
export class OrderedByKey {
  private readonly tails = new Map<string, Promise<void>>();

  /** Starts `work` now; runs `deliver` with its result after every earlier delivery for `key` has run. */
  run<T>(key: string, work: Promise<T>, deliver: (value: T) => void, onError: (err: unknown) => void): Promise<void> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const tail = prev
      .then(() => work)
      .then(deliver, onError)
      .catch(onError)
      .finally(() => {
        if (this.tails.get(key) === tail) this.tails.delete(key);
      });
    this.tails.set(key, tail);
    return tail;
  }

  /** Runs `task` after every earlier one for `key` has finished (for work whose reads depend on the last write). */
  serial(key: string, task: () => Promise<void>, onError: (err: unknown) => void): Promise<void> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const tail = prev
      .then(task)
      .catch(onError)
      .finally(() => {
        if (this.tails.get(key) === tail) this.tails.delete(key);
      });
    this.tails.set(key, tail);
    return tail;
  }

  /** Keys with deliveries still pending (for tests and shutdown). */
  get pending(): number {
    return this.tails.size;
  }
}
