import { withSpellingFeed } from '../services/spelling/spelling-feed';
import type { Logger } from 'pino';
import { NO_RESTORE, TokenInfoSchema, type Asset, type AuditRecord, type Render } from '@cutaway/shared';
import { copyAgent, copyArchive, copyAssetFaces, copyDelivery, copyLive, copyPeople, copyPlaceholderKeys, notCopied } from './copy-stores';
import type { SqliteDb } from '../adapters/sqlite/database';
import type { Catalog } from '../composition/catalog';

export interface CopyStats {
  /** Every asset row, later versions included (they are assets whose versionOf names v1). */
  assets: number;
  /** Of `assets`, those that are a later version of another asset. */
  versions: number;
  segments: number;
  tokens: number;
  watchFolders: number;
  vocabulary: number;
  audit: number;
  /** Review destinations and requests (markers and statuses are upserted with their asset). */
  review: number;
  /** Assets and running orders the target already had. */
  skipped: number;
  liveChannels: number;
  liveClips: number;
  liveGaps: number;
  liveRecordings: number;
  liveRecordingRuns: number;
  /** Running orders from the newsroom systems, with their stories, items and asset links. */
  rundowns: number;
  placeholderKeys: number;
  archivePolicies: number;
  restores: number;
  people: number;
  faceTracks: number;
  faceRejections: number;
  faceGroupingOff: number;
  selections: number;
  renders: number;
  approvals: number;
  deliveries: number;
  savedPrompts: number;
  toolHandles: number;
  /** Counted in the source, deliberately not copied (see docs/deployment.md). */
  notCopied: {
    unfinishedJobs: number;
    vectors: number;
    /** Assets whose tier move or restore was under way: their jobs stay behind, so the copied row says neither. */
    inFlightTierWork: number;
    /** Live clips still recording or waiting for the exact pass: their buffer stays on the recording host. */
    unfinishedLiveClips: number;
    /** Resumable uploads not finished: the client starts them again on the target. */
    uploadsInFlight?: number;
  };
}

/** Where the files of copied rows go: called before the row is written, so a target row always has its files. */
export interface ObjectCopier {
  asset(a: Asset): Promise<void>;
  render(r: Render): Promise<void>;
}

