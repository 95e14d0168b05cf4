import type { Migration } from './database';

/** queue tables (ids 300–399). */
export const queueMigrations: readonly Migration[] = [];
