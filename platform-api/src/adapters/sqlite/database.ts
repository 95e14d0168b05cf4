import Database from 'better-sqlite3';

/** One schema change. `id` orders them; applied ids are recorded in `schema_migrations`. */
export interface Migration {
  id: number;
  name: string;
  up: string;
}

/** An interface (not an alias) so declaration emit can name it in inferred return types. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SqliteDb extends Database.Database {}

/**
 * Opens the catalog file with the settings every SQLite adapter relies on:
 * WAL so readers never block the writer, a busy timeout so a second process
 * (tests, the CLI) waits instead of failing, and foreign keys on.
 */
export function openSqlite(path: string): SqliteDb {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  return db;
}

/**
 * Applies the not-yet-applied migrations in id order, all in one IMMEDIATE transaction:
 * two processes starting on a fresh file at once serialise here instead of colliding.
 */
export function migrate(db: SqliteDb, migrations: readonly Migration[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  db.transaction(() => {
    const applied = new Set(db.prepare('SELECT id FROM schema_migrations').pluck().all() as number[]);
    const record = db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)');
    for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
      if (applied.has(m.id)) continue;
      db.exec(m.up);
      record.run(m.id, m.name, new Date().toISOString());
    }
  }).immediate();
}
