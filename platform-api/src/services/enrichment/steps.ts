import type { Asset, EnrichStep, EnrichStepState, Segment } from '@cutaway/shared';
import type { AssetStore } from '../../ports/asset-store';
import type { ObjectStorage } from '../../ports/object-storage';
import type { SearchIndex } from '../../ports/search-index';
import type { VectorIndex } from '../../ports/vector-index';
import { originalKey, proxyKey } from '../storage-keys';
import { STEP_SOURCE, type EnrichEngines } from './engines';
import { insightSegments, insightWindows } from './insights';
import { speechSegments } from './speech-windows';
import { isPhoneticRow, PHONETIC_SOURCE, phoneticRows } from '../phonetic/phonetic-index';
import { normalizeForEmbedding } from '../semantic-search';
import type { PeopleService } from '../people/people-service';
import { mergeObjectIntervals, objectText } from '../../rules/object-intervals';

export interface StepContext {
  asset: Asset;
  assets: AssetStore;
  index: SearchIndex;
  vectors: VectorIndex | null;
  storage: ObjectStorage;
  engines: EnrichEngines;
  people?: PeopleService;
  progress: (percent: number, stage: string) => void;
  signal: AbortSignal;
}

export type StepResult = Pick<EnrichStepState, 'status' | 'engine' | 'model' | 'confidence' | 'count' | 'note' | 'details'>;

const skipped = (note: string): StepResult => ({ status: 'skipped', engine: null, model: null, confidence: null, count: 0, note, details: null });
const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 1000) / 1000 : null);

/** Runs a media tool on a stored file (a local path; remote storage downloads it for the run). */
async function withStoredFile<T>(ctx: StepContext, fn: (path: string, durationMs: number) => Promise<T>, key = originalKey(ctx.asset.id)): Promise<T> {
  const source = await ctx.storage.localPath(key);
  try {
    return await fn(source.path, ctx.asset.technical?.durationMs ?? 0);
  } finally {
    await source.release();
  }
}

