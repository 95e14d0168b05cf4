import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import express from 'express';
import type { Logger } from 'pino';
import { AppError, type Destination } from '@cutaway/shared';
import type { Config } from './config';
import { systemClock, randomIds } from './ids';
import { FfmpegFrameGrabber, FfmpegMediaTools } from './adapters/ffmpeg/index';
import { LocalScratchSpace } from './adapters/local-fs/scratch-space';
import { ChokidarFolderWatcher } from './adapters/watch/chokidar-watcher';
import type { Catalog } from './composition/catalog';
import { buildEngines } from './composition/engines';
import { openPostgresCatalog } from './composition/postgres-catalog';
import { openSqliteCatalog } from './composition/sqlite-catalog';
import { openStorage } from './composition/storage';
import { createApp } from './http/app';
import { healthRoutes } from './http/routes/health';
import { createHandlers } from './jobs/handlers';
import { JobWorker } from './jobs/worker';
import { ArchiveService } from './services/archive-service';
import { ArchivePolicyService } from './services/archive/policy-service';
import { DEFAULT_PRICES, StorageReportService, type StoragePrices } from './services/archive/storage-report';
import { AssetUsageService } from './services/archive/usage-service';
import type { AirSchedule } from './ports/archive-store';
import type { ArchiveConfig } from './config';
import { AssetService } from './services/asset-service';
import { EnrichmentService } from './services/enrichment/enrichment-service';
import { PeopleService } from './services/people/people-service';
import { IngestService } from './services/ingest-service';
import { MediaIngestService } from './services/media-ingest-service';
import { RenditionService } from './services/rendition-service';
import { SearchService } from './services/search-service';
import { TokenService } from './services/token-service';
import { VocabularyService } from './services/vocabulary-service';
import { QueryEmbeddingCache } from './services/query-embedding-cache';
import { WatchFolderService } from './services/watch-folder-service';
import { ReviewService } from './services/review-service';
import { attachEventHub } from './ws/event-hub';
import { Maintenance } from './maintenance';
import { AuditService } from './services/audit-service';
import { securityHeaders } from './http/security-headers';
import { loadSigningSecret } from './composition/signing-secret';
import { MediaLinkService } from './services/media-links';
import { SignedUrlService } from './services/signed-urls';
import { PlaceholderService } from './services/placeholder-service';
import { RundownService } from './services/rundown-service';
import { FrameService } from './services/frame-service';
import { VersionService } from './services/version-service';
import { prepareConsole } from './console/prepare-console';
import { startLive } from './composition/live';
import { buildAgent } from './composition/agent';
import { buildDelivery } from './composition/delivery';
import { DeliveryService } from './services/delivery/index';
import { ReviewPushDestination } from './services/delivery/review-destination';
import { withSpellingFeed } from './services/spelling/spelling-feed';
import { SpellingService } from './services/spelling/spelling-service';

export const VERSION = '0.1.0';

export interface RunningPlatform {
  url: string;
  server: Server;
  /** Set only when an admin token was generated at this start. */
  generatedAdminToken: string | null;
  close(): Promise<void>;
}

/** Fallback for the vector index when no embedder is configured: nothing is ever written to it. */
const NO_EMBEDDINGS = { model: 'none', dimensions: 1 };

