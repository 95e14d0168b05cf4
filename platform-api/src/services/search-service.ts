import type { SearchQuery, SearchResult } from '@cutaway/shared';
import type { AssetStore } from '../ports/asset-store';
import type { SearchIndex } from '../ports/search-index';
import { toMoment } from './moments';

/** Time-coded search: the index finds and ranks, this hydrates assets and adds timecodes and thumbnails. */
export class SearchService {
  constructor(private readonly deps: { index: SearchIndex; assets: AssetStore }) {}

  async search(q: SearchQuery): Promise<SearchResult> {
    const started = performance.now();
    const result = await this.deps.index.search({
      q: q.q,
      limit: q.limit,
      momentsPerAsset: q.moments,
      ...(q.type ? { types: q.type } : {}),
      ...(q.kind ? { kinds: q.kind } : {}),
      ...(q.tags ? { tags: q.tags } : {}),
      ...(q.from ? { from: q.from } : {}),
      ...(q.to ? { to: q.to } : {}),
      ...(q.cursor ? { cursor: q.cursor } : {}),
    });
    const assets = new Map((await this.deps.assets.getMany(result.hits.map((h) => h.assetId))).map((a) => [a.id, a]));
    const items = result.hits.flatMap((hit) => {
      const asset = assets.get(hit.assetId);
      // An asset deleted between the index read and the catalog read is simply left out.
      if (!asset) return [];
      return [{ asset, score: hit.score, matchedFields: hit.matchedFields, moments: hit.moments.map((m) => toMoment(asset, m)) }];
    });
    return { items, nextCursor: result.nextCursor, plan: result.plan, tookMs: Math.round((performance.now() - started) * 100) / 100 };
  }
}
