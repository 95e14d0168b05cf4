import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalFsObjectStorage } from '../../src/adapters/local-fs/local-fs-object-storage';
import { TierRecords } from '../../src/adapters/local-fs/tier-records';
import { TieredLocalStorage } from '../../src/adapters/local-fs/tiered-local-storage';
import { S3ObjectStorage } from '../../src/adapters/s3/s3-object-storage';
import { readAll, sha256 } from '../contract/object-storage.contract.kit';
import { runArchiveStorageContract, type ArchiveHarness } from './archive-storage.contract';
import { startFakeArchiveS3, type FakeArchiveS3 } from './fake-archive-s3';
import { S3_ENGINE, S3_SKIP_REASON, tempBucket } from './s3-engine';

async function tieredLocal(withVolumes: boolean): Promise<ArchiveHarness> {
  const root = await mkdtemp(join(tmpdir(), 'cutaway-archive-'));
  const volume = (name: string) => new LocalFsObjectStorage(join(root, name));
  const tiered = new TieredLocalStorage({
    volumes: { online: volume('online'), ...(withVolumes ? { nearline: volume('nearline'), archive: volume('archive') } : {}) },
    records: new TierRecords(join(root, 'tiers')),
    restoreLatencyMs: 0,
    clock: { now: () => new Date() },
  });
  return {
    archive: tiered,
    putObject: async (key, data) => void (await tiered.put(key, Readable.from([data]))),
    finishRestores: async () => undefined,
    close: () => rm(root, { recursive: true, force: true }),
  };
}

runArchiveStorageContract('local-fs (one volume: tiers recorded)', () => tieredLocal(false));
runArchiveStorageContract('local-fs (a volume per tier: bytes moved)', () => tieredLocal(true));

async function s3Against(fake: FakeArchiveS3, scratchDir: string): Promise<S3ObjectStorage> {
  return new S3ObjectStorage({
    endpoint: fake.endpoint,
    region: 'us-east-1',
    bucket: fake.bucket,
    forcePathStyle: true,
    accessKeyId: 'fake',
    secretAccessKey: 'fake',
    prefix: 'media',
    scratchDir,
  });
}

// The real engine: Ceph RGW stores the classes but keeps archived objects readable and has no RestoreObject (501).
describe.skipIf(!S3_ENGINE)(`on ${S3_ENGINE?.name ?? '(no S3 engine)'}`, () => {
  runArchiveStorageContract(
    `s3 (${S3_ENGINE?.name ?? 'none'})`,
    async () => {
      const bucket = await tempBucket('archive');
      const scratch = await mkdtemp(join(tmpdir(), 'cutaway-archive-rgw-'));
      const storage = new S3ObjectStorage(bucket.options({ prefix: 'media', scratchDir: scratch }));
      return {
        archive: storage.archive(),
        putObject: async (key, data) => void (await storage.put(key, Readable.from([data]))),
        finishRestores: async () => undefined,
        close: async () => {
          storage.close();
          await bucket.close();
          await rm(scratch, { recursive: true, force: true });
        },
      };
    },
    { archivedReadable: S3_ENGINE?.name === 'ceph-rgw' },
  );
});
if (!S3_ENGINE) console.warn(`ArchiveStorage contract on a real S3 engine skipped: ${S3_SKIP_REASON}`);

// AWS's Glacier lifecycle (RestoreObject, x-amz-restore), which no engine here implements, on the fake endpoint.
runArchiveStorageContract('s3 (fake S3 endpoint with Glacier restores)', async () => {
  const fake = await startFakeArchiveS3();
  const scratch = await mkdtemp(join(tmpdir(), 'cutaway-archive-s3-'));
  const storage = await s3Against(fake, scratch);
  return {
    archive: storage.archive(),
    putObject: async (key, data) => void (await storage.put(key, Readable.from([data]))),
    finishRestores: async () => fake.finishRestores(),
    close: async () => {
      await fake.close();
      await rm(scratch, { recursive: true, force: true });
    },
  };
});

