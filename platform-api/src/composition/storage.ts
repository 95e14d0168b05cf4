import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Clock } from '../ports/clock';
import { LocalFsObjectStorage } from '../adapters/local-fs/local-fs-object-storage';
import { TierRecords } from '../adapters/local-fs/tier-records';
import { TieredLocalStorage } from '../adapters/local-fs/tiered-local-storage';
import { S3ObjectStorage } from '../adapters/s3/s3-object-storage';
import type { ArchiveStorage } from '../ports/archive-storage';
import type { ObjectStorage } from '../ports/object-storage';

/**
 * Media on local disk under the data dir (embedded default; CUTAWAY_TIER_*_DIR add real tier volumes)
 * or in an S3-compatible bucket, where tiers are storage classes.
 */
export interface OpenedStorage {
  storage: ObjectStorage;
  archive: ArchiveStorage;
  engine: 'local' | 's3';
  /** Removes what crashed or rejected uploads left (partials, empty asset folders, incomplete multipart uploads) older than this. */
  sweep: (olderThanMs: number) => Promise<number>;
}

export async function openStorage(config: Config, dataDir: string, log: Logger, clock: Clock): Promise<OpenedStorage> {
  if (config.s3) {
    const storage = new S3ObjectStorage({ ...config.s3, endpoint: config.s3.endpoint, prefix: config.s3.prefix, scratchDir: join(dataDir, 'tmp', 's3'), log: log.child({ component: 's3' }) });
    return { storage, archive: storage.archive(), engine: 's3', sweep: (age) => storage.sweepIncompleteUploads(age) };
  }
  const volume = async (dir: string) => (await mkdir(dir, { recursive: true }), new LocalFsObjectStorage(dir));
  const { nearlineDir, archiveDir, archiveRestoreMs } = config.archive;
  const tiered = new TieredLocalStorage({
    volumes: {
      online: await volume(join(dataDir, 'media')),
      ...(nearlineDir ? { nearline: await volume(resolve(nearlineDir)) } : {}),
      ...(archiveDir ? { archive: await volume(resolve(archiveDir)) } : {}),
    },
    records: new TierRecords(join(dataDir, 'tiers')),
    restoreLatencyMs: archiveRestoreMs,
    clock,
  });
  await tiered.sweepPartials(config.hardening.partialMaxAgeMs);
  return { storage: tiered, archive: tiered, engine: 'local', sweep: (age) => tiered.sweepPartials(age) };
}
