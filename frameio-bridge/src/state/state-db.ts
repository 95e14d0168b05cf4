import Database from 'better-sqlite3';

export type StateDb = Database.Database;

const MIGRATIONS: ReadonlyArray<{ id: number; up: string }> = [
  {
    id: 1,
    up: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE secrets (name TEXT PRIMARY KEY, sealed TEXT NOT NULL, updated_at TEXT NOT NULL);
      CREATE TABLE deliveries (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        replay_key TEXT NOT NULL UNIQUE,
        event_type TEXT NOT NULL,
        resource_type TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        sent_at INTEGER NOT NULL,
        body TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        received_at TEXT NOT NULL
      );
      CREATE INDEX deliveries_pending ON deliveries (state, next_at, seq);
      CREATE TABLE uploads (request_id TEXT PRIMARY KEY, doc TEXT NOT NULL, updated_at TEXT NOT NULL);
      CREATE TABLE comment_assets (comment_id TEXT PRIMARY KEY, asset_id TEXT NOT NULL);
    `,
  },
];

/**
 * The bridge's own durable state (one SQLite file under CUTAWAY_DATA_DIR): queued webhook deliveries,
 * upload progress per review request, encrypted secrets. synchronous=FULL: an acknowledged delivery
 * is on disk before Frame.io hears 200.
 */
export function openStateDb(path: string): StateDb {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.exec('CREATE TABLE IF NOT EXISTS migrations (id INTEGER PRIMARY KEY)');
  const done = new Set(db.prepare('SELECT id FROM migrations').pluck().all() as number[]);
  for (const m of MIGRATIONS) {
    if (done.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.up);
      db.prepare('INSERT INTO migrations (id) VALUES (?)').run(m.id);
    })();
  }
  return db;
}
