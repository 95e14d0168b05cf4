/**
 * One contender of queue-claim-race.test.ts: waits for the common start time, then claims and
 * completes jobs until the queue is empty and prints `claimed <json ids>`.
 * Usage: node --import tsx queue-claim-race.child.ts <databaseUrl> <schema> <workerId> <startAtEpochMs>
 */
import { openPostgres } from '../../src/adapters/postgres/database';
import { PgJobQueue } from '../../src/adapters/postgres/job-queue';

const [url, schema, workerId, startAt] = process.argv.slice(2);
if (!url || !schema || !workerId || !startAt) throw new Error('usage: queue-claim-race.child.ts <url> <schema> <workerId> <startAt>');
// Dead man's switch: never outlive a test that crashed before reading our answer.
setTimeout(() => process.exit(3), 60_000).unref();

// The test migrated the schema; a racer only opens it (several connections, as a real worker would).
const pool = openPostgres(url, { schema, max: 3 });
const queue = new PgJobQueue(pool);
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
const ids: string[] = [];
for (let claimed = await queue.claim(workerId, 60_000); claimed; claimed = await queue.claim(workerId, 60_000)) {
  ids.push(claimed.job.id);
  await queue.complete(claimed.job.id, workerId);
}
process.stdout.write(`claimed ${JSON.stringify(ids)}\n`);
await pool.end();
