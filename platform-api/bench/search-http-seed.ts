/**
 * Seeds an embedded (SQLite) install for bench/search-http.bench.ts, straight into the catalog,
 * the search index, the vector index and the media folder the server will open: ingesting
 * 1,000 clips for real would take hours on two cores. What lands there has the shape
 * enrichment writes (services/enrichment/steps.ts): speech windows with word timings
 * (speech-windows.ts), hidden phonetic rows from the pronouncing dictionary, on-screen text,
 * real USE vectors, and keyframe thumbnails on disk.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Asset, Segment } from '@cutaway/shared';
import type { TimedWord } from '../src/ports/ai';
import { openSqliteCatalog } from '../src/composition/sqlite-catalog';
import { UseTextEmbedder } from '../src/adapters/embeddings-use/index';
import { CmudictPronouncer } from '../src/adapters/phonetic/cmudict-pronouncer';
import { speechSegments } from '../src/services/enrichment/speech-windows';
import { phoneticRows, PHONETIC_SOURCE, normalizeWord } from '../src/services/phonetic/phonetic-index';
import { normalizeForEmbedding } from '../src/services/semantic-search';
import { thumbnailKey } from '../src/services/storage-keys';
import { STEP_SOURCE as STEPS } from '../src/services/enrichment/engines';

const SOURCE = { speech: STEPS.speech!, ocr: STEPS.ocr!, embeddings: STEPS.embeddings! };

export const NAMES = ['Okonkwo', 'Fitzgerald', 'Nakamura', 'Delacroix', 'Petrovic', 'Almeida', 'Johansson', 'Kowalski', 'Abernathy', 'Castellano'];
export const PLACES = ['harbour', 'city hall', 'the docks', 'the bridge', 'the stadium', 'the hospital', 'the airport', 'the school', 'the market', 'parliament'];
const SUBJECTS = ['firefighters', 'the mayor', 'police', 'residents', 'the minister', 'doctors', 'teachers', 'farmers', 'the council', 'volunteers', 'engineers', 'protesters'];
const VERBS = ['gathered at', 'warned about', 'inspected', 'evacuated', 'praised', 'criticised', 'reopened', 'visited', 'closed', 'rebuilt'];
const TAILS = ['this morning', 'after the storm', 'on Tuesday', 'despite the rain', 'late last night', 'before the vote', 'amid the strike', 'for the first time in years'];
const TOPICS = ['warehouse fire', 'flood warning', 'budget vote', 'transport strike', 'election night', 'heat wave', 'ferry crossing', 'power cut', 'water shortage', 'football final'];
export const ALIASES = [['city hall', 'town hall'], ['Okonkwo', 'Mayor Okonkwo'], ['harbour', 'harbor'], ['ferry crossing', 'Old Port Crossing']];

const DAY = 86_400_000;
const SEGMENT_STEP_MS = 5_000;
const THUMB_EVERY_MS = 10_000;

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeedResult {
  assets: number;
  segments: number;
  phoneticRows: number;
  vectors: number;
  thumbnails: number;
  seconds: number;
  /** Query strings drawn from what was indexed: words said, names, topics, on-screen text. */
  queries: string[];
}

/** A 160x90 keyframe thumbnail like the ingest writes (ffmpeg lavfi), shared by every asset: only the bytes on disk matter here. */
function thumbnailJpeg(dir: string): Buffer {
  const path = join(dir, 'thumb.jpg');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=1', '-frames:v', '1', '-q:v', '5', path]);
  return readFileSync(path);
}

