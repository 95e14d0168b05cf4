import { z } from 'zod';
import { AssetSchema, AssetTypeSchema } from './asset';
import { IsoDateSchema } from './common';
import { MomentKindSchema, MomentSchema } from './moment';
import { VersionHintSchema } from './version';

const csv = <T extends z.ZodType>(item: T) =>
  z
    .union([z.array(z.string()), z.string()])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
    // The split strings are validated by `item`; zod cannot see that string[] fits an enum's input.
    .pipe(z.array(item) as unknown as z.ZodType<Array<z.output<T>>, string[]>);

/**
 * `q` syntax: words are ANDed; "double quotes" make a phrase; a trailing * makes a prefix (elec*).
 * Filters narrow candidates before ranking (docs/search.md "Bounded candidates").
 */
export const SearchQuerySchema = z.object({
  q: z.string().trim().min(1).max(500),
  type: csv(AssetTypeSchema).optional(),
  kind: csv(MomentKindSchema).optional(),
  tags: csv(z.string().max(100)).optional(),
  from: IsoDateSchema.optional(),
  to: IsoDateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  moments: z.coerce.number().int().min(0).max(20).default(3),
  cursor: z.string().max(200).optional(),
  /** Semantic (embedding) matching beside the words; on by default when an embedder is configured. */
  semantic: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .or(z.boolean())
    .default(true),
  /** `latest` (default): one hit per version chain, showing its newest version; `all`: every matching version. */
  versions: z.enum(['latest', 'all']).default('latest'),
});
export type SearchQuery = z.infer<typeof SearchQuerySchema>;
export type SearchQueryInput = z.input<typeof SearchQuerySchema>;

export const SearchHitSchema = z.object({
  asset: AssetSchema,
  score: z.number(),
  /** Which of the asset's own fields matched (title, description, tags). */
  matchedFields: z.array(z.enum(['title', 'description', 'tags', 'fileName'])),
  /** Set when the hit came through a vocabulary alias: the query's term and the name it was found under. */
  matchedAlias: z.object({ term: z.string(), alias: z.string() }).nullable().default(null),
  /** True when semantic (embedding) similarity contributed to this hit. */
  semantic: z.boolean().default(false),
  moments: z.array(MomentSchema),
  /** Set when the asset has more than one version ("v3 of 3"). */
  version: VersionHintSchema.nullable().default(null),
  /** Why the asset matched, in a sentence a person reads ("in the title; said at 00:00:13:00"). */
  reason: z.string().optional(),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

export const SearchResultSchema = z.object({
  items: z.array(SearchHitSchema),
  nextCursor: z.string().nullable(),
  /** Which path the planner took: exact segment grouping or the two-stage asset-first path. */
  plan: z.enum(['exact', 'two_stage', 'recent']),
  /** Alias rewrites that were searched beside the query as typed. */
  aliases: z.array(z.object({ term: z.string(), alias: z.string() })).default([]),
  tookMs: z.number(),
});
export type SearchResult = z.infer<typeof SearchResultSchema>;
