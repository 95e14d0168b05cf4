import type { Migration } from './database';

/** Live channels, timeline gaps and clips (ids 740–759, issue 11). Times of gaps are epoch ms so ranges compare as numbers. */
export const liveMigrations: readonly Migration[] = [
  {
    id: 740,
    name: 'live',
    up: `
      CREATE TABLE live_channels (id TEXT PRIMARY KEY, doc TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE live_gaps (
        channel_id TEXT NOT NULL REFERENCES live_channels(id) ON DELETE CASCADE,
        start_ms INTEGER NOT NULL,
        end_ms INTEGER NOT NULL,
        reason TEXT NOT NULL
      );
      CREATE INDEX live_gaps_channel ON live_gaps (channel_id, end_ms);
      CREATE TABLE live_clips (
        id TEXT PRIMARY KEY,
        channel_id TEXT NOT NULL REFERENCES live_channels(id) ON DELETE CASCADE,
        state TEXT NOT NULL,
        created_at TEXT NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX live_clips_channel ON live_clips (channel_id, created_at);
      CREATE INDEX live_clips_state ON live_clips (state);
    `,
  },
];