export async function seedInstall(dataDir: string, count: number, log: (m: string) => void): Promise<SeedResult> {
  const t0 = performance.now();
  const rand = mulberry32(14_014);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  // A pool of news-like sentences, each embedded once for real (USE, inline): a window's vector is the normalised sum of its sentences'.
  const pool = Array.from({ length: 240 }, (_, i) => {
    const name = i % 3 === 0 ? `${pick(NAMES)} said ` : '';
    return `${name}${pick(SUBJECTS)} ${pick(VERBS)} ${pick(PLACES)} ${pick(TAILS)} over the ${pick(TOPICS)}`;
  });
  const embedder = new UseTextEmbedder({ thread: 'inline' });
  log(`embedding ${pool.length} sentences…`);
  const poolVectors = await embedder.embed(pool.map(normalizeForEmbedding));
  await embedder.close();
  const pronouncer = new CmudictPronouncer({ dictPath: '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict', espeakPath: 'espeak-ng' });
  const vocabulary = [...new Set(pool.join(' ').split(/\s+/).map(normalizeWord).filter(Boolean))];
  const phonesOf = await pronouncer.pronounce(vocabulary);

  mkdirSync(dataDir, { recursive: true });
  const catalog = openSqliteCatalog(dataDir, { model: embedder.model, dimensions: embedder.dimensions });
  const thumb = thumbnailJpeg(dataDir);
  const epoch = Date.UTC(2025, 0, 1);
  let segments = 0;
  let phonetic = 0;
  let vectors = 0;
  let thumbnails = 0;
  try {
    for (let a = 0; a < count; a++) {
      const id = `bench-${String(a).padStart(5, '0')}`;
      const durationMs = 60_000 + Math.floor(rand() * 180_000);
      const topic = pick(TOPICS);
      const created = new Date(epoch + Math.floor(rand() * 365 * DAY)).toISOString();
      const times = Array.from({ length: Math.ceil(durationMs / THUMB_EVERY_MS) }, (_, i) => i * THUMB_EVERY_MS);
      const asset: Asset = {
        id, title: `${topic[0]!.toUpperCase()}${topic.slice(1)} at ${pick(PLACES)}`, description: `Rushes: ${pick(pool)}.`, tags: [topic.split(' ')[0]!, pick(['news', 'rushes', 'package', 'vox pop'])],
        type: 'video', status: 'ready', failure: null, fileName: `${id}.mp4`, mime: 'video/mp4', sizeBytes: 10_000_000,
        sha256: id.padEnd(64, '0').replace(/[^0-9a-f]/g, 'a'),
        technical: { container: 'mov,mp4,m4a,3gp,3g2,mj2', durationMs, rate: { num: 25, den: 1 }, dropFrame: false, startTimecode: null, width: 1280, height: 720,
          videoCodec: 'h264', audioCodec: 'aac', audioChannels: 2, sampleRate: 48000, bitRate: 2_000_000 },
        renditions: [
          { kind: 'original', mime: 'video/mp4', sizeBytes: 10_000_000, width: 1280, height: 720, sprite: null, timesMs: null },
          { kind: 'thumbnail', mime: 'image/jpeg', sizeBytes: thumb.length * times.length, width: 160, height: 90, sprite: null, timesMs: times },
        ],
        storageTier: 'online', restore: { state: 'none', requestedAt: null, expiresAt: null, percent: null, neededBy: null, etaAt: null }, tierMove: null, lastUsedAt: null,
        version: 1, versionOf: null, origin: { kind: 'upload', ref: null }, enrichment: {}, createdAt: created, updatedAt: created,
      } as unknown as Asset;
      await catalog.assets.create(asset);
      // Speech: one sentence every few seconds, word times spread over it (what pocketsphinx gives, in shape).
      const said: TimedWord[] = [];
      const sentences: Array<{ startMs: number; endMs: number; vector: Float32Array }> = [];
      for (let t = 1_000; t + SEGMENT_STEP_MS < durationMs; t += SEGMENT_STEP_MS + Math.floor(rand() * 2_000)) {
        const k = Math.floor(rand() * pool.length);
        const words = pool[k]!.split(' ');
        const per = Math.floor((SEGMENT_STEP_MS - 500) / words.length);
        words.forEach((w, i) => said.push({ w: w.toLowerCase(), startMs: t + i * per, endMs: t + (i + 1) * per - 40, conf: 0.6 + rand() * 0.4 }));
        sentences.push({ startMs: t, endMs: t + words.length * per, vector: poolVectors[k]! });
      }
      const speech = speechSegments(id, SOURCE.speech, said);
      const phones: TimedWord[] = said.flatMap((w) => {
        const p = phonesOf.get(normalizeWord(w.w)) ?? [];
        const step = (w.endMs - w.startMs) / Math.max(1, p.length);
        return p.map((ph, i) => ({ w: ph, startMs: Math.round(w.startMs + i * step), endMs: Math.round(w.startMs + (i + 1) * step), conf: null }));
      });
      const rows = phoneticRows(id, phones);
      const ocr: Segment[] = Array.from({ length: 2 + Math.floor(rand() * 3) }, (_, i) => {
        const startMs = Math.floor((i + rand()) * (durationMs / 4));
        return { assetId: id, kind: 'ocr', startMs, endMs: startMs + 5_000, text: i === 0 ? `${pick(NAMES).toUpperCase()} ${pick(['MAYOR', 'MINISTER', 'RESIDENT', 'FIRE CHIEF'])}` : `${topic.toUpperCase()} ${pick(PLACES).toUpperCase()}`, source: SOURCE.ocr, confidence: 0.9, words: null };
      });
      await catalog.index.upsertAsset({ assetId: id, title: asset.title, description: asset.description, tags: asset.tags, fileName: asset.fileName, type: asset.type, createdAt: asset.createdAt });
      await catalog.index.replaceSegments(id, SOURCE.speech, speech);
      await catalog.index.replaceSegments(id, PHONETIC_SOURCE, rows);
      await catalog.index.replaceSegments(id, SOURCE.ocr, ocr);
      const items = [
        ...speech.map((s) => ({ startMs: s.startMs, endMs: s.endMs, kind: s.kind, vector: sumOf(sentences.filter((x) => x.startMs < s.endMs && s.startMs < x.endMs).map((x) => x.vector)) })),
        ...ocr.map((s) => ({ startMs: s.startMs, endMs: s.endMs, kind: s.kind, vector: poolVectors[Math.floor(rand() * pool.length)]! })),
      ];
      await catalog.vectors.upsert(id, SOURCE.embeddings, items);
      for (const at of times) {
        const file = join(dataDir, 'media', thumbnailKey(id, at));
        mkdirSync(join(file, '..'), { recursive: true });
        writeFileSync(file, thumb);
      }
      segments += speech.length + ocr.length;
      phonetic += rows.length;
      vectors += items.length;
      thumbnails += times.length;
      if ((a + 1) % 200 === 0) log(`seeded ${a + 1} assets`);
    }
  } finally {
    await catalog.close();
  }
  const words = [...new Set(pool.flatMap((s) => s.split(' ')).filter((w) => w.length > 4))];
  const queries = [
    ...words.map((w) => w.toLowerCase()),
    ...NAMES.map((n) => n.toLowerCase()),
    ...TOPICS,
    ...ALIASES.map((g) => g[0]!.toLowerCase()),
    ...TOPICS.map((t) => `"${t}"`),
    ...SUBJECTS.map((s) => `${s.replace(/^the /, '')} ${pick(PLACES).replace(/^the /, '')}`),
  ];
  return { assets: count, segments, phoneticRows: phonetic, vectors, thumbnails, seconds: +((performance.now() - t0) / 1000).toFixed(1), queries };
}

function sumOf(list: Float32Array[]): Float32Array {
  const out = new Float32Array(list[0]?.length ?? 512);
  for (const v of list) for (let i = 0; i < out.length; i++) out[i]! += v[i]!;
  let n = 0;
  for (const x of out) n += x * x;
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < out.length; i++) out[i]! /= n;
  return out;
}
