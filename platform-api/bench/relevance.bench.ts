/**
 * Relevance benchmark (issue 14): a generated, labelled corpus of news-like clips (test/relevance/corpus.ts)
 * ingested and enriched through the real pipeline, then every query run four ways side by side: lexical
 * only, semantic only, phonetic only, and fused. Per query kind: recall@10 of the right asset, moment hit
 * rate, MRR and false-positive moments per query. The baseline in the same run is each single path; the
 * ratio printed is fused MRR over the best single path's.
 *   npm run bench:relevance                                  (40 clips, with the calibration sweeps)
 *   CUTAWAY_RELEVANCE_CLIPS=8 CUTAWAY_RELEVANCE_CALIBRATE=0 npm run bench:relevance
 *   CUTAWAY_RELEVANCE_REINGEST=1 …                           (ignore the cached catalog)
 *   CUTAWAY_RELEVANCE_CATALOG=.scratch/relevance/catalog/<key> (query a catalog an earlier code version enriched)
 * Media and the enriched catalog are cached under .scratch/relevance/, keyed by the script and by the
 * code that builds the index, so reruns skip generation and ingest. Stdout: tables, JSON summary last.
 */
import { macro, MODES, table } from '../test/relevance/evaluate';
import { runRelevance } from '../test/relevance/harness';

const clips = Number(process.env.CUTAWAY_RELEVANCE_CLIPS ?? 40);
const run = await runRelevance({
  clips,
  calibrate: process.env.CUTAWAY_RELEVANCE_CALIBRATE !== '0',
  reingest: process.env.CUTAWAY_RELEVANCE_REINGEST === '1',
  log: (l) => process.stderr.write(`[relevance] ${l}\n`),
});

console.log(`\nRelevance: ${run.corpus.clips.length} clips, ${run.corpus.queries.length} queries; semantic minimum ${run.inUse.minScore} (rank from ${run.inUse.tuning.semanticRankMinScore ?? run.inUse.minScore}), phonetic bound ${run.inUse.tuning.phoneticBound}, weights ${JSON.stringify(run.inUse.tuning.weights)}`);
const d = run.codeDefaults;
if (d.minScore !== run.inUse.minScore || JSON.stringify(d.tuning) !== JSON.stringify(run.inUse.tuning)) {
  console.log(`NOTE: the code defaults differ from this run's calibration (minimum ${d.minScore}, rank from ${d.tuning.semanticRankMinScore ?? d.minScore}, bound ${d.tuning.phoneticBound}, weights ${JSON.stringify(d.tuning.weights)}): update search-tuning.ts and CUTAWAY_SEMANTIC_MIN_SCORE`);
}
console.log('cells: recall@10 / moment hit / MRR / false-positive moments per query (none: recall = share answered with nothing)\n');
console.log(table(run.reports));
const single = Math.max(...MODES.filter((m) => m !== 'fused').map((m) => macro(run.reports[m], 'mrr')));
const fused = macro(run.reports.fused, 'mrr');
console.log(`\nfused macro MRR ${fused} vs best single path ${single}: ×${(fused / Math.max(single, 1e-9)).toFixed(2)}`);
if (run.calibration) {
  const c = run.calibration;
  console.log(`\ncalibration: semantic minimum score ${c.minScore.best}, semantic rank minimum ${c.rankMinScore.best}, phonetic bound ${c.phoneticBound.best}, weights ${JSON.stringify(c.weights.best)}`);
  console.log(`  semantic F1 by minimum: ${c.minScore.rows.map((r) => `${r.value}:${r.f1}`).join(' ')}`);
  console.log(`  phonetic F1 by bound:   ${c.phoneticBound.rows.map((r) => `${r.value}:${r.f1}`).join(' ')}`);
  console.log(`  fused macro MRR by semantic rank minimum: ${c.rankMinScore.rows.map((r) => `${r.value}:${r.macroMrr}`).join(' ')}`);
  console.log(`  fused macro MRR by weights: ${c.weights.rows.map((r) => `s${r.weights.semantic}/p${r.weights.phonetic}:${r.macroMrr}`).join(' ')}`);
}
console.log(JSON.stringify({
  bench: 'relevance',
  clips: run.corpus.clips.length,
  queries: run.corpus.queries.length,
  ingest: run.ingest,
  catalogOverride: process.env.CUTAWAY_RELEVANCE_CATALOG ?? null,
  inUse: { minScore: run.inUse.minScore, semanticRankMinScore: run.inUse.tuning.semanticRankMinScore, phoneticBound: run.inUse.tuning.phoneticBound, weights: run.inUse.tuning.weights },
  fusedMacroMrr: fused,
  bestSingleMacroMrr: single,
  ratio: Math.round((fused / Math.max(single, 1e-9)) * 100) / 100,
  reports: run.reports,
  calibration: run.calibration && { minScore: run.calibration.minScore.best, semanticRankMinScore: run.calibration.rankMinScore.best, phoneticBound: run.calibration.phoneticBound.best, weights: run.calibration.weights.best, sweeps: run.calibration },
}));
