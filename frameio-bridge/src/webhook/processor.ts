import type { Logger } from 'pino';
import { isAppError, type Asset, type ReviewMarkerUpsert, type ReviewRequest } from '@cutaway/shared';
import type { CutawayClient } from '@cutaway/shared/client';
import type { FioComment, FrameioClient } from '../frameio/client';
import { backoffDelay } from '../frameio/rate-limit';
import { commentFileFrame, toAssetTime } from '../review/frames';
import { mapStatusLabel, STATUS_FIELD_NAME } from '../review/status-map';
import type { Delivery, DeliveryQueue } from '../state/deliveries';
import type { UploadStore } from '../state/uploads';

export interface WebhookProcessorDeps {
  queue: DeliveryQueue;
  frameio: FrameioClient;
  cutaway: CutawayClient;
  uploads: UploadStore;
  frameBase: 0 | 1;
  backoffMs: number;
  log: Logger;
}

type Outcome = { done: true; note?: string } | { done: false; retry: boolean; error: string; platformDown?: boolean };

/** Frame.io failures worth another try; anything else about a delivery will not get better. */
const TRANSIENT_FRAMEIO = new Set(['frameio.rate_limited', 'frameio.request_failed', 'frameio.auth_failed']);
/** A delivery Frame.io keeps failing on is parked after this many tries; platform-api being down never parks one. */
const MAX_FRAMEIO_TRIES = 12;
const FALLBACK_RATE = { num: 25, den: 1 };
/** Reply authors cost one GET each (comments.show: 100/min): resolved for the first few only. */
const MAX_REPLY_AUTHORS = 10;

/**
 * Works the durable delivery queue. Each delivery carries only ids, so every handler re-reads the
 * current state from Frame.io and writes it to Cutaway (upsert / idempotent delete): duplicates and
 * out-of-order deliveries converge on the same result. When platform-api is down, deliveries stay
 * queued and are replayed with back-off.
 */
export class WebhookProcessor {
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private pending = false;

  constructor(private readonly d: WebhookProcessorDeps) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run().catch((err: unknown) => this.d.log.error({ err }, 'webhook loop stopped'));
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  /** New work was queued. */
  wake(): void {
    this.pending = true;
    this.wakeUp?.();
  }

