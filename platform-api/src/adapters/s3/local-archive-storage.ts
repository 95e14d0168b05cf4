import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, type StorageTier } from '@cutaway/shared';
import type { ArchiveRestoreStatus, ArchiveStorage, RestoreSpeed } from '../../ports/archive-storage';
import type { Clock } from '../../ports/clock';
import type { ObjectStorage } from '../../ports/object-storage';
import { errnoOf } from '../common/errno';

interface TierRecord {
  key: string;
  tier: StorageTier;
  /** ISO time until which the simulated restored copy lasts; only meaningful while tier is archive. */
  restoredUntil: string | null;
}

const DAY_MS = 24 * 60 * 60_000;

/**
 * ArchiveStorage for a single local disk, which has one tier only. What it does, honestly:
 * - No bytes move and reads are never slowed or blocked: LocalFsObjectStorage does not know about tiers.
 *   The catalog's storageTier (checked by the services) is what gates reads of "archived" assets.
 * - It records the tier asked for in a small JSON sidecar per key under `stateDir` (named by the key's
 *   sha256, so no key can collide with another's sidecar or escape the folder), and enforces the same
 *   rules as S3, so the archive workflow behaves alike on both engines: leaving archive needs a restore,
 *   restoring a non-archived object is request.invalid, a missing object is storage.not_found.
 * - A restore completes at once (state restored, expiring `days` days later); it is never in_progress.
 * Limit: the sidecar outlives the object; an object deleted and stored again under the same key keeps the
 * recorded tier (S3 would start it online). Callers re-tier after such a replacement.
 * (Placed under adapters/s3/ only because this change could not touch local-fs/; it belongs there.)
 */
export class LocalArchiveStorage implements ArchiveStorage {
  constructor(
    private readonly objects: ObjectStorage,
    private readonly stateDir: string,
    private readonly clock: Clock = { now: () => new Date() },
  ) {}

  async setTier(key: string, tier: StorageTier): Promise<void> {
    const current = await this.load(key);
    if (current.tier === tier) return;
    if (current.tier === 'archive' && this.status(current).state !== 'restored') {
      throw new AppError('asset.not_ready', `Stored object "${key}" is archived; request a restore first`, { key });
    }
    await this.save({ key, tier, restoredUntil: null });
  }

  async restore(key: string, options: { days: number; speed?: RestoreSpeed }): Promise<void> {
    const { days } = options;
    if (!Number.isSafeInteger(days) || days < 1) throw new AppError('request.invalid', 'Restore days must be a positive integer', { days });
    const current = await this.load(key);
    if (current.tier !== 'archive') throw new AppError('request.invalid', `"${key}" is not archived; it can be read without a restore`, { key });
    await this.save({ ...current, restoredUntil: new Date(this.clock.now().getTime() + days * DAY_MS).toISOString() });
  }

  async restoreStatus(key: string): Promise<ArchiveRestoreStatus> {
    return this.status(await this.load(key));
  }

  private status(r: TierRecord): ArchiveRestoreStatus {
    if (r.tier !== 'archive' || !r.restoredUntil || Date.parse(r.restoredUntil) <= this.clock.now().getTime()) return { state: 'none', expiresAt: null };
    return { state: 'restored', expiresAt: r.restoredUntil };
  }

  /** The object's record; also validates the key and checks the object exists, through the object storage itself. */
  private async load(key: string): Promise<TierRecord> {
    if (!(await this.objects.stat(key))) throw new AppError('storage.not_found', `No stored object "${key}"`, { key });
    try {
      return JSON.parse(await readFile(this.pathOf(key), 'utf8')) as TierRecord;
    } catch (err) {
      if (errnoOf(err) === 'ENOENT') return { key, tier: 'online', restoredUntil: null }; // never tiered: where every put lands
      throw err;
    }
  }

  /** Written aside and renamed, so a crash leaves the old record or the new one, never half of one. */
  private async save(record: TierRecord): Promise<void> {
    await mkdir(this.stateDir, { recursive: true });
    const path = this.pathOf(record.key);
    const part = `${path}.part-${randomBytes(8).toString('hex')}`;
    try {
      await writeFile(part, JSON.stringify(record));
      await rename(part, path);
    } catch (err) {
      await rm(part, { force: true });
      throw err;
    }
  }

  private pathOf(key: string): string {
    return join(this.stateDir, `${createHash('sha256').update(key).digest('hex')}.json`);
  }
}
