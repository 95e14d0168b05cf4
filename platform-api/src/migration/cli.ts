import pino from 'pino';
import { loadConfig } from '../config';
import { openPostgresCatalog } from '../composition/postgres-catalog';
import { openStorage } from '../composition/storage';
import { systemClock } from '../ids';
import { formatReport, migrateEmbedded } from './migrate-embedded';

/**
 * `npm run migrate:scale-out -w platform-api -- --from ./data`
 * Target from the usual env: CUTAWAY_DATABASE_URL (+ CUTAWAY_DATABASE_SCHEMA) and CUTAWAY_STORAGE=s3 with CUTAWAY_S3_*.
 * Safe to re-run: what is already there is skipped, every copied file is checksum-verified.
 */
const fromIndex = process.argv.indexOf('--from');
const from = fromIndex > 0 ? process.argv[fromIndex + 1] : undefined;
const log = pino({ base: { tool: 'migrate-scale-out' } });
const config = loadConfig(process.env);
if (!from || !config.databaseUrl || !config.s3) {
  log.fatal('usage: --from <embedded data dir>, with CUTAWAY_DATABASE_URL and CUTAWAY_STORAGE=s3 (+ CUTAWAY_S3_*) set for the target');
  process.exit(2);
}
const catalog = await openPostgresCatalog(config.databaseUrl, config.databaseSchema, { model: 'none', dimensions: 1 }, log);
const { storage, archive } = await openStorage(config, config.dataDir, log, systemClock);
try {
  // The embedded install's tier volumes, when it had them: originals moved there are copied from there.
  const report = await migrateEmbedded(from, { catalog, storage, archive }, log, { tierDirs: { nearline: config.archive.nearlineDir, archive: config.archive.archiveDir } });
  process.stderr.write(`${formatReport(report)}\n`);
  process.stdout.write(`${JSON.stringify(report)}\n`);
} finally {
  await catalog.close();
}
