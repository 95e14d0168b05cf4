import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_RESTORE, SearchQuerySchema, type Asset, type SearchResult } from '@cutaway/shared';
import type { Catalog } from '../../src/composition/catalog';
import { openPostgresCatalog } from '../../src/composition/postgres-catalog';
import { openSqliteCatalog } from '../../src/composition/sqlite-catalog';
import { randomIds, systemClock } from '../../src/ids';
import { assetDoc } from '../../src/services/asset-service';
import { speechSegments } from '../../src/services/enrichment/speech-windows';
import { SearchService } from '../../src/services/search-service';
import { withSpellingFeed } from '../../src/services/spelling/spelling-feed';
import { SpellingService } from '../../src/services/spelling/spelling-service';
import { VocabularyService } from '../../src/services/vocabulary-service';
import { PG_URL, PG_SKIP_REASON } from '../pg';

const NOW = new Date().toISOString();
function asset(id: string, title: string): Asset {
  return {
    id, title, description: '', tags: [], type: 'video', status: 'ready', failure: null, fileName: `${id}.mp4`, mime: 'video/mp4', sizeBytes: 1, sha256: '0'.repeat(64),
    technical: { container: 'mp4', durationMs: 15_000, rate: { num: 25, den: 1 }, dropFrame: false, startTimecode: null, width: 640, height: 360, videoCodec: 'h264', audioCodec: 'aac', audioChannels: 2, sampleRate: 48000, bitRate: null },
    renditions: [{ kind: 'poster', mime: 'image/jpeg', sizeBytes: 1, width: 640, height: 360, sprite: null, timesMs: null }],
    storageTier: 'online', restore: NO_RESTORE, tierMove: null, lastUsedAt: null, version: 1, versionOf: null, origin: { kind: 'upload', ref: null }, enrichment: {}, createdAt: NOW, updatedAt: NOW,
  };
}

/** Words at 0.4 s each from `atMs`, pauses between the lines so each line is its own cue. */
const words = (lines: Array<[string, number]>) => lines.flatMap(([text, atMs]) => text.split(' ').map((w, i) => ({ w, startMs: atMs + i * 400, endMs: atMs + i * 400 + 350, conf: 0.9 })));

/**
 * The answers people expect (issue 14), on both engines through the real search service: one moment per
 * spoken line, a title hit that still shows where to look, misspelled names within one edit, alias and
 * spelling rewrites, and a sentence saying why each moment matched.
 */
