import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import { z } from 'zod';
import { EventSchema, type CutawayEvent, type EventDraft } from '@cutaway/shared';
import type { EventBus } from '../../ports/event-bus';
import type { PgPool } from './database';

export interface PgEventBusOptions {
  log: Logger;
  /** Channels are per database, not per schema: deployments sharing a database need distinct ones. */
  channel?: string;
  now?: () => Date;
  /** Reconnect delay of the LISTEN connection: doubles from min to max, reset once listening again. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long an outbox body stays readable by slow listeners before a publisher sweeps it. */
  outboxRetentionMs?: number;
}

/** NOTIFY rejects payloads of 8000 bytes or more; the margin covers server encodings wider than UTF-8. */
const MAX_NOTIFY_BYTES = 7900;
/** Past this many unsent NOTIFYs the database is not keeping up; dropping beats growing without bound. */
const MAX_PENDING = 10_000;
const SWEEP_EVERY_MS = 60_000;

/** `o` is the publishing bus (its own subscribers already have the event); `e` the event inline or `x` an outbox id. */
const EnvelopeSchema = z.object({ o: z.string(), e: z.unknown().optional(), x: z.number().int().optional() });

/**
 * Fans events out to the subscribers of every API process through LISTEN/NOTIFY.
 *
 * - The publisher stamps `at` once and hands the event to its own subscribers directly, so they
 *   get it exactly once and even while the database is unreachable; remote copies carrying its
 *   origin id are skipped on arrival.
 * - NOTIFYs are sent one after another, so each process's events reach others in publish order;
 *   arrivals are delivered in NOTIFY order too, large ones included.
 * - An event whose JSON would exceed the NOTIFY limit (an asset with a long description or many
 *   renditions) is stored in `event_outbox` and announced by id in the same statement, so the row
 *   is committed before any listener hears of it. Listeners read it from their own pool.
 * - One dedicated connection (outside the pool, so it never starves queries) LISTENs. If it
 *   drops, it reconnects with bounded backoff; events NOTIFYed while it is down are LOST for
 *   this process's subscribers (no replay: the outbox only holds bodies, not a log to catch up on).
 */
export class PgEventBus implements EventBus {
  private readonly listeners = new Set<(e: CutawayEvent) => void>();
  private readonly origin = randomUUID();
  private readonly channel: string;
  private readonly log: Logger;
  private readonly now: () => Date;
  private sending: Promise<void> = Promise.resolve();
  private pending = 0;
  private receiving: Promise<void> = Promise.resolve();
  private lastSweep = 0;
  private client: pg.Client | null = null;
  private closed = false;
  private wake: (() => void) | null = null;
  private waiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  private readonly loop: Promise<void>;

