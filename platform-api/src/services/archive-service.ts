import { AppError, NO_RESTORE, type Asset, type StorageTier } from '@cutaway/shared';
import type { ArchiveStorage, RestoreSpeed } from '../ports/archive-storage';
import type { ArchiveStore } from '../ports/archive-store';
import type { AssetStore } from '../ports/asset-store';
import type { Clock } from '../ports/clock';
import type { EventBus } from '../ports/event-bus';
import type { JobQueue } from '../ports/job-queue';
import { estimatedPercent, priorityForDeadline } from './archive/deadlines';
import { originalKey } from './storage-keys';

/** Restores are polled this often at most: S3 DEEP_ARCHIVE takes hours, so minutes are plenty. */
export const RESTORE_POLL_MS = 5 * 60_000;

/** The engine keeps archived originals readable (S3 engines without Glacier semantics, e.g. Ceph RGW): nothing to restore. */
const NOT_NEEDED: Asset['restore'] = { ...NO_RESTORE, state: 'not_needed' };


export interface RestoreRequest {
  days: number;
  speed: RestoreSpeed;
  /** When the original must be readable (a rundown's air time). */
  neededBy?: Date | null;
}

/**
 * Archive tiers of originals (proxies, thumbnails, moments and vectors always stay online, so archived
 * assets are still found, previewed and cut from proxy). On S3 a tier is a storage class changed in place;
 * on local tier volumes a move copies bytes and runs as a durable `archive.move` job.
 * Engines that keep archived objects readable (Ceph RGW: no Glacier restores) need no restore: the asset's
 * restore state says `not_needed` from the moment it is archived, and a restore request answers that instead of failing.
 */
export class ArchiveService {
  constructor(
    private readonly deps: { assets: AssetStore; archive: ArchiveStorage; store: ArchiveStore; queue: JobQueue; events: EventBus; clock: Clock; pollMs?: number },
  ) {}

  /** Changes the tier at once where that is a class change, or queues a durable move (asset.tierMove tells how it goes). */
  async setTier(assetId: string, tier: StorageTier, options: { priority?: number; policyId?: string | null } = {}): Promise<Asset> {
    const asset = await this.get(assetId);
    this.assertCanLeave(asset, tier);
    if (!this.deps.archive.movesBytes && options.policyId == null) {
      await this.deps.archive.setTier(originalKey(asset.id), tier, { sha256: asset.sha256 });
      return this.save(asset.id, { storageTier: tier, restore: await this.restoreAfterMove(asset.id, tier), tierMove: null });
    }
    if (asset.storageTier === tier && !asset.tierMove) return asset;
    const job = await this.deps.queue.enqueue(
      'archive.move',
      { assetId, tier, policyId: options.policyId ?? null },
      { dedupeKey: `archive.move:${assetId}`, priority: options.priority ?? 60 },
    );
    return this.save(asset.id, { tierMove: { to: tier, state: 'queued', jobId: job.id, percent: 0, error: null } });
  }

  /** The `archive.move` job: idempotent, so a retry after kill -9 finishes what the crash interrupted. */
  async move(assetId: string, tier: StorageTier, onProgress: (percent: number) => void): Promise<void> {
    const asset = await this.deps.assets.get(assetId);
    if (!asset) return; // deleted meanwhile: nothing to move
    const jobId = asset.tierMove?.jobId ?? null;
    await this.save(assetId, { tierMove: { to: tier, state: 'moving', jobId, percent: 0, error: null } });
    try {
      await this.deps.archive.setTier(originalKey(assetId), tier, { sha256: asset.sha256, onProgress });
    } catch (err) {
      await this.save(assetId, { tierMove: { to: tier, state: 'failed', jobId, percent: 0, error: err instanceof Error ? err.message : String(err) } });
      throw err;
    }
    await this.save(assetId, { storageTier: tier, restore: await this.restoreAfterMove(assetId, tier), tierMove: null });
  }

