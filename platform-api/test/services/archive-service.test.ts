import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { S3ObjectStorage } from '../../src/adapters/s3/s3-object-storage';
import { SqliteArchiveStore } from '../../src/adapters/sqlite/archive-store';
import type { ArchiveStorage } from '../../src/ports/archive-storage';
import type { ObjectStorage } from '../../src/ports/object-storage';
import { ArchiveService } from '../../src/services/archive-service';
import { IngestService } from '../../src/services/ingest-service';
import { startFakeArchiveS3 } from '../s3/fake-archive-s3';
import { S3_ENGINE, S3_SKIP_REASON, tempBucket } from '../s3/s3-engine';
import { serviceFixture } from './fixture';

type Fixture = Awaited<ReturnType<typeof serviceFixture>>;

/** An archive engine for the service: the object storage that holds originals, its tiers, and how to end it. */
interface Engine {
  storage: ObjectStorage;
  archive: ArchiveStorage;
  close(): Promise<void>;
}

async function s3Engine(options: ConstructorParameters<typeof S3ObjectStorage>[0], after: () => Promise<void>): Promise<Engine> {
  const storage = new S3ObjectStorage(options);
  return {
    storage,
    archive: storage.archive(),
    async close() {
      storage.close();
      await after();
    },
  };
}

/**
 * The archive service on S3 engines without Glacier restores (local tier volumes and AWS-style restores are covered
 * in ../archive/): one that keeps archived originals readable, and one that can neither restore nor read them.
 */
function archiveFlow(label: string, make: (fx: Fixture, scratch: string) => Promise<Engine>, expected: 'readable' | 'not_implemented'): void {
  describe(`ArchiveService on ${label}`, () => {
    let fx: Fixture;
    let scratch: string;
    let engine: Engine;
    let service: ArchiveService;
    let assetId: string;
    beforeEach(async () => {
      fx = await serviceFixture();
      scratch = await mkdtemp(join(tmpdir(), 'cutaway-archive-svc-'));
      engine = await make(fx, scratch);
      service = new ArchiveService({ assets: fx.assets, archive: engine.archive, store: new SqliteArchiveStore(fx.db), queue: fx.queue, events: fx.events, clock: fx.clock, pollMs: 60_000 });
      const ingest = new IngestService({ ...fx, storage: engine.storage, maxUploadBytes: 1e6 });
      assetId = (await ingest.ingestStream(Readable.from([Buffer.from('original media bytes')]), { fileName: 'clip.mp4', meta: { title: 'Harbour', tags: [] }, origin: { kind: 'upload', ref: null } })).id;
    });
    afterEach(async () => {
      await engine.close();
      await fx.close();
      await rm(scratch, { recursive: true, force: true });
    });

    it('refuses a restore of an asset that is not archived, as a client error', async () => {
      await expect(service.restore(assetId, { days: 1, speed: 'standard' })).rejects.toMatchObject({ code: 'request.invalid' });
      await service.setTier(assetId, 'nearline');
      await expect(service.restore(assetId, { days: 1, speed: 'standard' })).rejects.toMatchObject({ code: 'request.invalid' });
    });

    it(
      {
        readable: 'archives; the engine keeps the original readable, so the restore answers not_needed and queues nothing',
        not_implemented: 'archives; an engine that can neither restore nor read it answers storage.not_implemented',
      }[expected],
      async () => {
        const archived = await service.setTier(assetId, 'archive');
        expect(archived.storageTier).toBe('archive');
        const jobsBefore = (await fx.queue.list({ assetId })).length;
        if (expected === 'readable') {
          expect(archived.restore.state).toBe('not_needed');
          const answer = await service.restore(assetId, { days: 2, speed: 'standard' });
          expect(answer.restore).toMatchObject({ state: 'not_needed', requestedAt: null, expiresAt: null, percent: null, late: false });
          expect(await service.ensureAvailableBy(assetId, new Date(Date.now() + 60_000))).toMatchObject({ restore: { state: 'not_needed' } });
          expect((await fx.queue.list({ assetId })).length).toBe(jobsBefore);
          await service.setTier(assetId, 'online'); // no restore needed to leave archive
        } else {
          expect(archived.restore.state).toBe('none');
          await expect(service.restore(assetId, { days: 2, speed: 'standard' })).rejects.toMatchObject({ code: 'storage.not_implemented' });
          expect((await fx.assets.get(assetId))?.restore.state).toBe('none');
        }
      },
    );
  });
}

archiveFlow(
  'an S3 engine without restores or readable archive classes (fake endpoint)',
  async (_fx, scratch) => {
    const fake = await startFakeArchiveS3('archive', { restores: 'none' });
    return s3Engine({ endpoint: fake.endpoint, region: 'us-east-1', bucket: fake.bucket, forcePathStyle: true, accessKeyId: 'fake', secretAccessKey: 'fake', scratchDir: scratch }, () => fake.close());
  },
  'not_implemented',
);

describe.skipIf(S3_ENGINE?.name !== 'ceph-rgw')('on Ceph RGW', () => {
  archiveFlow(
    'Ceph RGW (archive classes stay readable)',
    async (_fx, scratch) => {
      const bucket = await tempBucket('archive-svc');
      return s3Engine(bucket.options({ scratchDir: scratch }), () => bucket.close());
    },
    'readable',
  );
});
if (S3_ENGINE?.name !== 'ceph-rgw') console.warn(`ArchiveService on Ceph RGW skipped: ${S3_ENGINE ? `the S3 engine is ${S3_ENGINE.name}` : S3_SKIP_REASON}`);
