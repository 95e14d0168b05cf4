import { describe } from 'vitest';
import { pgLiveMigrations } from '../../src/adapters/postgres/live.migrations';
import { pgLiveRecordingMigrations } from '../../src/adapters/postgres/live-recordings.migrations';
import { PgLiveRecordingStore } from '../../src/adapters/postgres/live-recording-store';
import { PgLiveStore } from '../../src/adapters/postgres/live-store';
import { PG_SKIP_REASON, PG_URL, tempPgSchema } from '../pg';
import { runLiveRecordingStoreContract } from './live-recording-store.contract';

// The same contract the SQLite adapter passes, unchanged; each test gets a fresh schema, dropped after.
describe.skipIf(!PG_URL)(`PostgreSQL live recording store${PG_URL ? '' : ` (skipped: ${PG_SKIP_REASON})`}`, () => {
  runLiveRecordingStoreContract('postgres', async () => {
    const pg = await tempPgSchema([...pgLiveMigrations, ...pgLiveRecordingMigrations]);
    return { store: new PgLiveRecordingStore(pg.pool), live: new PgLiveStore(pg.pool), close: pg.drop };
  });
});
