import { beforeAll, describe, expect, it } from 'vitest';
import { macro, MODES } from './evaluate';
import { runRelevance, type RelevanceRun } from './harness';

/**
 * The relevance benchmark at CI size (issue 14: "bench:relevance runs in CI at a small size"): the same
 * harness as `npm run bench:relevance` — generated clips ingested and enriched through the real
 * pipeline, every query run lexical-only, semantic-only, phonetic-only and fused — with the properties
 * the issue demands asserted on the figures. Media and the enriched catalog are cached in .scratch/.
 */
const CLIPS = Number(process.env.CUTAWAY_RELEVANCE_TEST_CLIPS ?? 8);
let run: RelevanceRun;

beforeAll(async () => {
  run = await runRelevance({ clips: CLIPS, calibrate: false, log: (l) => process.stderr.write(`[relevance] ${l}\n`) });
}, 1_800_000);

describe(`relevance benchmark, ${CLIPS} clips`, () => {
  it('has every query kind, with known answers', () => {
    const kinds = new Set(run.corpus.queries.map((q) => q.kind));
    for (const k of ['words', 'names', 'screen', 'paraphrase', 'alias', 'misspelling', 'none']) expect(kinds.has(k as never), k).toBe(true);
    expect(run.corpus.queries.length).toBeGreaterThanOrEqual(40);
  });

  it('the fused result ranks the right asset at least as well as every single path (MRR)', () => {
    const fused = macro(run.reports.fused, 'mrr');
    for (const mode of MODES.filter((m) => m !== 'fused')) expect(fused, `fused ${fused} vs ${mode} ${macro(run.reports[mode], 'mrr')}`).toBeGreaterThanOrEqual(macro(run.reports[mode], 'mrr'));
    // And it finds something: words on screen are read reliably by OCR.
    expect(run.reports.fused.screen.recall10).toBeGreaterThanOrEqual(0.75);
  });

  it('queries with no right answer mostly return nothing', () => {
    expect(run.reports.fused.none.queries).toBeGreaterThanOrEqual(8);
    expect(run.reports.fused.none.answered, JSON.stringify(run.outcomes.fused.filter((o) => o.q.kind === 'none' && o.answered).map((o) => [o.q.q, o.result.items.map((i) => i.reason)]))).toBeLessThanOrEqual(0.25);
  });

  it('finds misspellings within one edit of a word the index holds, at the right moment', () => {
    const fused = run.outcomes.fused.filter((o) => o.q.kind === 'misspelling');
    // On-screen names: OCR reads them, so the right spelling is in the index. Typed words under five letters are not corrected (rules/spelling.ts).
    const indexed = fused.filter((o) => 'lowerThird' in o.q.truth[0]! && [...o.q.q].length >= 5);
    expect(indexed.length).toBeGreaterThan(0);
    const found = indexed.filter((o) => o.rank !== null && o.momentHit);
    expect(found.length / indexed.length, JSON.stringify(indexed.filter((o) => !o.momentHit).map((o) => o.q.q))).toBeGreaterThanOrEqual(0.75);
  });

  it('every moment says why it matched, one moment per line, and a title hit still shows where to look', () => {
    for (const o of run.outcomes.fused) {
      for (const item of o.result.items) {
        expect(item.reason, o.q.q).toBeTruthy();
        for (const m of item.moments) expect(m.reason, `${o.q.q}: ${JSON.stringify(m)}`).toMatch(/^(said|on screen|in a shot|tagged|in a marker|seen|in the picture|sounds like|similar meaning|in the) /);
        for (const [i, a] of item.moments.entries()) for (const b of item.moments.slice(i + 1)) expect(a.kind !== b.kind || a.endMs <= b.startMs || b.endMs <= a.startMs, `${o.q.q}: overlapping ${a.kind} moments`).toBe(true);
      }
    }
    const titles = run.outcomes.fused.filter((o) => o.q.kind === 'title' && o.rank !== null);
    expect(titles.length).toBeGreaterThan(0);
    for (const o of titles) expect(o.result.items[o.rank! - 1]!.moments.length, o.q.q).toBeGreaterThan(0);
  });
});
