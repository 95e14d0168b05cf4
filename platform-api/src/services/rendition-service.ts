import { AppError, type Asset } from '@cutaway/shared';
import type { MediaTools } from '../ports/media-tools';
import type { ObjectStorage } from '../ports/object-storage';
import type { ScratchSpace } from '../ports/scratch-space';
import * as keys from './storage-keys';

export interface ResolvedRendition {
  key: string;
  mime: string;
  /** Suggested download name for NLEs. */
  fileName: string;
}

export interface CutFile {
  path: string;
  mime: string;
  fileName: string;
  actualInMs: number;
  actualOutMs: number;
  dispose: () => Promise<void>;
}

const stem = (name: string) => (name.lastIndexOf('.') > 0 ? name.slice(0, name.lastIndexOf('.')) : name);

/** Finds the stored file behind each rendition and cuts sub-ranges for NLE imports. */
export class RenditionService {
  constructor(private readonly deps: { storage: ObjectStorage; media: MediaTools; scratch: ScratchSpace }) {}

  resolve(asset: Asset, kind: 'original' | 'proxy' | 'sprite' | 'poster' | 'preview'): ResolvedRendition {
    const r = asset.renditions.find((x) => x.kind === kind);
    if (!r) throw new AppError('asset.rendition_missing', `Asset ${asset.id} has no ${kind} rendition${asset.status === 'ready' ? '' : ' yet'}`, { id: asset.id, kind });
    if (kind === 'original') {
      this.assertOnline(asset);
      return { key: keys.originalKey(asset.id), mime: asset.mime, fileName: asset.fileName };
    }
    const key = {
      proxy: r.mime.startsWith('audio/') ? keys.audioProxyKey(asset.id) : r.mime.startsWith('image/') ? keys.previewKey(asset.id) : keys.proxyKey(asset.id),
      sprite: keys.spriteKey(asset.id),
      poster: keys.posterKey(asset.id),
      preview: keys.previewKey(asset.id),
    }[kind];
    const ext = r.mime === 'video/mp4' ? 'mp4' : r.mime === 'audio/mp4' ? 'm4a' : 'jpg';
    return { key, mime: r.mime, fileName: `${stem(asset.fileName)}.${kind}.${ext}` };
  }

  /** The keyframe thumbnail at or just before `atMs` (the first one for earlier times). */
  thumbnailKey(asset: Asset, atMs: number): string {
    const times = asset.renditions.find((r) => r.kind === 'thumbnail')?.timesMs;
    if (!times || times.length === 0) throw new AppError('asset.rendition_missing', `Asset ${asset.id} has no thumbnails`, { id: asset.id });
    let best = times[0] as number;
    for (const t of times) if (t <= atMs) best = t;
    return keys.thumbnailKey(asset.id, best);
  }

  /** Cuts [inMs, outMs) by stream copy, widened outwards to keyframes; the caller must dispose the file. */
  async cut(asset: Asset, kind: 'original' | 'proxy', inMs: number, outMs: number): Promise<CutFile> {
    const duration = asset.technical?.durationMs;
    if (asset.type !== 'video' && asset.type !== 'audio') throw new AppError('media.range_invalid', 'Only video and audio can be cut');
    if (!(outMs > inMs) || (duration != null && inMs >= duration)) {
      throw new AppError('media.range_invalid', `Invalid range ${inMs}–${outMs} ms for a ${duration ?? '?'} ms asset`, { inMs, outMs, durationMs: duration });
    }
    const r = this.resolve(asset, kind);
    const source = await this.deps.storage.localPath(r.key);
    const work = await this.deps.scratch.create(`cut-${asset.id}`);
    const ext = r.mime.startsWith('audio/') ? 'm4a' : kind === 'proxy' ? 'mp4' : safeExt(asset.fileName);
    const dispose = async () => {
      await work.dispose();
      await source.release();
    };
    try {
      const result = await this.deps.media.cutRange(source.path, inMs, Math.min(outMs, duration ?? outMs), `${work.dir}/cut.${ext}`);
      return { ...result, mime: r.mime, fileName: `${stem(asset.fileName)}_${result.actualInMs}-${result.actualOutMs}.${ext}`, dispose };
    } catch (err) {
      await dispose();
      throw err;
    }
  }

  /** Archived originals must be restored before anyone can read them, unless the engine keeps them readable (not_needed). */
  private assertOnline(asset: Asset): void {
    if (asset.storageTier === 'archive' && asset.restore.state !== 'restored' && asset.restore.state !== 'not_needed') {
      throw new AppError('asset.not_ready', `Asset ${asset.id} is archived; request a restore first`, { id: asset.id, tier: asset.storageTier });
    }
  }
}

/** The container extension decides the muxer ffmpeg picks; only plain alphanumerics reach a path. */
function safeExt(fileName: string): string {
  const ext = (fileName.split('.').pop() ?? '').toLowerCase();
  return /^[a-z0-9]{1,8}$/.test(ext) && ext !== fileName.toLowerCase() ? ext : 'mp4';
}
