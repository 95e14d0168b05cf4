import { createHash } from 'node:crypto';
import { existsSync, openAsBlob } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import pino from 'pino';
import { CutawayClient } from '@cutaway/shared/client';
import type { Asset } from '@cutaway/shared';
import { loadConfig } from '../../src/config';
import { startPlatform } from '../../src/platform';
import { generateNewsClip, type NewsClipTruth } from '../media/generate';
import type { ClipScript, Corpus } from './corpus';

export const REPO = resolve(import.meta.dirname, '../../..');
const API = join(REPO, 'platform-api');
/** Git-ignored cache (`.scratch/`): media keyed by each clip's script, catalogs by the corpus and the pipeline's code. */
export const CACHE = join(REPO, '.scratch/relevance');
const ADMIN = 'relevance-bench-admin-token-0123456789';

/** Bump when generate.ts changes what a script produces. */
const GENERATOR_VERSION = 1;

export interface MaterializedClip {
  script: ClipScript;
  truth: NewsClipTruth;
  assetId: string;
}

export interface Materialized {
  /** The enriched SQLite data dir, ready to open read-only-ish (vocabulary is rewritten per run). */
  dataDir: string;
  clips: MaterializedClip[];
  /** True when the catalog came from the cache (no ingest this run). */
  cached: boolean;
  ingestS: number;
}

const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const log = (msg: string) => process.stderr.write(`[relevance] ${msg}\n`);

/** One clip's media, generated once per script and reused across runs. */
async function clipMedia(script: ClipScript): Promise<NewsClipTruth> {
  const key = sha(JSON.stringify({ GENERATOR_VERSION, script })).slice(0, 20);
  const dir = join(CACHE, 'media');
  const mp4 = join(dir, `${key}.mp4`);
  const json = join(dir, `${key}.json`);
  if (existsSync(mp4) && existsSync(json)) return { ...(JSON.parse(await readFile(json, 'utf8')) as NewsClipTruth), path: mp4 };
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `${key}.${process.pid}.tmp.mp4`);
  const truth = await generateNewsClip(tmp, {
    durationS: script.durationS, width: 640, height: 360, fps: 25, cutsAtS: script.cutsAtS,
    speech: script.speech, lowerThirds: script.lowerThirds, label: script.key.toUpperCase(),
  });
  await rename(tmp, mp4);
  await writeFile(json, JSON.stringify({ ...truth, path: mp4 }));
  return { ...truth, path: mp4 };
}

/** Code that decides what the index holds: a change to any of it re-ingests the corpus. */
const PIPELINE = [
  'src/services/enrichment', 'src/services/phonetic/phonetic-index.ts', 'src/services/phonetic/align.ts', 'src/services/spelling/spelling-feed.ts',
  'src/rules/spelling.ts', 'src/services/media-ingest-service.ts', 'src/services/asset-service.ts', 'src/platform.ts',
  'src/adapters/pocketsphinx', 'src/adapters/tesseract', 'src/adapters/embeddings-use', 'src/adapters/ffmpeg', 'src/adapters/sqlite',
];

async function pipelineDigest(): Promise<string> {
  const files: string[] = [];
  const walk = async (p: string): Promise<void> => {
    if (!existsSync(p)) return;
    if (p.endsWith('.ts')) return void files.push(p);
    for (const e of await readdir(p, { withFileTypes: true })) if (e.isDirectory() || e.name.endsWith('.ts')) await walk(join(p, e.name));
  };
  for (const p of PIPELINE) await walk(join(API, p));
  const h = createHash('sha256');
  for (const f of files.sort()) h.update(relative(API, f)).update(await readFile(f));
  return h.digest('hex');
}

/**
 * Generates (or reuses) every clip, then ingests and enriches them through the real platform: uploads
 * over HTTP into an in-process server with its worker and the local enrichment engines (pocketsphinx
 * words and phones, tesseract, the USE embedder), and waits until every step has finished.
 */
