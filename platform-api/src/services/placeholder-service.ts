import type { Readable } from 'node:stream';
import { AppError, NO_RESTORE, type Asset, type PlaceholderCreate } from '@cutaway/shared';
import type { AssetStore } from '../ports/asset-store';
import type { Clock, IdGenerator } from '../ports/clock';
import type { EventBus } from '../ports/event-bus';
import type { JobQueue } from '../ports/job-queue';
import type { ObjectStorage } from '../ports/object-storage';
import type { RundownStore } from '../ports/rundown-store';
import type { SearchIndex } from '../ports/search-index';
import { assetDoc } from './asset-service';
import { safeFileName } from './file-names';
import { INGEST_PRIORITY } from './ingest-service';
import { guessType, mimeFor } from './media-types';
import { URGENT_PRIORITY } from './rundown-service';
import { originalKey } from './storage-keys';

/** No bytes yet: the checksum field holds zeros until the media is attached. */
const NO_SHA256 = '0'.repeat(64);

/**
 * Placeholder assets (MOS 2.8.5 §3.2.1 mosObjCreate: the NRCS asks the MAM for an object that does
 * not exist yet). The asset is catalogued and searchable at once, in status `placeholder`; a later
 * ingest attaches the media to the same id, so items already linked in rundowns turn READY.
 */
export class PlaceholderService {
  constructor(
    private readonly deps: {
      assets: AssetStore; index: SearchIndex; storage: ObjectStorage; queue: JobQueue; events: EventBus; rundowns: RundownStore;
      clock: Clock; ids: IdGenerator; maxUploadBytes: number;
    },
  ) {}

  /** With `idempotencyKey`, a repeat returns the first call's asset: the key is bound to the id BEFORE the asset exists. */
  async create(input: PlaceholderCreate): Promise<Asset> {
    if (!input.idempotencyKey) return this.insert(this.deps.ids.newId(), input);
    const id = await this.deps.rundowns.bindPlaceholderKey(input.idempotencyKey, this.deps.ids.newId());
    const existing = await this.deps.assets.get(id);
    if (existing) return existing;
    try {
      return await this.insert(id, input);
    } catch (err) {
      // Two repeats at once: the other one created it.
      const raced = await this.deps.assets.get(id);
      if (raced) return raced;
      throw err;
    }
  }

  private async insert(id: string, input: PlaceholderCreate): Promise<Asset> {
    const now = this.deps.clock.now().toISOString();
    const asset: Asset = {
      id, title: input.title, description: input.description, tags: input.tags, type: input.type, status: 'placeholder',
      failure: null, fileName: '', mime: 'application/octet-stream', sizeBytes: 0, sha256: NO_SHA256, technical: null, renditions: [],
      storageTier: 'online', restore: NO_RESTORE, tierMove: null, lastUsedAt: null, version: 1, versionOf: null,
      origin: { kind: 'mos', ref: input.ref }, enrichment: {}, createdAt: now, updatedAt: now,
    };
    await this.deps.assets.create(asset);
    await this.deps.index.upsertAsset(assetDoc(asset));
    this.deps.events.publish({ type: 'asset.created', asset });
    return asset;
  }

  /** Stores the media under the placeholder's id and starts the normal ingest; urgent if a rundown already uses it. */
  async attach(id: string, body: Readable, fileName: string): Promise<Asset> {
    const existing = await this.deps.assets.get(id);
    if (!existing) throw new AppError('asset.not_found', `No asset ${id}`, { id });
    if (existing.status !== 'placeholder') throw new AppError('asset.not_placeholder', `Asset ${id} already has media (status ${existing.status})`, { id, status: existing.status });
    const name = safeFileName(fileName);
    const stored = await this.deps.storage.put(originalKey(id), body, { maxBytes: this.deps.maxUploadBytes });
    const asset = await this.deps.assets.update(id, {
      status: 'processing', fileName: name, mime: mimeFor(name), type: guessType(name), sizeBytes: stored.sizeBytes, sha256: stored.sha256,
    });
    await this.deps.index.upsertAsset(assetDoc(asset));
    const used = (await this.deps.rundowns.linksForAsset(id)).length > 0;
    await this.deps.queue.enqueue('media.ingest', { assetId: id }, { priority: used ? URGENT_PRIORITY : INGEST_PRIORITY, dedupeKey: `media.ingest:${id}` });
    this.deps.events.publish({ type: 'asset.updated', asset });
    return asset;
  }
}
