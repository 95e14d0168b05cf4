import type { Migration } from './database';

/** Scheduled recordings (ids 750–759, issue 11). next_ms is epoch ms (NULL = series over) so due() compares numbers. */
export const liveRecordingMigrations: readonly Migration[] = [
  {
    id: 750,
    name: 'live_recordings',
    up: `
      CREATE TABLE live_recordings (
        id TEXT PRIMARY KEY,
        channel_id TEXT NOT NULL REFERENCES live_channels(id) ON DELETE CASCADE,
        next_ms INTEGER,
        created_at TEXT NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX live_recordings_channel ON live_recordings (channel_id, created_at);
      CREATE INDEX live_recordings_next ON live_recordings (next_ms);
      CREATE TABLE live_recording_runs (
        recording_id TEXT NOT NULL REFERENCES live_recordings(id) ON DELETE CASCADE,
        occurrence_ms INTEGER NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (recording_id, occurrence_ms)
      );
    `,
  },
];
