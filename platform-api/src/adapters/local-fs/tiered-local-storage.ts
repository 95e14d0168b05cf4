import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { AppError, type StorageTier } from '@cutaway/shared';
import type { ArchiveRestoreStatus, ArchiveStorage, MoveOptions, RestoreSpeed } from '../../ports/archive-storage';
import type { Clock } from '../../ports/clock';
import type { ByteRange, ObjectStorage, PutOptions, StoredObject } from '../../ports/object-storage';
import type { LocalFsObjectStorage } from './local-fs-object-storage';
import type { TierRecord, TierRecords } from './tier-records';

const DAY_MS = 24 * 60 * 60_000;
const TIERS: readonly StorageTier[] = ['online', 'nearline', 'archive'];

/** A step of a tier move, reported as it is passed (for progress, logs and crash tests). */
export type MoveStep = 'copied' | 'switched' | 'cleaned';

export interface TieredLocalOptions {
  /** One volume per tier; a tier without its own directory shares the online volume (records only, nothing copied). */
  volumes: { online: LocalFsObjectStorage; nearline?: LocalFsObjectStorage; archive?: LocalFsObjectStorage };
  records: TierRecords;
  /** How long a restore of an archived object takes: stands in for a tape robot or a removable volume. */
  restoreLatencyMs: number;
  clock: Clock;
  onStep?: (key: string, step: MoveStep) => void;
}

/**
 * Media on local disks with real tiers (e.g. a NAS mount for nearline, a slow volume for archive).
 * Objects are written online; a tier move copies the object to the target volume with its sha256
 * checked against the one recorded at ingest, switches the tier record (an atomic rename), then
 * deletes the old copy. A crash between any two steps is repaired by running the move again:
 *   before the switch → the old copy is still the one read; a finished target copy with the right
 *                       checksum is kept, anything else there is replaced;
 *   after the switch  → the record names the new copy; the old one is deleted.
 * So the file is never lost and, once the move has run to the end, never kept twice.
 */
export class TieredLocalStorage implements ObjectStorage, ArchiveStorage {
  readonly movesBytes = true;

  constructor(private readonly o: TieredLocalOptions) {}

  private volume(tier: StorageTier): LocalFsObjectStorage {
    return this.o.volumes[tier] ?? this.o.volumes.online;
  }

  private async current(key: string): Promise<{ record: TierRecord; store: LocalFsObjectStorage }> {
    const record = await this.o.records.load(key);
    return { record, store: this.volume(record.tier) };
  }

  // ObjectStorage: writes land online; reads follow the tier record.

  async put(key: string, body: Readable, options?: PutOptions): Promise<StoredObject> {
    const stored = await this.o.volumes.online.put(key, body, options);
    await this.forgetOtherCopies(key);
    return stored;
  }

  async putFile(key: string, localPath: string, options?: { move?: boolean }): Promise<StoredObject> {
    const stored = await this.o.volumes.online.putFile(key, localPath, options);
    await this.forgetOtherCopies(key);
    return stored;
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    return (await this.current(key)).store.read(key, range);
  }

  async stat(key: string): Promise<{ sizeBytes: number } | null> {
    return (await this.current(key)).store.stat(key);
  }

  async localPath(key: string): Promise<{ path: string; release: () => Promise<void> }> {
    return (await this.current(key)).store.localPath(key);
  }

  async delete(key: string): Promise<void> {
    for (const store of this.distinctVolumes()) await store.delete(key);
    await this.o.records.remove(key);
  }

  async deletePrefix(prefix: string): Promise<void> {
    for (const store of this.distinctVolumes()) await store.deletePrefix(prefix);
    await this.o.records.removePrefix(prefix);
  }

  async health(): Promise<{ ok: boolean; detail: string }> {
    const parts = await Promise.all(TIERS.filter((t) => t === 'online' || this.o.volumes[t]).map(async (t) => ({ t, h: await this.volume(t).health() })));
    return { ok: parts.every((p) => p.h.ok), detail: parts.map((p) => `${p.t}: ${p.h.detail}`).join('; ') };
  }

  /** Removes crash leftovers (`.part-*`) on every volume. */
  async sweepPartials(olderThanMs?: number): Promise<number> {
    let n = 0;
    for (const store of this.distinctVolumes()) n += await store.sweepPartials(olderThanMs);
    return n;
  }

  // ArchiveStorage

