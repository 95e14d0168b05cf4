import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NO_RESTORE, type Asset } from '@cutaway/shared';
import { join } from 'node:path';
import { LocalScratchSpace } from '../../src/adapters/local-fs/scratch-space';
import { FfmpegAudioAnalyzer } from '../../src/adapters/ffmpeg/audio-analysis';
import { PocketsphinxSpeechToText } from '../../src/adapters/pocketsphinx/index';
import { EnrichmentService } from '../../src/services/enrichment/enrichment-service';
import { serviceFixture } from './fixture';

/** Issue 7 "Correctness": one change to an asset goes out as ONE asset.updated, in its final state. */
describe('EnrichmentService events', () => {
  let fx: Awaited<ReturnType<typeof serviceFixture>>;
  let svc: EnrichmentService;
  let asset: Asset;

  beforeEach(async () => {
    fx = await serviceFixture();
    // Real engines; the asset below has no audio track, so the audio step finishes as "skipped" without running ffmpeg.
    const engines = { audio: new FfmpegAudioAnalyzer({ ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe' }), speech: new PocketsphinxSpeechToText({ binPath: 'pocketsphinx_continuous', ffmpegPath: 'ffmpeg', scratch: new LocalScratchSpace(join(fx.dir, 'tmp')) }) };
    svc = new EnrichmentService({ assets: fx.assets, index: fx.index, vectors: null, storage: fx.storage, queue: fx.queue, events: fx.events, clock: fx.clock, engines });
    const now = new Date().toISOString();
    asset = {
      id: 'asset-events-1', title: 'Harbour', description: '', tags: [], type: 'video', status: 'ready', failure: null, fileName: 'h.mp4', mime: 'video/mp4',
      sizeBytes: 1, sha256: '0'.repeat(64), technical: null, renditions: [], storageTier: 'online', restore: NO_RESTORE,
      version: 1, versionOf: null, origin: { kind: 'upload', ref: null }, enrichment: {}, tierMove: null, lastUsedAt: null, createdAt: now, updatedAt: now,
    };
    await fx.assets.create(asset);
  });
  afterEach(async () => fx.close());

  const updates = () => fx.seen.filter((e) => e.type === 'asset.updated').map((e) => (e.type === 'asset.updated' ? e.asset.enrichment : null));

  it('re-running three steps is one change: one asset.updated with all three queued', async () => {
    await svc.request(asset.id, ['audio', 'speech', 'ocr']);
    expect(updates()).toEqual([
      { audio: expect.objectContaining({ status: 'queued' }), speech: expect.objectContaining({ status: 'queued' }), ocr: expect.objectContaining({ status: 'queued' }) },
    ]);
  });

  it('a step run announces "running" once, then "done + follow-ups queued" once', async () => {
    await svc.run(asset.id, 'audio', () => undefined, new AbortController().signal);
    const seen = updates();
    expect(seen).toHaveLength(2);
    expect(seen[0]?.audio?.status).toBe('running');
    expect(seen[1]?.audio?.status).toBe('skipped');
    expect(seen[1]?.speech?.status).toBe('queued');
  });
});
