import { describe } from 'vitest';
import { PgSearchIndex } from '../../src/adapters/postgres/search-index';
import type { PgPlannerOptions } from '../../src/adapters/postgres/search-plan';
import { pgSearchMigrations } from '../../src/adapters/postgres/search.migrations';
import { PG_SKIP_REASON, PG_URL, tempPgSchema } from '../pg';
import { runSearchIndexContract } from './search-index.contract';

const make = (planner: Partial<PgPlannerOptions> = {}) => async () => {
  const pg = await tempPgSchema(pgSearchMigrations);
  return { index: new PgSearchIndex(pg.pool, planner), close: pg.drop };
};

// The same contract the SQLite adapter passes, unchanged; each test gets a fresh schema, dropped after.
describe.skipIf(!PG_URL)(`PostgreSQL search index${PG_URL ? '' : ` (skipped: ${PG_SKIP_REASON})`}`, () => {
  runSearchIndexContract('postgres', make());
  // Every query down the two-stage path, which small fixtures never reach otherwise.
  runSearchIndexContract('postgres, forced two-stage', make({ exactCap: 1, recentDensity: 2 }));
  // As before the pair index (the bench's baseline): phrases from their words' postings, every candidate read in stage 2.
  runSearchIndexContract('postgres, forced two-stage, no pairs, every candidate read', make({ exactCap: 1, recentDensity: 2, verifySetMax: 0, pairs: false }));
});
