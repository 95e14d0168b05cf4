import type { Asset, Moment, MomentKind, SearchHit, SearchQuery, SearchResult, Segment } from '@cutaway/shared';
import type { TextEmbedder } from '../ports/ai';
import type { AssetStore } from '../ports/asset-store';
import type { IndexHit, IndexQuery, IndexResult, ListSegmentsOptions, SearchIndex } from '../ports/search-index';
import type { VectorIndex } from '../ports/vector-index';
import { narrowToLine } from './narrow-words';
import { phoneticSearch, type PhoneticHit } from './phonetic/phonetic-search';
import { PhoneStore } from './phonetic/phone-store';
import type { Pronouncer } from '../ports/pronouncer';
import { toMoment } from './moments';
import { isPhoneticRow, PHONETIC_SOURCE } from './phonetic/phonetic-index';
import { parseQuery } from '../rules/search-query';
import { embedQuery, semanticHits, type SemanticHit } from './semantic-search';
import { DEFAULT_TUNING, type SearchTuning } from './search-tuning';
import { hitReason, momentReason, type Rewrite } from './search-reasons';
import type { SpellingService } from './spelling/spelling-service';
import { whereToLook } from './where-to-look';
import type { QueryVariant, VocabularyService } from './vocabulary-service';
import type { VersionService } from './version-service';
import type { PeopleService } from './people/people-service';
import { searchWithPerson } from './people/people-search';
import { storedKinds } from '../rules/visual-moments';

/** Reciprocal-rank fusion constant: merges ranked lists without comparing their raw scores. */
const RRF_K = 60;

interface Deps {
  index: SearchIndex;
  assets: AssetStore;
  vocabulary?: VocabularyService;
  semantic?: { embedder: TextEmbedder; vectors: VectorIndex; minScore: number };
  /** Version chains: newest version per chain with a "v3 of 3" hint (version-service.ts). */
  versions?: VersionService;
  /** "Sounds like" over the hidden phonetic rows of transcripts. */
  pronouncer?: Pronouncer;
  /** People (issue 17): a named person in the query scopes the rest of it to when they are on screen. */
  people?: PeopleService;
  /** "Did you mean": words one edit from a known word are searched as that word too. */
  spelling?: SpellingService;
  /** Fusion weights, phonetic bound, paths (search-tuning.ts); the defaults are calibrated. */
  tuning?: Partial<SearchTuning>;
}

/** A query searched lexically: as typed, through a vocabulary alias, or with a spelling correction. */
interface Variant extends QueryVariant {
  rewrite: Rewrite | null;
}

/**
 * Time-coded search: the index finds and ranks by words; vocabulary aliases and spelling corrections
 * add rewritten queries; embeddings add moments that match by meaning, phones those that sound like
 * the query. The lists are fused by weighted rank (RRF), then assets are hydrated and moments get
 * timecodes, thumbnails, exact word ranges and a sentence saying why they matched.
 */
export class SearchService {
  private readonly tuning: SearchTuning;
  /** Decoded phonetic rows, kept across requests until an asset's segments change. */
  private readonly phones: PhoneStore;

  constructor(private readonly deps: Deps) {
    this.tuning = { ...DEFAULT_TUNING, ...deps.tuning };
    this.phones = new PhoneStore(deps.index);
  }