  constructor(
    private readonly pool: PgPool,
    private readonly options: PgEventBusOptions,
  ) {
    this.channel = options.channel ?? 'cutaway_events';
    // LISTEN takes an identifier, which cannot be a bind parameter: only a safe name may reach it.
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(this.channel)) throw new Error(`invalid channel name ${this.channel}`);
    this.log = options.log.child({ component: 'pg-event-bus' });
    this.now = options.now ?? (() => new Date());
    this.loop = this.listenForever();
  }

  publish(draft: EventDraft): void {
    if (this.closed) return void this.log.debug({ type: draft.type }, 'publish after close dropped');
    const event = { ...draft, at: this.now().toISOString() } as CutawayEvent;
    this.deliver(event);
    if (this.pending >= MAX_PENDING) return void this.log.error({ type: event.type }, 'NOTIFY backlog full: event not sent to other processes');
    this.pending += 1;
    this.sending = this.sending
      .then(() => this.send(event))
      .catch((err: unknown) => this.log.error({ err, type: event.type }, 'NOTIFY failed: event not sent to other processes'))
      .finally(() => (this.pending -= 1));
  }

  subscribe(listener: (e: CutawayEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once the LISTEN connection is up: events NOTIFYed from then on reach this process. */
  ready(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('event bus closed'));
    if (this.client) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Sends what is queued, then stops listening. The pool is the caller's: close the bus first. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.waiters.splice(0)) w.reject(new Error('event bus closed'));
    await this.sending;
    this.wake?.();
    await this.client?.end().catch(() => undefined);
    await this.loop;
    await this.receiving;
  }

  private async send(event: CutawayEvent): Promise<void> {
    const inline = JSON.stringify({ o: this.origin, e: event });
    if (Buffer.byteLength(inline) <= MAX_NOTIFY_BYTES) {
      await this.pool.query('SELECT pg_notify($1, $2)', [this.channel, inline]);
      return;
    }
    // One statement, so one transaction: NOTIFY is delivered on commit, when the row is visible.
    await this.pool.query(
      `WITH row AS (INSERT INTO event_outbox (body) VALUES ($1) RETURNING id)
       SELECT pg_notify($2, json_build_object('o', $3::text, 'x', id)::text) FROM row`,
      [JSON.stringify(event), this.channel, this.origin],
    );
    if (Date.now() - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = Date.now();
    await this.pool.query('DELETE FROM event_outbox WHERE created_at < now() - make_interval(secs => $1)', [
      (this.options.outboxRetentionMs ?? 300_000) / 1000,
    ]);
  }

  private async receive(payload: string): Promise<void> {
    const env = EnvelopeSchema.safeParse(JSON.parse(payload));
    if (!env.success) return void this.log.warn({ payload: payload.slice(0, 200) }, 'malformed event notification dropped');
    if (env.data.o === this.origin) return;
    let raw = env.data.e;
    if (env.data.x !== undefined) {
      const { rows } = await this.pool.query<{ body: string }>('SELECT body FROM event_outbox WHERE id = $1', [env.data.x]);
      if (!rows[0]) return void this.log.warn({ outboxId: env.data.x }, 'event body already swept from the outbox: dropped');
      raw = JSON.parse(rows[0].body);
    }
    // Another process may run another version: an event this one cannot read is dropped, not crashed on.
    const event = EventSchema.safeParse(raw);
    if (!event.success) return void this.log.warn({ issues: event.error.issues }, 'invalid event from another process dropped');
    this.deliver(event.data);
  }

  private deliver(event: CutawayEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        // one broken subscriber must not stop the others
        this.log.error({ err, type: event.type }, 'event subscriber threw');
      }
    }
  }

  private async listenForever(): Promise<void> {
    let backoff = this.options.minBackoffMs ?? 200;
    while (!this.closed) {
      // keepAlive: the connection is silent while idle, so only TCP keepalive notices a dead peer.
      const client = new pg.Client({ ...this.pool.options, keepAlive: true });
      const ended = new Promise<void>((resolve) => {
        client.on('error', (err) => {
          if (!this.closed) this.log.warn({ err }, 'LISTEN connection error');
          resolve();
        });
        client.on('end', () => resolve());
      });
      client.on('notification', (msg) => {
        if (msg.channel !== this.channel || !msg.payload) return;
        const payload = msg.payload;
        this.receiving = this.receiving
          .then(() => this.receive(payload))
          .catch((err: unknown) => this.log.error({ err }, 'event notification lost'));
      });
      try {
        await client.connect();
        await client.query(`LISTEN "${this.channel}"`);
        if (this.closed) break;
        this.client = client;
        backoff = this.options.minBackoffMs ?? 200;
        for (const w of this.waiters.splice(0)) w.resolve();
        await ended;
        if (!this.closed) this.log.warn('LISTEN connection lost: events are missed until it reconnects');
      } catch (err) {
        if (!this.closed) this.log.warn({ err, retryInMs: backoff }, 'LISTEN connection failed');
      } finally {
        this.client = null;
        await client.end().catch(() => undefined);
      }
      if (this.closed) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, backoff);
        this.wake = () => (clearTimeout(timer), resolve());
      });
      this.wake = null;
      backoff = Math.min(backoff * 2, this.options.maxBackoffMs ?? 5_000);
    }
  }
}
