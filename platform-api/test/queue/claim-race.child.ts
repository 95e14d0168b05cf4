/**
 * One contender of claim-race.test.ts: waits for the common start time, then claims and
 * completes jobs until the queue is empty and prints `claimed <json ids>`.
 * Usage: node --import tsx claim-race.child.ts <dbPath> <workerId> <startAtEpochMs>
 */
import { migrate, openSqlite } from '../../src/adapters/sqlite/database';
import { SqliteJobQueue } from '../../src/adapters/sqlite/job-queue';
import { queueMigrations } from '../../src/adapters/sqlite/queue.migrations';

const [path, workerId, startAt] = process.argv.slice(2);
if (!path || !workerId || !startAt) throw new Error('usage: claim-race.child.ts <dbPath> <workerId> <startAt>');
const db = openSqlite(path);
migrate(db, queueMigrations);
const queue = new SqliteJobQueue(db);
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
const ids: string[] = [];
for (let claimed = await queue.claim(workerId, 60_000); claimed; claimed = await queue.claim(workerId, 60_000)) {
  ids.push(claimed.job.id);
  await queue.complete(claimed.job.id, workerId);
}
process.stdout.write(`claimed ${JSON.stringify(ids)}\n`);
db.close();
