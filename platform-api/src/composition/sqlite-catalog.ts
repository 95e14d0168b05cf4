import { join } from 'node:path';
import { InProcessEventBus } from '../adapters/memory/event-bus';
import { SqliteAssetStore } from '../adapters/sqlite/asset-store';
import { migrate, openSqlite, type SqliteDb } from '../adapters/sqlite/database';
import { SqliteJobQueue } from '../adapters/sqlite/job-queue';
import { ALL_MIGRATIONS } from '../adapters/sqlite/migrations';
import { SqliteSearchIndex } from '../adapters/sqlite/search-index';
import { SqliteTokenStore } from '../adapters/sqlite/token-store';
import { SqliteVectorIndex } from '../adapters/sqlite/vector-index';
import { SqliteVocabularyStore } from '../adapters/sqlite/vocabulary-store';
import { SqliteArchiveStore } from '../adapters/sqlite/archive-store';
import { SqliteWatchFolderStore } from '../adapters/sqlite/watch-folder-store';
import { SqliteLiveStore } from '../adapters/sqlite/live-store';
import { SqliteLiveRecordingStore } from '../adapters/sqlite/live-recording-store';
import { SqliteAssetVersionStore } from '../adapters/sqlite/asset-version-store';
import { SqliteReviewStore } from '../adapters/sqlite/review-store';
import type { Catalog } from './catalog';
import { SqliteAuditStore } from '../adapters/sqlite/audit-store';
import { SqliteDeliveryStore } from '../adapters/sqlite/delivery-store';
import { SqliteRundownStore } from '../adapters/sqlite/rundown-store';
import { SqliteAgentStore } from '../adapters/sqlite/agent-store';
import { SqlitePeopleStore } from '../adapters/sqlite/people-store';
import { SqliteSpellingIndex } from '../adapters/sqlite/spelling-index';

/** The embedded default: one SQLite file (WAL) under the data dir, events in-process. */
export function openSqliteCatalog(dataDir: string, embedding: { model: string; dimensions: number }, existing?: SqliteDb): Catalog {
  const db = existing ?? openSqlite(join(dataDir, 'cutaway.db'));
  migrate(db, ALL_MIGRATIONS);
  return {
    engine: 'sqlite',
    assets: new SqliteAssetStore(db),
    index: new SqliteSearchIndex(db),
    queue: new SqliteJobQueue(db),
    tokens: new SqliteTokenStore(db),
    watchFolders: new SqliteWatchFolderStore(db),
    vocabulary: new SqliteVocabularyStore(db),
    audit: new SqliteAuditStore(db),
    delivery: new SqliteDeliveryStore(db),
    review: new SqliteReviewStore(db),
    archive: new SqliteArchiveStore(db),
    vectors: new SqliteVectorIndex(db, embedding),
    rundowns: new SqliteRundownStore(db),
    people: new SqlitePeopleStore(db),
    spelling: new SqliteSpellingIndex(db),
    live: new SqliteLiveStore(db),
    liveRecordings: new SqliteLiveRecordingStore(db),
    versions: new SqliteAssetVersionStore(db),
    agent: new SqliteAgentStore(db),
    events: new InProcessEventBus(),
    async health() {
      return { ok: db.prepare('SELECT 1').pluck().get() === 1, detail: 'sqlite (WAL)', version: db.prepare('SELECT sqlite_version()').pluck().get() as string };
    },
    async close() {
      db.close();
    },
  };
}
