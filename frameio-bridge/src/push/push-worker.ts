import { rm } from 'node:fs/promises';
import type { Logger } from 'pino';
import { AppError, isAppError, type Asset, type FrameioRef, type ReviewClaimResult, type ReviewDestination, type ReviewProgress, type ReviewRequest } from '@cutaway/shared';
import type { CutawayClient } from '@cutaway/shared/client';
import type { FrameioClient } from '../frameio/client';
import { backoffDelay } from '../frameio/rate-limit';
import { sleep } from '../sleep';
import type { UploadState, UploadStore } from '../state/uploads';
import { planParts } from '../upload/part-plan';
import { UrlExpiredError } from '../upload/part-put';
import { uploadParts } from '../upload/uploader';
import { stageRendition, stagedSize } from './staging';

export interface PushWorkerDeps {
  cutaway: CutawayClient;
  frameio: FrameioClient;
  uploads: UploadStore;
  stagingDir: string;
  workerId: string;
  log: Logger;
  partConcurrency: number;
  partRetries: number;
  backoffMs: number;
  pollMs: number;
  /** Registers the workspace webhook before the first push there (no-op when already done). */
  ensureWebhook: (d: ReviewDestination) => Promise<void>;
}

/** A push is given up after this many claims; until then transient failures (rate limits, 5xx, network) retry. */
const MAX_ATTEMPTS = 6;
/** An expired part URL re-creates the upload at most this often per push. */
const MAX_RECREATES = 3;
const LEASE_MS = 120_000;
const PERMANENT = new Set(['frameio.auth_failed', 'frameio.not_found', 'frameio.upload_failed', 'asset.not_found', 'asset.rendition_missing', 'media.range_invalid', 'request.invalid']);

/**
 * Carries out review requests from platform-api: claim (leased) → stage the rendition → Frame.io
 * local_upload → parts → version stack → share link → done. Every step is recorded in the bridge's
 * state before the next starts, so a restart resumes where it stopped and never uploads a finished
 * file again; a push that cannot finish is reported failed with the reason.
 */
