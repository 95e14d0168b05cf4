import type { Readable } from 'node:stream';
import { AppError, NO_RESTORE, type Asset, type UploadedAsset, type UploadMetadata } from '@cutaway/shared';
import type { AssetStore } from '../ports/asset-store';
import type { Clock, IdGenerator } from '../ports/clock';
import type { EventBus } from '../ports/event-bus';
import type { JobQueue } from '../ports/job-queue';
import type { ObjectStorage, StoredObject } from '../ports/object-storage';
import type { SearchIndex } from '../ports/search-index';
import { assetDoc } from './asset-service';
import { safeFileName } from './file-names';
import { guessType, mimeFor } from './media-types';
import { assetPrefix, originalKey } from './storage-keys';

export interface IngestSource {
  fileName: string;
  /** The stored file is usable as it is (a live clip's master): list it as the original rendition before ingest runs. */
  originalReady?: boolean;
  meta: UploadMetadata;
  origin: Asset['origin'];
}

export interface StagedOriginal {
  id: string;
  stored: StoredObject;
}

/** Default job priority for fresh ingest; rundown links make it more urgent later. */
export const INGEST_PRIORITY = 50;

/**
 * Turns bytes into a catalogued asset. The original is fully stored (and hashed)
 * BEFORE the row exists, so a failed or aborted upload — a full disk, a client
 * that hangs up — leaves no half-written rows.
 */
export class IngestService {
  constructor(
    private readonly deps: {
      assets: AssetStore;
      index: SearchIndex;
      storage: ObjectStorage;
      queue: JobQueue;
      events: EventBus;
      clock: Clock;
      ids: IdGenerator;
      maxUploadBytes: number;
    },
  ) {}

  /** Streams an upload body into storage, then catalogues it. */
  async ingestStream(body: Readable, source: IngestSource, onBytes?: (n: number) => void): Promise<UploadedAsset> {
    return this.catalogue(await this.storeOriginal(body, onBytes), source);
  }

  /** First half of an upload whose metadata may arrive after the bytes (multipart): store only. */
  async storeOriginal(body: Readable, onBytes?: (n: number) => void): Promise<StagedOriginal> {
    const id = this.deps.ids.newId();
    try {
      const stored = await this.deps.storage.put(originalKey(id), body, { maxBytes: this.deps.maxUploadBytes, ...(onBytes ? { onBytes } : {}) });
      return { id, stored };
    } catch (err) {
      // The id was never catalogued: its folder (empty, or holding a partial) is nobody's.
      await this.deps.storage.deletePrefix(assetPrefix(id)).catch(() => undefined);
      throw err;
    }
  }

  /** Drops a stored original that will not be catalogued (its metadata was invalid), folder and all. */
  async discard(staged: StagedOriginal): Promise<void> {
    await this.deps.storage.deletePrefix(assetPrefix(staged.id));
  }

  /**
   * Adopts a finished local file (tus upload, watch folder). With `skipDuplicates`,
   * a file whose checksum is already catalogued is not ingested again: the existing asset is returned.
   */
  async ingestFile(
    path: string,
    source: IngestSource,
    options: { move: boolean; skipDuplicates?: boolean; assetId?: string },
  ): Promise<{ asset: UploadedAsset; duplicate: boolean }> {
    // A live clip reserves its asset id when it is accepted, before the first cut exists.
    const id = options.assetId ?? this.deps.ids.newId();
    const stored = await this.deps.storage.putFile(originalKey(id), path, { move: options.move });
    if (options.skipDuplicates) {
      const existing = await this.deps.assets.findBySha256(stored.sha256);
      if (existing) {
        await this.deps.storage.deletePrefix(assetPrefix(id));
        return { asset: { ...existing, duplicateOf: null }, duplicate: true };
      }
    }
    return { asset: await this.catalogue({ id, stored }, source), duplicate: false };
  }

  /** True once the asset is in the catalog (a live clip's reserved id becomes an asset with its first cut). */
  async assetExists(assetId: string): Promise<boolean> {
    return (await this.deps.assets.get(assetId)) !== null;
  }

