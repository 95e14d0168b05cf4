import type { SecretBox } from './secret-box';
import type { StateDb } from './state-db';

/** Named secrets (refresh token, webhook signing secrets), sealed with the SecretBox before they touch disk. */
export class SecretStore {
  constructor(private readonly db: StateDb, private readonly box: SecretBox) {}

  get(name: string): string | null {
    const sealed = this.db.prepare('SELECT sealed FROM secrets WHERE name = ?').pluck().get(name) as string | undefined;
    return sealed === undefined ? null : this.box.open(sealed);
  }

  set(name: string, value: string): void {
    this.db
      .prepare('INSERT INTO secrets (name, sealed, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at')
      .run(name, this.box.seal(value), new Date().toISOString());
  }

  delete(name: string): void {
    this.db.prepare('DELETE FROM secrets WHERE name = ?').run(name);
  }

  /** Every value whose name starts with `prefix`. */
  list(prefix: string): string[] {
    return (this.db.prepare('SELECT sealed FROM secrets WHERE name LIKE ? ORDER BY name').pluck().all(`${prefix}%`) as string[]).map((s) => this.box.open(s));
  }
}
