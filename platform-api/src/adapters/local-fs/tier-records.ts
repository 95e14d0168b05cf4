import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { StorageTier } from '@cutaway/shared';
import { errnoOf, syncDir } from './files';
import { resolveKey, resolvePrefix } from './keys';

/** Where an object lives and how far its restore has got. No record = online, never restored. */
export interface TierRecord {
  tier: StorageTier;
  /** A restore was asked for at this time (ISO); the copy is readable from readyAt until restoredUntil. */
  restoreReadyAt: string | null;
  restoredUntil: string | null;
}

export const ONLINE: TierRecord = Object.freeze({ tier: 'online', restoreReadyAt: null, restoredUntil: null });

/**
 * One small JSON file per tiered key, at the key's own path under `root` (keys are validated by
 * resolveKey, so no record escapes it). Writing the record IS the switch of a tier move: it is
 * written aside, fsynced and renamed, so after a crash the old record or the new one is there, never half.
 */
export class TierRecords {
  constructor(private readonly root: string) {}

  async load(key: string): Promise<TierRecord> {
    return (await readRecord(this.pathOf(key))) ?? (await this.loadLegacy(key)) ?? ONLINE;
  }

  /** Installs before local tier volumes kept `<sha256(key)>.json` sidecars ({tier, restoredUntil}); read them once. */
  private async loadLegacy(key: string): Promise<TierRecord | null> {
    const old = (await readRecord(join(this.root, `${createHash('sha256').update(key).digest('hex')}.json`))) as (TierRecord & { restoredUntil: string | null }) | null;
    return old ? { tier: old.tier, restoreReadyAt: old.restoredUntil ? new Date(0).toISOString() : null, restoredUntil: old.restoredUntil ?? null } : null;
  }

  async save(key: string, record: TierRecord): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const part = `${path}.part-${randomBytes(8).toString('hex')}`;
    try {
      await writeFile(part, JSON.stringify(record), { flush: true });
      await rename(part, path);
      await syncDir(dirname(path));
    } catch (err) {
      await rm(part, { force: true });
      throw err;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
    await rm(join(this.root, `${createHash('sha256').update(key).digest('hex')}.json`), { force: true });
  }

  async removePrefix(prefix: string): Promise<void> {
    await rm(resolvePrefix(this.root, prefix), { recursive: true, force: true });
  }

  private pathOf(key: string): string {
    return `${resolveKey(this.root, key)}.tier.json`;
  }
}

async function readRecord(path: string): Promise<TierRecord | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as TierRecord;
  } catch (err) {
    if (errnoOf(err) === 'ENOENT' || errnoOf(err) === 'ENOTDIR') return null;
    throw err;
  }
}
