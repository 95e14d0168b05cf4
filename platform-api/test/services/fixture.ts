import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InProcessEventBus } from '../../src/adapters/memory/event-bus';
import { LocalFsObjectStorage } from '../../src/adapters/local-fs/local-fs-object-storage';
import { SqliteAssetStore } from '../../src/adapters/sqlite/asset-store';
import { migrate, openSqlite, type SqliteDb } from '../../src/adapters/sqlite/database';
import { SqliteJobQueue } from '../../src/adapters/sqlite/job-queue';
import { ALL_MIGRATIONS } from '../../src/adapters/sqlite/migrations';
import { SqliteSearchIndex } from '../../src/adapters/sqlite/search-index';
import { SqliteTokenStore } from '../../src/adapters/sqlite/token-store';
import { randomIds, systemClock } from '../../src/ids';
import type { CutawayEvent } from '@cutaway/shared';

/** Real adapters on a temp dir: services are tested against the same code they run on. */
export async function serviceFixture() {
  const dir = await mkdtemp(join(tmpdir(), 'cutaway-svc-'));
  const db: SqliteDb = openSqlite(join(dir, 'cutaway.db'));
  migrate(db, ALL_MIGRATIONS);
  const events = new InProcessEventBus();
  const seen: CutawayEvent[] = [];
  events.subscribe((e) => seen.push(e));
  return {
    dir,
    db,
    assets: new SqliteAssetStore(db),
    index: new SqliteSearchIndex(db),
    queue: new SqliteJobQueue(db),
    tokens: new SqliteTokenStore(db),
    storage: new LocalFsObjectStorage(join(dir, 'media')),
    events,
    seen,
    clock: systemClock,
    ids: randomIds,
    async close() {
      db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
