import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Segment } from '@cutaway/shared';
import { isAppError } from '@cutaway/shared/errors';
import type { AssetDoc, IndexQuery, IndexResult, SearchIndex } from '../../src/ports/search-index';

export type MakeSearchIndex = () => Promise<{ index: SearchIndex; close: () => Promise<void> }>;

const doc = (assetId: string, over: Partial<AssetDoc>): AssetDoc => ({
  assetId, title: '', description: '', tags: [], fileName: `${assetId}.mxf`, type: 'video', createdAt: '2024-01-01T00:00:00.000Z', ...over,
});
const seg = (assetId: string, kind: Segment['kind'], startMs: number, endMs: number, text: string, extra: Partial<Segment> = {}): Segment => ({
  assetId, kind, startMs, endMs, text, source: 'asr', confidence: null, words: null, ...extra,
});

const DOCS: AssetDoc[] = [
  doc('asset-title', { title: 'Flood defences in York', description: 'Barriers on the River Ouse', tags: ['weather', 'york'], createdAt: '2024-01-10T09:00:00Z' }),
  doc('asset-mention', { title: 'Council budget meeting', description: 'Full session', tags: ['politics'], createdAt: '2024-03-05T09:00:00Z' }),
  doc('asset-storm', { title: 'Coastal weather', description: 'Radio bulletin', tags: ['weather'], type: 'audio', createdAt: '2024-06-01T09:00:00Z' }),
  doc('asset-apart', { title: 'Harbour photo', description: 'Sign at the pier', tags: ['archive'], fileName: 'harbour_cam03.jpg', type: 'image', createdAt: '2023-11-20T09:00:00Z' }),
  doc('asset-energy', { title: 'Energy explainer', description: 'Electricity prices and grid reform', tags: ['economy'], type: 'document', createdAt: '2024-02-14T09:00:00Z' }),
  doc('asset-sport', { title: 'Sports round-up', description: 'Weekend results', tags: ['sport'] }),
  doc('asset-traffic', { title: 'Traffic report', description: 'Morning roads', tags: ['travel'] }),
];
const WORDS = [{ w: 'storm', startMs: 1200, endMs: 1500, conf: 0.9 }, { w: 'warning', startMs: 1500, endMs: 1900 }];
const SEGMENTS: Segment[][] = [
  [seg('asset-title', 'speech', 0, 4000, 'The mayor opened the new barrier today')],
  [
    seg('asset-mention', 'speech', 0, 5000, 'Councillors debated the budget for an hour'),
    seg('asset-mention', 'speech', 5000, 9000, 'There was a brief flood of questions from the press'),
    seg('asset-mention', 'ocr', 2000, 6000, 'R&D <budget> 2024'),
    seg('asset-mention', 'shot', 0, 9000, 'Wide shot of the council chamber'),
  ],
  [
    seg('asset-storm', 'speech', 1000, 4000, 'A storm warning was issued for the coast', { confidence: 0.87, words: WORDS }),
    seg('asset-storm', 'speech', 4000, 8000, 'The warning came too late for the fishing fleet'),
  ],
  [seg('asset-apart', 'ocr', 0, 10000, 'WARNING: the storm is near')],
  [
    seg('asset-energy', 'speech', 0, 3000, 'Electric cars are getting cheaper'),
    seg('asset-energy', 'marker', 3000, 3500, 'Elected officials reply'),
    seg('asset-energy', 'shot', 3500, 5000, 'Elegant lighting on the grid'),
  ],
  [seg('asset-sport', 'speech', 0, 2000, 'The home side won again')],
  [seg('asset-traffic', 'speech', 0, 2000, 'Queues on the ring road')],
];

const HOSTILE = ['"', 'NEAR(', '*', '-', ':', '"flood', 'flood"', 'NEAR(flood storm, 2)', '-flood', 'title:flood', '^flood', '(((', 'flood AND OR NOT',
  '**', 'a*', "o'brien", '\u0000', '{title}: flood', 'x'.repeat(5000), 'flood '.repeat(300), '"'.repeat(101), '🌊 flood'];

/**
 * The behaviour every SearchIndex adapter must show (docs/search.md): asset and
 * segment hits, filters, query syntax, highlighting, writes that replace per source,
 * stable pagination, and no raw engine error for any query a user can type.
 */
