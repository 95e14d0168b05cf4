import type { Migration } from './database';

/** Same tokenizer for every search table and the query side (docs/search.md "FTS5 options"). */
const TOKENIZE = `tokenize='porter unicode61 remove_diacritics 2', prefix='2 3'`;

/**
 * search tables (ids 200–299). Layout follows docs/search.md "What made it fast":
 * - search_assets gives each asset a small integer `seq`; its segments take rowids
 *   seq * 2^20 + n, so "all segments of one asset" is `rowid BETWEEN lo AND hi` (~2 ms,
 *   where a JOIN cost ~99 ms and `rowid IN (subquery)` ~1.3 s).
 * - search_segment_fts indexes segment text with the kind inside the index (one column per
 *   kind), so a kind filter is part of the MATCH instead of one row lookup per hit. It is
 *   contentless: search_segments keeps the text and what FTS does not index (source, times,
 *   confidence, word timings as JSON); the adapter writes both in one transaction.
 * - search_rank_fts is the asset-level index for stage 1 of the two-stage path: the asset's
 *   fields plus one column per kind with its segment text, each stem in the row of its
 *   impact level (rowid = level * 2^32 + seq), so stage 1 reads ~limit rows instead of
 *   ranking every matching asset with bm25 (search-asset-terms.ts says why).
 * - search_field_fts: one row per asset (rowid = seq) with its fields, for asset-only hits.
 * All three FTS tables are contentless with deletes allowed: the text lives in search_segments
 * and search_assets.
 */
export const searchMigrations: readonly Migration[] = [
  {
    id: 200,
    name: 'search_index',
    up: `
      CREATE TABLE search_assets (
        seq INTEGER PRIMARY KEY,
        asset_id TEXT NOT NULL UNIQUE,
        -- NULL until upsertAsset: segments may arrive first; filters then exclude the asset.
        type TEXT,
        created_ms INTEGER,
        title TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        file_name TEXT NOT NULL DEFAULT '',
        -- Impact levels this asset has rows at in search_rank_fts (JSON), to delete them on rewrite.
        rank_levels TEXT NOT NULL DEFAULT '[]'
      );
      -- The recency fallback walks this index (docs/search.md "Bounded candidates before ranking").
      CREATE INDEX search_assets_recent ON search_assets (created_ms DESC, seq DESC);
      CREATE TABLE search_asset_tags (
        tag TEXT NOT NULL COLLATE NOCASE,
        seq INTEGER NOT NULL REFERENCES search_assets(seq) ON DELETE CASCADE,
        PRIMARY KEY (tag, seq)
      ) WITHOUT ROWID;
      CREATE INDEX search_asset_tags_seq ON search_asset_tags (seq);

      CREATE TABLE search_segments (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        kind TEXT NOT NULL,
        start_ms INTEGER NOT NULL,
        end_ms INTEGER NOT NULL,
        confidence REAL,
        words TEXT,
        text TEXT NOT NULL
      );
      -- One column per kind, the text in its kind's column: a kind filter is a column filter
      -- checked on the position lists. (A kind *token* would be one more phrase for bm25 to
      -- count across every row of that kind, on every query.) Written by the adapter, not by
      -- triggers: a trigger gives each INSERT a statement savepoint, and FTS5 flushes its
      -- pending terms to a new segment at every savepoint (measured: ~85 µs a row, not ~15).
      CREATE VIRTUAL TABLE search_segment_fts USING fts5(
        speech, ocr, shot, tag, marker, content='', contentless_delete=1, ${TOKENIZE}
      );
      -- The asset-level index, ordered by impact: rowid = level * 2^32 + seq, each stem once
      -- per asset in the row of its bm25-like level, so the best assets for a term are the
      -- first rowids in descending order (search-asset-terms.ts).
      CREATE VIRTUAL TABLE search_rank_fts USING fts5(
        fields, speech, ocr, shot, tag, marker, content='', contentless_delete=1, ${TOKENIZE}
      );
      -- The asset fields alone (rowid = seq): "every term in the fields" and their bm25, cheap
      -- because no transcript text shares these position lists.
      CREATE VIRTUAL TABLE search_field_fts USING fts5(
        title, description, tags, file_name, content='', contentless_delete=1, ${TOKENIZE}
      );
    `,
  },
  {
    // Changes with every segment write, so readers may keep what they derived from an asset's segments
    // (decoded phones, issue 14) until it does. Existing rows get one now; rows created later have none
    // until their first segment write (nothing may be kept for them meanwhile).
    id: 230,
    name: 'search_segment_stamps',
    up: `
      ALTER TABLE search_assets ADD COLUMN segments_stamp TEXT;
      UPDATE search_assets SET segments_stamp = lower(hex(randomblob(8)));
    `,
  },
];
