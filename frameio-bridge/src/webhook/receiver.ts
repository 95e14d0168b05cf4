import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { AppError } from '@cutaway/shared';
import { sendError, sendJson } from '../http/errors';
import type { DeliveryQueue } from '../state/deliveries';
import { WebhookEventSchema } from './event';
import { verifyWebhook } from './signature';

/** Deliveries are ids only; anything this large is not from Frame.io. */
const MAX_BODY = 256 * 1024;

export interface ReceiverDeps {
  queue: DeliveryQueue;
  secrets: () => string[];
  log: Logger;
  onQueued: () => void;
  nowS?: () => number;
}

function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        fail(new AppError('request.too_large', 'Webhook body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.once('end', () => ok(Buffer.concat(chunks)));
    req.once('error', fail);
  });
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * POST /webhooks/frameio: verify on the raw bytes (signature, ±5 min) before anything else, parse,
 * store durably, answer 200 — well inside Frame.io's 5 s. Nothing is stored for a bad signature or a
 * stale timestamp (401) or a malformed body (400). A byte-identical replay (same timestamp and
 * signature) is acknowledged and ignored.
 */
export function webhookReceiver(d: ReceiverDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const rawBody = await readRaw(req);
      const timestamp = header(req, 'x-frameio-request-timestamp');
      const signature = header(req, 'x-frameio-signature');
      const secrets = d.secrets();
      if (!secrets.length) throw new AppError('webhook.signature_invalid', 'No webhook secret configured: set CUTAWAY_FRAMEIO_WEBHOOK_SECRET or let the bridge register its webhook');
      verifyWebhook({ timestamp, signature, rawBody }, secrets, d.nowS?.() ?? Math.floor(Date.now() / 1000));
      let json: unknown;
      try {
        json = JSON.parse(rawBody.toString('utf8'));
      } catch {
        throw new AppError('webhook.malformed', 'Webhook body is not JSON');
      }
      const parsed = WebhookEventSchema.safeParse(json);
      if (!parsed.success) throw new AppError('webhook.malformed', 'Webhook body is not a Frame.io V4 event', parsed.error.issues.map((i) => i.path.join('.')));
      const replayKey = createHash('sha256').update(`${timestamp}:${signature}`).digest('hex');
      const queued = await d.queue.enqueueBatched({ replayKey, event: parsed.data, sentAt: Number(timestamp), body: rawBody.toString('utf8') });
      if (queued) d.onQueued();
      else d.log.info({ type: parsed.data.type, resource: parsed.data.resource.id }, 'replayed delivery ignored');
      sendJson(res, 200, { ok: true, queued });
    } catch (err) {
      if (err instanceof AppError) d.log.warn({ code: err.code, msg: err.message }, 'webhook refused');
      else d.log.error({ err }, 'webhook receiver failed');
      sendError(res, err);
    }
  };
}
