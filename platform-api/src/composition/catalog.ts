import type { ArchiveStore } from '../ports/archive-store';
import type { AssetStore } from '../ports/asset-store';
import type { AuditStore } from '../ports/audit-store';
import type { AssetVersionStore } from '../ports/asset-version-store';
import type { EventBus } from '../ports/event-bus';
import type { JobQueue } from '../ports/job-queue';
import type { SearchIndex } from '../ports/search-index';
import type { TokenStore } from '../ports/token-store';
import type { VectorIndex } from '../ports/vector-index';
import type { VocabularyStore } from '../ports/vocabulary-store';
import type { WatchFolderStore } from '../ports/watch-folder-store';
import type { RundownStore } from '../ports/rundown-store';
import type { LiveStore } from '../ports/live-store';
import type { LiveRecordingStore } from '../ports/live-recording-store';
import type { ReviewStore } from '../ports/review-store';
import type { AgentStore } from '../ports/agent-store';
import type { DeliveryStore } from '../ports/delivery-store';
import type { PeopleStore } from '../ports/people-store';
import type { SpellingIndex } from '../ports/spelling-index';

/** Everything the services need from a database engine: SQLite (embedded) and PostgreSQL both provide it. */
export interface Catalog {
  engine: 'sqlite' | 'postgres';
  assets: AssetStore;
  index: SearchIndex;
  queue: JobQueue;
  tokens: TokenStore;
  watchFolders: WatchFolderStore;
  vocabulary: VocabularyStore;
  audit: AuditStore;
  review: ReviewStore;
  delivery: DeliveryStore;
  archive: ArchiveStore;
  vectors: VectorIndex;
  live: LiveStore;
  liveRecordings: LiveRecordingStore;
  versions: AssetVersionStore;
  events: EventBus;
  rundowns: RundownStore;
  /** Issue 16: tool handles and saved prompts. */
  agent: AgentStore;
  people: PeopleStore;
  /** Known words for spelling corrections (issue 14). */
  spelling: SpellingIndex;
  health(): Promise<{ ok: boolean; detail: string; version?: string | null }>;
  close(): Promise<void>;
}
