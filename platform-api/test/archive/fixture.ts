import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import pino from 'pino';
import { NO_RESTORE, type Asset, type AssetType, type CutawayEvent, type Rendition } from '@cutaway/shared';
import { InProcessEventBus } from '../../src/adapters/memory/event-bus';
import { SqliteArchiveStore } from '../../src/adapters/sqlite/archive-store';
import { SqliteAssetStore } from '../../src/adapters/sqlite/asset-store';
import { migrate, openSqlite } from '../../src/adapters/sqlite/database';
import { SqliteJobQueue } from '../../src/adapters/sqlite/job-queue';
import { ALL_MIGRATIONS } from '../../src/adapters/sqlite/migrations';
import { SqliteSearchIndex } from '../../src/adapters/sqlite/search-index';
import { randomIds } from '../../src/ids';
import { createHandlers } from '../../src/jobs/handlers';
import type { JobName } from '@cutaway/shared';
import type { AirSchedule } from '../../src/ports/archive-store';
import { ArchiveService } from '../../src/services/archive-service';
import { ArchivePolicyService } from '../../src/services/archive/policy-service';
import { DEFAULT_PRICES, StorageReportService } from '../../src/services/archive/storage-report';
import { AssetUsageService } from '../../src/services/archive/usage-service';
import { assetDoc } from '../../src/services/asset-service';
import * as keys from '../../src/services/storage-keys';
import { tieredAt } from './tiered';

const DAY = 86_400_000;
const ARCHIVE_JOBS: JobName[] = ['archive.move', 'archive.restore', 'archive.policies'];

/**
 * The archive services on real adapters (a SQLite file, local tier volumes, the durable queue),
 * with a clock the test moves and an air schedule it fills.
 */
export async function archiveFixture(o: { restoreLatencyMs?: number } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'cutaway-archive-svc-'));
  const db = openSqlite(join(dir, 'cutaway.db'));
  migrate(db, ALL_MIGRATIONS);
  let nowMs = Date.parse('2026-12-01T12:00:00.000Z');
  const clock = { now: () => new Date(nowMs) };
  const events = new InProcessEventBus();
  const seen: CutawayEvent[] = [];
  events.subscribe((e) => seen.push(e));
  const assets = new SqliteAssetStore(db);
  const index = new SqliteSearchIndex(db);
  const queue = new SqliteJobQueue(db, { now: clock.now });
  const store = new SqliteArchiveStore(db);
  const storage = tieredAt(join(dir, 'volumes'), { clock, restoreLatencyMs: o.restoreLatencyMs ?? 0 });
  const airTimes = new Map<string, Date>();
  const air: AirSchedule = { nextAirTime: async (id) => airTimes.get(id) ?? null };
  const archive = new ArchiveService({ assets, archive: storage, store, queue, events, clock, pollMs: 60_000 });
  const policies = new ArchivePolicyService({ store, assets, archive, queue, events, air, clock, ids: randomIds });
  const usage = new AssetUsageService({ assets, policies, clock });
  const report = new StorageReportService({ assets, store, clock, prices: DEFAULT_PRICES });
  const handlers = createHandlers({ mediaIngest: null as never, enrichment: null, archive, archivePolicies: policies });
  const log = pino({ level: 'silent' });

  return {
    dir, db, clock, assets, index, queue, store, storage, archive, policies, usage, report, events, seen, airTimes,
    advance(ms: number) {
      nowMs += ms;
    },
    advanceDays(days: number) {
      nowMs += days * DAY;
    },
    /** Stores an asset with real files: an original of `bytes` random bytes, a proxy and two thumbnails. */
    async addAsset(n: number, over: { ageDays: number; type?: AssetType; tags?: string[]; bytes?: number; title?: string }): Promise<Asset> {
      const id = `asset${String(n).padStart(5, '0')}`;
      const original = randomBytes(over.bytes ?? 1000 + n);
      await storage.put(keys.originalKey(id), Readable.from([original]));
      const proxy = await storage.put(keys.proxyKey(id), Readable.from([randomBytes(300 + n)]));
      let thumbs = 0;
      for (const at of [0, 2000]) thumbs += (await storage.put(keys.thumbnailKey(id, at), Readable.from([randomBytes(50)]))).sizeBytes;
      const created = new Date(nowMs - over.ageDays * DAY).toISOString();
      const r = (kind: Rendition['kind'], sizeBytes: number, timesMs: number[] | null = null): Rendition => ({ kind, mime: 'video/mp4', sizeBytes, width: null, height: null, sprite: null, timesMs });
      const asset: Asset = {
        id, title: over.title ?? `Clip ${n}`, description: '', tags: over.tags ?? [], type: over.type ?? 'video', status: 'ready', failure: null,
        fileName: `clip${n}.mp4`, mime: 'video/mp4', sizeBytes: original.length, sha256: createHash('sha256').update(original).digest('hex'),
        technical: null, renditions: [r('proxy', proxy.sizeBytes), r('thumbnail', thumbs, [0, 2000])], storageTier: 'online', restore: NO_RESTORE,
        tierMove: null, lastUsedAt: null, version: 1, versionOf: null, origin: { kind: 'upload', ref: null }, enrichment: {}, createdAt: created, updatedAt: created,
      };
      await assets.create(asset);
      await index.upsertAsset(assetDoc(asset));
      return asset;
    },
    /** Runs every runnable archive job to the end, as a worker would; returns how many ran. */
    async drain(): Promise<number> {
      let ran = 0;
      for (let i = 0; i < 1000; i++) {
        const claimed = await queue.claim('test-worker', 30_000, ARCHIVE_JOBS);
        if (!claimed) return ran;
        const { job, payload } = claimed;
        const handler = handlers[job.name] as (p: unknown, ctx: unknown) => Promise<void>;
        await handler(payload, { job, progress: () => undefined, signal: new AbortController().signal, log });
        await queue.complete(job.id, 'test-worker');
        ran++;
      }
      throw new Error('drain: more than 1000 jobs');
    },
    async close() {
      db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
