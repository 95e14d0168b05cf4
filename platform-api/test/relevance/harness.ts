import { loadConfig } from '../../src/config';
import type { SearchTuning } from '../../src/services/search-tuning';
import { buildCorpus, type Corpus } from './corpus';
import { DEFAULT_TUNING, macro, MODES, openBench, runQueries, serviceFor, summarize, type Bench, type Mode, type QueryOutcome, type Report } from './evaluate';
import { materialize } from './materialize';

/** The semantic minimum score the server runs with unless configured (config.ts default). */
export const IN_USE_MIN_SCORE = loadConfig({}).ai.semanticMinScore;

export interface RunOptions {
  clips: number;
  calibrate: boolean;
  reingest?: boolean;
  log?: (line: string) => void;
}

export interface SweepRow { value: number; tp: number; fp: number; fn: number; f1: number }

export interface RelevanceRun {
  corpus: Corpus;
  ingest: { cached: boolean; seconds: number };
  /** The values the tables were measured with: the code defaults, or when calibrating the ones this run chose. */
  inUse: { minScore: number; tuning: SearchTuning };
  codeDefaults: { minScore: number; tuning: SearchTuning };
  calibration: null | {
    minScore: { best: number; rows: SweepRow[] };
    phoneticBound: { best: number; rows: SweepRow[] };
    rankMinScore: { best: number; rows: Array<{ value: number; macroMrr: number; fpMoments: number }> };
    weights: { best: SearchTuning['weights']; rows: Array<{ weights: SearchTuning['weights']; macroMrr: number; fpMoments: number }> };
  };
  reports: Record<Mode, Report>;
  outcomes: Record<Mode, QueryOutcome[]>;
}

/**
 * One path's moments as a detector: a query whose right asset's first moment is on the truth is a true
 * positive, every moment shown off the truth a false positive, a query with a right answer and no right
 * moment a miss. F1 over those picks a threshold that shows related moments and hides unrelated ones.
 */
function f1(value: number, outcomes: QueryOutcome[]): SweepRow {
  const tp = outcomes.filter((o) => o.momentHit).length;
  const fp = outcomes.reduce((s, o) => s + o.fp, 0);
  const fn = outcomes.filter((o) => o.q.truth.length > 0 && !o.momentHit).length;
  return { value, tp, fp, fn, f1: Math.round(((2 * tp) / Math.max(1, 2 * tp + fp + fn)) * 1000) / 1000 };
}

/** Best row by F1; ties go to the stricter value (`stricter` says which direction that is). */
const best = (rows: SweepRow[], stricter: 'higher' | 'lower') =>
  rows.reduce((a, b) => (b.f1 > a.f1 || (b.f1 === a.f1 && (stricter === 'higher' ? b.value > a.value : b.value < a.value)) ? b : a));