  async search(q: SearchQuery): Promise<SearchResult> {
    const started = performance.now();
    const person = this.deps.people && !q.cursor ? await this.deps.people.personInQuery(q.q) : null;
    if (person?.rest) return searchWithPerson((inner) => this.search(inner), this.deps.people!, person, q);
    const { paths, weights } = this.tuning;
    // One request reads an asset's segments once, whichever paths need them (narrowing, meaning, sound).
    const index = withSegmentMemo(this.deps.index);
    // Semantic matches join only the first page: vector ranks have no stable cursor. Started first: the
    // query embedding runs in the encoder's worker thread while this thread does the lexical work.
    const semanticOn = Boolean(this.deps.semantic && paths.semantic && q.semantic && !q.cursor);
    // Weak neighbours may help rank (semanticRankMinScore); only clearly related ones are shown (minScore).
    const showMin = this.deps.semantic?.minScore ?? 1;
    const rankMin = Math.min(showMin, this.tuning.semanticRankMinScore ?? showMin);
    const vectorP = semanticOn ? embedQuery(this.deps.semantic!.embedder, q.q) : Promise.resolve(null);
    const semanticP = vectorP.then((vector) => (semanticOn ? semanticHits({ ...this.deps.semantic!, minScore: rankMin, index }, q, vector) : []));
    semanticP.catch(() => undefined); // awaited below; no unhandled rejection if the lexical path throws first
    const variants = paths.lexical ? await this.variants(q.q) : [];
    const lexical = await Promise.all(variants.map((v) => this.deps.index.search({ ...toIndexQuery(q), q: v.q })));
    // Phonetic matches join the first page too, and only for plain words (no phrase or prefix syntax).
    const parsed = parseQuery(q.q);
    const phonetic =
      this.deps.pronouncer && paths.phonetic && !q.cursor && (!q.kind || q.kind.includes('speech')) && parsed.terms.every((t) => t.kind === 'word')
        ? await phoneticSearch({ index, pronouncer: this.deps.pronouncer, phones: this.phones }, {
            words: parsed.terms.flatMap((t) => t.words), limit: q.limit, moments: q.moments, bound: this.tuning.phoneticBound, candidates: this.tuning.phoneticCandidates, ...filtersOf(q),
          })
        : [];
    const semantic = await semanticP;
    const vector = await vectorP;

    const fused = fuse(lexical, variants, semantic, phonetic, q.limit, weights);
    const assets = new Map((await this.deps.assets.getMany(fused.map((f) => f.assetId))).map((a) => [a.id, a]));
    const terms = parsed.terms.flatMap((t) => (t.kind === 'prefix' ? [`${t.text}*`] : t.words));
    const items: SearchHit[] = [];
    for (const f of fused) {
      const asset = assets.get(f.assetId);
      // Deleted between the index read and the catalog read, or outside the filters (semantic hits): left out.
      if (!asset || !passesFilters(asset, q)) continue;
      // Corrected and alias words are what the moments hold: narrow to those too.
      const shownTerms = f.rewrite ? [...terms, ...parseQuery(f.rewrite.as).terms.flatMap((t) => t.words)] : terms;
      const lexicalMoments = await this.narrow(index, asset, f.lexical?.moments.map((m) => toMoment(asset, m)) ?? [], shownTerms);
      const fields = f.lexical?.matchedFields ?? [];
      const meaning = f.semantic.filter((m) => m.score >= showMin);
      // A meaning-only match that is not clearly related is not an answer (issue 14).
      if (!f.lexical && f.phonetic.length === 0 && meaning.length === 0) continue;
      // Words first, then sound, then meaning: one spoken line or caption is one moment (issue 14).
      let moments = mergeOverlapping([
        ...lexicalMoments,
        ...f.phonetic.map((m) => toMoment(asset, m, 'phonetic')),
        ...meaning.map((m) => toMoment(asset, m, 'semantic')),
      ])
        .filter((m) => !q.kind || q.kind.includes(m.kind))
        .slice(0, Math.max(q.moments, f.lexical ? 0 : 1));
      if (moments.length === 0 && q.moments > 0 && fields.length > 0) {
        const look = await whereToLook({ index, vectors: this.deps.semantic?.vectors }, asset, vector);
        if (look) moments = [look];
      }
      moments = moments.map((m) => ({ ...m, reason: momentReason(m, { query: q.q, rewrite: m.matchedBy === 'lexical' ? f.rewrite : null, fields }) }));
      items.push({
        asset,
        score: Math.round(f.score * 1e6) / 1e6,
        matchedFields: fields,
        matchedAlias: f.alias,
        semantic: meaning.length > 0,
        moments,
        version: null,
        reason: hitReason(fields, moments),
      });
    }
    return {
      items: this.deps.versions ? await this.deps.versions.annotate(items, q.versions) : items,
      nextCursor: lexical[0]?.nextCursor ?? null,
      plan: lexical[0]?.plan ?? 'exact',
      aliases: variants.flatMap((v) => (v.alias ? [v.alias] : [])),
      tookMs: Math.round((performance.now() - started) * 100) / 100,
    };
  }

