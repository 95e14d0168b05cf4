import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '@cutaway/shared';
import { PgAssetStore } from '../../src/adapters/postgres/asset-store';
import { pgCatalogMigrations } from '../../src/adapters/postgres/catalog.migrations';
import { encodeCursor } from '../../src/adapters/common/cursor';
import { openPostgres, type PgPool } from '../../src/adapters/postgres/database';
import { PG_SKIP_REASON, PG_URL, tempPgSchema } from '../pg';
import { makeAsset, runAssetStoreContract } from './asset-store.contract';

// The same contract the SQLite adapter passes, unchanged; each test gets a fresh schema, dropped after.
describe.skipIf(!PG_URL)(`PostgreSQL asset store${PG_URL ? '' : ` (skipped: ${PG_SKIP_REASON})`}`, () => {
  runAssetStoreContract('postgres', async () => {
    const pg = await tempPgSchema(pgCatalogMigrations);
    return { store: new PgAssetStore(pg.pool), close: pg.drop };
  });

  describe('PgAssetStore specifics', () => {
    let pg: Awaited<ReturnType<typeof tempPgSchema>>;
    let second: PgPool;
    beforeAll(async () => {
      pg = await tempPgSchema(pgCatalogMigrations);
      // A second pool on the same schema stands in for another worker process.
      second = openPostgres(pg.url, { schema: pg.schema, max: 5 });
    });
    afterAll(async () => {
      await second.end();
      await pg.drop();
    });

    it('loses no enrichment step when workers in two processes finish at once', async () => {
      const a = makeAsset();
      await new PgAssetStore(pg.pool).create(a);
      const stores = [new PgAssetStore(pg.pool), new PgAssetStore(second)];
      const steps = ['audio', 'speech', 'ocr', 'insights', 'embeddings'] as const;
      await Promise.all(steps.flatMap((step, i) => [0, 1].map((k) => stores[(i + k) % 2]!.updateEnrichment(a.id, step, { status: 'done', count: i + k }))));
      const after = await stores[0]!.get(a.id);
      expect(Object.keys(after!.enrichment).sort()).toEqual([...steps].sort());
      await expect(stores[1]!.updateEnrichment('missing000', 'ocr', {})).rejects.toSatisfy((e) => isAppError(e, 'asset.not_found'));
    });

    it('keeps one tag row per case-variant', async () => {
      const store = new PgAssetStore(pg.pool);
      const a = makeAsset({ tags: ['Flood', 'flood', 'FLOOD'] });
      await store.create(a);
      expect((await store.get(a.id))?.tags).toEqual(['Flood', 'flood', 'FLOOD']);
      const { rows } = await pg.pool.query('SELECT tag FROM asset_tags WHERE asset_id = $1', [a.id]);
      expect(rows).toEqual([{ tag: 'Flood' }]);
    });

    it('rejects a well-formed cursor whose time is not a date with request.invalid, not a 500', async () => {
      const store = new PgAssetStore(pg.pool);
      for (const parts of [['yesterday', 'asset000001'], [42, 'asset000001'], ['2026-01-01T00:00:00.000Z', 7]]) {
        await expect(store.list({ limit: 5, cursor: encodeCursor(parts) })).rejects.toSatisfy((e) => isAppError(e, 'request.invalid'));
      }
    });

    it('turns a NUL character, which jsonb cannot hold, into request.invalid', async () => {
      const store = new PgAssetStore(pg.pool);
      await expect(store.create(makeAsset({ title: 'bad\u0000title' }))).rejects.toSatisfy((e) => isAppError(e, 'request.invalid'));
      const a = makeAsset();
      await store.create(a);
      await expect(store.update(a.id, { description: 'x\u0000' })).rejects.toSatisfy((e) => isAppError(e, 'request.invalid'));
      expect((await store.get(a.id))?.description).toBe('');
    });
  });
});
