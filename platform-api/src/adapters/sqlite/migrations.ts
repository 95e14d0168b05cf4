import type { Migration } from './database';
import { peopleMigrations } from './people.migrations';
import { catalogMigrations } from './catalog.migrations';
import { searchMigrations } from './search.migrations';
import { queueMigrations } from './queue.migrations';
import { vectorMigrations } from './vector.migrations';
import { rundownMigrations } from './rundown.migrations';
import { liveMigrations } from './live.migrations';
import { liveRecordingMigrations } from './live-recordings.migrations';
import { versionMigrations } from './versions.migrations';
import { reviewMigrations } from './review.migrations';
import { archiveMigrations } from './archive.migrations';
import { auditMigrations } from './audit.migrations';
import { spellingMigrations } from './spelling.migrations';
import { deliveryMigrations } from './delivery.migrations';
import { agentMigrations } from './agent.migrations';

/**
 * Every SQLite migration of platform-api. Each adapter owns its own list in its own
 * id range: catalog 100–199, search 200–299 (spelling 210–229), queue 300–399, vectors 500–599, audit 600–609, rundowns 700–719, review 720–739, live 740–759, versions 760–779, archive 780–799, agent (issue 16) 800–819, delivery 820–839.
 */
export const ALL_MIGRATIONS: readonly Migration[] = [...catalogMigrations, ...searchMigrations, ...queueMigrations, ...vectorMigrations, ...auditMigrations, ...rundownMigrations, ...reviewMigrations, ...liveMigrations, ...liveRecordingMigrations, ...versionMigrations, ...archiveMigrations, ...deliveryMigrations, ...agentMigrations, ...peopleMigrations, ...spellingMigrations];
