import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { StorageTier } from '@cutaway/shared';
import { LocalFsObjectStorage } from '../adapters/local-fs/local-fs-object-storage';
import { TierRecords } from '../adapters/local-fs/tier-records';
import { TieredLocalStorage } from '../adapters/local-fs/tiered-local-storage';
import { migrate, openSqlite } from '../adapters/sqlite/database';
import { ALL_MIGRATIONS } from '../adapters/sqlite/migrations';
import type { Catalog } from '../composition/catalog';
import { openSqliteCatalog } from '../composition/sqlite-catalog';
import { systemClock } from '../ids';
import type { ArchiveStorage } from '../ports/archive-storage';
import type { ObjectStorage } from '../ports/object-storage';
import { originalKey } from '../services/storage-keys';
import { copyCatalog, type CopyStats } from './copy-catalog';
import { copyAssetObjects, copyPrefixObjects, type ObjectCopyResult } from './copy-objects';

export interface MigrationReport extends CopyStats {
  objectsCopied: number;
  objectsSkipped: number;
  bytesCopied: number;
  /** Keys a copied row needs that the source could not read (e.g. an original on a tier volume not named). */
  objectsMissing: string[];
  /** Originals whose storage class in the target was set to the asset's nearline or archive tier. */
  tiersSet: number;
}

export interface MigrateOptions {
  /** The embedded install's tier volumes (CUTAWAY_TIER_NEARLINE_DIR / _ARCHIVE_DIR), where originals moved off the media root. */
  tierDirs?: { nearline?: string | undefined; archive?: string | undefined };
}

/**
 * Embedded (SQLite + local disk) → scale-out (PostgreSQL + S3): the catalog and every store beside it (see
 * copyCatalog and docs/deployment.md), search segments, tokens, and every stored file — asset files on any
 * tier volume and delivery renders — checksums verified, safe to run again after an interruption. Vectors
 * and unfinished jobs are counted, not copied: queue the `embeddings` step on the target to rebuild vectors.
 */
export async function migrateEmbedded(
  fromDataDir: string,
  target: { catalog: Catalog; storage: ObjectStorage; archive?: ArchiveStorage },
  log: Logger,
  options: MigrateOptions = {},
): Promise<MigrationReport> {
  const dataDir = resolve(fromDataDir);
  const db = openSqlite(join(dataDir, 'cutaway.db'));
  migrate(db, ALL_MIGRATIONS);
  const source = openSqliteCatalog(dataDir, { model: 'none', dimensions: 1 }, db);
  const mediaRoot = join(dataDir, 'media');
  const nearline = options.tierDirs?.nearline ? resolve(options.tierDirs.nearline) : undefined;
  const archive = options.tierDirs?.archive ? resolve(options.tierDirs.archive) : undefined;
  const roots = [mediaRoot, ...(nearline ? [nearline] : []), ...(archive ? [archive] : [])];
  // Reads follow the install's tier records, as the embedded server itself reads them.
  const sourceStorage = new TieredLocalStorage({
    volumes: { online: new LocalFsObjectStorage(mediaRoot), ...(nearline ? { nearline: new LocalFsObjectStorage(nearline) } : {}), ...(archive ? { archive: new LocalFsObjectStorage(archive) } : {}) },
    records: new TierRecords(join(dataDir, 'tiers')),
    restoreLatencyMs: 0,
    clock: systemClock,
  });
  const totals = { objectsCopied: 0, objectsSkipped: 0, bytesCopied: 0, objectsMissing: [] as string[], tiersSet: 0 };
  const add = (r: ObjectCopyResult) => {
    totals.objectsCopied += r.copied;
    totals.objectsSkipped += r.skipped;
    totals.bytesCopied += r.bytes;
    if (r.missing.length) log.warn({ keys: r.missing }, 'objects missing in the source: the rows naming them are copied without them');
    totals.objectsMissing.push(...r.missing);
  };
  try {
    const stats = await copyCatalog({ db, catalog: source }, target.catalog, log, {
      asset: async (asset) => {
        const r = await copyAssetObjects(roots, asset, sourceStorage, target.storage);
        add(r);
        // The asset row says where its original lives; in the bucket that is the object's storage class.
        if (asset.storageTier !== 'online' && target.archive && !r.missing.includes(originalKey(asset.id))) {
          await target.archive.setTier(originalKey(asset.id), asset.storageTier satisfies StorageTier);
          totals.tiersSet += 1;
        }
      },
      render: async (render) => {
        // renderKey() in delivery-service: deliveries/renders/<id>/output.mp4 and its sidecars.
        const prefix = `deliveries/renders/${render.id}`;
        add(await copyPrefixObjects(roots, prefix, sourceStorage, target.storage, render.output ? new Map([[`${prefix}/output.mp4`, render.output.sha256]]) : new Map()));
      },
    });
    // tus keeps one `<id>.json` per upload not yet finished (deleted when it completes).
    const uploadsInFlight = (await readdir(join(dataDir, 'uploads')).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).length;
    return { ...stats, ...totals, notCopied: { ...stats.notCopied, uploadsInFlight } };
  } finally {
    db.close();
  }
}