const STEPS: Record<EnrichStep, (ctx: StepContext) => Promise<StepResult>> = {
  faces: (ctx) => VISION.faces(ctx),
  objects: (ctx) => VISION.objects(ctx),
  async audio(ctx) {
    const engine = ctx.engines.audio;
    if (!engine) return skipped('no audio analyzer configured');
    if (!ctx.asset.technical?.audioCodec) return skipped('the asset has no audio');
    const a = await withStoredFile(ctx, (path, durationMs) => engine.analyze(path, { durationMs, signal: ctx.signal, onProgress: (p) => ctx.progress(p, 'audio') }));
    const speechMs = a.speech.reduce((sum, r) => sum + (r.endMs - r.startMs), 0);
    return {
      status: 'done', engine: engine.engine, model: engine.model, confidence: null, count: a.speech.length, note: null,
      details: { integratedLufs: a.integratedLufs, truePeakDbtp: a.truePeakDbtp, speechMs, speechRegions: a.speech.map((r) => [r.startMs, r.endMs]) },
    };
  },

  async speech(ctx) {
    const engine = ctx.engines.speech;
    if (!engine) return skipped('no speech engine configured');
    if (!ctx.asset.technical?.audioCodec) return skipped('the asset has no audio');
    const regions = (ctx.asset.enrichment.audio?.details?.speechRegions as Array<[number, number]> | undefined)?.map(([startMs, endMs]) => ({ startMs, endMs }));
    if (regions && regions.length === 0) return skipped('audio analysis found no speech');
    const t = await withStoredFile(ctx, (path, durationMs) =>
      engine.transcribe(path, { durationMs, signal: ctx.signal, onProgress: (p) => ctx.progress(p, 'speech'), ...(regions ? { regions } : {}) }),
    );
    const segments = speechSegments(ctx.asset.id, STEP_SOURCE.speech, t.words);
    await ctx.index.replaceSegments(ctx.asset.id, STEP_SOURCE.speech, segments);
    // How it sounds, beside what the recogniser wrote: names it got wrong are still found (issue 14).
    if (ctx.engines.phones) {
      const phones = await withStoredFile(ctx, (path, durationMs) =>
        ctx.engines.phones!.transcribe(path, { durationMs, signal: ctx.signal, onProgress: (p) => ctx.progress(p, 'phones'), ...(regions ? { regions } : {}) }),
      );
      await ctx.index.replaceSegments(ctx.asset.id, PHONETIC_SOURCE, phoneticRows(ctx.asset.id, phones.words));
    }
    return {
      status: 'done', engine: t.engine, model: t.model, confidence: t.confidence, count: segments.length,
      // pocketsphinx transcripts are searchable, not publishable (docs/media-pipeline.md).
      note: t.engine === 'pocketsphinx' ? 'low-confidence transcript: searchable, not publishable' : null,
      details: { words: t.words.length, language: t.language },
    };
  },

  async ocr(ctx) {
    const engine = ctx.engines.ocr;
    if (!engine) return skipped('no OCR engine configured');
    if (!ctx.asset.technical?.videoCodec) return skipped('the asset has no picture');
    // The 360p proxy reads the same lower thirds as the original at a third of the CPU (measured: 3.2 vs 8.9 CPU-s per minute).
    const hasProxy = ctx.asset.renditions.some((r) => r.kind === 'proxy' && r.mime === 'video/mp4');
    const lines = await withStoredFile(
      ctx,
      (path, durationMs) => engine.recognize(path, { durationMs, signal: ctx.signal, onProgress: (p) => ctx.progress(p, 'ocr') }),
      hasProxy ? proxyKey(ctx.asset.id) : originalKey(ctx.asset.id),
    );
    const segments: Segment[] = lines.map((l) => ({
      assetId: ctx.asset.id, kind: 'ocr', startMs: l.startMs, endMs: Math.max(l.endMs, l.startMs + 1), text: l.text, source: STEP_SOURCE.ocr, confidence: l.confidence, words: null,
    }));
    await ctx.index.replaceSegments(ctx.asset.id, STEP_SOURCE.ocr, segments);
    return { status: 'done', engine: engine.engine, model: engine.model, confidence: mean(lines.flatMap((l) => (l.confidence === null ? [] : [l.confidence]))), count: segments.length, note: null, details: null };
  },

  async insights(ctx) {
    const engine = ctx.engines.insights;
    if (!engine) return skipped('no chat model configured (CUTAWAY_AI_CHAT_MODEL)');
    const speech = (await ctx.index.listSegments(ctx.asset.id, 'speech')).filter((s) => !isPhoneticRow(s));
    const windows = insightWindows(speech);
    if (windows.length === 0) return skipped('no transcript to analyse');
    const whole = await engine.analyze(windows.map((w) => w.text).join('\n'), { signal: ctx.signal, context: ctx.asset.title });
    const perWindow = [];
    for (const [i, w] of windows.entries()) {
      ctx.progress((i / windows.length) * 100, 'insights');
      perWindow.push({ window: w, insights: await engine.analyze(w.text, { signal: ctx.signal, context: ctx.asset.title }) });
    }
    const segments = insightSegments(ctx.asset.id, STEP_SOURCE.insights, perWindow);
    await ctx.index.replaceSegments(ctx.asset.id, STEP_SOURCE.insights, segments);
    return { status: 'done', engine: engine.engine, model: engine.model, confidence: null, count: segments.length, note: null, details: { summary: whole.summary, keywords: whole.keywords, entities: whole.entities } };
  },

  async embeddings(ctx) {
    const engine = ctx.engines.embeddings;
    if (!engine || !ctx.vectors) return skipped('semantic search is off');
    // Face rows are names that change when people are named or merged (issue 17): search finds them by words, not vectors.
    const texts = (await ctx.index.listSegments(ctx.asset.id)).filter((s) => s.kind !== 'shot' && s.source !== STEP_SOURCE.faces && !isPhoneticRow(s) && s.text.trim().length > 0);
    const items: Array<{ startMs: number; endMs: number; kind: Segment['kind']; vector: Float32Array }> = [];
    const BATCH = 32;
    for (let i = 0; i < texts.length; i += BATCH) {
      ctx.signal.throwIfAborted();
      const batch = texts.slice(i, i + BATCH);
      const vectors = await engine.embed(batch.map((s) => normalizeForEmbedding(s.text)), { signal: ctx.signal });
      batch.forEach((s, j) => items.push({ startMs: s.startMs, endMs: s.endMs, kind: s.kind, vector: vectors[j]! }));
      ctx.progress(((i + batch.length) / texts.length) * 100, 'embeddings');
    }
    await ctx.vectors.upsert(ctx.asset.id, STEP_SOURCE.embeddings, items);
    return { status: 'done', engine: engine.engine, model: engine.model, confidence: null, count: items.length, note: null, details: { dimensions: engine.dimensions } };
  },
};

