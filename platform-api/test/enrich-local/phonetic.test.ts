import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchQuerySchema, type Segment } from '@cutaway/shared';
import { CmudictPronouncer } from '../../src/adapters/phonetic/cmudict-pronouncer';
import { PocketsphinxSpeechToText } from '../../src/adapters/pocketsphinx/index';
import { scratchUnder } from './helpers';
import { migrate, openSqlite } from '../../src/adapters/sqlite/database';
import { ALL_MIGRATIONS } from '../../src/adapters/sqlite/migrations';
import { SqliteAssetStore } from '../../src/adapters/sqlite/asset-store';
import { SqliteSearchIndex } from '../../src/adapters/sqlite/search-index';
import { speechSegments } from '../../src/services/enrichment/speech-windows';
import { phoneticRows, PHONETIC_SOURCE } from '../../src/services/phonetic/phonetic-index';
import { SearchService } from '../../src/services/search-service';
import { assetDoc } from '../../src/services/asset-service';
import { NO_RESTORE, type Asset } from '@cutaway/shared';
import { generateNewsClip, type NewsClipTruth } from '../media/generate';

/**
 * Names the recogniser's language model lacks, said by espeak-ng (en-us) at known times. The local
 * transcript gets them wrong; the phonetic index must still find each at the time it was said.
 * Ground truth: each sentence starts with the name, so it is heard from `voicedFromMs`.
 */
const LINES = [
  { text: 'Kowalski opened the new bridge this morning.', atS: 0.5, name: 'Kowalski' },
  { text: 'Nakamura said the harbour will close.', atS: 5.5, name: 'Nakamura' },
  { text: 'Okonkwo won the city council vote.', atS: 10.5, name: 'Okonkwo' },
];

let dir: string;
let clip: NewsClipTruth;
let search: SearchService;
let speech: Segment[];
let heardPhones = '';
const pronouncer = new CmudictPronouncer({ dictPath: '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict', espeakPath: 'espeak-ng' });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutaway-phonetic-'));
  clip = await generateNewsClip(join(dir, 'names.mp4'), { width: 320, height: 180, fps: 25, cutsAtS: [8], durationS: 15, speech: LINES.map(({ text, atS }) => ({ text, atS, voice: 'en-us' })) });
  const opts = { durationMs: clip.durationMs, signal: new AbortController().signal };
  const [transcript, phones] = await Promise.all([
    new PocketsphinxSpeechToText({ binPath: 'pocketsphinx_continuous', ffmpegPath: 'ffmpeg', scratch: scratchUnder(dir) }).transcribe(clip.path, opts),
    new PocketsphinxSpeechToText({ binPath: 'pocketsphinx_continuous', ffmpegPath: 'ffmpeg', phones: true, scratch: scratchUnder(dir) }).transcribe(clip.path, opts),
  ]);
  const db = openSqlite(join(dir, 'cutaway.db'));
  migrate(db, ALL_MIGRATIONS);
  const assets = new SqliteAssetStore(db);
  const index = new SqliteSearchIndex(db);
  const at = new Date().toISOString();
  const asset: Asset = {
    id: 'names00001', title: 'Council roundup', description: '', tags: [], type: 'video', status: 'ready', failure: null, fileName: 'names.mp4', mime: 'video/mp4',
    sizeBytes: 1, sha256: '0'.repeat(64), technical: { container: 'mp4', durationMs: clip.durationMs, rate: { num: 25, den: 1 }, dropFrame: false, startTimecode: null, width: 320, height: 180, videoCodec: 'h264', audioCodec: 'aac', audioChannels: 1, sampleRate: 48000, bitRate: null },
    renditions: [], storageTier: 'online', restore: NO_RESTORE, tierMove: null, lastUsedAt: null, version: 1, versionOf: null, origin: { kind: 'upload', ref: null }, enrichment: {}, createdAt: at, updatedAt: at,
  };
  await assets.create(asset);
  await index.upsertAsset(assetDoc(asset));
  speech = speechSegments(asset.id, 'enrich.speech', transcript.words);
  await index.replaceSegments(asset.id, 'enrich.speech', speech);
  await index.replaceSegments(asset.id, PHONETIC_SOURCE, phoneticRows(asset.id, phones.words));
  heardPhones = phones.words.map((p) => p.w).join(' ');
  search = new SearchService({ index, assets, pronouncer });
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('phonetic search over a real local transcript', () => {
  it.each(LINES.map((l, i) => [l.name, i] as const))('finds %s by how it sounds, where it was said', async (name, i) => {
    const heard = speech.map((s) => s.text).join(' | ');
    expect(heard.toLowerCase(), 'the transcript must have missed the name for this test to mean anything').not.toContain(name.toLowerCase());
    const result = await search.search(SearchQuerySchema.parse({ q: name }));
    const moment = result.items[0]?.moments.find((m) => m.matchedBy === 'phonetic');
    expect(moment, `transcript: ${heard}; phones: ${heardPhones}`).toBeDefined();
    const truth = clip.speech[i]!;
    expect(moment!.startMs).toBeGreaterThanOrEqual(truth.voicedFromMs - 500);
    expect(moment!.startMs).toBeLessThanOrEqual(truth.voicedFromMs + 1200);
    expect(moment!.confidence).toBeGreaterThan(0);
  });

  it.each(['Schwarzenegger', 'government hospital', 'Thompson'])('finds no sound-alike for %s, which was not said', async (q) => {
    const result = await search.search(SearchQuerySchema.parse({ q }));
    expect(result.items.flatMap((i) => i.moments).filter((m) => m.matchedBy === 'phonetic')).toEqual([]);
  });

  it('keeps the hidden phonetic rows out of the moments people see', async () => {
    const result = await search.search(SearchQuerySchema.parse({ q: 'bridge' }));
    for (const m of result.items.flatMap((i) => i.moments)) expect(m.text).not.toMatch(/\bp[hb][a-z]{2,3}\b/);
  });
});
