import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { LocalFsObjectStorage } from '../adapters/local-fs/local-fs-object-storage';
import { LocalArchiveStorage } from '../adapters/s3/local-archive-storage';
import { S3ObjectStorage } from '../adapters/s3/s3-object-storage';
import type { ArchiveStorage } from '../ports/archive-storage';
import type { ObjectStorage } from '../ports/object-storage';

/** Media on local disk under the data dir (embedded default) or in an S3-compatible bucket. */
export interface OpenedStorage {
  storage: ObjectStorage;
  archive: ArchiveStorage;
  engine: 'local' | 's3';
  /** Removes what crashed or rejected uploads left (partials, empty asset folders, incomplete multipart uploads) older than this. */
  sweep: (olderThanMs: number) => Promise<number>;
}

export async function openStorage(config: Config, dataDir: string, log: Logger): Promise<OpenedStorage> {
  if (config.s3) {
    const storage = new S3ObjectStorage({ ...config.s3, endpoint: config.s3.endpoint, prefix: config.s3.prefix, scratchDir: join(dataDir, 'tmp', 's3'), log: log.child({ component: 's3' }) });
    return { storage, archive: storage.archive(), engine: 's3', sweep: (age) => storage.sweepIncompleteUploads(age) };
  }
  await mkdir(join(dataDir, 'media'), { recursive: true });
  const storage = new LocalFsObjectStorage(join(dataDir, 'media'));
  await storage.sweepPartials(config.hardening.partialMaxAgeMs);
  return { storage, archive: new LocalArchiveStorage(storage, join(dataDir, 'tiers')), engine: 'local', sweep: (age) => storage.sweepPartials(age) };
}
