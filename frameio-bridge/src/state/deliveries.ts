import type { WebhookEvent } from '../webhook/event';
import type { StateDb } from './state-db';

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

  /** False when this exact delivery (same timestamp and signature) was already taken. */
  enqueue(replayKey: string, event: WebhookEvent, sentAt: number, body: string): boolean {
    const r = this.db
      .prepare(
        'INSERT INTO deliveries (replay_key, event_type, resource_type, resource_id, user_id, sent_at, body, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (replay_key) DO NOTHING',
      )
      .run(replayKey, event.type, event.resource.type, event.resource.id, event.user.id, sentAt, body, new Date().toISOString());
    return r.changes > 0;
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
