import { SearchQuerySchema, type SearchResult } from '@cutaway/shared';
import { CmudictPronouncer } from '../../src/adapters/phonetic/cmudict-pronouncer';
import { UseTextEmbedder } from '../../src/adapters/embeddings-use/index';
import { openSqliteCatalog } from '../../src/composition/sqlite-catalog';
import type { Catalog } from '../../src/composition/catalog';
import { systemClock, randomIds } from '../../src/ids';
import type { TextEmbedder } from '../../src/ports/ai';
import type { Pronouncer } from '../../src/ports/pronouncer';
import { SearchService } from '../../src/services/search-service';
import { DEFAULT_TUNING, type SearchTuning } from '../../src/services/search-tuning';
import { SpellingService } from '../../src/services/spelling/spelling-service';
import { VocabularyService } from '../../src/services/vocabulary-service';
import { QUERY_KINDS, type BenchQuery, type Corpus, type Interval, type QueryKind } from './corpus';
import type { Materialized, MaterializedClip } from './materialize';

export type Mode = 'lexical' | 'semantic' | 'phonetic' | 'fused';
export const MODES: readonly Mode[] = ['lexical', 'semantic', 'phonetic', 'fused'];

/** The semantic minimum score the running config uses (CUTAWAY_SEMANTIC_MIN_SCORE's default). */
export { DEFAULT_TUNING };

export interface KindMetrics {
  queries: number;
  /** Share of queries whose right asset is in the first 10 (no-answer queries: share that returned nothing). */
  recall10: number;
  /** Share whose right asset's first moment overlaps the truth interval. */
  momentHit: number;
  mrr: number;
  /** Moments shown that overlap no truth interval, per query. */
  fpMoments: number;
  /** Share of queries that returned any asset. */
  answered: number;
}

export type Report = Record<QueryKind, KindMetrics>;

export interface Bench {
  catalog: Catalog;
  clips: MaterializedClip[];
  queries: BenchQuery[];
  embedder: TextEmbedder;
  pronouncer: Pronouncer;
  vocabulary: VocabularyService;
  close(): Promise<void>;
}

/** Same texts come back every sweep step: remember vectors and phones (the engines are deterministic). */
function memoEmbedder(e: TextEmbedder): TextEmbedder {
  const cache = new Map<string, Float32Array>();
  return {
    engine: e.engine, model: e.model, dimensions: e.dimensions,
    async embed(texts) {
      const missing = texts.filter((t) => !cache.has(t));
      if (missing.length) (await e.embed(missing)).forEach((v, i) => cache.set(missing[i]!, v));
      return texts.map((t) => cache.get(t)!);
    },
  };
}
function memoPronouncer(p: Pronouncer): Pronouncer {
  const cache = new Map<string, string[] | null>();
  return {
    engine: p.engine, model: p.model,
    async pronounce(words) {
      const missing = words.filter((w) => !cache.has(w));
      if (missing.length) {
        const got = await p.pronounce(missing);
        for (const w of missing) cache.set(w, got.get(w) ?? null);
      }
      return new Map(words.flatMap((w) => (cache.get(w) ? [[w, cache.get(w)!] as const] : [])));
    },
  };
}

/** Opens the enriched catalog for querying, with the corpus's vocabulary in place. */
export async function openBench(m: Materialized, corpus: Corpus): Promise<Bench> {
  const use = new UseTextEmbedder({});
  const embedder = memoEmbedder(use);
  const catalog = openSqliteCatalog(m.dataDir, { model: use.model, dimensions: use.dimensions });
  const vocabulary = new VocabularyService({ store: catalog.vocabulary, clock: systemClock, ids: randomIds });
  for (const e of await vocabulary.list()) await vocabulary.delete(e.id);
  for (const e of corpus.vocabulary) await vocabulary.create({ terms: e.terms, note: 'relevance benchmark' });
  const pronouncer = memoPronouncer(new CmudictPronouncer({ dictPath: '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict', espeakPath: 'espeak-ng' }));
  return {
    catalog, clips: m.clips, queries: corpus.queries, embedder, pronouncer, vocabulary,
    async close() {
      await use.close();
      await catalog.close();
    },
  };
}

/** The real search service with one path or all of them, and the given knobs. */
export function serviceFor(b: Bench, mode: Mode, o: { minScore: number; tuning?: Partial<SearchTuning> }): SearchService {
  const base = { ...DEFAULT_TUNING, ...o.tuning };
  const paths = mode === 'fused' ? base.paths : { lexical: mode === 'lexical', semantic: mode === 'semantic', phonetic: mode === 'phonetic' };
  return new SearchService({
    index: b.catalog.index,
    assets: b.catalog.assets,
    vocabulary: b.vocabulary,
    semantic: { embedder: b.embedder, vectors: b.catalog.vectors, minScore: o.minScore },
    pronouncer: b.pronouncer,
    spelling: new SpellingService({ spelling: b.catalog.spelling, vocabulary: b.vocabulary }),
    tuning: { ...base, paths },
  });
}