/** The composition root: adapters → services → http/ws/workers, for the role this process plays. */
export async function startPlatform(config: Config, log: Logger): Promise<RunningPlatform> {
  const dataDir = resolve(config.dataDir);
  await mkdir(dataDir, { recursive: true });

  const media = new FfmpegMediaTools({ ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath });
  const versions = await media.versions();
  const missing = Object.entries(versions).filter(([, v]) => v === null).map(([tool]) => tool);
  if (missing.length) {
    throw new AppError('media.tool_missing', `Missing media tools: ${missing.join(', ')}. Run scripts/install-system-deps.sh (or set CUTAWAY_FFMPEG_PATH / CUTAWAY_FFPROBE_PATH).`, { missing });
  }
  const scratch = new LocalScratchSpace(join(dataDir, 'tmp'));
  await scratch.sweep();
  const { engines, embedder, pronouncer, summary, frameFaces } = buildEngines(config, log, scratch);
  const embedding = embedder ? { model: embedder.model, dimensions: embedder.dimensions } : NO_EMBEDDINGS;

  const catalog: Catalog = config.databaseUrl
    ? await openPostgresCatalog(config.databaseUrl, config.databaseSchema, embedding, log)
    : openSqliteCatalog(dataDir, embedding);
  const clock = systemClock;
  const { storage, archive: archiveStorage, engine: storageEngine, sweep: sweepStorage } = await openStorage(config, dataDir, log, clock);
  const maintenance = new Maintenance(log.child({ component: 'maintenance' }));
  maintenance.every('storage.sweep', config.hardening.sweepIntervalMs, () => sweepStorage(config.hardening.partialMaxAgeMs));
  // Known only after listen when the port is 0; tus Location URLs are built from it, never from the Host header.
  let publicUrl = config.hardening.publicUrl ?? '';
  const { assets, queue, events, vectors } = catalog;
  // Every word written to the index also feeds the spelling lexicon (issue 14).
  const index = withSpellingFeed(catalog.index, catalog.spelling);
  const ids = randomIds;

  const tokens = new TokenService({ tokens: catalog.tokens, clock, ids, onError: (err, what) => log.warn({ err }, what) });
  const ingest = new IngestService({ assets, index, storage, queue, events, clock, ids, maxUploadBytes: config.maxUploadBytes });
  const mediaIngest = new MediaIngestService({ assets, index, storage, media, scratch, events });
  // Issue 17: faces become people here; naming and merging are audited with the caller's token.
  const people = new PeopleService({
    store: catalog.people, index, storage, clock, ids, events, audit: new AuditService({ store: catalog.audit, clock, ids }),
    grouping: config.ai.vision.grouping, threshold: config.ai.vision.threshold,
  });
  const enrichment = config.ai.enabled ? new EnrichmentService({ assets, index, vectors: embedder ? vectors : null, storage, queue, events, clock, engines, people }) : null;
  const vocabulary = new VocabularyService({ store: catalog.vocabulary, clock, ids });
  const archive = new ArchiveService({ assets, archive: archiveStorage, store: catalog.archive, queue, events, clock });
  // "Not in a rundown airing within N days" reads the running orders the MOS gateway keeps current.
  const airSchedule: AirSchedule = {
    async nextAirTime(assetId, after) {
      const times = (await catalog.rundowns.linksForAsset(assetId)).map((l) => (l.airTime ? Date.parse(l.airTime) : NaN)).filter((t) => t > after.getTime());
      return times.length ? new Date(Math.min(...times)) : null;
    },
  };
  const archivePolicies = new ArchivePolicyService({ store: catalog.archive, assets, archive, queue, events, air: airSchedule, clock, ids });
  const usage = new AssetUsageService({ assets, policies: archivePolicies, clock });
  const storageReport = new StorageReportService({ assets, store: catalog.archive, clock, prices: storagePrices(config.archive.prices) });
  const watchFolders = new WatchFolderService({ store: catalog.watchFolders, watcher: new ChokidarFolderWatcher(), ingest, events, clock, ids, log: log.child({ component: 'watch-folders' }) });

  // Live recorders run where the operator says (one process per deployment), like watch folders.
  const live = config.live.enabled && config.role !== 'worker'
    ? startLive({ config, dataDir, store: catalog.live, recordingStore: catalog.liveRecordings, ingest, events, clock, ids, scratch, log: log.child({ component: 'live' }) })
    : null;

  let ready = true;
  const health = {
    db: () => catalog.health(),
    storage: () => storage.health(),
    queue: async () => {
      const queued = (await queue.list({ status: 'queued', limit: 500 })).length;
      return { ok: true, detail: `${queued}${queued === 500 ? '+' : ''} queued; this process: ${config.role}, ${runsWorker(config) ? config.workerConcurrency : 0} worker slot(s)` };
    },
    ffmpeg: async () => {
      const v = await media.versions();
      return { ok: Boolean(v.ffmpeg && v.ffprobe), detail: v.ffmpeg ? 'ffmpeg and ffprobe found' : 'ffmpeg missing', version: v.ffmpeg ?? null };
    },
    enrichment: async () => ({ ok: true, detail: Object.entries(summary).map(([k, v]) => `${k}: ${v}`).join('; ') }),
  };
  const probes = { live: () => true, ready: () => ready };

  const rundowns = new RundownService({
    rundowns: catalog.rundowns, assets, queue, events, clock, ids, urgentWindowMs: config.rundownUrgentMinutes * 60_000,
    // A linked asset is used (lifecycle rules see it) and an archived original is restored by air time.
    onUse: async (assetId, airTime) => {
      try {
        const asset = await assets.get(assetId);
        if (!asset) return;
        await usage.used(asset, 'rundown', airTime);
        if (airTime) await archive.ensureAvailableBy(assetId, airTime);
      } catch (err) {
        log.warn({ err, assetId }, 'could not prepare a rundown asset for air');
      }
    },
  });
  // Delivery (issue 16): workers render, API processes plan, approve and deliver; both need the service.
  const audit = new AuditService({ store: catalog.audit, clock, ids });
  const review = new ReviewService({ store: catalog.review, assets, index, events, clock, ids });
  const toReview = (info: Destination, reviewDestinationId: string) => new ReviewPushDestination(info, { ingest, review, assets, reviewDestinationId });
  const delivery = new DeliveryService({ store: catalog.delivery, queue, assets, index, storage, scratch, audit, events, clock, ids, ...buildDelivery(config, dataDir, toReview, frameFaces) });
  let urgencyTimer: NodeJS.Timeout | undefined;

  let app: express.Express;
  let generatedAdminToken: string | null = null;
  if (config.role === 'worker') {
    // A worker serves only health, liveness and readiness, for orchestrators.
    app = express();
    app.use(securityHeaders(config.hardening.frameAncestors));
    app.use('/api/v1', healthRoutes(VERSION, health, probes, tokens));
  } else {
    generatedAdminToken = await tokens.bootstrapAdmin(config.adminToken);
    if (generatedAdminToken) await writeFile(join(dataDir, 'admin.token'), `${generatedAdminToken}\n`, { mode: 0o600 });
    await mkdir(join(dataDir, 'uploads'), { recursive: true });
    const signer = new SignedUrlService({ config: { secret: await loadSigningSecret(config.signing.secret, dataDir), defaultTtlSeconds: config.signing.ttlSeconds, maxTtlSeconds: 30 * 24 * 3600 }, clock });
    const renditions = new RenditionService({ storage, media, scratch });
    const versionService = new VersionService({ assets, versions: catalog.versions, index, ingest, events });
    const consoleDir = await prepareConsole(config.web, log.child({ component: 'console' }));
    const assetService = new AssetService({ assets, index, storage, queue, events, vectors, people });
    const search = new SearchService({ index, assets, vocabulary, versions: versionService, people, spelling: new SpellingService({ spelling: catalog.spelling, vocabulary }), ...(embedder ? { semantic: { embedder: new QueryEmbeddingCache(embedder), vectors, minScore: config.ai.semanticMinScore } } : {}), ...(pronouncer ? { pronouncer } : {}) });
    const review = new ReviewService({ store: catalog.review, assets, index, events, clock, ids });
    const frames = new FrameService({ storage, scratch, frames: new FfmpegFrameGrabber({ ffmpeg: config.ffmpegPath, ffprobe: config.ffprobePath }) });
    // Issue 16: one tool registry for the MCP server (/mcp) and the assistant; saved prompts tick with maintenance.
    const agent = buildAgent({
      config, log: log.child({ component: 'agent' }), store: catalog.agent, tokens, clock, ids, maintenance,
      tools: { search, assets: assetService, frames, storage, delivery, review, rundowns, audit },
    });
    app = createApp({
      agent: { ...agent, clock, ids, mcpAllowedOrigins: config.assistant.mcpAllowedOrigins },
      corsOrigins: config.web.corsOrigins,
      consoleDir,
      version: VERSION,
      log: log.child({ component: 'http' }),
      assets: assetService,
      ingest,
      search,
      renditions,
      tokens,
      watchFolders,
      vocabulary,
      enrichment,
      archive,
      archivePolicies,
      usage,
      storageReport,
      queue,
      storage,
      tusDirectory: join(dataDir, 'uploads'),
      maxUploadBytes: config.maxUploadBytes,
      hardening: { ...config.hardening, publicUrl: () => publicUrl },
      maintenance,
      audit,
      delivery,
      ...(live ? { liveChannels: live.channels, liveClips: live.clips, liveCues: live.cues, liveRecordings: live.recordings } : {}),
      review,
      health,
      probes,
      signer,
      links: new MediaLinkService({ assets, renditions, signer }),
      publicUrl: config.publicUrl,
      rundowns,
      placeholders: new PlaceholderService({ assets, index, storage, queue, events, rundowns: catalog.rundowns, clock, ids, maxUploadBytes: config.maxUploadBytes }),
      frames,
      versions: versionService,
      people,
    });
    // Running orders cross into the urgent window as time passes, not only when the NRCS writes them.
    urgencyTimer = setInterval(() => {
      rundowns.raiseUrgentJobs().catch((err: unknown) => log.error({ err }, 'could not raise urgent rundown jobs'));
    }, 60_000);
    urgencyTimer.unref();
  }

  // HTTPS when a certificate is configured: UXP on macOS refuses plain http (docs/adobe-hosts.md "Networking").
  const tls = config.web.tls ? { cert: await readFile(config.web.tls.certPath), key: await readFile(config.web.tls.keyPath) } : null;
  const server: Server = tls ? (createHttpsServer(tls, app) as unknown as Server) : createServer(app);
  // Long uploads must not be cut by Node's default 5-minute request timeout.
  server.requestTimeout = 0;
  // Idle keep-alive sockets outlive the clients' pools (undici keeps them ~4 s), so the client, not the server,
  // closes them: a server closing first races a reused socket ("other side closed"). Headers must outlast it.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const hub = config.role === 'worker' ? null : attachEventHub(server, { bus: events, tokens, log: log.child({ component: 'ws' }), recheckMs: config.hardening.wsRecheckMs });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(config.port, config.host, () => ok());
  });
  const { port } = server.address() as AddressInfo;
  publicUrl ||= `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;

  const worker = new JobWorker({
    queue,
    handlers: createHandlers({ mediaIngest, enrichment, archive, archivePolicies, delivery }),
    log: log.child({ component: 'worker' }),
    concurrency: Math.max(1, config.workerConcurrency),
    leaseMs: config.jobLeaseMs,
    onProgress: (job, percent, stage) => events.publish({ type: 'job.progress', jobId: job.id, name: job.name, assetId: job.assetId, percent, stage }),
    onFinished: (job, outcome) => {
      if (outcome === 'failed' && job.name === 'media.ingest' && job.assetId) {
        mediaIngest.markFailed(job.assetId, job.error).catch((err: unknown) => log.error({ err, jobId: job.id }, 'could not mark asset failed'));
      }
    },
  });
  if (runsWorker(config)) {
    worker.start();
    await archivePolicies.scheduleNextTick();
  }
  if (config.role !== 'worker') await ingest.recoverStalled();
  if (config.watchFolders) await watchFolders.startAll();
  await live?.startAll();

  const url = `${tls ? 'https' : 'http'}://${config.host}:${port}`;
  log.info({ url, dataDir, role: config.role, database: catalog.engine, storage: storageEngine, enrichment: summary }, 'platform-api listening');
  return {
    url,
    server,
    generatedAdminToken,
    async close() {
      ready = false;
      clearInterval(urgencyTimer);
      // Stop taking requests, hand running jobs back, then let open requests finish.
      const closed = new Promise<void>((ok) => server.close(() => ok()));
      await maintenance.stop();
      await worker.stop({ graceMs: 5000 });
      await watchFolders.stopAll();
      await live?.stopAll();
      await hub?.close();
      server.closeIdleConnections();
      await Promise.race([closed, new Promise((r) => setTimeout(r, 10_000).unref())]);
      server.closeAllConnections();
      await catalog.close();
    },
  };
}

const runsWorker = (config: Config) => config.role !== 'api' && config.workerConcurrency > 0;

/** Operator prices over the published defaults; a changed price makes the source "operator". */
function storagePrices(p: ArchiveConfig['prices']): StoragePrices {
  const d = DEFAULT_PRICES;
  const changed = Object.keys(p).length > 0;
  return {
    currency: p.currency ?? d.currency,
    perGbMonth: { online: p.online ?? d.perGbMonth.online, nearline: p.nearline ?? d.perGbMonth.nearline, archive: p.archive ?? d.perGbMonth.archive },
    restorePerGb: { online: 0, nearline: p.restoreNearline ?? d.restorePerGb.nearline, archive: p.restoreArchive ?? d.restorePerGb.archive },
    source: changed ? `operator prices (CUTAWAY_PRICE_*), defaults from ${d.source}` : d.source,
  };
}
