import { AppError, type Asset, type MediaLinks } from '@cutaway/shared';
import type { AssetStore } from '../ports/asset-store';
import type { RenditionService } from './rendition-service';
import type { SignedUrlService } from './signed-urls';

/** The file-name tail of each signed rendition path; the http layer serves exactly these. */
export const SIGNED_KINDS = ['original', 'proxy', 'thumbnail'] as const;
export type SignedKind = (typeof SIGNED_KINDS)[number];

/**
 * Whether the original can be read right now: archived originals need a restore first, unless the engine
 * keeps them readable (`not_needed`, e.g. Ceph RGW), which ArchiveService treats as readable too.
 */
export const originalReadable = (a: Asset): boolean => a.storageTier !== 'archive' || a.restore.state === 'restored' || a.restore.state === 'not_needed';

/** Signed links to an asset's original, proxy and thumbnail (MOS objPath / objProxyPath / thumbnail). */
export class MediaLinkService {
  constructor(private readonly deps: { assets: AssetStore; renditions: RenditionService; signer: SignedUrlService }) {}

  /** `apiRoot` is the public `…/api/v1` the fetcher will use (the http layer knows it, the service does not). */
  async links(assetId: string, apiRoot: string, ttlSeconds?: number): Promise<MediaLinks> {
    const asset = await this.deps.assets.get(assetId);
    if (!asset) throw new AppError('asset.not_found', `No asset ${assetId}`, { id: assetId });
    let expiresAt = new Date(0).toISOString();
    const link = (kind: SignedKind): string | null => {
      const name = this.fileName(asset, kind);
      if (!name) return null;
      const signed = this.deps.signer.sign(`/assets/${asset.id}/${kind}/${encodeURIComponent(name)}`, ttlSeconds === undefined ? {} : { ttlSeconds });
      expiresAt = signed.expiresAt;
      return apiRoot.replace(/\/$/, '') + signed.path;
    };
    return { assetId: asset.id, original: link('original'), proxy: link('proxy'), thumbnail: link('thumbnail'), expiresAt, originalReadable: originalReadable(asset) };
  }

  /** The display file name a rendition is served under, or null when there is none. */
  fileName(asset: Asset, kind: SignedKind): string | null {
    if (kind === 'thumbnail') {
      const has = asset.renditions.some((r) => r.kind === 'poster' || r.kind === 'preview' || r.kind === 'thumbnail');
      return has ? `${stem(asset.fileName)}.jpg` : null;
    }
    // The original is stored from the moment an upload is accepted; a placeholder has none yet.
    if (kind === 'original') return asset.status === 'placeholder' ? null : asset.fileName;
    return asset.renditions.some((r) => r.kind === 'proxy') ? this.deps.renditions.resolve(asset, 'proxy').fileName : null;
  }
}

const stem = (name: string) => (name.lastIndexOf('.') > 0 ? name.slice(0, name.lastIndexOf('.')) : name);
