import { describe } from 'vitest';
import { PgDeliveryStore } from '../../src/adapters/postgres/delivery-store';
import { pgDeliveryMigrations } from '../../src/adapters/postgres/delivery.migrations';
import { PG_URL, tempPgSchema } from '../pg';
import { runDeliveryStoreContract } from './delivery-store.contract';

describe.skipIf(!PG_URL)('postgres', () => {
  runDeliveryStoreContract('postgres schema', async () => {
    const pg = await tempPgSchema(pgDeliveryMigrations);
    return { store: new PgDeliveryStore(pg.pool), close: pg.drop };
  });
});