function suite(label: string, open: () => Promise<{ catalog: Catalog; close: () => Promise<void> }>) {
  describe(`search answers: ${label}`, () => {
    let catalog: Catalog;
    let close: () => Promise<void>;
    let search: SearchService;
    const q = async (text: string): Promise<SearchResult> => search.search(SearchQuerySchema.parse({ q: text, semantic: false }));

    beforeAll(async () => {
      ({ catalog, close } = await open());
      const index = withSpellingFeed(catalog.index, catalog.spelling);
      const vocabulary = new VocabularyService({ store: catalog.vocabulary, clock: systemClock, ids: randomIds });
      await vocabulary.create({ terms: ['Bombay', 'Mumbai'], note: '' });
      search = new SearchService({ index, assets: catalog.assets, vocabulary, spelling: new SpellingService({ spelling: catalog.spelling, vocabulary }) });
      const a = asset('answers001', 'Harbour package');
      const b = asset('answers002', 'Aurora special');
      for (const x of [a, b]) {
        await catalog.assets.create(x);
        await index.upsertAsset(assetDoc(x));
      }
      // Four short lines: the windows (three cues, every two) overlap, so "harbour" sits in two windows.
      const said = words([['storm reached the harbour', 1000], ['ferries are cancelled', 4000], ['the harbour wall held', 7000], ['more later tonight', 10_000]]);
      await index.replaceSegments(a.id, 'enrich.speech', speechSegments(a.id, 'enrich.speech', said));
      await index.replaceSegments(a.id, 'enrich.ocr', [
        { assetId: a.id, kind: 'ocr', startMs: 1000, endMs: 5000, text: 'MUMBAI WATERFRONT', source: 'enrich.ocr', confidence: 0.9, words: null },
        { assetId: a.id, kind: 'ocr', startMs: 10_500, endMs: 14_500, text: 'MAYOR YUKI NAKAMURA', source: 'enrich.ocr', confidence: 0.9, words: null },
      ]);
    }, 60_000);
    afterAll(async () => close?.());

    it('one moment per spoken line, narrowed to the words, saying where it was said', async () => {
      const hit = (await q('harbour')).items.find((i) => i.asset.id === 'answers001')!;
      const speech = hit.moments.filter((m) => m.kind === 'speech');
      // Two lines say "harbour"; the overlapping windows must not add a third.
      expect(speech.map((m) => m.startMs).sort((x, y) => x - y)).toEqual([2200, 7400]);
      for (let i = 0; i < speech.length; i++) for (let j = i + 1; j < speech.length; j++) expect(speech[i]!.endMs <= speech[j]!.startMs || speech[j]!.endMs <= speech[i]!.startMs).toBe(true);
      expect(speech.map((m) => m.reason).sort()).toEqual(['said at 00:00:02:05', 'said at 00:00:07:10']);
      expect(hit.reason).toMatch(/^in the title; said at 00:00:0[27]:[01][05]$/);
    });

    it('a title hit still shows where to look: the poster frame', async () => {
      const hit = (await q('aurora')).items.find((i) => i.asset.id === 'answers002')!;
      expect(hit.matchedFields).toEqual(['title']);
      expect(hit.moments).toHaveLength(1);
      expect(hit.moments[0]).toMatchObject({ kind: 'shot', startMs: 1500, matchedBy: 'none', reason: 'in the title; poster frame at 00:00:01:12' });
      expect(hit.reason).toBe('in the title; poster frame at 00:00:01:12');
    });

    it('finds a name misspelled by one edit, on screen, and says how it was spelled', async () => {
      for (const typo of ['Nakamra', 'Nakamuar', 'Nakemura', 'Nakkamura']) {
        const hit = (await q(typo)).items.find((i) => i.asset.id === 'answers001');
        expect(hit?.moments[0], typo).toMatchObject({ kind: 'ocr', startMs: 10_500, reason: 'on screen at 00:00:10:12 (spelled “nakamura”)' });
      }
      expect((await q('Nkamra')).items).toEqual([]); // two edits: not a correction
    });

    it('an old name found through the vocabulary says which name it was found as', async () => {
      const hit = (await q('Bombay')).items.find((i) => i.asset.id === 'answers001')!;
      expect(hit.moments[0]).toMatchObject({ kind: 'ocr', startMs: 1000, reason: 'on screen at 00:00:01:00 (as “Mumbai”, an alias of “Bombay”)' });
      // Misspelled old name: corrected to the vocabulary term, then its alias.
      const typo = (await q('Bombya')).items.find((i) => i.asset.id === 'answers001');
      expect(typo?.moments[0]).toMatchObject({ kind: 'ocr', startMs: 1000 });
    });
  });
}

suite('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cutaway-answers-'));
  const catalog = openSqliteCatalog(dir, { model: 'none', dimensions: 1 });
  return { catalog, close: async () => (await catalog.close(), await rm(dir, { recursive: true, force: true })) };
});

if (!PG_URL) console.warn(PG_SKIP_REASON);
describe.skipIf(!PG_URL)('postgres', () => {
  suite('postgres', async () => {
    const schema = `t_answers_${Date.now().toString(36)}`;
    const catalog = await openPostgresCatalog(PG_URL!, schema, { model: 'none', dimensions: 1 }, pino({ level: 'silent' }));
    return {
      catalog,
      close: async () => {
        await catalog.close();
        const pg = (await import('pg')).default;
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await c.end();
      },
    };
  });
});