  /** The query as typed, its vocabulary aliases, and (when a word is unknown) its spelling correction. */
  private async variants(q: string): Promise<Variant[]> {
    const aliases: QueryVariant[] = this.deps.vocabulary ? await this.deps.vocabulary.variants(q) : [{ q, alias: null }];
    const out: Variant[] = aliases.map((v) => ({ ...v, rewrite: v.alias ? { kind: 'alias', term: v.alias.term, as: v.alias.alias } : null }));
    if (!this.deps.spelling || !this.tuning.spelling) return out;
    const fixes = await this.deps.spelling.corrections(q);
    if (fixes.size === 0) return out;
    let fixed = q;
    for (const [typed, to] of fixes) fixed = fixed.replace(new RegExp(`(?<![\\p{L}\\p{N}])${typed}(?![\\p{L}\\p{N}])`, 'giu'), to);
    // A typed word in another form than its folded one (diacritics) is left as typed.
    if (fixed === q) return out;
    const [typed, to] = [...fixes][0]!;
    // A correction that also names a vocabulary term brings that term's aliases along.
    const more: QueryVariant[] = this.deps.vocabulary ? await this.deps.vocabulary.variants(fixed) : [{ q: fixed, alias: null }];
    for (const v of more) out.push({ ...v, rewrite: { kind: v.alias ? 'alias' : 'spelling', term: v.alias?.term ?? typed, as: v.alias?.alias ?? to } });
    return out;
  }

  /** A speech hit spans a window of cues; its in/out become the matched words' own in and out. */
  private async narrow(index: Pick<SearchIndex, 'listSegments'>, asset: Asset, moments: Moment[], terms: string[]): Promise<Moment[]> {
    if (!moments.some((m) => m.kind === 'speech')) return moments;
    const speech = await index.listSegments(asset.id, 'speech', { exceptSource: PHONETIC_SOURCE });
    return moments.map((m) => {
      if (m.kind !== 'speech') return m;
      const seg = speech.find((s) => s.startMs === m.startMs && s.endMs === m.endMs && !isPhoneticRow(s));
      const range = seg?.words ? narrowToLine(seg.words, terms) : null;
      return range ? { ...m, ...range, ...toMoment(asset, { ...m, ...range }), highlighted: m.highlighted, matchedBy: m.matchedBy } : m;
    });
  }
}

/**
 * The index with listSegments memoised for one request: phonetic alignment, narrowing and semantic
 * hydration each read the same assets' segments (with the phonetic rows, the bulk of a request's CPU).
 * A call for all kinds also answers later calls for one kind.
 */
function withSegmentMemo(index: SearchIndex): SearchIndex {
  const memo = new Map<string, Promise<Segment[]>>();
  const list = (assetId: string, kind?: MomentKind, options: ListSegmentsOptions = {}): Promise<Segment[]> => {
    const key = (k: string, except: string) => `${k}\u0000${except}\u0000${assetId}`;
    const except = options.exceptSource ?? '';
    let hit = memo.get(key(kind ?? '*', except));
    if (!hit) {
      // A wider read already made answers a narrower one.
      const wider = [key(kind ?? '*', ''), key('*', except), key('*', '')].map((k) => memo.get(k)).find(Boolean);
      hit = wider
        ? wider.then((segments) => segments.filter((s) => (!kind || s.kind === kind) && (!except || s.source !== except)))
        : index.listSegments(assetId, kind, options);
      memo.set(key(kind ?? '*', except), hit);
    }
    return hit;
  };
  return {
    upsertAsset: (doc) => index.upsertAsset(doc),
    replaceSegments: (assetId, source, segments) => index.replaceSegments(assetId, source, segments),
    listSegments: list,
    deleteAsset: (assetId) => index.deleteAsset(assetId),
    search: (query) => index.search(query),
    tokenCounts: (tokens, filter) => index.tokenCounts(tokens, filter),
    segmentStamps: (assetIds) => index.segmentStamps(assetIds),
  };
}