interface TokenRow {
  id: string;
  name: string;
  role: string;
  hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/**
 * Copies catalog rows from an embedded install into the target catalog. Rows that already exist in
 * the target are skipped, so an interrupted run simply starts again (resumable). Tokens keep their
 * hashes (secrets are never known) by reading the SQLite table itself: the port does not expose hashes.
 */
export async function copyCatalog(source: { db: SqliteDb; catalog: Catalog }, target: Catalog, log: Logger, objects: ObjectCopier): Promise<CopyStats> {
  const stats: CopyStats = {
    assets: 0, versions: 0, segments: 0, tokens: 0, watchFolders: 0, vocabulary: 0, review: 0, audit: 0, skipped: 0,
    liveChannels: 0, liveClips: 0, liveGaps: 0, liveRecordings: 0, liveRecordingRuns: 0, rundowns: 0, placeholderKeys: 0,
    archivePolicies: 0, restores: 0, people: 0, faceTracks: 0, faceRejections: 0, faceGroupingOff: 0,
    selections: 0, renders: 0, approvals: 0, deliveries: 0, savedPrompts: 0, toolHandles: 0,
    notCopied: { ...notCopied(source), inFlightTierWork: 0 },
  };

  const tokens = source.db.prepare('SELECT t.*, k.kind FROM api_tokens t LEFT JOIN token_kinds k ON k.token_id = t.id ORDER BY t.created_at').all() as Array<TokenRow & { kind: string | null }>;
  const existingTokens = new Set((await target.tokens.list()).map((t) => t.id));
  for (const t of tokens) {
    if (existingTokens.has(t.id)) {
      stats.skipped += 1;
      continue;
    }
    const info = TokenInfoSchema.parse({ id: t.id, name: t.name, role: t.role, createdAt: t.created_at, lastUsedAt: t.last_used_at, revokedAt: null, ...(t.kind === 'agent' ? { kind: 'agent' } : {}) });
    await target.tokens.create(info, t.hash);
    if (t.revoked_at) await target.tokens.revoke(t.id, t.revoked_at);
    stats.tokens += 1;
  }

  const existingVocab = new Set((await target.vocabulary.list()).map((v) => v.id));
  for (const v of await source.catalog.vocabulary.list()) {
    if (existingVocab.has(v.id)) continue;
    await target.vocabulary.create(v);
    stats.vocabulary += 1;
  }

  const existingDestinations = new Set((await target.review.listDestinations()).map((d) => d.id));
  for (const d of await source.catalog.review.listDestinations()) {
    if (existingDestinations.has(d.id)) continue;
    await target.review.createDestination(d);
    stats.review += 1;
  }
  for (const r of await source.catalog.review.listRequests({})) {
    if (await target.review.getRequest(r.id)) continue;
    await target.review.createRequest(r);
    stats.review += 1;
  }

  const existingFolders = new Set((await target.watchFolders.list()).map((f) => f.id));
  for (const f of await source.catalog.watchFolders.list()) {
    if (!existingFolders.has(f.id)) {
      await target.watchFolders.create(f);
      stats.watchFolders += 1;
    }
    // The ledger on every run (markSeen is an upsert): a run stopped inside it resumes with the rest.
    const seen = source.db.prepare('SELECT * FROM watch_folder_files WHERE watch_folder_id = ?').all(f.id) as Array<{ path: string; size_bytes: number; mtime_ms: number; asset_id: string | null; outcome: 'ingested' | 'duplicate' | 'failed' }>;
    for (const s of seen) await target.watchFolders.markSeen(f.id, { path: s.path, sizeBytes: s.size_bytes, mtimeMs: s.mtime_ms }, s.outcome, s.asset_id);
  }

  // The audit trail moves with the catalog: who changed what must survive the move to PostgreSQL.
  const existingAudit = new Set<string>();
  for await (const r of auditRecords(target)) existingAudit.add(r.id);
  for await (const r of auditRecords(source.catalog)) {
    if (existingAudit.has(r.id)) continue;
    await target.audit.append(r);
    stats.audit += 1;
  }

  // Live channels, clip records, gaps and scheduled recordings (the buffers stay on the recording host's disk).
  Object.assign(stats, await copyLive(source, target));
  Object.assign(stats, await copyArchive(source, target));
  stats.people = await copyPeople(source, target);

  // Oldest first, so a resumed run and the target's own ordering agree.
  const ids = source.db.prepare('SELECT id FROM assets ORDER BY created_at, id').pluck().all() as string[];
  for (const [i, id] of ids.entries()) {
    const asset = await source.catalog.assets.get(id);
    if (!asset) continue;
    // Objects first: an asset row in the target always has its files (checked again on every run).
    await objects.asset(asset);
    const exists = (await target.assets.get(id)) !== null;
    if (!exists) {
      // Through the spelling feed, so the target's lexicon knows the copied words (issue 14). Only for an
      // asset the target lacks: a second run must not count every word again.
      const index = withSpellingFeed(target.index, target.spelling);
      await index.upsertAsset({ assetId: asset.id, title: asset.title, description: asset.description, tags: asset.tags, fileName: asset.fileName, type: asset.type, createdAt: asset.createdAt });
      const segments = await source.catalog.index.listSegments(id);
      const bySource = new Map<string, typeof segments>();
      for (const s of segments) (bySource.get(s.source) ?? bySource.set(s.source, []).get(s.source)!).push(s);
      for (const [src, list] of bySource) await index.replaceSegments(id, src, list);
      stats.segments += segments.length;
    }
    // Markers and statuses are upserts: copying them again is harmless.
    for (const m of await source.catalog.review.listMarkers(id)) await target.review.upsertMarker(m);
    const status = await source.catalog.review.getStatus(id);
    if (status) await target.review.setStatus(status);
    const faces = await copyAssetFaces(source, target, id);
    stats.faceTracks += faces.faceTracks;
    stats.faceRejections += faces.faceRejections;
    stats.faceGroupingOff += faces.faceGroupingOff;
    // The asset row last: once it is there, everything above was copied, and a resumed run skips it.
    if (exists) {
      stats.skipped += 1;
    } else {
      const row = settled(asset);
      if (row !== asset) stats.notCopied.inFlightTierWork += 1;
      await target.assets.create(row);
      stats.assets += 1;
      if (asset.versionOf) stats.versions += 1;
    }
    if ((i + 1) % 50 === 0 || i + 1 === ids.length) log.info({ done: i + 1, of: ids.length }, 'assets copied');
  }

  // Renders and deliveries name assets (through their selections), so they follow the assets.
  Object.assign(stats, await copyDelivery(source, target, objects.render));
  Object.assign(stats, await copyAgent(source, target));

  // Running orders after the assets their items link to. put() rebuilds the asset-link index from the
  // stories, keeping id and createdAt, so "used in 6PM NEWS" answers the same after the move.
  const rundownIds = source.db.prepare('SELECT id FROM rundowns ORDER BY created_at, id').pluck().all() as string[];
  for (const id of rundownIds) {
    const r = await source.catalog.rundowns.get(id);
    if (!r) continue;
    if (await target.rundowns.findByKey(r.ncsId, r.roId)) {
      stats.skipped += 1;
      continue;
    }
    await target.rundowns.put(r);
    stats.rundowns += 1;
  }
  if (rundownIds.length) log.info({ rundowns: stats.rundowns, of: rundownIds.length }, 'running orders copied');
  stats.placeholderKeys = await copyPlaceholderKeys(source, target);
  return stats;
}

/**
 * The asset as the target can honour it. A tier move or restore under way is a job of the embedded install
 * (not copied) on its own volumes: in the target the original was just written where `storageTier` says, with
 * no restored copy, so the row forgets the move and the restore (a policy run or a restore asks again).
 */
function settled(asset: Asset): Asset {
  const moving = asset.tierMove !== null && asset.tierMove.state !== 'failed';
  const restoring = ['requested', 'in_progress', 'restored'].includes(asset.restore.state);
  if (!moving && !restoring) return asset;
  return { ...asset, ...(moving ? { tierMove: null } : {}), ...(restoring ? { restore: { ...NO_RESTORE } } : {}) };
}

async function* auditRecords(catalog: Catalog): AsyncGenerator<AuditRecord> {
  let cursor: string | undefined;
  do {
    const page = await catalog.audit.list({ limit: 200, ...(cursor ? { cursor } : {}) });
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
