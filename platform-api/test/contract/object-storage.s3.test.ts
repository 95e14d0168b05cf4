import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { MIN_PART_SIZE } from '../../src/adapters/s3/options';
import { S3ObjectStorage } from '../../src/adapters/s3/s3-object-storage';
import { startS3rver, type S3rverHandle } from '../s3/s3rver-harness';
import { runObjectStorageContract } from './object-storage.contract';

/*
 * The ObjectStorage contract against s3rver on 127.0.0.1 (one server and bucket per run, each test under
 * its own prefix). 5 MiB parts, S3's minimum, so the 50 MB test goes through multipart (10 parts) and the
 * sha256 metadata copy. s3rver's gaps and what the harness adds are listed in ../s3/s3rver-harness.ts;
 * S3-specific behaviour is tested in ../s3/.
 */
let server: S3rverHandle;
beforeAll(async () => void (server = await startS3rver()));
afterAll(() => server?.close());

runObjectStorageContract('s3 (s3rver)', async () => {
  const prefix = `run-${randomBytes(6).toString('hex')}`;
  const scratchDir = await mkdtemp(join(tmpdir(), 'cutaway-s3-scratch-'));
  const storage = new S3ObjectStorage(server.options({ prefix, scratchDir, partSizeBytes: MIN_PART_SIZE }));
  return {
    storage,
    leftovers: () => server.leftovers(prefix),
    close: async () => {
      // Everything this test stored sits under its prefix; an unprefixed storage can delete it as a prefix.
      const root = new S3ObjectStorage(server.options({ scratchDir }));
      await root.deletePrefix(prefix);
      root.close();
      storage.close();
      await rm(scratchDir, { recursive: true, force: true });
    },
  };
});