  /** After a move: an archived original the engine still serves needs no restore; anything else starts with none. */
  private async restoreAfterMove(assetId: string, tier: StorageTier): Promise<Asset['restore']> {
    if (tier !== 'archive') return NO_RESTORE;
    return (await this.deps.archive.restoreStatus(originalKey(assetId))).state === 'not_needed' ? NOT_NEEDED : NO_RESTORE;
  }

  async restore(assetId: string, request: RestoreRequest): Promise<Asset> {
    const asset = await this.get(assetId);
    if (asset.storageTier !== 'archive') throw new AppError('request.invalid', `Asset ${assetId} is ${asset.storageTier}: only archived assets need a restore`);
    if (asset.restore.state === 'not_needed' || (await this.deps.archive.restoreStatus(originalKey(asset.id))).state === 'not_needed') {
      // Answered, not failed: the original is readable as it is, so nothing is requested, counted or polled.
      return asset.restore.state === 'not_needed' ? asset : this.save(asset.id, { restore: NOT_NEEDED });
    }
    const now = this.deps.clock.now();
    const neededBy = request.neededBy ?? (asset.restore.neededBy ? new Date(asset.restore.neededBy) : null);
    const running = asset.restore.state === 'requested' || asset.restore.state === 'in_progress';
    await this.deps.archive.restore(originalKey(asset.id), { days: request.days, speed: request.speed });
    const etaAt = running && asset.restore.etaAt ? new Date(asset.restore.etaAt) : new Date(now.getTime() + this.deps.archive.restoreEstimateMs(request.speed));
    if (!running) await this.deps.store.addRestore({ assetId, tier: asset.storageTier, bytes: asset.sizeBytes, speed: request.speed, requestedAt: now.toISOString() });
    const late = neededBy !== null && etaAt > neededBy;
    const updated = await this.save(asset.id, {
      restore: {
        state: running ? asset.restore.state : 'requested',
        requestedAt: running ? asset.restore.requestedAt : now.toISOString(),
        expiresAt: null,
        percent: running ? asset.restore.percent : 0,
        neededBy: neededBy?.toISOString() ?? null,
        etaAt: etaAt.toISOString(),
        late,
      },
    });
    if (late) this.warnLate(updated, neededBy, etaAt, request.speed);
    // A tighter deadline makes the asset's other pending work (proxy, enrichment) urgent too.
    if (neededBy) await this.deps.queue.prioritize(assetId, priorityForDeadline(neededBy, now));
    await this.poll(asset.id);
    return this.get(asset.id);
  }

  /**
   * Makes sure the original is readable by `neededBy` (a rundown link's air time): restores an archived
   * original, or moves a nearline one back online when `bringOnline`. Returns the asset as it now stands.
   */
  async ensureAvailableBy(assetId: string, neededBy: Date | null, options: { bringOnline?: boolean } = {}): Promise<Asset> {
    const asset = await this.get(assetId);
    const running = asset.restore.state === 'requested' || asset.restore.state === 'in_progress';
    // A restore already under way for an earlier (or the same) deadline needs nothing more.
    const covered = running && (neededBy === null || (asset.restore.neededBy !== null && Date.parse(asset.restore.neededBy) <= neededBy.getTime()));
    if (asset.storageTier === 'archive' && asset.restore.state !== 'restored' && asset.restore.state !== 'not_needed' && !covered) {
      return this.restore(assetId, { days: 7, speed: 'standard', neededBy });
    }
    if (asset.storageTier === 'archive' && options.bringOnline) return this.setTier(assetId, 'online', { priority: priorityForDeadline(neededBy, this.deps.clock.now()) });
    if (asset.storageTier === 'nearline' && options.bringOnline && !asset.tierMove) return this.setTier(assetId, 'online');
    return asset;
  }