export class PushWorker {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly d: PushWorkerDeps) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run().catch((err: unknown) => this.d.log.error({ err }, 'push loop stopped'));
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    let idleAttempt = 0;
    while (this.running) {
      let claim: ReviewClaimResult;
      try {
        claim = await this.d.cutaway.claimReview({ worker: this.d.workerId, leaseMs: LEASE_MS });
        idleAttempt = 0;
      } catch (err) {
        this.d.log.warn({ err: String(err) }, 'platform-api unreachable; will retry');
        await this.pause(backoffDelay(this.d.pollMs, Math.min(idleAttempt++, 5)));
        continue;
      }
      if (!claim.request || !claim.asset || !claim.destination) {
        await this.pause(this.d.pollMs);
        continue;
      }
      await this.carryOut(claim.request, claim.asset, claim.destination, claim.previous);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((ok) => {
      const t = setTimeout(ok, ms);
      this.wake = () => (clearTimeout(t), ok());
    });
  }

  private async carryOut(request: ReviewRequest, asset: Asset, destination: ReviewDestination, previous: FrameioRef | null): Promise<void> {
    const log = this.d.log.child({ requestId: request.id, assetId: asset.id });
    try {
      await this.push(request, asset, destination, previous, log);
    } catch (err) {
      if (isAppError(err, 'review.conflict')) return log.warn({ err: err.message }, 'request taken over by another worker');
      const permanent = (isAppError(err) && PERMANENT.has(err.code)) || request.attempts >= MAX_ATTEMPTS;
      const failure = isAppError(err) ? { code: err.code, message: err.message } : { code: 'internal', message: String(err) };
      log.warn({ err: failure, attempt: request.attempts, permanent }, 'push step failed');
      if (permanent) {
        await this.report(request, { state: 'failed', failure }).catch((e: unknown) => log.error({ err: String(e) }, 'could not report the failure'));
        await this.cleanup(request.id);
      } else {
        await this.report(request, { state: request.state === 'queued' ? 'uploading' : request.state, stage: `retrying: ${failure.message}`.slice(0, 200) }).catch(() => undefined);
        await this.pause(backoffDelay(this.d.backoffMs, request.attempts));
      }
    }
  }

  private async push(request: ReviewRequest, asset: Asset, dest: ReviewDestination, previous: FrameioRef | null, log: Logger): Promise<void> {
    const { frameio, uploads } = this.d;
    await this.d.ensureWebhook(dest);
    const st: UploadState = uploads.get(request.id) ?? {
      requestId: request.id, stagedPath: null, sizeBytes: null, cutInMs: null, fileName: reviewFileName(asset, request),
      fileId: null, mediaType: null, urls: [], partsDone: [], uploadComplete: false,
      versionStackId: null, versioned: false, shareUrl: null, shared: false, viewUrl: null, recreated: 0,
    };
    const save = () => uploads.put(st);

    // A file platform-api knows about but this state does not (state lost): never upload it again if it is complete.
    if (!st.fileId && request.frameio.fileId && !st.uploadComplete) {
      const status = await frameio.uploadStatus(dest.accountId, request.frameio.fileId).catch(() => null);
      if (status?.upload_complete) Object.assign(st, { fileId: request.frameio.fileId, uploadComplete: true, cutInMs: request.cutInMs });
      else await frameio.deleteFile(dest.accountId, request.frameio.fileId).catch(() => undefined);
      save();
    }

    if (!st.uploadComplete) {
      await this.report(request, { state: 'uploading', stage: 'staging' });
      if ((await stagedSize(st.stagedPath)) !== st.sizeBytes || st.sizeBytes === null) {
        const staged = await stageRendition(this.d.cutaway, this.d.stagingDir, request.id, { assetId: asset.id, rendition: request.rendition, inMs: request.inMs, outMs: request.outMs });
        // New bytes: an upload started from older bytes cannot be continued.
        if (st.fileId) await frameio.deleteFile(dest.accountId, st.fileId).catch(() => undefined);
        Object.assign(st, { stagedPath: staged.path, sizeBytes: staged.sizeBytes, cutInMs: staged.cutInMs, fileId: null, urls: [], partsDone: [] });
        save();
      }
      await this.upload(request, dest, st, save, log);
    }

    let versionStackId = st.versionStackId;
    if (previous?.fileId && !st.versioned) {
      await this.report(request, { state: 'versioning', stage: 'version stack', percent: 100 });
      versionStackId = await this.stack(dest, previous, st.fileId!);
      Object.assign(st, { versionStackId, versioned: true });
      save();
    }

    if (dest.shareLink && !st.shared) {
      await this.report(request, { state: 'sharing', stage: 'share link', percent: 100 });
      const share = await frameio.createShare(dest.accountId, dest.projectId, {
        type: 'asset', access: 'public', name: asset.title.slice(0, 200) || st.fileName, asset_ids: [versionStackId ?? st.fileId!], downloading_enabled: false,
      });
      Object.assign(st, { shareUrl: share.short_url ?? null, shared: true });
      save();
    }

    await this.report(request, {
      state: 'done', stage: null, cutInMs: st.cutInMs,
      frameio: { fileId: st.fileId, versionStackId, viewUrl: st.viewUrl, shareUrl: st.shareUrl },
    });
    log.info({ fileId: st.fileId, versionStackId, recreated: st.recreated }, 'pushed for review');
    await this.cleanup(request.id);
  }

  private async upload(request: ReviewRequest, dest: ReviewDestination, st: UploadState, save: () => void, log: Logger): Promise<void> {
    const { frameio } = this.d;
    for (;;) {
      if (!st.fileId) {
        const file = await frameio.createLocalUpload(dest.accountId, dest.folderId, { name: st.fileName, file_size: st.sizeBytes! });
        Object.assign(st, { fileId: file.id, mediaType: file.media_type, urls: file.upload_urls ?? [], partsDone: [], viewUrl: file.view_url });
        save();
        // Tell platform-api at once: with this, even a lost bridge state cannot cause a second upload.
        await this.report(request, { state: 'uploading', stage: 'uploading', cutInMs: st.cutInMs, frameio: { fileId: file.id, viewUrl: file.view_url } });
      }
      const parts = planParts(st.sizeBytes!, st.urls);
      const total = st.sizeBytes || 1;
      let sent = parts.filter((p) => st.partsDone.includes(p.index)).reduce((n, p) => n + p.size, 0);
      let lastReport = 0;
      // A part can take longer than the lease on a slow link: keep the claim alive between part reports.
      const heartbeat = setInterval(() => {
        this.report(request, { state: 'uploading', stage: `part ${st.partsDone.length}/${parts.length}`, percent: Math.min(99, (100 * sent) / total) }).catch(() => undefined);
      }, LEASE_MS / 4);
      heartbeat.unref();
      try {
        await uploadParts({
          path: st.stagedPath!, parts, mediaType: st.mediaType!, concurrency: this.d.partConcurrency, retries: this.d.partRetries, backoffMs: this.d.backoffMs,
          done: new Set(st.partsDone),
          onPartDone: (p) => {
            st.partsDone.push(p.index);
            save();
            sent += p.size;
            if (Date.now() - lastReport > 500) {
              lastReport = Date.now();
              this.report(request, { state: 'uploading', stage: `part ${st.partsDone.length}/${parts.length}`, percent: Math.min(99, (100 * sent) / total) }).catch(() => undefined);
            }
          },
        });
      } catch (err) {
        clearInterval(heartbeat);
        if (!(err instanceof UrlExpiredError) || st.recreated >= MAX_RECREATES) throw err;
        log.warn({ fileId: st.fileId, part: err.details }, 'part URL expired: re-creating the upload');
        await frameio.deleteFile(dest.accountId, st.fileId!).catch((e: unknown) => log.warn({ err: String(e) }, 'could not delete the abandoned upload'));
        Object.assign(st, { fileId: null, urls: [], partsDone: [], recreated: st.recreated + 1 });
        save();
        continue;
      }
      clearInterval(heartbeat);
      break;
    }
    // No "complete" call in V4: the upload status confirms (docs/frameio.md §1.4 step 3).
    for (let i = 0; ; i++) {
      const status = await frameio.uploadStatus(dest.accountId, st.fileId!);
      if (status.upload_complete) break;
      if (status.upload_failed || i >= 30) throw new AppError('frameio.upload_failed', `Frame.io did not confirm the upload of ${st.fileId}`, { fileId: st.fileId, status });
      await sleep(Math.min(1000, 50 * 2 ** i));
    }
    st.uploadComplete = true;
    save();
  }

  /** Joins the new file to the family's stack, or makes one from the previous file and this one (oldest first). */
  private async stack(dest: ReviewDestination, previous: FrameioRef, fileId: string): Promise<string> {
    const { frameio } = this.d;
    // After a crash between the call and our bookkeeping, the file already sits in a stack: keep that one.
    const current = await frameio.showFile(dest.accountId, fileId);
    if (current.parent_id && current.parent_id !== dest.folderId) return current.parent_id;
    if (previous.versionStackId) {
      await frameio.moveFile(dest.accountId, fileId, previous.versionStackId);
      return previous.versionStackId;
    }
    return (await frameio.createVersionStack(dest.accountId, dest.folderId, [previous.fileId!, fileId])).id;
  }

  private report(request: ReviewRequest, p: Omit<ReviewProgress, 'worker' | 'leaseMs'>): Promise<ReviewRequest> {
    return this.d.cutaway.reportReviewProgress(request.id, { ...p, worker: this.d.workerId, leaseMs: LEASE_MS });
  }

  private async cleanup(requestId: string): Promise<void> {
    const st = this.d.uploads.get(requestId);
    if (st?.stagedPath) await rm(st.stagedPath, { force: true });
  }
}

/** The name reviewers see: the asset's file name, marked when it is the proxy or a cut. */
export function reviewFileName(asset: Asset, r: Pick<ReviewRequest, 'rendition' | 'inMs' | 'outMs'>): string {
  const dot = asset.fileName.lastIndexOf('.');
  const stem = dot > 0 ? asset.fileName.slice(0, dot) : asset.fileName;
  const ext = r.rendition === 'proxy' ? '.mp4' : dot > 0 ? asset.fileName.slice(dot) : '';
  const cut = r.inMs !== null && r.outMs !== null ? `_${r.inMs}-${r.outMs}ms` : '';
  return `${stem}${r.rendition === 'proxy' ? '_proxy' : ''}${cut}_v${asset.version}${ext}`;
}
