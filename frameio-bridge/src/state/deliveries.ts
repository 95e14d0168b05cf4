import type { WebhookEvent } from '../webhook/event';
import type { StateDb } from './state-db';

export interface NewDelivery {
  /** sha256(timestamp + signature): the same bytes sent again collide here. */
  replayKey: string;
  event: WebhookEvent;
  sentAt: number;
  body: string;
}

export interface Delivery {
  seq: number;
  event: WebhookEvent;
  /** X-Frameio-Request-Timestamp (Unix s): when Frame.io sent it. */
  sentAt: number;
  attempts: number;
}

/**
 * The durable webhook queue. A delivery is stored before it is acknowledged; `replay_key`
 * (timestamp + signature) makes a byte-identical re-send a no-op. Distinct events about the
 * same resource are all kept: processing re-reads the resource, so order does not matter.
 */
export class DeliveryQueue {
  constructor(private readonly db: StateDb) {}

  private pendingBatch: Array<{ item: NewDelivery; ok: (queued: boolean) => void; fail: (err: unknown) => void }> = [];

  /** False when this exact delivery (same timestamp and signature) was already taken. */
  enqueue(item: NewDelivery): boolean {
    return this.enqueueMany([item])[0]!;
  }

  /** One transaction (one fsync) for many deliveries. */
  enqueueMany(items: readonly NewDelivery[]): boolean[] {
    const insert = this.db.prepare(
      'INSERT INTO deliveries (replay_key, event_type, resource_type, resource_id, user_id, sent_at, body, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (replay_key) DO NOTHING',
    );
    const now = new Date().toISOString();
    return this.db.transaction(() => items.map((d) => insert.run(d.replayKey, d.event.type, d.event.resource.type, d.event.resource.id, d.event.user.id, d.sentAt, d.body, now).changes > 0))();
  }

  /**
   * Group commit: deliveries arriving in the same event-loop turn share one transaction, so the
   * fsync that makes an acknowledgement durable is paid once per batch, not once per delivery.
   */
  enqueueBatched(item: NewDelivery): Promise<boolean> {
    return new Promise((ok, fail) => {
      if (!this.pendingBatch.length) setImmediate(() => this.flush());
      this.pendingBatch.push({ item, ok, fail });
    });
  }

  private flush(): void {
    const batch = this.pendingBatch;
    this.pendingBatch = [];
    try {
      const results = this.enqueueMany(batch.map((b) => b.item));
      batch.forEach((b, i) => b.ok(results[i]!));
    } catch (err) {
      for (const b of batch) b.fail(err);
    }
  }

  /** Records the outcomes of a processed batch in one transaction. */
  settle(outcomes: ReadonlyArray<{ seq: number; state: 'done' | 'dead' | 'retry'; note: string | null; nextAtMs?: number }>): void {
    this.db.transaction(() => {
      for (const o of outcomes) {
        if (o.state === 'done') this.done(o.seq, o.note);
        else if (o.state === 'dead') this.dead(o.seq, o.note ?? 'failed');
        else this.retryLater(o.seq, o.nextAtMs ?? 0, o.note ?? 'retry');
      }
    })();
  }

  /** The oldest pending deliveries that are due. */
  due(nowMs: number, limit: number): Delivery[] {
    const rows = this.db
      .prepare(`SELECT seq, body, sent_at AS sentAt, attempts FROM deliveries WHERE state = 'pending' AND next_at <= ? ORDER BY seq LIMIT ?`)
      .all(nowMs, limit) as Array<{ seq: number; body: string; sentAt: number; attempts: number }>;
    return rows.map((r) => ({ seq: r.seq, event: JSON.parse(r.body) as WebhookEvent, sentAt: r.sentAt, attempts: r.attempts }));
  }

  done(seq: number, note: string | null = null): void {
    this.db.prepare(`UPDATE deliveries SET state = 'done', last_error = ? WHERE seq = ?`).run(note, seq);
  }

  /** Keeps it pending for a later try (platform-api or Frame.io unreachable). */
  retryLater(seq: number, nextAtMs: number, error: string): void {
    this.db.prepare('UPDATE deliveries SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE seq = ?').run(nextAtMs, error.slice(0, 1000), seq);
  }

  dead(seq: number, error: string): void {
    this.db.prepare(`UPDATE deliveries SET state = 'dead', last_error = ? WHERE seq = ?`).run(error.slice(0, 1000), seq);
  }

  counts(): Record<string, number> {
    const rows = this.db.prepare('SELECT state, COUNT(*) AS n FROM deliveries GROUP BY state').all() as Array<{ state: string; n: number }>;
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }
}