  /**
   * Swaps the original of an existing asset for a better master (a live clip's exact pass, or a growing
   * clip's longer cut). With `reprocess`, proxies, thumbnails and enrichment are made again from it.
   */
  /**
   * Swaps the stored master. `reprocess` re-runs ingest on it; `stayReady` keeps a ready asset ready meanwhile: a
   * refined master of the same content (the live exact pass replacing the instant one) must not flip a rundown item
   * that already plays it back to NOT READY. Ingest publishes `asset.ready` again when the new renditions are in.
   */
  async replaceOriginal(assetId: string, path: string, options: { reprocess: boolean; durationMs?: number; stayReady?: boolean }): Promise<Asset> {
    const current = await this.deps.assets.get(assetId);
    if (!current) throw new AppError('asset.not_found', `No asset ${assetId}`, { id: assetId });
    const stored = await this.deps.storage.putFile(originalKey(assetId), path, { move: true });
    const technical = current.technical && options.durationMs !== undefined ? { ...current.technical, durationMs: options.durationMs } : current.technical;
    const asset = await this.deps.assets.update(assetId, {
      renditions: current.renditions.map((r) => (r.kind === 'original' ? { ...r, sizeBytes: stored.sizeBytes } : r)),
      sizeBytes: stored.sizeBytes,
      sha256: stored.sha256,
      technical,
      ...(options.reprocess && !(options.stayReady && current.status === 'ready') ? { status: 'processing' as const } : {}),
    });
    await this.deps.index.upsertAsset(assetDoc(asset));
    if (options.reprocess) {
      // A running ingest still reads the old master: queue another one behind it instead of merging into it.
      const job = await this.enqueue(assetId);
      if (job.status === 'running') await this.deps.queue.enqueue('media.ingest', { assetId }, { priority: INGEST_PRIORITY, dedupeKey: `media.ingest:${assetId}:again` });
    }
    this.deps.events.publish({ type: 'asset.updated', asset });
    return asset;
  }

  /** Re-queues assets whose ingest job was lost between the row and the enqueue (crash window). */
  async recoverStalled(): Promise<number> {
    let recovered = 0;
    let cursor: string | undefined;
    do {
      const page = await this.deps.assets.list({ status: 'processing', limit: 200, ...(cursor ? { cursor } : {}) });
      for (const asset of page.items) {
        const jobs = await this.deps.queue.list({ assetId: asset.id, limit: 20 });
        if (jobs.some((j) => j.name === 'media.ingest' && (j.status === 'queued' || j.status === 'running'))) continue;
        await this.enqueue(asset.id);
        recovered += 1;
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return recovered;
  }

  /**
   * Second half: the row, the index entry, the ingest job, the event. Identical bytes already catalogued
   * do not stop the upload (the user chooses what to keep): the answer names them in `duplicateOf` and an
   * `asset.duplicate` event says so, as watch folders do for their skipped files.
   */
  async catalogue(staged: StagedOriginal, source: IngestSource): Promise<UploadedAsset> {
    const { stored } = staged;
    const existing = await this.deps.assets.findBySha256(stored.sha256);
    const asset = this.draft(staged, source);
    try {
      await this.deps.assets.create(asset);
    } catch (err) {
      await this.deps.storage.delete(stored.key);
      throw new AppError('internal', 'Could not catalogue the upload', undefined, { cause: err });
    }
    await this.deps.index.upsertAsset(assetDoc(asset));
    await this.enqueue(asset.id);
    this.deps.events.publish({ type: 'asset.created', asset });
    if (existing) this.deps.events.publish({ type: 'asset.duplicate', assetId: asset.id, duplicateOf: existing.id, fileName: asset.fileName });
    return { ...asset, duplicateOf: existing?.id ?? null };
  }

  /** The v1 row an upload becomes (versions start from the same draft: version-service.ts). */
  draft({ id, stored }: StagedOriginal, source: IngestSource): Asset {
    const fileName = safeFileName(source.fileName);
    const now = this.deps.clock.now().toISOString();
    return {
      id,
      title: source.meta.title?.trim() || stripExtension(fileName),
      description: source.meta.description ?? '',
      tags: source.meta.tags ?? [],
      type: guessType(fileName),
      status: 'processing',
      failure: null,
      fileName,
      mime: mimeFor(fileName),
      sizeBytes: stored.sizeBytes,
      sha256: stored.sha256,
      technical: null,
      renditions: source.originalReady ? [originalRendition(mimeFor(fileName), stored.sizeBytes)] : [],
      storageTier: 'online',
      restore: NO_RESTORE,
      tierMove: null,
      lastUsedAt: null,
      version: 1,
      versionOf: null,
      origin: source.origin,
      enrichment: {},
      createdAt: now,
      updatedAt: now,
    };
  }

  /** Queues the media pipeline for a catalogued asset (deduplicated per asset). */
  enqueue(assetId: string) {
    return this.deps.queue.enqueue('media.ingest', { assetId }, { priority: INGEST_PRIORITY, dedupeKey: `media.ingest:${assetId}` });
  }
}

function originalRendition(mime: string, sizeBytes: number): Asset['renditions'][number] {
  return { kind: 'original', mime, sizeBytes, width: null, height: null, sprite: null, timesMs: null };
}

function stripExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
