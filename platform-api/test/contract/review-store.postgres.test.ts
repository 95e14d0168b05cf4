import { describe } from 'vitest';
import { PgReviewStore } from '../../src/adapters/postgres/review-store';
import { pgReviewMigrations } from '../../src/adapters/postgres/review.migrations';
import { PG_URL, tempPgSchema } from '../pg';
import { runReviewStoreContract } from './review-store.contract';

describe.skipIf(!PG_URL)('postgres', () => {
  runReviewStoreContract('postgres schema', async () => {
    const pg = await tempPgSchema(pgReviewMigrations);
    return { store: new PgReviewStore(pg.pool), close: pg.drop };
  });
});
