import type { Asset, Moment, MomentKind, SearchHit, SearchQuery, SearchResult, Segment } from '@cutaway/shared';
import type { TextEmbedder } from '../ports/ai';
import type { AssetStore } from '../ports/asset-store';
import type { IndexHit, IndexQuery, IndexResult, ListSegmentsOptions, SearchIndex } from '../ports/search-index';
import type { VectorIndex } from '../ports/vector-index';
import { narrowToWords } from './enrichment/speech-windows';
import { phoneticSearch, type PhoneticHit } from './phonetic/phonetic-search';
import type { Pronouncer } from '../ports/pronouncer';
import { toMoment } from './moments';
import { isPhoneticRow, PHONETIC_SOURCE } from './phonetic/phonetic-index';
import { parseQuery } from '../rules/search-query';
import { semanticHits, type SemanticHit } from './semantic-search';
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
}

/**
 * Time-coded search: the index finds and ranks by words; vocabulary aliases add rewritten
 * queries; embeddings add moments that match by meaning. The lists are fused by rank (RRF),
 * then assets are hydrated and moments get timecodes, thumbnails and exact word ranges.
 */
export class SearchService {
  constructor(private readonly deps: Deps) {}

  async search(q: SearchQuery): Promise<SearchResult> {
    const started = performance.now();
    const person = this.deps.people && !q.cursor ? await this.deps.people.personInQuery(q.q) : null;
    if (person?.rest) return searchWithPerson((inner) => this.search(inner), this.deps.people!, person, q);
    // One request reads an asset's segments once, whichever paths need them (narrowing, meaning, sound).
    const index = withSegmentMemo(this.deps.index);
    // Semantic matches join only the first page: vector ranks have no stable cursor. Started first: the
    // query embedding runs in the encoder's worker thread while this thread does the lexical work.
    const semanticP = this.deps.semantic && q.semantic && !q.cursor ? semanticHits({ ...this.deps.semantic, index }, q) : Promise.resolve([]);
    semanticP.catch(() => undefined); // awaited below; no unhandled rejection if the lexical path throws first
    const variants: QueryVariant[] = this.deps.vocabulary ? await this.deps.vocabulary.variants(q.q) : [{ q: q.q, alias: null }];
    const lexical = await Promise.all(variants.map((v) => this.deps.index.search({ ...toIndexQuery(q), q: v.q })));
    // Phonetic matches join the first page too, and only for plain words (no phrase or prefix syntax).
    const parsed = parseQuery(q.q);
    const phonetic =
      this.deps.pronouncer && !q.cursor && (!q.kind || q.kind.includes('speech')) && parsed.terms.every((t) => t.kind === 'word')
        ? await phoneticSearch({ index, pronouncer: this.deps.pronouncer }, { words: parsed.terms.flatMap((t) => t.words), limit: q.limit, moments: q.moments, ...filtersOf(q) })
        : [];
    const semantic = await semanticP;

    const fused = fuse(lexical, variants, semantic, phonetic, q.limit);
    const assets = new Map((await this.deps.assets.getMany(fused.map((f) => f.assetId))).map((a) => [a.id, a]));
    const terms = parsed.terms.flatMap((t) => (t.kind === 'prefix' ? [`${t.text}*`] : t.words));
    const items: SearchHit[] = [];
    for (const f of fused) {
      const asset = assets.get(f.assetId);
      // Deleted between the index read and the catalog read, or outside the filters (semantic hits): left out.
      if (!asset || !passesFilters(asset, q)) continue;
      const lexicalMoments = await this.narrow(index, asset, f.lexical?.moments.map((m) => toMoment(asset, m)) ?? [], terms);
      const moments = [
        ...lexicalMoments,
        // A spoken line the words already found is not shown again as "sounds like".
        ...f.phonetic.map((m) => toMoment(asset, m, 'phonetic')).filter((p) => !lexicalMoments.some((l) => l.kind === 'speech' && overlaps(l, p))),
        ...f.semantic.map((m) => toMoment(asset, m, 'semantic')),
      ];
      items.push({
        asset,
        score: Math.round(f.score * 1e6) / 1e6,
        matchedFields: f.lexical?.matchedFields ?? [],
        matchedAlias: f.alias,
        semantic: f.semantic.length > 0,
        moments: dedupeMoments(moments).filter((m) => !q.kind || q.kind.includes(m.kind)).slice(0, Math.max(q.moments, f.lexical ? 0 : 1)),
        version: null,
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

  /** A speech hit spans a window of cues; its in/out become the matched words' own in and out. */
  private async narrow(index: Pick<SearchIndex, 'listSegments'>, asset: Asset, moments: Moment[], terms: string[]): Promise<Moment[]> {
    if (!moments.some((m) => m.kind === 'speech')) return moments;
    const speech = await index.listSegments(asset.id, 'speech', { exceptSource: PHONETIC_SOURCE });
    return moments.map((m) => {
      if (m.kind !== 'speech') return m;
      const seg = speech.find((s) => s.startMs === m.startMs && s.endMs === m.endMs && !isPhoneticRow(s));
      const range = seg?.words ? narrowToWords(seg.words, terms) : null;
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
  semantic: SemanticHit['moments'];
  phonetic: PhoneticHit['moments'];
}

function fuse(lexical: IndexResult[], variants: QueryVariant[], semantic: SemanticHit[], phonetic: PhoneticHit[], limit: number): Fused[] {
  const byAsset = new Map<string, Fused>();
  const at = (assetId: string) => byAsset.get(assetId) ?? byAsset.set(assetId, { assetId, score: 0, lexical: null, alias: null, semantic: [], phonetic: [] }).get(assetId)!;
  lexical.forEach((result, v) =>
    result.hits.forEach((hit, rank) => {
      const f = at(hit.assetId);
      f.score += 1 / (RRF_K + rank + 1);
      // The query as typed wins over an alias rewrite for the moments shown.
      if (!f.lexical) {
        f.lexical = hit;
        f.alias = variants[v]?.alias ?? null;
      }
    }),
  );
  semantic.forEach((hit, rank) => {
    const f = at(hit.assetId);
    f.score += 1 / (RRF_K + rank + 1);
    f.semantic = hit.moments;
  });
  phonetic.forEach((hit, rank) => {
    const f = at(hit.assetId);
    f.score += 1 / (RRF_K + rank + 1);
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

function dedupeMoments(moments: Moment[]): Moment[] {
  const seen = new Set<string>();
  return moments.filter((m) => {
    const key = `${m.kind}:${m.startMs}:${m.endMs}`;
    return !seen.has(key) && seen.add(key);
  });
}
