import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the data lives when nobody says. `npm start` runs platform-api with its own folder as the
 * working directory (npm runs a workspace script there), so a cwd-relative `./data` would land in
 * `platform-api/data` while the README says `./data`. The default is therefore the repository's
 * `data/`, found from this file's location, whatever the cwd; outside a checkout it is `<cwd>/data`.
 */
export function findRepositoryRoot(from: string): string | null {
  let dir = from;
  for (let i = 0; i < 12; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        const json = JSON.parse(readFileSync(pkg, 'utf8')) as { workspaces?: unknown };
        if (Array.isArray(json.workspaces) && json.workspaces.includes('platform-api')) return dir;
      } catch {
        // an unreadable package.json is not the root: keep walking up
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
  return null;
}

/**
 * The absolute data directory. A relative CUTAWAY_DATA_DIR is taken relative to the folder the
 * operator typed the command in: npm passes it as INIT_CWD (npm docs, "scripts: current working
 * directory"), plain `node` runs in it.
 */
export function resolveDataDir(raw: string | undefined, env: { INIT_CWD?: string }, cwd: string = process.cwd()): string {
  if (raw !== undefined && raw !== '') return isAbsolute(raw) ? resolve(raw) : resolve(env.INIT_CWD || cwd, raw);
  const root = findRepositoryRoot(dirname(fileURLToPath(import.meta.url)));
  return join(root ?? cwd, 'data');
}
