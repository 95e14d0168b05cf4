import { signWebhook } from '../../src/webhook/signature';

export interface EmitOptions {
  /** Sign with this Unix time (s) instead of now: stale or future deliveries. */
  timestampS?: number;
  secret?: string;
  /** Send this many identical retries after the first (Frame.io's at-least-once). */
  duplicates?: number;
}

export interface DeliveryResult {
  status: number;
  attempts: number;
  body: string;
}

/**
 * Frame.io's side of webhooks, per docs/frameio.md §2.4–2.5: signs `v0:<ts>:<body>` with
 * HMAC-SHA256, retries on non-2xx or a reply slower than 5 s (5 attempts in all, back-off between),
 * and can duplicate deliveries or hold them back to send them in another order.
 */
export class WebhookEmitter {
  private held: Array<() => Promise<DeliveryResult>> | null = null;

  constructor(
    private readonly o: { url: () => string; secret: () => string; account: string; workspace: string; project: string; retryDelaysMs?: number[]; timeoutMs?: number },
  ) {}

  event(type: string, resource: { id: string; type: string }, userId: string): string {
    // Key order as in the doc's example payload; the receiver must not care.
    return JSON.stringify({ account: { id: this.o.account }, project: { id: this.o.project }, resource, type, user: { id: userId }, workspace: { id: this.o.workspace } });
  }

  /** Sends one event (or queues it while held). */
  emit(type: string, resource: { id: string; type: string }, userId: string, opts: EmitOptions = {}): Promise<DeliveryResult> {
    const body = this.event(type, resource, userId);
    const send = () => this.deliver(body, opts);
    if (this.held) {
      return new Promise((ok, fail) => this.held!.push(() => send().then((r) => (ok(r), r), (e: unknown) => (fail(e), Promise.reject(e)))));
    }
    return send();
  }

  hold(): void {
    this.held = [];
  }

  /** Sends everything held, newest first when `reverse` (out-of-order delivery). */
  async release(opts: { reverse?: boolean } = {}): Promise<void> {
    const queue = this.held ?? [];
    this.held = null;
    for (const send of opts.reverse ? queue.reverse() : queue) await send();
  }

  /** Signs and posts a body with retries; extra identical copies when asked. */
  async deliver(body: string, opts: EmitOptions = {}): Promise<DeliveryResult> {
    const timestamp = String(opts.timestampS ?? Math.floor(Date.now() / 1000));
    const signature = signWebhook(opts.secret ?? this.o.secret(), timestamp, Buffer.from(body, 'utf8'));
    const headers = { 'content-type': 'application/json', 'user-agent': 'Frame.io V4 API', 'x-frameio-request-timestamp': timestamp, 'x-frameio-signature': signature };
    let last: DeliveryResult = { status: 0, attempts: 0, body: '' };
    const delays = this.o.retryDelaysMs ?? [20, 40, 80, 160];
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      last = { ...(await this.post(body, headers)), attempts: attempt + 1 };
      if (last.status >= 200 && last.status < 300) break;
      if (last.status === 401 || last.status === 400) break; // our own forgeries: no point retrying in tests
      await new Promise((r) => setTimeout(r, delays[attempt]));
    }
    for (let i = 0; i < (opts.duplicates ?? 0); i++) await this.post(body, headers);
    return last;
  }

  /** One raw POST (tests forge headers and bodies with it). */
  async post(body: string | Buffer, headers: Record<string, string>): Promise<{ status: number; body: string }> {
    try {
      const res = await fetch(this.o.url(), { method: 'POST', headers, body, signal: AbortSignal.timeout(this.o.timeoutMs ?? 5000) });
      return { status: res.status, body: await res.text() };
    } catch {
      // >5 s or no connection counts as a failed attempt, as at Frame.io.
      return { status: 0, body: '' };
    }
  }
}
