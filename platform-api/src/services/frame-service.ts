import { AppError, framesToMs, framesToTimecode, msToFrames, timecodeToFrames, type Asset, type FrameInfo, type FrameQuery } from '@cutaway/shared';
import type { FrameGrabber } from '../ports/frame-grabber';
import type { ObjectStorage } from '../ports/object-storage';
import type { ScratchSpace } from '../ports/scratch-space';
import { frameKey, originalKey } from './storage-keys';

export interface GrabbedFrame extends FrameInfo {
  /** The cached object to send. */
  key: string;
  fileName: string;
}

/** A frame's position; pure, so the same numbers can be checked without media. */
export interface FramePosition {
  frame: number;
  ms: number;
  timecode: string | null;
}

/**
 * Which frame a request means. The frame on screen at `ms` is floor(ms · rate) (shared/timecode
 * msToFrames 'floor'): the frame a player shows at currentTime = ms/1000 and the frame Premiere's
 * playhead is on at that tick time. `tc` is read in the asset's own rate and drop-frame mode, in the
 * same zero-based timecode the API shows on moments (services/moments.ts timecodesFor), so a
 * moment's `timecodeIn` fed back as `tc` gives the frame at its `startMs`.
 */
export function framePosition(asset: Asset, q: Pick<FrameQuery, 'ms' | 'tc'>): FramePosition {
  const t = asset.technical;
  if (asset.type === 'image') {
    if ((q.ms ?? 0) !== 0 || q.tc !== undefined) throw new AppError('frame.out_of_range', 'A still has one frame: leave out ms and tc', { id: asset.id });
    return { frame: 0, ms: 0, timecode: null };
  }
  if (asset.type !== 'video' || !t?.rate) throw new AppError('frame.no_picture', `Asset ${asset.id} is ${asset.type === 'video' ? 'not probed yet' : `${asset.type}, not a picture`}`, { id: asset.id, type: asset.type });
  const rate = t.rate;
  const frame = q.tc !== undefined ? timecodeToFrames(q.tc, rate, { dropFrame: t.dropFrame }) : msToFrames(q.ms ?? 0, rate, 'floor');
  // durationMs is rounded to the ms: the frame count is the frames that start before it.
  const count = t.durationMs != null ? msToFrames(t.durationMs, rate, 'ceil') : null;
  if (count !== null && frame >= count) {
    throw new AppError('frame.out_of_range', `Frame ${frame} is past the last frame (${count - 1})`, { id: asset.id, frame, frames: count, durationMs: t.durationMs });
  }
  return { frame, ms: framesToMs(frame, rate, 'ceil'), timecode: framesToTimecode(frame, rate, { dropFrame: t.dropFrame }) };
}

/** Exact frame grabs from the original, cached under the asset's storage prefix (deleted with it). */
export class FrameService {
  constructor(private readonly deps: { storage: ObjectStorage; frames: FrameGrabber; scratch: ScratchSpace }) {}

  async grab(asset: Asset, q: FrameQuery): Promise<GrabbedFrame> {
    if (asset.status !== 'ready') throw new AppError('asset.not_ready', `Asset ${asset.id} is ${asset.status}`, { id: asset.id, status: asset.status });
    if (asset.storageTier === 'archive' && asset.restore.state !== 'restored') {
      throw new AppError('asset.not_ready', `Asset ${asset.id} is archived; request a restore first`, { id: asset.id, tier: asset.storageTier });
    }
    const pos = framePosition(asset, q);
    const width = q.width && asset.technical?.width && q.width >= asset.technical.width ? null : (q.width ?? null);
    const key = frameKey(asset.id, pos.frame, width, q.format);
    const mime = q.format === 'png' ? 'image/png' : 'image/jpeg';
    const stem = asset.fileName.lastIndexOf('.') > 0 ? asset.fileName.slice(0, asset.fileName.lastIndexOf('.')) : asset.fileName;
    const fileName = `${stem}_f${pos.frame}.${q.format === 'png' ? 'png' : 'jpg'}`;
    const size = this.size(asset, width);
    if (size && (await this.deps.storage.stat(key))) return { ...pos, ...size, key, mime, fileName };

    const source = await this.deps.storage.localPath(originalKey(asset.id));
    const work = await this.deps.scratch.create(`frame-${asset.id}`);
    try {
      const out = `${work.dir}/frame.${q.format === 'png' ? 'png' : 'jpg'}`;
      const got = await this.deps.frames.grab(source.path, { frame: pos.frame, rate: asset.technical?.rate ?? null, width, format: q.format }, out);
      await this.deps.storage.putFile(key, out, { move: true });
      return { ...pos, ...got, key, mime, fileName };
    } finally {
      await work.dispose();
      await source.release();
    }
  }

  /** The output size known without decoding (source size, or scaled with an even height), for cache hits. */
  private size(asset: Asset, width: number | null): { width: number; height: number } | null {
    const w = asset.technical?.width;
    const h = asset.technical?.height;
    if (!w || !h) return null;
    if (width === null) return { width: w, height: h };
    return { width, height: Math.max(2, Math.round((h * width) / w / 2) * 2) };
  }
}