async function calibrate(b: Bench, log: (l: string) => void): Promise<NonNullable<RelevanceRun['calibration']>> {
  const minRows: SweepRow[] = [];
  for (let t = 0.3; t <= 0.7501; t += 0.05) {
    const v = Math.round(t * 1000) / 1000;
    minRows.push(f1(v, await runQueries(b, serviceFor(b, 'semantic', { minScore: v }))));
  }
  const minBest = best(minRows, 'higher');
  log(`semantic minimum score: ${minRows.map((r) => `${r.value}→${r.f1}`).join(' ')}; best ${minBest.value}`);
  const boundRows: SweepRow[] = [];
  // Each phonetic pass aligns every candidate window: a coarse grid keeps the full run within minutes.
  for (const v of [0.4, 0.44, 0.48, 0.52, 0.56]) {
    boundRows.push(f1(v, await runQueries(b, serviceFor(b, 'phonetic', { minScore: minBest.value, tuning: { phoneticBound: v } }))));
    log(`  phonetic bound ${v}: F1 ${boundRows.at(-1)!.f1}`);
  }
  const boundBest = best(boundRows, 'lower');
  log(`phonetic bound: ${boundRows.map((r) => `${r.value}→${r.f1}`).join(' ')}; best ${boundBest.value}`);
  const rankRows: Array<{ value: number; macroMrr: number; fpMoments: number }> = [];
  for (const v of [...[0.35, 0.45, 0.55].filter((x) => x < minBest.value), minBest.value]) {
    const report = summarize(await runQueries(b, serviceFor(b, 'fused', { minScore: minBest.value, tuning: { phoneticBound: boundBest.value, semanticRankMinScore: v } })));
    rankRows.push({ value: v, macroMrr: macro(report, 'mrr'), fpMoments: macro(report, 'fpMoments') });
  }
  const rankBest = rankRows.reduce((a, c) => (c.macroMrr > a.macroMrr || (c.macroMrr === a.macroMrr && c.value > a.value) ? c : a));
  log(`semantic rank minimum (fused MRR): ${rankRows.map((r) => `${r.value}→${r.macroMrr}`).join(' ')}; best ${rankBest.value}`);
  const weightRows: NonNullable<RelevanceRun['calibration']>['weights']['rows'] = [];
  for (const semantic of [0.5, 1]) {
    for (const phonetic of [0.5, 1]) {
      const weights = { lexical: 1, semantic, phonetic };
      const report = summarize(await runQueries(b, serviceFor(b, 'fused', { minScore: minBest.value, tuning: { phoneticBound: boundBest.value, semanticRankMinScore: rankBest.value, weights } })));
      weightRows.push({ weights, macroMrr: macro(report, 'mrr'), fpMoments: macro(report, 'fpMoments') });
    }
  }
  const wBest = weightRows.reduce((a, c) => (c.macroMrr > a.macroMrr || (c.macroMrr === a.macroMrr && c.fpMoments < a.fpMoments) ? c : a));
  log(`fusion weights (lexical 1): ${weightRows.map((r) => `s${r.weights.semantic}/p${r.weights.phonetic}→${r.macroMrr}`).join(' ')}; best s${wBest.weights.semantic}/p${wBest.weights.phonetic}`);
  return { minScore: { best: minBest.value, rows: minRows }, phoneticBound: { best: boundBest.value, rows: boundRows }, rankMinScore: { best: rankBest.value, rows: rankRows }, weights: { best: wBest.weights, rows: weightRows } };
}

/** Builds (or reuses) the corpus, optionally calibrates, then measures the four modes with the values in use. */
export async function runRelevance(o: RunOptions): Promise<RelevanceRun> {
  const log = o.log ?? (() => undefined);
  const corpus = buildCorpus(o.clips);
  log(`${corpus.clips.length} clips, ${corpus.queries.length} queries`);
  const m = await materialize(corpus, { reingest: o.reingest ?? false });
  log(m.cached ? `catalog from cache (${m.dataDir})` : `ingested and enriched in ${m.ingestS} s`);
  const b = await openBench(m, corpus);
  try {
    const calibration = o.calibrate ? await calibrate(b, log) : null;
    // Calibrating: the tables are measured with the values this run chose (the code defaults should be those).
    const inUse = calibration
      ? { minScore: calibration.minScore.best, tuning: { ...DEFAULT_TUNING, phoneticBound: calibration.phoneticBound.best, semanticRankMinScore: calibration.rankMinScore.best, weights: calibration.weights.best } }
      : { minScore: IN_USE_MIN_SCORE, tuning: DEFAULT_TUNING };
    const outcomes = {} as Record<Mode, QueryOutcome[]>;
    const reports = {} as Record<Mode, Report>;
    for (const mode of MODES) {
      outcomes[mode] = await runQueries(b, serviceFor(b, mode, { minScore: inUse.minScore, tuning: inUse.tuning }));
      reports[mode] = summarize(outcomes[mode]);
    }
    return { corpus, ingest: { cached: m.cached, seconds: m.ingestS }, inUse, codeDefaults: { minScore: IN_USE_MIN_SCORE, tuning: DEFAULT_TUNING }, calibration, reports, outcomes };
  } finally {
    await b.close();
  }
}
