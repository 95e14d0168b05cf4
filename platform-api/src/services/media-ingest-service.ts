import { isErrorCode, type Asset, type Rendition, type Segment } from '@cutaway/shared';
import type { AssetStore } from '../ports/asset-store';
import type { EventBus } from '../ports/event-bus';
import type { MediaTools, ProbeResult, ProgressFn } from '../ports/media-tools';
import type { ObjectStorage } from '../ports/object-storage';
import type { ScratchSpace } from '../ports/scratch-space';
import type { SearchIndex } from '../ports/search-index';
import { isDocumentName } from './media-types';
import * as keys from './storage-keys';

/** The shots a pipeline run found; re-running replaces exactly these rows. */
export const SHOTS_SOURCE = 'pipeline.shots';

type Deps = { assets: AssetStore; index: SearchIndex; storage: ObjectStorage; media: MediaTools; scratch: ScratchSpace; events: EventBus };

/**
 * The `media.ingest` job: probe, one decode for every rendition, shots into the index.
 * Idempotent: every output overwrites its fixed key, so a job re-run after a crash just redoes the work.
 */
export class MediaIngestService {
  constructor(private readonly deps: Deps) {}

  /** Returns the ready asset, or null when it was deleted meanwhile. */
  async run(assetId: string, progress: ProgressFn, signal: AbortSignal): Promise<Asset | null> {
    const asset = await this.deps.assets.get(assetId);
    if (!asset) return null; // deleted while queued: nothing left to do
    if (isDocumentName(asset.fileName)) return this.finish(asset.id, { renditions: [original(asset)] });
    const source = await this.deps.storage.localPath(keys.originalKey(asset.id));
    const work = await this.deps.scratch.create(`ingest-${asset.id}`);
    try {
      progress(2, 'probe');
      const probe = await this.deps.media.probe(source.path);
      const probed = await this.deps.assets.update(asset.id, { type: probe.type, technical: probe.technical });
      const renditions = [original(probed)];
      if (probe.type === 'video') renditions.push(...(await this.video(asset.id, source.path, probe, work.dir, progress, signal)));
      else if (probe.type === 'audio') renditions.push(await this.audio(asset.id, source.path, probe, work.dir, progress, signal));
      else if (probe.type === 'image') renditions.push(...(await this.image(asset.id, source.path, work.dir)));
      progress(100, 'done');
      return await this.finish(asset.id, { renditions });
    } finally {
      await work.dispose();
      await source.release();
    }
  }

  /**
   * Called when the job has failed for good: the asset says why (the job's error text is
   * `code: message`, see jobs/types.ts describeError), the original stays.
   */
  async markFailed(assetId: string, jobError: string | null): Promise<void> {
    const m = /^([a-z_]+\.[a-z_]+|internal): ([\s\S]*)$/.exec(jobError ?? '');
    const failure = m && isErrorCode(m[1]) ? { code: m[1], message: m[2] ?? '' } : { code: 'media.process_failed', message: jobError ?? 'processing failed' };
    const asset = await this.deps.assets.get(assetId);
    if (!asset) return;
    await this.deps.assets.update(assetId, { status: 'failed', failure });
    this.deps.events.publish({ type: 'asset.failed', assetId, failure });
  }

  private async video(id: string, path: string, probe: ProbeResult, dir: string, progress: ProgressFn, signal: AbortSignal): Promise<Rendition[]> {
    const out = await this.deps.media.processVideo(path, probe, dir, (p, stage) => progress(5 + p * 0.85, stage), signal);
    progress(92, 'store');
    const { storage } = this.deps;
    const proxy = await storage.putFile(keys.proxyKey(id), out.proxy, { move: true });
    let thumbBytes = 0;
    for (const t of out.thumbnails) thumbBytes += (await storage.putFile(keys.thumbnailKey(id, t.atMs), t.path, { move: true })).sizeBytes;
    const sprite = await storage.putFile(keys.spriteKey(id), out.sprite.path, { move: true });
    const poster = await storage.putFile(keys.posterKey(id), out.poster.path, { move: true });
    const shots: Segment[] = out.shots.map((s, i) => ({
      assetId: id, kind: 'shot', startMs: s.startMs, endMs: s.endMs, text: `shot ${i + 1}`, source: SHOTS_SOURCE, confidence: null, words: null,
    }));
    await this.deps.index.replaceSegments(id, SHOTS_SOURCE, shots);
    const proxyHeight = 360;
    const proxyWidth = probe.technical.width && probe.technical.height
      ? Math.round((probe.technical.width * proxyHeight) / probe.technical.height / 2) * 2 : null;
    const { sprite: s } = out;
    return [
      rendition('proxy', 'video/mp4', proxy.sizeBytes, proxyWidth, proxyHeight),
      { ...rendition('thumbnail', 'image/jpeg', thumbBytes, 160, null), timesMs: out.thumbnails.map((t) => t.atMs) },
      { ...rendition('sprite', 'image/jpeg', sprite.sizeBytes, s.width, s.height), sprite: { columns: s.columns, rows: s.rows, intervalMs: s.intervalMs, count: s.count } },
      rendition('poster', 'image/jpeg', poster.sizeBytes, out.poster.width, out.poster.height),
    ];
  }

  private async audio(id: string, path: string, probe: ProbeResult, dir: string, progress: ProgressFn, signal: AbortSignal): Promise<Rendition> {
    const out = await this.deps.media.processAudio(path, probe, dir, (p, stage) => progress(5 + p * 0.9, stage), signal);
    const proxy = await this.deps.storage.putFile(keys.audioProxyKey(id), out.proxy, { move: true });
    return rendition('proxy', 'audio/mp4', proxy.sizeBytes, null, null);
  }

  private async image(id: string, path: string, dir: string): Promise<Rendition[]> {
    const out = await this.deps.media.processImage(path, dir);
    const thumb = await this.deps.storage.putFile(keys.thumbnailKey(id, 0), out.thumbnail.path, { move: true });
    const preview = await this.deps.storage.putFile(keys.previewKey(id), out.preview.path, { move: true });
    return [
      { ...rendition('thumbnail', 'image/jpeg', thumb.sizeBytes, out.thumbnail.width, out.thumbnail.height), timesMs: [0] },
      rendition('preview', 'image/jpeg', preview.sizeBytes, out.preview.width, out.preview.height),
      // A still's proxy is its preview (≤ 1600 px JPEG): the same object, so panels ask every asset for `proxy`.
      rendition('proxy', 'image/jpeg', preview.sizeBytes, out.preview.width, out.preview.height),
    ];
  }

  private async finish(id: string, changes: { renditions: Rendition[] }): Promise<Asset> {
    const asset = await this.deps.assets.update(id, { ...changes, status: 'ready', failure: null });
    this.deps.events.publish({ type: 'asset.ready', asset });
    return asset;
  }
}

function original(asset: Asset): Rendition {
  return rendition('original', asset.mime, asset.sizeBytes, asset.technical?.width ?? null, asset.technical?.height ?? null);
}

function rendition(kind: Rendition['kind'], mime: string, sizeBytes: number, width: number | null, height: number | null): Rendition {
  return { kind, mime, sizeBytes, width, height, sprite: null, timesMs: null };
}
