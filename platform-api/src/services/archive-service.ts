import { AppError, type Asset, type StorageTier } from '@cutaway/shared';
import type { ArchiveStorage, RestoreSpeed } from '../ports/archive-storage';
import type { AssetStore } from '../ports/asset-store';
import type { Clock } from '../ports/clock';
import type { EventBus } from '../ports/event-bus';
import type { JobQueue } from '../ports/job-queue';
import { originalKey } from './storage-keys';

const NO_RESTORE: Asset['restore'] = { state: 'none', requestedAt: null, expiresAt: null, percent: null };
/** The engine keeps archived originals readable (S3 engines without Glacier semantics): nothing to restore. */
const NOT_NEEDED: Asset['restore'] = { state: 'not_needed', requestedAt: null, expiresAt: null, percent: null };

/** Restores are polled this often: S3 DEEP_ARCHIVE takes hours, so minutes are plenty. */
export const RESTORE_POLL_MS = 5 * 60_000;

/**
 * Archive tiers of originals (proxies and thumbnails stay online so search and preview keep
 * working): online → S3 STANDARD, nearline → GLACIER_IR, archive → DEEP_ARCHIVE, which must be
 * restored before the original can be read again — where the storage engine makes archived objects
 * unreadable (AWS). Engines that keep them readable (Ceph RGW) need no restore: the asset's restore state
 * says `not_needed` from the moment it is archived, and a restore request answers that instead of failing.
 */
export class ArchiveService {
  constructor(private readonly deps: { assets: AssetStore; archive: ArchiveStorage; queue: JobQueue; events: EventBus; clock: Clock; pollMs?: number }) {}

  async setTier(assetId: string, tier: StorageTier): Promise<Asset> {
    const asset = await this.get(assetId);
    const key = originalKey(asset.id);
    await this.deps.archive.setTier(key, tier);
    const readable = tier === 'archive' && (await this.deps.archive.restoreStatus(key)).state === 'not_needed';
    return this.save(asset.id, { storageTier: tier, restore: readable ? NOT_NEEDED : NO_RESTORE });
  }

  async restore(assetId: string, days: number, speed: RestoreSpeed): Promise<Asset> {
    const asset = await this.get(assetId);
    if (asset.storageTier !== 'archive') throw new AppError('request.invalid', `Asset ${assetId} is ${asset.storageTier}: only archived assets need a restore`);
    if ((await this.deps.archive.restoreStatus(originalKey(asset.id))).state === 'not_needed') {
      // Answered, not failed: the original is readable as it is (restore.state not_needed).
      return asset.restore.state === 'not_needed' ? asset : this.save(asset.id, { restore: NOT_NEEDED });
    }
    await this.deps.archive.restore(originalKey(asset.id), { days, speed });
    const updated = await this.save(asset.id, { restore: { state: 'requested', requestedAt: this.deps.clock.now().toISOString(), expiresAt: null, percent: 0 } });
    await this.poll(asset.id);
    return updated;
  }

  /** The `archive.restore` job: records progress, re-queues itself until the copy is readable. */
  async poll(assetId: string): Promise<void> {
    const asset = await this.deps.assets.get(assetId);
    if (!asset || asset.storageTier !== 'archive') return;
    const status = await this.deps.archive.restoreStatus(originalKey(assetId));
    if (status.state === 'not_needed') {
      await this.save(assetId, { restore: NOT_NEEDED });
      return;
    }
    if (status.state === 'restored') {
      await this.save(assetId, { restore: { ...asset.restore, state: 'restored', expiresAt: status.expiresAt, percent: 100 } });
      return;
    }
    if (status.state === 'in_progress' && asset.restore.state !== 'in_progress') {
      await this.save(assetId, { restore: { ...asset.restore, state: 'in_progress' } });
    }
    const pollMs = this.deps.pollMs ?? RESTORE_POLL_MS;
    // No dedupe key: this runs inside the current poll job, which a key would match and swallow.
    await this.deps.queue.enqueue('archive.restore', { assetId, pollMs }, { runAt: new Date(this.deps.clock.now().getTime() + pollMs), priority: 80 });
  }

  private async get(id: string): Promise<Asset> {
    const asset = await this.deps.assets.get(id);
    if (!asset) throw new AppError('asset.not_found', `No asset ${id}`, { id });
    return asset;
  }

  private async save(id: string, changes: Pick<Partial<Asset>, 'storageTier' | 'restore'>): Promise<Asset> {
    const asset = await this.deps.assets.update(id, changes);
    this.deps.events.publish({ type: 'asset.updated', asset });
    return asset;
  }
}