/** Objects are looked for every 5 s: CenterNet costs ~220 ms a frame, so 1 fps alone would be 13 CPU-min per hour (docs/faces-objects.md, budget). */
export const OBJECT_STEP_MS = 5000;

/** The proxy when there is one: pictures are analysed at 640 px anyway. */
const pictureKey = (asset: Asset) => (asset.renditions.some((r) => r.kind === 'proxy' && r.mime === 'video/mp4') ? proxyKey(asset.id) : originalKey(asset.id));

/** Issue 17: faces tracked through shots and grouped into people; COCO objects as intervals. */
const VISION: Pick<typeof STEPS, 'faces' | 'objects'> = {
  async faces(ctx) {
    const engine = ctx.engines.faces;
    if (!engine || !ctx.people) return skipped('face detection is off (CUTAWAY_VISION)');
    if (!ctx.asset.technical?.videoCodec) return skipped('the asset has no picture');
    const shotStartsMs = (await ctx.index.listSegments(ctx.asset.id, 'shot')).map((s) => s.startMs).filter((ms) => ms > 0).sort((a, b) => a - b);
    const descriptors = await ctx.people.describeFor(ctx.asset.id);
    const { tracks, frames } = await withStoredFile(
      ctx,
      (path, durationMs) => engine.analyzeFaces(path, { durationMs, shotStartsMs, descriptors, signal: ctx.signal, onProgress: (p) => ctx.progress(p * 0.95, 'faces') }),
      pictureKey(ctx.asset),
    );
    const stored = await ctx.people.ingestTracks(ctx.asset.id, tracks);
    return {
      status: 'done', engine: engine.engine, model: engine.model, confidence: mean(tracks.map((t) => t.quality)), count: stored.length,
      note: descriptors ? null : 'faces found but not grouped: face grouping is off',
      details: { frames, people: new Set(stored.flatMap((t) => (t.personId ? [t.personId] : []))).size, grouping: descriptors },
    };
  },

  async objects(ctx) {
    const engine = ctx.engines.objects;
    if (!engine) return skipped('object detection is off (CUTAWAY_VISION)');
    if (!ctx.asset.technical?.videoCodec) return skipped('the asset has no picture');
    const durationMs = ctx.asset.technical.durationMs ?? 0;
    const timesMs: number[] = [];
    for (let t = 0; t < durationMs; t += OBJECT_STEP_MS) timesMs.push(t);
    const frames = await withStoredFile(ctx, (path) => engine.detectObjects(path, { durationMs, timesMs, signal: ctx.signal, onProgress: (p) => ctx.progress(p, 'objects') }), pictureKey(ctx.asset));
    const intervals = mergeObjectIntervals(frames, OBJECT_STEP_MS, durationMs);
    const segments: Segment[] = intervals.map((i) => ({
      assetId: ctx.asset.id, kind: 'tag', startMs: i.startMs, endMs: i.endMs, text: objectText(i.label), source: STEP_SOURCE.objects, confidence: Math.round(i.score * 1000) / 1000, words: null,
    }));
    await ctx.index.replaceSegments(ctx.asset.id, STEP_SOURCE.objects, segments);
    const labels: Record<string, number> = {};
    for (const i of intervals) labels[i.label] = (labels[i.label] ?? 0) + 1;
    return { status: 'done', engine: engine.engine, model: engine.model, confidence: mean(intervals.map((i) => i.score)), count: segments.length, note: null, details: { frames: frames.length, labels } };
  },
};

export function runStep(step: EnrichStep, ctx: StepContext): Promise<StepResult> {
  return STEPS[step](ctx);
}
