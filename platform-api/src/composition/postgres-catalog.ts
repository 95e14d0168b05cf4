import type { Logger } from 'pino';
import { PgAssetStore } from '../adapters/postgres/asset-store';
import { pgCatalogMigrations } from '../adapters/postgres/catalog.migrations';
import { migratePostgres, openPostgres } from '../adapters/postgres/database';
import { PgEventBus } from '../adapters/postgres/event-bus';
import { PgJobQueue } from '../adapters/postgres/job-queue';
import { pgQueueMigrations } from '../adapters/postgres/queue.migrations';
import { PgSearchIndex } from '../adapters/postgres/search-index';
import { pgSearchMigrations } from '../adapters/postgres/search.migrations';
import { PgTokenStore } from '../adapters/postgres/token-store';
import { PgVectorIndex } from '../adapters/postgres/vector-index';
import { pgVectorMigrations } from '../adapters/postgres/vector.migrations';
import { pgVocabularyMigrations } from '../adapters/postgres/vocabulary.migrations';
import { pgArchiveMigrations } from '../adapters/postgres/archive.migrations';
import { PgArchiveStore } from '../adapters/postgres/archive-store';
import { PgVocabularyStore } from '../adapters/postgres/vocabulary-store';
import { PgWatchFolderStore } from '../adapters/postgres/watch-folder-store';
import { pgLiveMigrations } from '../adapters/postgres/live.migrations';
import { PgLiveStore } from '../adapters/postgres/live-store';
import { PgLiveRecordingStore } from '../adapters/postgres/live-recording-store';
import { pgLiveRecordingMigrations } from '../adapters/postgres/live-recordings.migrations';
import { PgAssetVersionStore } from '../adapters/postgres/asset-version-store';
import { pgVersionMigrations } from '../adapters/postgres/versions.migrations';
import { pgReviewMigrations } from '../adapters/postgres/review.migrations';
import { PgReviewStore } from '../adapters/postgres/review-store';
import type { Catalog } from './catalog';
import { pgAuditMigrations } from '../adapters/postgres/audit.migrations';
import { pgDeliveryMigrations } from '../adapters/postgres/delivery.migrations';
import { PgDeliveryStore } from '../adapters/postgres/delivery-store';
import { PgAuditStore } from '../adapters/postgres/audit-store';
import { pgRundownMigrations } from '../adapters/postgres/rundown.migrations';
import { PgRundownStore } from '../adapters/postgres/rundown-store';
import { pgSpellingMigrations } from '../adapters/postgres/spelling.migrations';
import { PgSpellingIndex } from '../adapters/postgres/spelling-index';
import { pgPeopleMigrations } from '../adapters/postgres/people.migrations';
import { PgPeopleStore } from '../adapters/postgres/people-store';

import { pgAgentMigrations } from '../adapters/postgres/agent.migrations';
import { PgAgentStore } from '../adapters/postgres/agent-store';

export const PG_MIGRATIONS = [...pgCatalogMigrations, ...pgVocabularyMigrations, ...pgSearchMigrations, ...pgQueueMigrations, ...pgVectorMigrations, ...pgAuditMigrations, ...pgRundownMigrations, ...pgReviewMigrations, ...pgLiveMigrations, ...pgLiveRecordingMigrations, ...pgVersionMigrations, ...pgArchiveMigrations, ...pgDeliveryMigrations, ...pgAgentMigrations, ...pgPeopleMigrations, ...pgSpellingMigrations];

/**
 * Scale-out: every API and worker process opens the same PostgreSQL; migrations run under an
 * advisory lock, events cross processes through LISTEN/NOTIFY.
 */
export async function openPostgresCatalog(url: string, schema: string | undefined, embedding: { model: string; dimensions: number }, log: Logger): Promise<Catalog> {
  const pool = openPostgres(url, { ...(schema ? { schema } : {}), max: 10 });
  await migratePostgres(pool, PG_MIGRATIONS, schema);
  const events = new PgEventBus(pool, { log, ...(schema ? { channel: `cutaway_${schema}` } : {}) });
  await events.ready();
  return {
    engine: 'postgres',
    assets: new PgAssetStore(pool),
    index: new PgSearchIndex(pool),
    queue: new PgJobQueue(pool),
    tokens: new PgTokenStore(pool),
    watchFolders: new PgWatchFolderStore(pool),
    vocabulary: new PgVocabularyStore(pool),
    audit: new PgAuditStore(pool),
    delivery: new PgDeliveryStore(pool),
    review: new PgReviewStore(pool),
    archive: new PgArchiveStore(pool),
    vectors: new PgVectorIndex(pool, embedding),
    rundowns: new PgRundownStore(pool),
    people: new PgPeopleStore(pool),
    spelling: new PgSpellingIndex(pool),
    live: new PgLiveStore(pool),
    liveRecordings: new PgLiveRecordingStore(pool),
    versions: new PgAssetVersionStore(pool),
    agent: new PgAgentStore(pool),
    events,
    async health() {
      const { rows } = await pool.query<{ v: string }>('SHOW server_version');
      return { ok: true, detail: `postgresql (${pool.totalCount} connections, ${pool.waitingCount} waiting)`, version: rows[0]?.v ?? null };
    },
    async close() {
      await events.close();
      await pool.end();
    },
  };
}
