import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { MIN_PART_SIZE } from '../../src/adapters/s3/options';
import { S3ObjectStorage } from '../../src/adapters/s3/s3-object-storage';
import { S3_ENGINE, S3_SKIP_REASON, tempBucket, type TestBucket } from '../s3/s3-engine';
import { runObjectStorageContract } from './object-storage.contract';

/*
 * The ObjectStorage contract against a real S3 engine (Ceph RGW in CI; see ../s3/s3-engine.ts): one bucket per
 * run, each test under its own prefix. 5 MiB parts, S3's minimum, so the 50 MB test goes through multipart
 * (10 parts), RGW's empty CompleteMultipartUpload ETag and the sha256 metadata copy. S3-specific behaviour is
 * tested in ../s3/.
 */
describe.skipIf(!S3_ENGINE)(`S3 engine ${S3_ENGINE?.name ?? '(none)'}`, () => {
  let bucket: TestBucket;
  beforeAll(async () => void (bucket = await tempBucket('contract')));
  afterAll(() => bucket?.close());

  runObjectStorageContract(`s3 (${S3_ENGINE?.name ?? 'none'})`, async () => {
    const prefix = `run-${randomBytes(6).toString('hex')}`;
    const scratchDir = await mkdtemp(join(tmpdir(), 'cutaway-s3-scratch-'));
    const storage = new S3ObjectStorage(bucket.options({ prefix, scratchDir, partSizeBytes: MIN_PART_SIZE }));
    return {
      storage,
      leftovers: () => bucket.leftovers(prefix),
      close: async () => {
        // Everything this test stored sits under its prefix; an unprefixed storage can delete it as a prefix.
        const root = new S3ObjectStorage(bucket.options({ scratchDir }));
        await root.deletePrefix(prefix);
        root.close();
        storage.close();
        await rm(scratchDir, { recursive: true, force: true });
      },
    };
  });
});

if (!S3_ENGINE) console.warn(`ObjectStorage contract on S3 skipped: ${S3_SKIP_REASON}`);