  /** The `archive.restore` job: progress while it runs, readable when done, `expired` when the copy goes away. */
  async poll(assetId: string): Promise<void> {
    const asset = await this.deps.assets.get(assetId);
    if (!asset || asset.storageTier !== 'archive') return;
    const status = await this.deps.archive.restoreStatus(originalKey(assetId));
    const now = this.deps.clock.now();
    const pollMs = this.deps.pollMs ?? RESTORE_POLL_MS;
    if (status.state === 'not_needed') {
      if (asset.restore.state !== 'not_needed') await this.save(assetId, { restore: NOT_NEEDED });
      return;
    }
    if (status.state === 'restored') {
      if (asset.restore.state !== 'restored' || asset.restore.expiresAt !== status.expiresAt) {
        await this.save(assetId, { restore: { ...asset.restore, state: 'restored', expiresAt: status.expiresAt, percent: 100, late: false } });
      }
      // Come back when the copy expires, to fall back to "archived" by ourselves.
      if (status.expiresAt) await this.schedulePoll(assetId, new Date(Math.max(Date.parse(status.expiresAt), now.getTime() + 1000)), pollMs, 90);
      return;
    }
    if (status.state === 'none') {
      if (asset.restore.state === 'restored') await this.save(assetId, { restore: { ...asset.restore, state: 'expired', percent: null, late: false } });
      if (asset.restore.state !== 'requested') return;
    }
    const requestedAt = asset.restore.requestedAt ? new Date(asset.restore.requestedAt) : now;
    const etaAt = asset.restore.etaAt ? new Date(asset.restore.etaAt) : now;
    const percent = estimatedPercent(requestedAt, etaAt, now);
    if (asset.restore.state !== 'in_progress' || asset.restore.percent !== percent) {
      await this.save(assetId, { restore: { ...asset.restore, state: 'in_progress', percent } });
    }
    // Poll at the ETA when it is sooner than the regular interval, so a short restore is seen at once; a
    // restore shorter than 20 intervals is polled in ~5 % steps (≥ 1 s), so panels see its progress move.
    const step = Math.min(pollMs, Math.max(1000, (etaAt.getTime() - requestedAt.getTime()) / 20));
    const next = new Date(Math.max(now.getTime() + 500, Math.min(now.getTime() + step, etaAt.getTime() + 250)));
    const neededBy = asset.restore.neededBy ? new Date(asset.restore.neededBy) : null;
    await this.schedulePoll(assetId, next, pollMs, priorityForDeadline(neededBy, now));
  }

  private async schedulePoll(assetId: string, runAt: Date, pollMs: number, priority: number): Promise<void> {
    // No dedupe key: this runs inside the current poll job, which a key would match and swallow.
    await this.deps.queue.enqueue('archive.restore', { assetId, pollMs }, { runAt, priority });
  }

  private warnLate(asset: Asset, neededBy: Date, etaAt: Date, speed: RestoreSpeed): void {
    const reason = `restore (${speed}) is expected at ${etaAt.toISOString()}, after it is needed at ${neededBy.toISOString()}`;
    this.deps.events.publish({ type: 'asset.restore_late', assetId: asset.id, neededBy: neededBy.toISOString(), etaAt: etaAt.toISOString(), reason });
  }

  private assertCanLeave(asset: Asset, tier: StorageTier): void {
    const readable = asset.restore.state === 'restored' || asset.restore.state === 'not_needed';
    if (asset.storageTier === 'archive' && tier !== 'archive' && !readable) {
      throw new AppError('asset.not_ready', `Asset ${asset.id} is archived; request a restore first`, { id: asset.id, tier: asset.storageTier });
    }
  }

  private async get(id: string): Promise<Asset> {
    const asset = await this.deps.assets.get(id);
    if (!asset) throw new AppError('asset.not_found', `No asset ${id}`, { id });
    return asset;
  }

  private async save(id: string, changes: Pick<Partial<Asset>, 'storageTier' | 'restore' | 'tierMove'>): Promise<Asset> {
    const asset = await this.deps.assets.update(id, changes);
    this.deps.events.publish({ type: 'asset.updated', asset });
    return asset;
  }
}


