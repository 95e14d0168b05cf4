import type { Migration } from './database';

/** Issue 16, ids 800–819: token kinds (agent tokens), tool handles bound to their principal, saved prompts. */
export const agentMigrations: readonly Migration[] = [
  { id: 800, name: 'token kinds', up: `CREATE TABLE token_kinds (token_id TEXT PRIMARY KEY, kind TEXT NOT NULL);` },
  {
    id: 801,
    name: 'tool handles',
    up: `CREATE TABLE tool_handles (handle TEXT PRIMARY KEY, kind TEXT NOT NULL, owner_id TEXT NOT NULL, target TEXT, created_at TEXT NOT NULL);`,
  },
  {
    id: 802,
    name: 'saved prompts',
    up: `
      CREATE TABLE saved_prompts (id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, enabled INTEGER NOT NULL, next_run_at TEXT NOT NULL, created_at TEXT NOT NULL, doc TEXT NOT NULL);
      CREATE INDEX saved_prompts_due ON saved_prompts (enabled, next_run_at);
    `,
  },
];