export function runSearchIndexContract(label: string, makeIndex: MakeSearchIndex): void {
  describe(`SearchIndex contract: ${label}`, () => {
    let harness: Awaited<ReturnType<MakeSearchIndex>>;
    let index: SearchIndex;
    const search = (q: string, over: Partial<IndexQuery> = {}): Promise<IndexResult> => index.search({ q, limit: 20, momentsPerAsset: 5, ...over });
    const ids = async (q: string, over: Partial<IndexQuery> = {}) => (await search(q, over)).hits.map((h) => h.assetId);
    const hit = async (q: string, assetId: string, over: Partial<IndexQuery> = {}) => (await search(q, over)).hits.find((h) => h.assetId === assetId);
    const expectInvalid = async (p: Promise<unknown>) => {
      const err = await p.then(() => null, (e: unknown) => e);
      expect(isAppError(err, 'search.query_invalid'), String(err)).toBe(true);
    };

    beforeEach(async () => {
      harness = await makeIndex();
      index = harness.index;
      for (const d of DOCS) await index.upsertAsset(d);
      for (const segs of SEGMENTS) await index.replaceSegments(segs[0]!.assetId, 'asr', segs);
    });
    afterEach(() => harness.close());

    it('finds assets by title, description, tags and file name, without moments', async () => {
      expect(await hit('defences', 'asset-title')).toMatchObject({ matchedFields: ['title'], moments: [] });
      expect((await hit('ouse', 'asset-title'))?.matchedFields).toEqual(['description']);
      expect((await hit('politics', 'asset-mention'))?.matchedFields).toEqual(['tags']);
      expect((await hit('cam03', 'asset-apart'))?.matchedFields).toEqual(['fileName']);
    });

    it('returns segment hits with their kind and exact time range', async () => {
      const chamber = await hit('chamber', 'asset-mention');
      expect(chamber?.moments).toEqual([expect.objectContaining({ kind: 'shot', startMs: 0, endMs: 9000, text: 'Wide shot of the council chamber', confidence: null })]);
      expect(chamber?.matchedFields).toEqual([]);
      const storm = await hit('issued', 'asset-storm');
      expect(storm?.moments).toEqual([expect.objectContaining({ kind: 'speech', startMs: 1000, endMs: 4000, confidence: 0.87 })]);
      expect(storm?.moments[0]?.score).toBeGreaterThan(0);
    });

    it('filters by kind: only segments of those kinds count', async () => {
      const all = await hit('budget', 'asset-mention');
      expect(all?.matchedFields).toEqual(['title']);
      expect(new Set(all?.moments.map((m) => m.kind))).toEqual(new Set(['speech', 'ocr']));
      const ocr = await search('budget', { kinds: ['ocr'] });
      expect(ocr.hits.map((h) => h.assetId)).toEqual(['asset-mention']);
      expect(ocr.hits[0]?.moments.map((m) => m.kind)).toEqual(['ocr']);
      expect(await ids('chamber', { kinds: ['speech', 'ocr'] })).toEqual([]);
      expect(await ids('defences', { kinds: ['speech'] })).toEqual([]);
    });

    it('filters by type, tags (any of, case-insensitive) and creation date', async () => {
      expect((await ids('weather')).sort()).toEqual(['asset-storm', 'asset-title']);
      expect(await ids('weather', { types: ['audio'] })).toEqual(['asset-storm']);
      expect(await ids('weather', { types: ['image', 'document'] })).toEqual([]);
      expect(await ids('warning', { tags: ['ARCHIVE'] })).toEqual(['asset-apart']);
      expect((await ids('warning', { tags: ['archive', 'weather'] })).sort()).toEqual(['asset-apart', 'asset-storm']);
      expect(await ids('warning', { from: '2024-01-01T00:00:00Z' })).toEqual(['asset-storm']);
      expect(await ids('warning', { to: '2024-01-01T00:00:00+00:00' })).toEqual(['asset-apart']);
      expect(await ids('warning', { from: '2024-06-01T09:00:00Z', to: '2024-06-01T09:00:00Z' })).toEqual(['asset-storm']);
    });

    it('ANDs words, keeps phrases to adjacent words, and expands prefixes', async () => {
      expect((await ids('storm warning')).sort()).toEqual(['asset-apart', 'asset-storm']);
      expect(await ids('"storm warning"')).toEqual(['asset-storm']);
      expect((await hit('"storm warning"', 'asset-storm'))?.moments.map((m) => m.startMs)).toEqual([1000]);
      expect(await ids('storm fleet')).toEqual([]);
      const elec = await hit('elec*', 'asset-energy');
      expect(elec?.matchedFields).toEqual(['description']);
      expect(elec?.moments.map((m) => m.kind).sort()).toEqual(['marker', 'speech']); // not "Elegant"
      expect((await hit('ele*', 'asset-energy'))?.moments).toHaveLength(3);
    });

    it('holds an AND and a phrase to one segment: adjacent, in order, of the wanted kind', async () => {
      // Both words in one segment, but not adjacent or not in this order: no phrase.
      expect(await ids('"warning storm"')).toEqual([]);
      expect(await ids('"storm near"')).toEqual([]);
      expect(await ids('"warning the storm"')).toEqual(['asset-apart']); // punctuation does not break adjacency
      expect(await ids('"storm warning was issued"')).toEqual(['asset-storm']);
      expect(await ids('"storm warning was fleet"')).toEqual([]);
      // Adjacent only across two segments of one asset ("…for the coast" | "The warning…").
      expect(await ids('"coast the"')).toEqual([]);
      expect(await ids('coast "storm warning"')).toEqual(['asset-storm']);
      expect(await ids('fleet "storm warning"')).toEqual([]);
      expect(await ids('"storm warning" "warning came"')).toEqual([]);
      expect((await ids('"the storm"')).sort()).toEqual(['asset-apart']);
      expect(await ids('"the storm"', { kinds: ['speech'] })).toEqual([]);
      expect(await ids('"the storm is"', { kinds: ['ocr'] })).toEqual(['asset-apart']);
      expect(await ids('warning issued', { kinds: ['ocr'] })).toEqual([]);
      // A repeated word, and a phrase whose words only repeat elsewhere in the segment.
      await index.replaceSegments('asset-traffic', 'ocr-step', [seg('asset-traffic', 'ocr', 0, 500, 'Go slow go go now', { source: 'ocr-step' })]);
      expect(await ids('"go go"')).toEqual(['asset-traffic']);
      expect(await ids('"go go go"')).toEqual([]);
      expect(await ids('"now go"')).toEqual([]);
      expect((await hit('"go now"', 'asset-traffic'))?.moments.map((m) => m.highlighted)).toEqual(['Go slow go <mark>go</mark> <mark>now</mark>']);
    });

    it('highlights matches, HTML-escaped, including stems and prefixes', async () => {
      const ocr = await hit('budget', 'asset-mention', { kinds: ['ocr'] });
      expect(ocr?.moments[0]?.highlighted).toBe('R&amp;D &lt;<mark>budget</mark>&gt; 2024');
      const stem = await hit('floods', 'asset-mention');
      expect(stem?.moments[0]?.highlighted).toBe('There was a brief <mark>flood</mark> of questions from the press');
      const prefix = await hit('elec*', 'asset-energy', { kinds: ['speech'] });
      expect(prefix?.moments[0]?.highlighted).toBe('<mark>Electric</mark> cars are getting cheaper');
      const phrase = await hit('"storm warning"', 'asset-storm');
      expect(phrase?.moments[0]?.highlighted).toBe('A <mark>storm</mark> <mark>warning</mark> was issued for the coast');
    });

    it('ranks an asset-field match above a passing mention in a segment', async () => {
      expect(await ids('flood')).toEqual(['asset-title', 'asset-mention']);
      const r = await search('flood');
      expect(r.hits[0]!.score).toBeGreaterThan(r.hits[1]!.score);
    });

    it('returns at most momentsPerAsset moments, best first', async () => {
      const one = await hit('warning', 'asset-storm', { momentsPerAsset: 1 });
      expect(one?.moments).toHaveLength(1);
      const both = await hit('warning', 'asset-storm', { momentsPerAsset: 5 });
      expect(both?.moments).toHaveLength(2);
      const scores = both!.moments.map((m) => m.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect((await hit('warning', 'asset-storm', { momentsPerAsset: 0 }))?.moments).toEqual([]);
    });

    it('replaces segments per source, idempotently, keeping word timings', async () => {
      await index.replaceSegments('asset-storm', 'asr', SEGMENTS[2]!);
      await index.replaceSegments('asset-storm', 'ocr-step', [seg('asset-storm', 'ocr', 500, 700, 'SEVERE WEATHER', { source: 'ocr-step' })]);
      const list = await index.listSegments('asset-storm');
      expect(list.map((s) => [s.startMs, s.source])).toEqual([[500, 'ocr-step'], [1000, 'asr'], [4000, 'asr']]);
      expect(list[1]).toEqual(SEGMENTS[2]![0]);
      expect(await index.listSegments('asset-storm', 'ocr')).toHaveLength(1);
      expect((await hit('"storm warning"', 'asset-storm'))?.moments).toHaveLength(1);
      await index.replaceSegments('asset-storm', 'asr', []);
      expect((await index.listSegments('asset-storm')).map((s) => s.source)).toEqual(['ocr-step']);
      expect(await ids('fleet')).toEqual([]);
      expect((await hit('severe', 'asset-storm'))?.moments.map((m) => m.kind)).toEqual(['ocr']);
    });

    it('indexes segments written before the asset doc, and keeps them when the doc arrives or changes', async () => {
      await index.replaceSegments('asset-late', 'asr', [seg('asset-late', 'speech', 100, 900, 'Volcano erupts overnight')]);
      expect(await ids('volcano')).toEqual(['asset-late']);
      await index.upsertAsset(doc('asset-late', { title: 'Iceland eruption', type: 'video', createdAt: '2024-05-01T00:00:00Z' }));
      expect((await hit('volcano', 'asset-late'))?.moments).toHaveLength(1);
      expect(await ids('iceland')).toEqual(['asset-late']);
      await index.upsertAsset(doc('asset-late', { title: 'Reykjanes eruption' }));
      expect(await ids('iceland')).toEqual([]);
      expect(await ids('reykjanes eruption')).toEqual(['asset-late']);
      expect(await index.listSegments('asset-late')).toHaveLength(1);
    });

    it('deletes an asset with all its segments', async () => {
      await index.deleteAsset('asset-storm');
      expect(await ids('fleet')).toEqual([]);
      expect(await ids('coastal')).toEqual([]);
      expect(await index.listSegments('asset-storm')).toEqual([]);
      expect(await ids('warning')).toEqual(['asset-apart']);
      await index.deleteAsset('asset-storm');
      await index.deleteAsset('asset-never-seen');
    });

    it('pages through results with an opaque cursor, without duplicates or gaps', async () => {
      const expected: string[] = [];
      for (let i = 0; i < 23; i++) {
        const id = `asset-parade-${String(i).padStart(2, '0')}`;
        expected.push(id);
        await index.upsertAsset(doc(id, { title: i % 3 === 0 ? `Parade ${i}` : `Clip ${i}`, createdAt: new Date(Date.UTC(2024, 0, 1 + i)).toISOString() }));
        await index.replaceSegments(id, 'asr', [seg(id, 'speech', 0, 1000, `the parade passes stand ${i}`)]);
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 20; page++) {
        const r = await search('parade', { limit: 5, ...(cursor ? { cursor } : {}) });
        expect(r.hits.length).toBeLessThanOrEqual(5);
        seen.push(...r.hits.map((h) => h.assetId));
        if (!r.nextCursor) break;
        expect(typeof r.nextCursor).toBe('string');
        cursor = r.nextCursor;
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.sort()).toEqual(expected);
      await expectInvalid(search('parade', { cursor: 'not a cursor' }));
    });

    it('never surfaces an engine error for hostile queries', async () => {
      for (const q of HOSTILE) {
        const outcome = await search(q).then((r) => r, (e: unknown) => e);
        if (outcome instanceof Error) expect(isAppError(outcome, 'search.query_invalid'), `${q.slice(0, 40)}: ${outcome.message}`).toBe(true);
        else expect(Array.isArray((outcome as IndexResult).hits)).toBe(true);
      }
      await expectInvalid(search('   '));
      await expectInvalid(search('"" * - :'));
      // Operators are plain text: `-` does not negate, brackets and colons do not group or pick columns.
      for (const q of ['-flood', '(flood)', 'flood:', '"flood']) expect(await ids(q), q).toEqual(['asset-title', 'asset-mention']);
      expect(await ids('NEAR(storm')).toEqual(['asset-apart']);
    });

    it('counts, per asset, how many of a set of tokens its segments hold (phonetic candidate screening)', async () => {
      await index.replaceSegments('asset-storm', 'phones', [seg('asset-storm', 'speech', 1000, 4000, 'pbst phsto pbto', { source: 'phones' })]);
      await index.replaceSegments('asset-sport', 'phones', [
        seg('asset-sport', 'speech', 0, 1000, 'pbst', { source: 'phones' }),
        seg('asset-sport', 'speech', 1000, 2000, 'pbst pbxx', { source: 'phones' }),
      ]);
      await index.replaceSegments('asset-apart', 'phones', [seg('asset-apart', 'ocr', 0, 1000, 'phsto', { source: 'phones' })]);
      const counts = await index.tokenCounts(['pbst', 'phsto', 'pbto', 'pbst', 'nothing'], { kinds: ['speech'] });
      // A token counts once per asset however many segments hold it; other kinds do not count.
      expect(Object.fromEntries(counts)).toEqual({ 'asset-storm': 3, 'asset-sport': 1 });
      expect(Object.fromEntries(await index.tokenCounts(['phsto'], {}))).toEqual({ 'asset-storm': 1, 'asset-apart': 1 });
      expect(Object.fromEntries(await index.tokenCounts(['pbst'], { kinds: ['speech'], types: ['audio'] }))).toEqual({ 'asset-storm': 1 });
      expect(Object.fromEntries(await index.tokenCounts(['pbst'], { kinds: ['speech'], from: '2024-05-01T00:00:00Z', to: '2024-07-01T00:00:00Z' }))).toEqual({ 'asset-storm': 1 });
      expect((await index.tokenCounts([], { kinds: ['speech'] })).size).toBe(0);
      // Readers of transcripts leave such hidden rows out at the source.
      expect((await index.listSegments('asset-storm', 'speech')).map((x) => x.source)).toEqual(['asr', 'phones', 'asr']);
      expect((await index.listSegments('asset-storm', 'speech', { exceptSource: 'phones' })).map((x) => x.text)).toEqual(['A storm warning was issued for the coast', 'The warning came too late for the fishing fleet']);
      expect((await index.listSegments('asset-apart', undefined, { exceptSource: 'phones' })).map((x) => x.source)).toEqual(['asr']);
      expect((await index.listSegments('asset-storm', 'speech', { onlySource: 'phones' })).map((x) => x.text)).toEqual(['pbst phsto pbto']);
      expect(await index.listSegments('asset-title', undefined, { onlySource: 'phones' })).toEqual([]);
      expect((await index.tokenCounts(['"', ' ', ''], {})).size).toBe(0);
      // Query syntax inside a token is never parsed: it is looked up as the word(s) it holds, or nothing.
      expect([...(await index.tokenCounts(['NEAR(', '{speech}:', '*'], {})).keys()].every((id) => id === 'asset-apart')).toBe(true);
    });

    it("stamps an asset's segments: a new stamp on every segment write, none once deleted", async () => {
      const stamps = async () => Object.fromEntries(await index.segmentStamps(['asset-storm', 'asset-sport', 'asset-late', 'nobody']));
      await index.upsertAsset(doc('asset-late', { title: 'No segments yet' }));
      const before = await stamps();
      expect(Object.keys(before).sort()).toEqual(['asset-sport', 'asset-storm']);
      expect(before['asset-storm']).not.toEqual(before['asset-sport']);
      // Asset fields alone do not touch the segments, so the stamp stays.
      await index.upsertAsset(doc('asset-storm', { title: 'Coastal weather, updated' }));
      expect((await stamps())['asset-storm']).toBe(before['asset-storm']);
      // Every write is a new stamp, even one that writes the same rows again.
      await index.replaceSegments('asset-storm', 'phones', [seg('asset-storm', 'speech', 1000, 4000, 'pbst', { source: 'phones' })]);
      const once = (await stamps())['asset-storm'];
      await index.replaceSegments('asset-storm', 'phones', [seg('asset-storm', 'speech', 1000, 4000, 'pbst', { source: 'phones' })]);
      const twice = (await stamps())['asset-storm'];
      expect(new Set([before['asset-storm'], once, twice]).size).toBe(3);
      expect((await stamps())['asset-sport']).toBe(before['asset-sport']);
      await index.replaceSegments('asset-late', 'asr', []);
      expect((await stamps())['asset-late']).toEqual(expect.any(String));
      await index.deleteAsset('asset-storm');
      expect(Object.keys(await stamps()).sort()).toEqual(['asset-late', 'asset-sport']);
      expect((await index.segmentStamps([])).size).toBe(0);
    });

    it('makes new writes visible to the next search', async () => {
      expect(await ids('hailstones')).toEqual([]);
      await index.replaceSegments('asset-traffic', 'ocr-step', [seg('asset-traffic', 'ocr', 0, 500, 'Hailstones on the M62', { source: 'ocr-step' })]);
      expect(await ids('hailstones')).toEqual(['asset-traffic']);
      expect(await ids('queues')).toEqual(['asset-traffic']);
    });
  });
}
