import type { Migration } from './database';

/** search tables (ids 200–299). */
export const searchMigrations: readonly Migration[] = [];
