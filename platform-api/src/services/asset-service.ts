import { isPhoneticRow } from './phonetic/phonetic-index';
import { AppError, type Asset, type AssetListQuery, type AssetPage, type AssetPatch, type Moment, type MomentKind } from '@cutaway/shared';
import type { AssetStore } from '../ports/asset-store';
import type { EventBus } from '../ports/event-bus';
import type { JobQueue } from '../ports/job-queue';
import type { ObjectStorage } from '../ports/object-storage';
import type { AssetDoc, SearchIndex } from '../ports/search-index';
import type { VectorIndex } from '../ports/vector-index';
import { segmentToMoment } from './moments';
import { assetPrefix } from './storage-keys';
import { storedKinds, visibleKind } from '../rules/visual-moments';
import type { PeopleService } from './people/people-service';

export function assetDoc(a: Asset): AssetDoc {
  return { assetId: a.id, title: a.title, description: a.description, tags: a.tags, fileName: a.fileName, type: a.type, createdAt: a.createdAt };
}

/** Reading, editing and deleting catalogued assets; keeps catalog, search index, storage and events in step. */
export class AssetService {
  constructor(
    private readonly deps: { assets: AssetStore; index: SearchIndex; storage: ObjectStorage; queue: JobQueue; events: EventBus; vectors?: VectorIndex; people?: PeopleService },
  ) {}

  async get(id: string): Promise<Asset> {
    const asset = await this.deps.assets.get(id);
    if (!asset) throw new AppError('asset.not_found', `No asset ${id}`, { id });
    return asset;
  }

  list(query: AssetListQuery): Promise<AssetPage> {
    return this.deps.assets.list(query);
  }

  async patch(id: string, patch: AssetPatch): Promise<Asset> {
    await this.get(id);
    const asset = await this.deps.assets.update(id, patch);
    await this.deps.index.upsertAsset(assetDoc(asset));
    this.deps.events.publish({ type: 'asset.updated', asset });
    return asset;
  }

  /** Removes the row first so the asset vanishes at once; files and segments follow. */
  async delete(id: string): Promise<void> {
    await this.get(id);
    await this.deps.queue.deleteForAsset(id);
    await this.deps.index.deleteAsset(id);
    await this.deps.vectors?.deleteAsset(id);
    // Issue 17: the asset's faces (descriptors included) go with it.
    await this.deps.people?.forgetAsset(id);
    await this.deps.assets.delete(id);
    await this.deps.storage.deletePrefix(assetPrefix(id));
    this.deps.events.publish({ type: 'asset.deleted', assetId: id });
  }

  async moments(id: string, kind?: MomentKind): Promise<Moment[]> {
    const asset = await this.get(id);
    // face and object moments are tag rows in the index (rules/visual-moments.ts).
    const segments = await this.deps.index.listSegments(id, kind ? storedKinds([kind])[0] : undefined);
    return segments.filter((s) => !isPhoneticRow(s) && (!kind || visibleKind(s.kind, s.text) === kind)).map((s) => segmentToMoment(asset, s));
  }
}