function toIndexQuery(q: SearchQuery): Omit<IndexQuery, 'q'> {
  return {
    limit: q.limit,
    momentsPerAsset: q.moments,
    ...(q.type ? { types: q.type } : {}),
    // face and object moments are stored as tag rows (rules/visual-moments.ts).
    ...(q.kind ? { kinds: storedKinds(q.kind) } : {}),
    ...(q.tags ? { tags: q.tags } : {}),
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
    ...(q.cursor ? { cursor: q.cursor } : {}),
  };
}

interface Fused {
  assetId: string;
  score: number;
  lexical: IndexHit | null;
  alias: { term: string; alias: string } | null;
  rewrite: Rewrite | null;
  semantic: SemanticHit['moments'];
  phonetic: PhoneticHit['moments'];
}

function fuse(lexical: IndexResult[], variants: Variant[], semantic: SemanticHit[], phonetic: PhoneticHit[], limit: number, w: SearchTuning['weights']): Fused[] {
  const byAsset = new Map<string, Fused>();
  const at = (assetId: string) => byAsset.get(assetId) ?? byAsset.set(assetId, { assetId, score: 0, lexical: null, alias: null, rewrite: null, semantic: [], phonetic: [] }).get(assetId)!;
  lexical.forEach((result, v) =>
    result.hits.forEach((hit, rank) => {
      const f = at(hit.assetId);
      f.score += w.lexical / (RRF_K + rank + 1);
      // The query as typed wins over an alias rewrite for the moments shown.
      if (!f.lexical) {
        f.lexical = hit;
        f.alias = variants[v]?.alias ?? null;
        f.rewrite = variants[v]?.rewrite ?? null;
      }
    }),
  );
  semantic.forEach((hit, rank) => {
    const f = at(hit.assetId);
    f.score += w.semantic / (RRF_K + rank + 1);
    f.semantic = hit.moments;
  });
  phonetic.forEach((hit, rank) => {
    const f = at(hit.assetId);
    f.score += w.phonetic / (RRF_K + rank + 1);
    f.phonetic = hit.moments;
  });
  return [...byAsset.values()].sort((a, b) => b.score - a.score).slice(0, limit);
}

const overlaps = (a: { startMs: number; endMs: number }, b: { startMs: number; endMs: number }) => a.startMs < b.endMs && b.startMs < a.endMs;

function filtersOf(q: SearchQuery) {
  return { ...(q.type ? { types: q.type } : {}), ...(q.tags ? { tags: q.tags } : {}), ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) };
}

function passesFilters(asset: Asset, q: SearchQuery): boolean {
  if (q.type && !q.type.includes(asset.type)) return false;
  if (q.tags && !q.tags.every((t) => asset.tags.some((x) => x.toLowerCase() === t.toLowerCase()))) return false;
  if (q.from && asset.createdAt < q.from) return false;
  if (q.to && asset.createdAt > q.to) return false;
  return true;
}

/**
 * One moment per spoken line or caption: speech is indexed as overlapping windows, and the phonetic and
 * semantic paths find the same line again. In order (words, then sound, then meaning, each best first),
 * a moment overlapping one already kept of the same kind is dropped.
 */
function mergeOverlapping(moments: Moment[]): Moment[] {
  const kept: Moment[] = [];
  for (const m of moments) if (!kept.some((k) => k.kind === m.kind && (overlaps(k, m) || (k.startMs === m.startMs && k.endMs === m.endMs)))) kept.push(m);
  return kept;
}
