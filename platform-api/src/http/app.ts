import { randomUUID } from 'node:crypto';
import express, { Router } from 'express';
import type { Logger } from 'pino';
import { AppError } from '@cutaway/shared';
import type { JobQueue } from '../ports/job-queue';
import type { ObjectStorage } from '../ports/object-storage';
import type { AssetService } from '../services/asset-service';
import type { IngestService } from '../services/ingest-service';
import type { RenditionService } from '../services/rendition-service';
import type { SearchService } from '../services/search-service';
import type { TokenService } from '../services/token-service';
import type { WatchFolderService } from '../services/watch-folder-service';
import { authenticate, writeNeedsEditor } from './auth';
import { errorMiddleware } from './error-middleware';
import { buildOpenApi } from './openapi';
import { adminRoutes } from './routes/admin';
import { assetRoutes } from './routes/assets';
import { healthRoutes, type HealthCheck, type Probes } from './routes/health';
import { assetActionRoutes } from './routes/asset-actions';
import type { EnrichmentService } from '../services/enrichment/enrichment-service';
import type { VocabularyService } from '../services/vocabulary-service';
import type { ArchiveService } from '../services/archive-service';
import type { ArchivePolicyService } from '../services/archive/policy-service';
import type { StorageReportService } from '../services/archive/storage-report';
import type { AssetUsageService } from '../services/archive/usage-service';
import { archiveRoutes } from './routes/archive';
import { searchRoutes } from './routes/search';
import { tusRoutes } from './routes/tus';
import { uploadRoutes } from './routes/upload';
import { securityHeaders } from './security-headers';
import { bodyIdleTimeout } from './body-idle-timeout';
import type { Maintenance } from '../maintenance';
import type { AuditService } from '../services/audit-service';
import { auditTrail } from './audit-trail';
import { auditRoutes } from './routes/audit';
import { peopleRoutes } from './routes/people';
import type { PeopleService } from '../services/people/people-service';
import type { MediaLinkService } from '../services/media-links';
import type { SignedUrlService } from '../services/signed-urls';
import { mediaLinkRoutes, signedAssetRoutes, signedGate } from './routes/signed';
import type { PlaceholderService } from '../services/placeholder-service';
import type { RundownService } from '../services/rundown-service';
import { rundownRoutes } from './routes/rundowns';
import { cors } from './cors';
import { consoleRoutes } from './console-routes';
import { liveRoutes } from './routes/live';
import type { LiveChannelService } from '../services/live/live-channel-service';
import type { LiveClipService } from '../services/live/live-clip-service';
import type { LiveCueService } from '../services/live/live-cue-service';
import type { LiveRecordingService } from '../services/live/live-recording-service';
import { reviewRoutes } from './routes/review';
import { deliveryRoutes } from './routes/delivery';
import type { DeliveryService } from '../services/delivery/index';
import type { ReviewService } from '../services/review-service';
import { frameRoutes } from './routes/frames';
import { versionRoutes } from './routes/versions';
import type { FrameService } from '../services/frame-service';
import type { VersionService } from '../services/version-service';
import type { Agent } from '../composition/agent';
import type { Clock, IdGenerator } from '../ports/clock';
import { mcpRoutes } from './routes/mcp';
import { assistantRoutes } from './routes/assistant';

export interface AppDeps {
  version: string;
  log: Logger;
  assets: AssetService;
  ingest: IngestService;
  search: SearchService;
  renditions: RenditionService;
  tokens: TokenService;
  watchFolders: WatchFolderService;
  queue: JobQueue;
  storage: ObjectStorage;
  health: Record<string, HealthCheck>;
  probes: Probes;
  vocabulary: VocabularyService;
  enrichment: EnrichmentService | null;
  archive: ArchiveService;
  archivePolicies: ArchivePolicyService;
  usage: AssetUsageService;
  storageReport: StorageReportService;
  tusDirectory: string;
  maxUploadBytes: number;
  /** Issue 7 hardening: see config.ts for each. */
  hardening: { publicUrl: () => string; frameAncestors: string; bodyIdleTimeoutMs: number; uploadExpiryMs: number; sweepIntervalMs: number };
  maintenance: Maintenance;
  audit: AuditService;
  signer: SignedUrlService;
  links: MediaLinkService;
  publicUrl: string | undefined;
  /** Extra routers served behind signed URLs (e.g. HLS); they see the path after `/s/<token>`. */
  signedRouters?: Router[];
  rundowns: RundownService;
  placeholders: PlaceholderService;
  frames: FrameService;
  versions: VersionService;
  /** Origins allowed by CORS (panels, a console on another origin); none by default. */
  corsOrigins?: readonly string[];
  /** The built browser console served at `/`, or null for none. */
  consoleDir?: string | null;
  /** Absent in processes that do not run live channels. */
  liveChannels?: LiveChannelService;
  liveClips?: LiveClipService;
  liveCues?: LiveCueService;
  liveRecordings?: LiveRecordingService;
  review: ReviewService;
  /** Issue 16: the tool registry's front ends (/mcp and /api/v1/assistant); absent, neither is served. */
  agent?: Agent & { clock: Clock; ids: IdGenerator; mcpAllowedOrigins?: readonly string[] };
  /** Delivery (issue 16); absent in tests that do not need it. */
  delivery?: DeliveryService;
  /** Issue 17; absent in apps built without it. */
  people?: PeopleService;
}