/** What the operator reads at the end of a run: one line per kind copied, then what was not copied and why. */
export function formatReport(r: MigrationReport): string {
  const rows: Array<[string, number | string]> = [
    ['assets', `${r.assets} (${r.versions} of them later versions), ${r.skipped} already there`],
    ['search segments', r.segments], ['API tokens', r.tokens], ['watch folders', r.watchFolders], ['vocabulary entries', r.vocabulary],
    ['review destinations and requests', r.review], ['audit records', r.audit],
    ['live channels', r.liveChannels], ['live clips', r.liveClips], ['live buffer gaps', r.liveGaps],
    ['scheduled live recordings', r.liveRecordings], ['scheduled recording runs', r.liveRecordingRuns],
    ['running orders', r.rundowns], ['placeholder idempotency keys', r.placeholderKeys],
    ['archive policies', r.archivePolicies], ['restore log entries', r.restores],
    ['people', r.people], ['face tracks', r.faceTracks], ['face rejections', r.faceRejections], ['assets with face grouping off', r.faceGroupingOff],
    ['delivery selections', r.selections], ['delivery renders', r.renders], ['delivery approvals', r.approvals], ['deliveries', r.deliveries],
    ['saved prompts', r.savedPrompts], ['agent tool handles', r.toolHandles],
    ['stored files', `${r.objectsCopied} copied (${r.bytesCopied} bytes), ${r.objectsSkipped} already there`],
    ['originals set to a colder storage class', r.tiersSet],
  ];
  const lines = ['copied:', ...rows.map(([k, v]) => `  ${k}: ${v}`)];
  lines.push(
    'not copied:',
    `  vectors: ${r.notCopied.vectors} (rebuilt: queue the embeddings step on the target)`,
    `  unfinished jobs: ${r.notCopied.unfinishedJobs} (the queue is not copied: let the embedded install finish its jobs before the move, or re-queue the steps on the target)`,
    `  tier moves under way and restores under way or done: ${r.notCopied.inFlightTierWork} (the copied asset shows neither: run the policy or ask for the restore again on the target)`,
    `  live clips still recording or not yet frame-exact: ${r.notCopied.unfinishedLiveClips} (copied as they are; their buffer stays on the recording host, so only a target running there finishes them)`,
    `  uploads in flight: ${r.notCopied.uploadsInFlight ?? 0} (the uploading client starts them again against the target)`,
    '  the signing key (signing.key): links the embedded install signed stop working on the target before they expire (24 h by default); set CUTAWAY_SIGNING_SECRET for the scaled-out processes',
    '  search index and spelling lexicon: rebuilt in the target from the copied assets and segments',
  );
  if (r.objectsMissing.length) lines.push(`MISSING in the source (rows copied without them): ${r.objectsMissing.length} files`, ...r.objectsMissing.map((k) => `  ${k}`));
  return lines.join('\n');
}