describe('S3ArchiveStorage requests', () => {
  let fake: FakeArchiveS3;
  let storage: S3ObjectStorage;
  let scratch: string;
  const data = Buffer.from('archived media');
  beforeEach(async () => {
    fake = await startFakeArchiveS3();
    scratch = await mkdtemp(join(tmpdir(), 'cutaway-archive-s3-'));
    storage = await s3Against(fake, scratch);
    await storage.put('assets/x/original', Readable.from([data]));
  });
  afterEach(async () => {
    await fake.close();
    await rm(scratch, { recursive: true, force: true });
  });
  const last = (method: string) => fake.requests.filter((r) => r.method === method).at(-1)!;

  it.each([
    ['nearline', 'GLACIER_IR'],
    ['archive', 'DEEP_ARCHIVE'],
  ] as const)('setTier %s copies the object onto itself as %s, keeping its metadata', async (tier, storageClass) => {
    const etag = fake.objects.get('media/assets/x/original')!.etag;
    await storage.archive().setTier('assets/x/original', tier);
    const copy = last('PUT');
    expect(copy.key).toBe('media/assets/x/original');
    expect(copy.headers).toMatchObject({
      'x-amz-copy-source': `${fake.bucket}/media/assets/x/original`,
      'x-amz-metadata-directive': 'COPY',
      'x-amz-storage-class': storageClass,
      'x-amz-copy-source-if-match': etag,
    });
    expect(fake.objects.get('media/assets/x/original')).toMatchObject({ storageClass, meta: new Map([['sha256', sha256(data)]]) });
    // The put before it carried the hash as metadata and a Content-MD5 S3 can check the body against.
    expect(fake.requests[0]!.headers).toMatchObject({ 'x-amz-meta-sha256': sha256(data), 'content-md5': createHash('md5').update(data).digest('base64') });
  });

  it('restores with RestoreObject (Days, Tier) and reads the x-amz-restore lifecycle', async () => {
    const archive = storage.archive();
    await archive.setTier('assets/x/original', 'archive');
    await expect(storage.read('assets/x/original')).rejects.toMatchObject({ code: 'asset.not_ready' });
    await archive.restore('assets/x/original', { days: 2, speed: 'bulk' });
    const post = last('POST');
    expect(post.query).toMatch(/^\?restore=?$/);
    expect(post.body).toMatch(/<RestoreRequest[^>]*>.*<Days>2<\/Days>.*<GlacierJobParameters><Tier>Bulk<\/Tier><\/GlacierJobParameters>.*<\/RestoreRequest>/s);
    expect(await archive.restoreStatus('assets/x/original')).toEqual({ state: 'in_progress', expiresAt: null });
    await archive.restore('assets/x/original', { days: 2 }); // 409 RestoreAlreadyInProgress is success
    fake.finishRestores(new Date('2030-01-01T10:00:00Z'));
    expect(await archive.restoreStatus('assets/x/original')).toEqual({ state: 'restored', expiresAt: '2030-01-04T00:00:00.000Z' });
    expect(await readAll(await storage.read('assets/x/original'))).toEqual(data);
  });

  it('does not re-tier an object replaced since it was looked at (the copy is conditional on its ETag)', async () => {
    fake.afterHead = (key) => {
      fake.objects.set(key, { ...fake.objects.get(key)!, etag: '"replaced-by-a-concurrent-put"' });
      fake.afterHead = undefined;
    };
    await expect(storage.archive().setTier('assets/x/original', 'archive')).rejects.toMatchObject({ name: 'PreconditionFailed' });
    expect(fake.objects.get('media/assets/x/original')!.storageClass).toBe('STANDARD');
  });
});

describe('an engine that can neither restore nor read archived objects', () => {
  it('answers a restore with storage.not_implemented, never an unmapped error', async () => {
    const fake = await startFakeArchiveS3('archive', { restores: 'none' });
    const scratch = await mkdtemp(join(tmpdir(), 'cutaway-archive-s3-'));
    try {
      const storage = await s3Against(fake, scratch);
      await storage.put('assets/x/original', Readable.from([Buffer.from('archived media')]));
      await storage.archive().setTier('assets/x/original', 'archive');
      expect(await storage.archive().restoreStatus('assets/x/original')).toEqual({ state: 'none', expiresAt: null });
      await expect(storage.archive().restore('assets/x/original', { days: 1 })).rejects.toMatchObject({ code: 'storage.not_implemented' });
    } finally {
      await fake.close();
      await rm(scratch, { recursive: true, force: true });
    }
  });
});
