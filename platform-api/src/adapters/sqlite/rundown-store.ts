import { RundownLinkSchema, RundownSchema, RundownSummarySchema, type Rundown, type RundownLink, type RundownListQuery, type RundownSummary } from '@cutaway/shared';
import type { PlaceholderKey, RundownStore } from '../../ports/rundown-store';
import { assetIdsOf, rundownLinks, summarize } from '../common/rundown-docs';
import type { SqliteDb } from './database';

/** Air times compared as UTC ISO strings: the NRCS may send any offset (MOS 2.8.5 §6 time format). */
const utc = (iso: string | null) => (iso === null ? null : new Date(iso).toISOString());

export class SqliteRundownStore implements RundownStore {
  constructor(private readonly db: SqliteDb) {}

  async put(input: Rundown): Promise<{ rundown: Rundown; previousAssetIds: string[] }> {
    return this.db.transaction(() => {
      const prevDoc = this.db.prepare('SELECT doc FROM rundowns WHERE ncs_id = ? AND ro_id = ?').pluck().get(input.ncsId, input.roId) as string | undefined;
      const prev = prevDoc ? RundownSchema.parse(JSON.parse(prevDoc)) : null;
      const rundown: Rundown = prev ? { ...input, id: prev.id, createdAt: prev.createdAt } : input;
      if (prev) this.db.prepare('DELETE FROM rundowns WHERE id = ?').run(prev.id);
      this.db
        .prepare('INSERT INTO rundowns (id, ncs_id, ro_id, slug, air_time, created_at, updated_at, summary, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(rundown.id, rundown.ncsId, rundown.roId, rundown.slug, utc(rundown.airTime), rundown.createdAt, rundown.updatedAt, JSON.stringify(summarize(rundown)), JSON.stringify(rundown));
      const link = this.db.prepare('INSERT INTO rundown_assets (rundown_id, ord, asset_id, link) VALUES (?, ?, ?, ?)');
      for (const l of rundownLinks(rundown)) link.run(rundown.id, l.ord, l.link.assetId, JSON.stringify(l.link));
      return { rundown, previousAssetIds: prev ? assetIdsOf(prev) : [] };
    }).immediate();
  }

  async get(id: string): Promise<Rundown | null> {
    const doc = this.db.prepare('SELECT doc FROM rundowns WHERE id = ?').pluck().get(id) as string | undefined;
    return doc ? RundownSchema.parse(JSON.parse(doc)) : null;
  }

  async findByKey(ncsId: string, roId: string): Promise<Rundown | null> {
    const doc = this.db.prepare('SELECT doc FROM rundowns WHERE ncs_id = ? AND ro_id = ?').pluck().get(ncsId, roId) as string | undefined;
    return doc ? RundownSchema.parse(JSON.parse(doc)) : null;
  }

  async list(query: RundownListQuery): Promise<RundownSummary[]> {
    const rows = this.db
      .prepare(`SELECT summary FROM rundowns WHERE (? IS NULL OR ncs_id = ?) ORDER BY air_time IS NULL, air_time, slug, id LIMIT ?`)
      .pluck()
      .all(query.ncsId ?? null, query.ncsId ?? null, query.limit) as string[];
    return rows.map((s) => RundownSummarySchema.parse(JSON.parse(s)));
  }

  async delete(id: string): Promise<Rundown | null> {
    return this.db.transaction(() => {
      const doc = this.db.prepare('SELECT doc FROM rundowns WHERE id = ?').pluck().get(id) as string | undefined;
      if (!doc) return null;
      this.db.prepare('DELETE FROM rundowns WHERE id = ?').run(id);
      return RundownSchema.parse(JSON.parse(doc));
    }).immediate();
  }

  async linksForAsset(assetId: string): Promise<RundownLink[]> {
    const rows = this.db
      .prepare(
        `SELECT a.link FROM rundown_assets a JOIN rundowns r ON r.id = a.rundown_id
         WHERE a.asset_id = ? ORDER BY r.air_time IS NULL, r.air_time, r.slug, r.id, a.ord`,
      )
      .pluck()
      .all(assetId) as string[];
    return rows.map((l) => RundownLinkSchema.parse(JSON.parse(l)));
  }

  async assetsAiringBetween(from: Date, to: Date): Promise<string[]> {
    return this.db
      .prepare('SELECT DISTINCT a.asset_id FROM rundown_assets a JOIN rundowns r ON r.id = a.rundown_id WHERE r.air_time >= ? AND r.air_time <= ? ORDER BY a.asset_id')
      .pluck()
      .all(from.toISOString(), to.toISOString()) as string[];
  }

  async bindPlaceholderKey(key: string, assetId: string): Promise<string> {
    this.db.prepare('INSERT INTO placeholder_keys (key, asset_id, created_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING').run(key, assetId, new Date().toISOString());
    return this.db.prepare('SELECT asset_id FROM placeholder_keys WHERE key = ?').pluck().get(key) as string;
  }

  async importPlaceholderKey(e: PlaceholderKey): Promise<boolean> {
    return this.db.prepare('INSERT INTO placeholder_keys (key, asset_id, created_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING').run(e.key, e.assetId, e.createdAt).changes > 0;
  }
}
