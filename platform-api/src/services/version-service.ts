import { AppError, type Asset, type AssetVersions, type SearchHit, type VersionHint } from '@cutaway/shared';
import type { AssetStore } from '../ports/asset-store';
import type { AssetVersionStore } from '../ports/asset-version-store';
import type { EventBus } from '../ports/event-bus';
import type { SearchIndex } from '../ports/search-index';
import { assetDoc } from './asset-service';
import type { IngestService, IngestSource, StagedOriginal } from './ingest-service';

/** v1's id for any member of a chain. */
export const firstIdOf = (a: Asset) => a.versionOf ?? a.id;

/**
 * Versions of an asset: a pushed-back edit (a Photoshop export, a re-graded still) becomes a new asset
 * in the chain of the asset it came from, findable and with its history. Metadata left out of the
 * push is carried over from the newest version, so v2 is found by everything v1 was found by.
 */
export class VersionService {
  constructor(private readonly deps: { assets: AssetStore; versions: AssetVersionStore; index: SearchIndex; ingest: IngestService; events: EventBus }) {}

  /** Catalogues a stored upload as the next version of `ofId` (any member of the chain). */
  async createVersion(ofId: string, staged: StagedOriginal, source: IngestSource): Promise<Asset> {
    let asset: Asset;
    try {
      const of = await this.deps.assets.get(ofId);
      if (!of) throw new AppError('asset.not_found', `No asset ${ofId}`, { id: ofId });
      const firstId = firstIdOf(of);
      const latest = (await this.deps.versions.chains([firstId])).at(-1) ?? of;
      const meta = {
        title: source.meta.title?.trim() || latest.title,
        description: source.meta.description ?? latest.description,
        tags: source.meta.tags ?? latest.tags,
      };
      asset = await this.deps.versions.createVersion(this.deps.ingest.draft(staged, { ...source, meta }), firstId);
    } catch (err) {
      await this.deps.ingest.discard(staged);
      throw err;
    }
    await this.deps.index.upsertAsset(assetDoc(asset));
    await this.deps.ingest.enqueue(asset.id);
    this.deps.events.publish({ type: 'asset.created', asset });
    this.deps.events.publish({ type: 'asset.version_created', asset, versionOf: asset.versionOf!, version: asset.version });
    return asset;
  }

  /** The whole chain of any member, oldest first. */
  async list(id: string): Promise<AssetVersions> {
    const asset = await this.deps.assets.get(id);
    if (!asset) throw new AppError('asset.not_found', `No asset ${id}`, { id });
    const items = await this.deps.versions.chains([firstIdOf(asset)]);
    return { firstId: firstIdOf(asset), latestId: items.at(-1)!.id, count: items.length, items };
  }

  /**
   * Search over chains. `latest`: one hit per chain, where its best-ranked member ranked, showing the
   * chain's newest version (the moments stay those of the version that matched; each names its
   * assetId). `all`: every matching version as it is. Either way multi-version hits say "vN of M".
   */
  async annotate(hits: SearchHit[], mode: 'latest' | 'all'): Promise<SearchHit[]> {
    if (hits.length === 0) return hits;
    const members = await this.deps.versions.chains([...new Set(hits.map((h) => firstIdOf(h.asset)))]);
    const chains = new Map<string, Asset[]>();
    for (const m of members) (chains.get(firstIdOf(m)) ?? chains.set(firstIdOf(m), []).get(firstIdOf(m))!).push(m);
    const matched = new Map<string, string[]>();
    for (const h of hits) (matched.get(firstIdOf(h.asset)) ?? matched.set(firstIdOf(h.asset), []).get(firstIdOf(h.asset))!).push(h.asset.id);
    const hint = (shown: Asset): VersionHint | null => {
      const chain = chains.get(firstIdOf(shown)) ?? [shown];
      if (chain.length < 2) return null;
      const latest = chain.at(-1)!;
      return { version: shown.version, count: chain.length, firstId: firstIdOf(shown), latestId: latest.id, matchedIds: matched.get(firstIdOf(shown)) ?? [], hint: `v${shown.version} of ${latest.version}` };
    };
    if (mode === 'all') return hits.map((h) => ({ ...h, version: hint(h.asset) }));
    const seen = new Set<string>();
    const out: SearchHit[] = [];
    for (const h of hits) {
      const first = firstIdOf(h.asset);
      if (seen.has(first)) continue;
      seen.add(first);
      const shown = chains.get(first)?.at(-1) ?? h.asset;
      const best = shown.id === h.asset.id ? h : (hits.find((x) => x.asset.id === shown.id) ?? h);
      out.push({ ...best, asset: shown, version: hint(shown) });
    }
    return out;
  }
}