export async function materialize(corpus: Corpus, opts: { reingest?: boolean } = {}): Promise<Materialized> {
  const truths: NewsClipTruth[] = [];
  for (const [i, script] of corpus.clips.entries()) {
    truths.push(await clipMedia(script));
    if ((i + 1) % 10 === 0 || i + 1 === corpus.clips.length) log(`media ${i + 1}/${corpus.clips.length}`);
  }
  const key = sha(JSON.stringify({ clips: truths.map((t) => relative(CACHE, t.path)), scripts: corpus.clips, pipeline: await pipelineDigest() })).slice(0, 20);
  // CUTAWAY_RELEVANCE_CATALOG: query a catalog enriched by an earlier version of the code (same corpus), when
  // re-ingesting is not worth it (the change did not touch what the index holds). The report says so.
  const dataDir = process.env.CUTAWAY_RELEVANCE_CATALOG ? resolve(process.env.CUTAWAY_RELEVANCE_CATALOG) : join(CACHE, 'catalog', key);
  const done = join(dataDir, 'relevance-complete.json');
  if (process.env.CUTAWAY_RELEVANCE_CATALOG && !existsSync(done)) throw new Error(`CUTAWAY_RELEVANCE_CATALOG=${dataDir} is not a finished relevance catalog`);
  if (!opts.reingest && existsSync(done)) {
    const ids = JSON.parse(await readFile(done, 'utf8')) as { assetIds: string[]; ingestS: number };
    if (ids.assetIds.length !== corpus.clips.length) throw new Error(`${dataDir} holds ${ids.assetIds.length} clips, the corpus ${corpus.clips.length}`);
    return { dataDir, clips: corpus.clips.map((script, i) => ({ script, truth: truths[i]!, assetId: ids.assetIds[i]! })), cached: true, ingestS: ids.ingestS };
  }
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  const started = performance.now();
  const config = loadConfig({
    CUTAWAY_DATA_DIR: dataDir, CUTAWAY_API_PORT: '0', CUTAWAY_ADMIN_TOKEN: ADMIN, CUTAWAY_WORKER_CONCURRENCY: '2', CUTAWAY_WATCH_FOLDERS: 'off', CUTAWAY_LIVE: 'off',
    CUTAWAY_ENRICH: 'on', CUTAWAY_ENRICH_SPEECH: 'local', CUTAWAY_ENRICH_OCR: 'local', CUTAWAY_ENRICH_EMBEDDINGS: 'local', CUTAWAY_ENRICH_INSIGHTS: 'off', CUTAWAY_ENRICH_PHONETIC: 'on',
    // Faces and objects hold nothing these queries ask for; they would only cost ingest time.
    CUTAWAY_VISION: 'off',
  });
  const platform = await startPlatform(config, pino({ level: process.env.CUTAWAY_TEST_LOG ?? 'silent' }));
  try {
    const client = new CutawayClient({ baseUrl: platform.url, token: ADMIN });
    const assetIds: string[] = [];
    for (const [i, script] of corpus.clips.entries()) {
      const a = await client.uploadAsset(await openAsBlob(truths[i]!.path), { fileName: `${script.key}.mp4`, title: script.title, description: script.description, tags: script.tags });
      assetIds.push(a.id);
    }
    const finished = (a: Asset) => a.status === 'failed' || (a.status === 'ready' && Object.values(a.enrichment).length > 0 && Object.values(a.enrichment).every((s) => s && !['queued', 'running'].includes(s.status)));
    let last = -1;
    for (;;) {
      const assets = await Promise.all(assetIds.map((id) => client.getAsset(id)));
      const n = assets.filter(finished).length;
      if (n !== last) log(`ingested and enriched ${n}/${assetIds.length} (${Math.round((performance.now() - started) / 1000)} s)`);
      last = n;
      if (n === assetIds.length) {
        const failed = assets.filter((a) => a.status === 'failed' || Object.values(a.enrichment).some((s) => s?.status === 'failed'));
        if (failed.length) throw new Error(`ingest or enrichment failed for ${failed.map((a) => `${a.title}: ${a.failure?.message ?? JSON.stringify(a.enrichment)}`).join('; ')}`);
        break;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    const ingestS = Math.round((performance.now() - started) / 100) / 10;
    await platform.close();
    await writeFile(done, JSON.stringify({ assetIds, ingestS }));
    return { dataDir, clips: corpus.clips.map((script, i) => ({ script, truth: truths[i]!, assetId: assetIds[i]! })), cached: false, ingestS };
  } catch (err) {
    await platform.close().catch(() => undefined);
    throw err;
  }
}
