import { describe } from 'vitest';
import { PgAssetStore } from '../../src/adapters/postgres/asset-store';
import { PgAssetVersionStore } from '../../src/adapters/postgres/asset-version-store';
import { pgCatalogMigrations } from '../../src/adapters/postgres/catalog.migrations';
import { pgVersionMigrations } from '../../src/adapters/postgres/versions.migrations';
import { PG_SKIP_REASON, PG_URL, tempPgSchema } from '../pg';
import { runAssetVersionStoreContract } from './asset-version-store.contract';

// The same contract as SQLite, on a fresh schema per test; the concurrency case runs on a pool of 5 connections.
describe.skipIf(!PG_URL)(`PostgreSQL asset versions${PG_URL ? '' : ` (skipped: ${PG_SKIP_REASON})`}`, () => {
  runAssetVersionStoreContract('postgres', async () => {
    const pg = await tempPgSchema([...pgCatalogMigrations, ...pgVersionMigrations]);
    return { assets: new PgAssetStore(pg.pool), versions: new PgAssetVersionStore(pg.pool), close: pg.drop };
  });
});
