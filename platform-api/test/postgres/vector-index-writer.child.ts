/**
 * The other API process of vector-index-processes.test.ts: opens the schema with its own pool
 * and index, performs one write and prints `done`.
 * Usage: node --import tsx vector-index-writer.child.ts <databaseUrl> <schema> upsert|delete <assetId> [cos]
 */
import { openPostgres } from '../../src/adapters/postgres/database';
import { PgVectorIndex } from '../../src/adapters/postgres/vector-index';

const [url, schema, op, assetId, cos] = process.argv.slice(2);
if (!url || !schema || !op || !assetId) throw new Error('usage: vector-index-writer.child.ts <url> <schema> upsert|delete <assetId> [cos]');
// Dead man's switch: never outlive a test that crashed before reading our answer.
setTimeout(() => process.exit(3), 30_000).unref();

const pool = openPostgres(url, { schema, max: 2 });
const index = new PgVectorIndex(pool, { model: 'test/model', dimensions: 4 });
// Load this process's copy first, as a running API process would have.
await index.search(Float32Array.of(1, 0, 0, 0), { k: 1 });
if (op === 'upsert') {
  const c = Number(cos ?? 1);
  await index.upsert(assetId, 'asr', [{ startMs: 0, endMs: 1000, kind: 'speech', vector: Float32Array.of(c, Math.sqrt(1 - c * c), 0, 0) }]);
} else {
  await index.deleteAsset(assetId);
}
// Prove this process sees its own write too, then report.
const hits = await index.search(Float32Array.of(1, 0, 0, 0), { k: 10 });
process.stdout.write(`done ${JSON.stringify(hits.map((h) => h.assetId))}\n`);
await pool.end();