function intervalsOf(b: Bench, q: BenchQuery): Map<string, Interval[]> {
  const out = new Map<string, Interval[]>();
  for (const t of q.truth) {
    const clip = b.clips[t.clip]!;
    const iv: Interval =
      'speech' in t ? { fromMs: clip.truth.speech[t.speech]!.voicedFromMs, toMs: clip.truth.speech[t.speech]!.voicedToMs }
      : 'lowerThird' in t ? { fromMs: clip.truth.lowerThirds[t.lowerThird]!.fromMs, toMs: clip.truth.lowerThirds[t.lowerThird]!.toMs }
      : { fromMs: 0, toMs: clip.truth.durationMs };
    (out.get(clip.assetId) ?? out.set(clip.assetId, []).get(clip.assetId)!).push(iv);
  }
  return out;
}

const hits = (m: { startMs: number; endMs: number }, ivs: Interval[] | undefined) => (ivs ?? []).some((iv) => m.startMs < iv.toMs && iv.fromMs < Math.max(m.endMs, m.startMs + 1));

export interface QueryOutcome {
  q: BenchQuery;
  rank: number | null;
  momentHit: boolean;
  fp: number;
  answered: boolean;
  result: SearchResult;
}

/** Scores one query's result against its truth. */
export function score(b: Bench, q: BenchQuery, result: SearchResult): QueryOutcome {
  const truth = intervalsOf(b, q);
  const items = result.items.slice(0, 10);
  const idx = items.findIndex((i) => truth.has(i.asset.id));
  const right = idx >= 0 ? items[idx]! : null;
  const first = right?.moments[0];
  const fp = items.reduce((n, i) => n + i.moments.filter((m) => !hits(m, truth.get(i.asset.id))).length, 0);
  return { q, rank: idx >= 0 ? idx + 1 : null, momentHit: Boolean(first && hits(first, truth.get(right!.asset.id))), fp, answered: items.length > 0, result };
}

export async function runQueries(b: Bench, service: SearchService, queries: BenchQuery[] = b.queries): Promise<QueryOutcome[]> {
  const out: QueryOutcome[] = [];
  for (const q of queries) out.push(score(b, q, await service.search(SearchQuerySchema.parse({ q: q.q, limit: 10, moments: 3 }))));
  return out;
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export function summarize(outcomes: QueryOutcome[]): Report {
  const report = {} as Report;
  for (const kind of QUERY_KINDS) {
    const os = outcomes.filter((o) => o.q.kind === kind);
    const n = Math.max(1, os.length);
    const none = kind === 'none';
    report[kind] = {
      queries: os.length,
      recall10: r3(os.filter((o) => (none ? !o.answered : o.rank !== null)).length / n),
      momentHit: r3(none ? 0 : os.filter((o) => o.momentHit).length / n),
      mrr: r3(none ? 0 : os.reduce((s, o) => s + (o.rank ? 1 / o.rank : 0), 0) / n),
      fpMoments: r3(os.reduce((s, o) => s + o.fp, 0) / n),
      answered: r3(os.filter((o) => o.answered).length / n),
    };
  }
  return report;
}

/** Mean over the kinds that have a right answer (each kind counts once, whatever its size). */
export function macro(report: Report, key: keyof KindMetrics, kinds: readonly QueryKind[] = QUERY_KINDS.filter((k) => k !== 'none' && k !== 'title')): number {
  const ks = kinds.filter((k) => report[k].queries > 0);
  return r3(ks.reduce((s, k) => s + report[k][key], 0) / Math.max(1, ks.length));
}

/** A per-kind table of the four modes side by side. */
export function table(reports: Record<Mode, Report>): string {
  const lines = [`${'kind'.padEnd(12)} ${'n'.padStart(4)}  ${MODES.map((m) => `${m} R@10/mom/MRR/FP`.padEnd(28)).join('')}`];
  for (const kind of QUERY_KINDS) {
    const n = reports.fused[kind].queries;
    if (!n) continue;
    const cells = MODES.map((m) => {
      const r = reports[m][kind];
      return `${r.recall10.toFixed(2)}/${r.momentHit.toFixed(2)}/${r.mrr.toFixed(2)}/${r.fpMoments.toFixed(2)}`.padEnd(28);
    });
    lines.push(`${kind.padEnd(12)} ${String(n).padStart(4)}  ${cells.join('')}`);
  }
  lines.push(`${'macro'.padEnd(12)} ${''.padStart(4)}  ${MODES.map((m) => `${macro(reports[m], 'recall10').toFixed(2)}/${macro(reports[m], 'momentHit').toFixed(2)}/${macro(reports[m], 'mrr').toFixed(2)}/${macro(reports[m], 'fpMoments').toFixed(2)}`.padEnd(28)).join('')}`);
  return lines.join('\n');
}
