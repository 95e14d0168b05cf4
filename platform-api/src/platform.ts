import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { AppError } from '@cutaway/shared';
import type { Config } from './config';
import { systemClock, randomIds } from './ids';
import { FfmpegMediaTools } from './adapters/ffmpeg/index';
import { LocalFsObjectStorage } from './adapters/local-fs/local-fs-object-storage';
import { LocalScratchSpace } from './adapters/local-fs/scratch-space';
import { InProcessEventBus } from './adapters/memory/event-bus';
import { SqliteAssetStore } from './adapters/sqlite/asset-store';
import { migrate, openSqlite } from './adapters/sqlite/database';
import { SqliteJobQueue } from './adapters/sqlite/job-queue';
import { ALL_MIGRATIONS } from './adapters/sqlite/migrations';
import { SqliteSearchIndex } from './adapters/sqlite/search-index';
import { SqliteTokenStore } from './adapters/sqlite/token-store';
import { SqliteWatchFolderStore } from './adapters/sqlite/watch-folder-store';
import { ChokidarFolderWatcher } from './adapters/watch/chokidar-watcher';
import { createApp } from './http/app';
import { createHandlers } from './jobs/handlers';
import { JobWorker } from './jobs/worker';
import { AssetService } from './services/asset-service';
import { IngestService } from './services/ingest-service';
import { MediaIngestService } from './services/media-ingest-service';
import { RenditionService } from './services/rendition-service';
import { SearchService } from './services/search-service';
import { TokenService } from './services/token-service';
import { WatchFolderService } from './services/watch-folder-service';
import { attachEventHub } from './ws/event-hub';

export const VERSION = '0.1.0';

export interface RunningPlatform {
  url: string;
  server: Server;
  /** Set only when an admin token was generated at this start. */
  generatedAdminToken: string | null;
  close(): Promise<void>;
}

/** The composition root: adapters → services → http/ws/workers. */
export async function startPlatform(config: Config, log: Logger): Promise<RunningPlatform> {
  const dataDir = resolve(config.dataDir);
  await mkdir(dataDir, { recursive: true });

  const media = new FfmpegMediaTools({ ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath });
  const versions = await media.versions();
  const missing = Object.entries(versions).filter(([, v]) => v === null).map(([tool]) => tool);
  if (missing.length) {
    throw new AppError('media.tool_missing', `Missing media tools: ${missing.join(', ')}. Run scripts/install-system-deps.sh (or set CUTAWAY_FFMPEG_PATH / CUTAWAY_FFPROBE_PATH).`, { missing });
  }

  const db = openSqlite(join(dataDir, 'cutaway.db'));
  migrate(db, ALL_MIGRATIONS);
  await mkdir(join(dataDir, 'media'), { recursive: true });
  const storage = new LocalFsObjectStorage(join(dataDir, 'media'));
  await storage.sweepPartials();
  const scratch = new LocalScratchSpace(join(dataDir, 'tmp'));
  await scratch.sweep();

  const events = new InProcessEventBus();
  const assets = new SqliteAssetStore(db);
  const index = new SqliteSearchIndex(db);
  const queue = new SqliteJobQueue(db);
  const clock = systemClock;
  const ids = randomIds;

  const tokens = new TokenService({ tokens: new SqliteTokenStore(db), clock, ids });
  const ingest = new IngestService({ assets, index, storage, queue, events, clock, ids, maxUploadBytes: config.maxUploadBytes });
  const mediaIngest = new MediaIngestService({ assets, index, storage, media, scratch, events });
  const watchFolders = new WatchFolderService({
    store: new SqliteWatchFolderStore(db), watcher: new ChokidarFolderWatcher(), ingest, events, clock, ids, log: log.child({ component: 'watch-folders' }),
  });

  const generatedAdminToken = await tokens.bootstrapAdmin(config.adminToken);
  if (generatedAdminToken) await writeFile(join(dataDir, 'admin.token'), `${generatedAdminToken}\n`, { mode: 0o600 });

  const app = createApp({
    version: VERSION,
    log: log.child({ component: 'http' }),
    assets: new AssetService({ assets, index, storage, queue, events }),
    ingest,
    search: new SearchService({ index, assets }),
    renditions: new RenditionService({ storage, media, scratch }),
    tokens,
    watchFolders,
    queue,
    storage,
    tusDirectory: join(dataDir, 'uploads'),
    maxUploadBytes: config.maxUploadBytes,
    health: {
      db: async () => ({ ok: db.prepare('SELECT 1').pluck().get() === 1, detail: 'sqlite (WAL)', version: db.prepare('SELECT sqlite_version()').pluck().get() as string }),
      storage: () => storage.health(),
      queue: async () => {
        const queued = (await queue.list({ status: 'queued', limit: 500 })).length;
        return { ok: true, detail: `${queued}${queued === 500 ? '+' : ''} queued, ${config.workerConcurrency} worker slot(s)` };
      },
      ffmpeg: async () => {
        const v = await media.versions();
        return { ok: Boolean(v.ffmpeg && v.ffprobe), detail: v.ffmpeg ? 'ffmpeg and ffprobe found' : 'ffmpeg missing', version: v.ffmpeg ?? null };
      },
    },
  });
  await mkdir(join(dataDir, 'uploads'), { recursive: true });

  const server = createServer(app);
  // Long uploads must not be cut by Node's default 5-minute request timeout.
  server.requestTimeout = 0;
  const hub = attachEventHub(server, { bus: events, tokens, log: log.child({ component: 'ws' }) });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(config.port, config.host, () => ok());
  });
  const { port } = server.address() as AddressInfo;

  const worker = new JobWorker({
    queue,
    handlers: createHandlers({ mediaIngest }),
    log: log.child({ component: 'worker' }),
    concurrency: config.workerConcurrency,
    leaseMs: config.jobLeaseMs,
    onProgress: (job, percent, stage) => events.publish({ type: 'job.progress', jobId: job.id, name: job.name, assetId: job.assetId, percent, stage }),
    onFinished: (job, outcome) => {
      if (outcome === 'failed' && job.name === 'media.ingest' && job.assetId) {
        mediaIngest.markFailed(job.assetId, job.error).catch((err: unknown) => log.error({ err, jobId: job.id }, 'could not mark asset failed'));
      }
    },
  });
  if (config.workerConcurrency > 0) worker.start();
  await ingest.recoverStalled();
  await watchFolders.startAll();

  const url = `http://${config.host}:${port}`;
  log.info({ url, dataDir }, 'platform-api listening');
  return {
    url,
    server,
    generatedAdminToken,
    async close() {
      server.close();
      await worker.stop({ graceMs: 5000 });
      await watchFolders.stopAll();
      await hub.close();
      server.closeAllConnections();
      db.close();
    },
  };
}
