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
    options: { move: boolean; skipDuplicates?: boolean },
  ): Promise<{ asset: UploadedAsset; duplicate: boolean }> {
    const id = this.deps.ids.newId();
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
  async catalogue({ id, stored }: StagedOriginal, source: IngestSource): Promise<UploadedAsset> {
    const existing = await this.deps.assets.findBySha256(stored.sha256);
    const fileName = safeFileName(source.fileName);
    const now = this.deps.clock.now().toISOString();
    const asset: Asset = {
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
      renditions: [],
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
    try {
      await this.deps.assets.create(asset);
    } catch (err) {
      await this.deps.storage.delete(stored.key);
      throw new AppError('internal', 'Could not catalogue the upload', undefined, { cause: err });
    }
    await this.deps.index.upsertAsset(assetDoc(asset));
    await this.enqueue(id);
    this.deps.events.publish({ type: 'asset.created', asset });
    if (existing) this.deps.events.publish({ type: 'asset.duplicate', assetId: id, duplicateOf: existing.id, fileName });
    return { ...asset, duplicateOf: existing?.id ?? null };
  }

  private enqueue(assetId: string) {
    return this.deps.queue.enqueue('media.ingest', { assetId }, { priority: INGEST_PRIORITY, dedupeKey: `media.ingest:${assetId}` });
  }
}

function stripExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