  async setTier(key: string, tier: StorageTier, options: MoveOptions = {}): Promise<void> {
    const { record, store: from } = await this.current(key);
    const to = this.volume(tier);
    if (record.tier === tier) {
      await this.deleteCopiesExcept(key, to); // a crash after the switch left the old copy behind
      return;
    }
    if (!(await from.stat(key))) throw new AppError('storage.not_found', `No stored object "${key}"`, { key });
    if (record.tier === 'archive' && this.restoreState(record).state !== 'restored') {
      throw new AppError('asset.not_ready', `Stored object "${key}" is archived; request a restore first`, { key });
    }
    if (to !== from) await this.copyVerified(key, from, to, options);
    this.o.onStep?.(key, 'copied');
    // The switch: one atomic rename (or unlink, back online, where no record means online).
    if (tier === 'online') await this.o.records.remove(key);
    else await this.o.records.save(key, { tier, restoreReadyAt: null, restoredUntil: null });
    this.o.onStep?.(key, 'switched');
    await this.deleteCopiesExcept(key, to);
    this.o.onStep?.(key, 'cleaned');
  }

  async restore(key: string, options: { days: number; speed?: RestoreSpeed }): Promise<void> {
    if (!Number.isSafeInteger(options.days) || options.days < 1) throw new AppError('request.invalid', 'Restore days must be a positive integer', { days: options.days });
    const { record, store } = await this.current(key);
    if (!(await store.stat(key))) throw new AppError('storage.not_found', `No stored object "${key}"`, { key });
    if (record.tier !== 'archive') throw new AppError('request.invalid', `"${key}" is ${record.tier}: it can be read without a restore`, { key });
    const now = this.o.clock.now().getTime();
    const state = this.restoreState(record).state;
    // Idempotent while running (S3 answers RestoreAlreadyInProgress); once restored, a new request only moves the expiry.
    const readyAt = state === 'in_progress' ? Date.parse(record.restoreReadyAt!) : state === 'restored' ? now : now + this.o.restoreLatencyMs;
    await this.o.records.save(key, { tier: 'archive', restoreReadyAt: new Date(readyAt).toISOString(), restoredUntil: new Date(readyAt + options.days * DAY_MS).toISOString() });
  }

  async restoreStatus(key: string): Promise<ArchiveRestoreStatus> {
    const { record, store } = await this.current(key);
    if (!(await store.stat(key))) throw new AppError('storage.not_found', `No stored object "${key}"`, { key });
    return this.restoreState(record);
  }

  restoreEstimateMs(): number {
    return this.o.restoreLatencyMs;
  }

  private restoreState(r: TierRecord): ArchiveRestoreStatus {
    if (r.tier !== 'archive' || !r.restoreReadyAt || !r.restoredUntil) return { state: 'none', expiresAt: null };
    const now = this.o.clock.now().getTime();
    if (now < Date.parse(r.restoreReadyAt)) return { state: 'in_progress', expiresAt: null };
    if (now < Date.parse(r.restoredUntil)) return { state: 'restored', expiresAt: r.restoredUntil };
    return { state: 'none', expiresAt: null };
  }

  private async copyVerified(key: string, from: LocalFsObjectStorage, to: LocalFsObjectStorage, options: MoveOptions): Promise<void> {
    const size = (await from.stat(key))?.sizeBytes ?? 0;
    const expected = options.sha256;
    if (expected && (await to.stat(key)) && (await sha256Of(to, key)) === expected) return; // copied before a crash
    const copy = await to.put(key, await from.read(key), { onBytes: (b) => options.onProgress?.(size ? (100 * b) / size : 100) });
    const want = expected ?? (await sha256Of(from, key));
    if (copy.sha256 !== want) {
      await to.delete(key);
      throw new AppError('storage.checksum_mismatch', `Copy of "${key}" has sha256 ${copy.sha256}, expected ${want}: the move was stopped and the original kept`, { key, expected: want, actual: copy.sha256 });
    }
  }

  private async deleteCopiesExcept(key: string, keep: LocalFsObjectStorage): Promise<void> {
    for (const store of this.distinctVolumes()) if (store !== keep) await store.delete(key);
  }

  /** A fresh put is online: copies and records from an earlier object under the same key go. */
  private async forgetOtherCopies(key: string): Promise<void> {
    await this.deleteCopiesExcept(key, this.o.volumes.online);
    await this.o.records.remove(key);
  }

  private distinctVolumes(): LocalFsObjectStorage[] {
    return [...new Set(TIERS.map((t) => this.volume(t)))];
  }
}

async function sha256Of(store: LocalFsObjectStorage, key: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of await store.read(key)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