  /** Processes everything that is due now; returns how many deliveries were handled. */
  async drain(): Promise<number> {
    let handled = 0;
    // Each delivery at most once per drain: one that is due again at once (tiny back-off) waits for the next round.
    const seen = new Set<number>();
    const next = () => this.d.queue.due(Date.now(), 50 + seen.size).filter((d) => !seen.has(d.seq)).slice(0, 50);
    for (let batch = next(); batch.length; batch = next()) {
      for (const d of batch) seen.add(d.seq);
      const outcomes: Array<Parameters<DeliveryQueue['settle']>[0][number]> = [];
      try {
        for (const delivery of batch) {
          const outcome = await this.handle(delivery);
          handled++;
          if (outcome.done) outcomes.push({ seq: delivery.seq, state: 'done', note: outcome.note ?? null });
          else if (!outcome.retry || (!outcome.platformDown && delivery.attempts + 1 >= MAX_FRAMEIO_TRIES)) {
            outcomes.push({ seq: delivery.seq, state: 'dead', note: outcome.error });
            this.d.log.error({ seq: delivery.seq, type: delivery.event.type, error: outcome.error }, 'webhook delivery given up');
          } else {
            outcomes.push({ seq: delivery.seq, state: 'retry', note: outcome.error, nextAtMs: Date.now() + backoffDelay(this.d.backoffMs, Math.min(delivery.attempts, 6)) });
          }
          if (!this.running && this.loop) break;
        }
      } finally {
        // One transaction per batch; a crash before it only means re-reading those resources (idempotent).
        this.d.queue.settle(outcomes);
      }
      if (!this.running && this.loop) return handled;
    }
    return handled;
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.pending = false;
      // A few ms of gathering lets a burst be settled in one transaction instead of one fsync each.
      await new Promise((r) => setTimeout(r, 10));
      await this.drain();
      if (!this.running) break;
      if (this.pending) continue;
      await new Promise<void>((ok) => {
        const t = setTimeout(ok, 500);
        this.wakeUp = () => (clearTimeout(t), ok());
      });
    }
  }

  private async handle(delivery: Delivery): Promise<Outcome> {
    const { event } = delivery;
    const log = this.d.log.child({ seq: delivery.seq, type: event.type, resource: event.resource.id });
    try {
      if (event.type.startsWith('comment.')) return await this.syncComment(event.account.id, event.resource.id, log);
      if (event.type === 'metadata.value.updated') return await this.syncStatus(delivery, log);
      if (event.type === 'file.ready') return await this.resyncFile(event.account.id, event.resource.id, log);
      log.info('acknowledged; nothing to mirror');
      return { done: true, note: 'ignored' };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // The client reports a dead platform-api as `internal: network error`: keep the delivery for replay.
      if (isAppError(err, 'internal') && /network error/.test(err.message)) return { done: false, retry: true, platformDown: true, error: `platform-api unreachable: ${message}` };
      if (isAppError(err) && TRANSIENT_FRAMEIO.has(err.code)) return { done: false, retry: true, error: message };
      if (isAppError(err) && err.code === 'internal') return { done: false, retry: true, error: message };
      return { done: false, retry: false, error: message };
    }
  }

  /** comment.*: GET the comment (its id is all the delivery says); gone → drop the marker; a reply → refresh its parent. */
  private async syncComment(account: string, commentId: string, log: Logger): Promise<Outcome> {
    let comment: FioComment;
    try {
      comment = await this.d.frameio.showComment(account, commentId, 'replies');
    } catch (err) {
      if (!isAppError(err, 'frameio.not_found')) throw err;
      const assetId = this.d.uploads.commentAsset(commentId);
      if (!assetId) return { done: true, note: 'deleted comment we never mirrored' };
      await this.d.cutaway.deleteReviewMarker(assetId, commentId);
      log.info({ assetId }, 'comment deleted: marker removed');
      return { done: true };
    }
    const parentId = (comment as { parent_id?: unknown }).parent_id;
    if (typeof parentId === 'string' && parentId && parentId !== comment.id) return this.syncComment(account, parentId, log);
    const owner = (await this.d.frameio.showComment(account, commentId, 'owner')).owner;
    // Replies come without their authors (include takes one value): look up the first few by id.
    const replies = await Promise.all(
      (comment.replies ?? []).slice(0, 500).map(async (r, i) => (i < MAX_REPLY_AUTHORS ? { ...r, owner: (await this.d.frameio.showComment(account, r.id, 'owner')).owner } : r)),
    );
    return this.mirrorComment({ ...comment, replies, ...(owner ? { owner } : {}) }, log);
  }

  private async mirrorComment(comment: FioComment, log: Logger): Promise<Outcome> {
    const target = await this.target(comment.file_id);
    if (!target) {
      log.warn({ fileId: comment.file_id }, 'comment on a file Cutaway did not push: acknowledged, not mirrored');
      return { done: true, note: 'unknown file' };
    }
    const { asset, request } = target;
    const rate = asset.technical?.rate ?? FALLBACK_RATE;
    const fileFrame = commentFileFrame(comment.timestamp, { rate, frameBase: this.d.frameBase }) ?? 0;
    const duration = (comment as { duration?: unknown }).duration;
    const time = toAssetTime(fileFrame, typeof duration === 'number' ? duration : null, { rate, dropFrame: asset.technical?.dropFrame ?? false, frameBase: this.d.frameBase, cutInMs: request.cutInMs ?? 0 });
    const marker: ReviewMarkerUpsert = {
      externalId: comment.id,
      author: (comment.owner?.name || comment.owner?.email || 'Frame.io reviewer').slice(0, 200),
      text: comment.text.slice(0, 20_000),
      startMs: time.startMs,
      endMs: time.endMs,
      frame: time.frame,
      createdAt: comment.created_at,
      resolved: comment.completed_at !== null,
      replies: (comment.replies ?? []).slice(0, 500).map((r) => ({
        author: String((r as { owner?: { name?: string | null } }).owner?.name ?? 'Frame.io reviewer').slice(0, 200),
        text: r.text.slice(0, 20_000),
        createdAt: r.created_at,
      })),
    };
    this.d.uploads.rememberComment(comment.id, asset.id);
    await this.d.cutaway.upsertReviewMarker(asset.id, marker);
    log.info({ assetId: asset.id, frame: time.frame, startMs: time.startMs }, 'comment mirrored as marker');
    return { done: true };
  }

  /** metadata.value.updated: read the built-in Status field and set it on the asset version, with who and when. */
  private async syncStatus(delivery: Delivery, log: Logger): Promise<Outcome> {
    const { event } = delivery;
    const target = await this.target(event.resource.id);
    if (!target) {
      log.warn('status change on a file Cutaway did not push: acknowledged');
      return { done: true, note: 'unknown file' };
    }
    const fields = await this.d.frameio.showMetadata(event.account.id, event.resource.id);
    const field = fields.find((f) => f.field_definition_name.trim().toLowerCase() === STATUS_FIELD_NAME);
    if (!field) return { done: true, note: 'no Status field' };
    const value = Array.isArray(field.value) ? (field.value[0] as { display_name?: string } | undefined) : undefined;
    const label = value?.display_name ?? null;
    await this.d.cutaway.setReviewStatus(target.asset.id, {
      status: mapStatusLabel(label),
      label,
      by: `frameio:user:${event.user.id}`,
      at: new Date(delivery.sentAt * 1000).toISOString(),
      source: 'frameio',
    });
    log.info({ assetId: target.asset.id, label }, 'status mirrored');
    return { done: true };
  }

  /** file.ready: re-read every comment of the file (links.next pages), catching up on anything missed. */
  private async resyncFile(account: string, fileId: string, log: Logger): Promise<Outcome> {
    const target = await this.target(fileId);
    if (!target) return { done: true, note: 'unknown file' };
    let n = 0;
    for await (const comment of this.d.frameio.listComments(account, fileId)) {
      await this.syncComment(account, comment.id, log);
      n++;
    }
    log.info({ comments: n }, 'file ready: comments resynced');
    return { done: true };
  }

  private async target(fileId: string): Promise<{ asset: Asset; request: ReviewRequest } | null> {
    const requests = await this.d.cutaway.findReviewRequests({ frameioFileId: fileId });
    const request = requests.at(-1);
    if (!request) return null;
    return { asset: await this.d.cutaway.getAsset(request.assetId), request };
  }
}
