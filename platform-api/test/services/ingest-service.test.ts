import { Readable } from 'node:stream';
import { readdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, isAppError } from '@cutaway/shared';
import type { ObjectStorage } from '../../src/ports/object-storage';
import { IngestService } from '../../src/services/ingest-service';
import { serviceFixture } from './fixture';

describe('IngestService', () => {
  let fx: Awaited<ReturnType<typeof serviceFixture>>;
  const make = (storage: ObjectStorage = fx.storage, maxUploadBytes = 1024 * 1024) =>
    new IngestService({ ...fx, storage, maxUploadBytes });

  beforeEach(async () => {
    fx = await serviceFixture();
  });
  afterEach(async () => fx.close());

  it('stores, catalogues, indexes, queues and announces an upload', async () => {
    const asset = await make().ingestStream(Readable.from([Buffer.from('not really media')]), {
      fileName: '../../evil/Storm Night.mov',
      meta: { title: '  ', tags: ['storm'] },
      origin: { kind: 'upload', ref: null },
    });
    expect(asset).toMatchObject({ title: 'Storm Night', fileName: 'Storm Night.mov', status: 'processing', sizeBytes: 16, tags: ['storm'] });
    const { duplicateOf, ...stored } = asset;
    expect(duplicateOf).toBeNull();
    expect(await fx.assets.get(asset.id)).toEqual(stored);
    expect((await fx.queue.list({ assetId: asset.id })).map((j) => [j.name, j.status])).toEqual([['media.ingest', 'queued']]);
    expect((await fx.index.search({ q: 'storm', limit: 5, momentsPerAsset: 1 })).hits.map((h) => h.assetId)).toEqual([asset.id]);
    expect(fx.seen.map((e) => e.type)).toEqual(['asset.created']);
  });

  it('a full disk stops ingest with storage.full and leaves no rows, jobs or files', async () => {
    // The real storage, with `put` failing the way a full volume makes it fail.
    const full: ObjectStorage = Object.assign(Object.create(fx.storage) as ObjectStorage, {
      put: async (_key: string, body: Readable) => {
        body.resume();
        throw new AppError('storage.full', 'No space left on the media volume');
      },
    });
    await expect(make(full).ingestStream(Readable.from([Buffer.alloc(10)]), { fileName: 'a.mp4', meta: {}, origin: { kind: 'upload', ref: null } }))
      .rejects.toSatisfy((e) => isAppError(e, 'storage.full'));
    expect((await fx.assets.list({ limit: 10 })).items).toEqual([]);
    expect(await fx.queue.list({})).toEqual([]);
    expect(fx.seen).toEqual([]);
  });

  it('an upload over the limit is refused and nothing is kept', async () => {
    await expect(make(fx.storage, 100).ingestStream(Readable.from([Buffer.alloc(64), Buffer.alloc(64)]), { fileName: 'a.mp4', meta: {}, origin: { kind: 'upload', ref: null } }))
      .rejects.toSatisfy((e) => isAppError(e, 'request.too_large'));
    expect((await fx.assets.list({ limit: 10 })).items).toEqual([]);
    const files = await readdir(fx.dir, { recursive: true });
    expect(files.map(String).filter((f) => f.includes('original'))).toEqual([]);
  });

  it('recoverStalled re-queues a processing asset whose job was lost, once', async () => {
    const ingest = make();
    const asset = await ingest.ingestStream(Readable.from([Buffer.from('x')]), { fileName: 'a.mp4', meta: {}, origin: { kind: 'upload', ref: null } });
    await fx.queue.deleteForAsset(asset.id);
    expect(await ingest.recoverStalled()).toBe(1);
    expect(await ingest.recoverStalled()).toBe(0); // the re-queued job is deduplicated
    expect(await fx.queue.list({ assetId: asset.id })).toHaveLength(1);
  });

  it('identical bytes uploaded again make a new asset that names the first in duplicateOf, with an event (issue 7)', async () => {
    const ingest = make();
    const source = (fileName: string) => ({ fileName, meta: {}, origin: { kind: 'upload' as const, ref: null } });
    const first = await ingest.ingestStream(Readable.from([Buffer.from('same bytes')]), source('a.mp4'));
    const second = await ingest.ingestStream(Readable.from([Buffer.from('same bytes')]), source('b.mp4'));
    const other = await ingest.ingestStream(Readable.from([Buffer.from('other bytes')]), source('c.mp4'));
    expect([first.duplicateOf, second.duplicateOf, other.duplicateOf]).toEqual([null, first.id, null]);
    expect(second.id).not.toBe(first.id);
    expect(await fx.assets.get(second.id)).not.toBeNull();
    const duplicates = fx.seen.filter((e) => e.type === 'asset.duplicate');
    expect(duplicates).toEqual([expect.objectContaining({ assetId: second.id, duplicateOf: first.id, fileName: 'b.mp4' })]);
  });
});