/** Thin routers over services; auth, request ids and error mapping live here and nowhere else. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(securityHeaders(deps.hardening.frameAncestors));
  app.use(bodyIdleTimeout(deps.hardening.bodyIdleTimeoutMs));
  app.use(auditTrail(deps.audit, deps.log.child({ component: 'audit' })));
  app.use((req, res, next) => {
    const id = typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'].slice(0, 100) : randomUUID();
    req.headers['x-request-id'] = id;
    res.setHeader('X-Request-Id', id);
    next();
  });
  app.use(cors(deps.corsOrigins ?? []));

  const api = Router();
  api.use(healthRoutes(deps.version, deps.health, deps.probes, deps.tokens));
  api.use(authenticate(deps.tokens));
  api.use(writeNeedsEditor);
  // A running order of a few thousand stories is bigger than any other body (MOS roCreate, 2.8.5 §3.5.1).
  api.use('/rundowns', express.json({ limit: '16mb' }));
  api.use(express.json({ limit: '1mb' }));
  const openapi = buildOpenApi(deps.version);
  api.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  api.use(uploadRoutes(deps.ingest));
  api.use(assetRoutes(deps));
  api.use(searchRoutes(deps.search));
  api.use(adminRoutes(deps));
  api.use(assetActionRoutes(deps));
  api.use(auditRoutes(deps.audit));
  api.use(mediaLinkRoutes(deps));
  api.use(rundownRoutes(deps));
  if (deps.liveChannels && deps.liveClips) api.use(liveRoutes({ liveChannels: deps.liveChannels, liveClips: deps.liveClips, ...(deps.liveCues ? { liveCues: deps.liveCues } : {}), ...(deps.liveRecordings ? { liveRecordings: deps.liveRecordings } : {}) }));
  api.use(frameRoutes(deps));
  api.use(versionRoutes(deps));
  api.use(reviewRoutes(deps));
  api.use(archiveRoutes(deps));
  if (deps.agent) api.use(assistantRoutes(deps.agent));
  if (deps.delivery) api.use(deliveryRoutes({ delivery: deps.delivery, storage: deps.storage }));
  if (deps.people) api.use(peopleRoutes({ people: deps.people }));

  // tus owns its whole path (creation URLs are absolute), so it sits beside the router, behind the same auth.
  app.use('/api/v1/uploads', authenticate(deps.tokens), writeNeedsEditor);
  const tus = tusRoutes({
    ingest: deps.ingest, directory: deps.tusDirectory, maxSize: deps.maxUploadBytes, log: deps.log.child({ component: 'tus' }),
    publicUrl: deps.hardening.publicUrl, expiryMs: deps.hardening.uploadExpiryMs,
  });
  app.use(tus.router);
  // tus's expiration extension only says when an upload expires; deleting it is up to the server.
  deps.maintenance.every('tus.expire', deps.hardening.sweepIntervalMs, tus.expire);
  // Signed URLs carry their own grant instead of a bearer token, so they sit before the authenticated router.
  app.use('/api/v1/s', signedGate(deps.signer), signedAssetRoutes(deps), ...(deps.signedRouters ?? []));
  if (deps.agent) {
    const agent = deps.agent;
    // The server's own origin (a browser tab on the console) and configured ones; anything else is refused (DNS rebinding).
    const allowedOrigins = () => {
      const own = deps.hardening.publicUrl();
      const local = own.replace('://127.0.0.1:', '://localhost:');
      return [own, local, ...(deps.corsOrigins ?? []), ...(agent.mcpAllowedOrigins ?? [])];
    };
    app.use(mcpRoutes({ registry: agent.registry, store: agent.store, clock: agent.clock, ids: agent.ids, version: deps.version, tokens: deps.tokens, log: deps.log.child({ component: 'mcp' }), allowedOrigins }));
  }
  app.use('/api/v1', api);
  app.use(consoleRoutes(deps.consoleDir ?? null));
  app.use('/api/v1', (req, _res, next) => next(new AppError('route.not_found', `No route ${req.method} /api/v1${req.path}`)));
  app.use(errorMiddleware(deps.log.child({ component: 'http' })));
  return app;
}
