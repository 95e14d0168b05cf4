/**
 * S3 throughput through the adapter against a real engine (Ceph RGW from scripts/ceph-rgw.sh):
 *   scripts/ceph-rgw.sh start && eval "$(scripts/ceph-rgw.sh env)" && npm run bench:s3
 *   CUTAWAY_BENCH_S3_MB=60 CUTAWAY_BENCH_S3_ROUNDS=3   (defaults)
 * Per round, one generated object of S3_MB megabytes:
 *   (a) S3ObjectStorage.put of a stream (multipart, 16 MiB parts, hashing, sha256 metadata) and read (streamed GET);
 *   (b) baseline, same process, same engine: the bare SDK — one PutObject of the whole Buffer, one GetObject drained.
 * The adapter does more per byte (sha256, bounded memory, a stamp copy), so the ratio says what that costs.
 * Stdout: a table, then one JSON summary as the last line. Progress goes to stderr.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { S3ObjectStorage } from '../src/adapters/s3/s3-object-storage';
import { S3_ENGINE, S3_SKIP_REASON, tempBucket } from '../test/s3/s3-engine';

const MB = 1_000_000;
const SIZE = Number(process.env.CUTAWAY_BENCH_S3_MB ?? 60) * MB;
const ROUNDS = Number(process.env.CUTAWAY_BENCH_S3_ROUNDS ?? 3);

/** The object as a stream of 1 MB chunks (never one Buffer), as an upload arrives. */
function stream(data: Buffer): Readable {
  return Readable.from((function* () {
    for (let i = 0; i < data.length; i += MB) yield data.subarray(i, i + MB);
  })());
}

async function drain(body: AsyncIterable<unknown>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of body) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

const mbps = (seconds: number): number => SIZE / MB / seconds;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  if (!S3_ENGINE) {
    console.log(`S3 bench skipped: ${S3_SKIP_REASON}`);
    console.log(JSON.stringify({ bench: 's3', skipped: S3_SKIP_REASON }));
    return;
  }
  const bucket = await tempBucket('bench');
  const scratchDir = mkdtempSync(join(tmpdir(), 'cutaway-s3-bench-'));
  const storage = new S3ObjectStorage(bucket.options({ scratchDir }));
  const data = randomBytes(SIZE);
  const want = createHash('sha256').update(data).digest('hex');
  const rows: Record<'adapterPut' | 'adapterGet' | 'sdkPut' | 'sdkGet', number[]> = { adapterPut: [], adapterGet: [], sdkPut: [], sdkGet: [] };
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      process.stderr.write(`round ${round}/${ROUNDS}\n`);
      rows.adapterPut.push(await timed(async () => {
        const stored = await storage.put(`bench/${round}/adapter`, stream(data));
        if (stored.sha256 !== want) throw new Error('adapter stored other bytes');
      }));
      rows.adapterGet.push(await timed(async () => {
        if ((await drain(await storage.read(`bench/${round}/adapter`))) !== want) throw new Error('adapter read other bytes');
      }));
      rows.sdkPut.push(await timed(() => bucket.client.send(new PutObjectCommand({ Bucket: bucket.bucket, Key: `bench/${round}/sdk`, Body: data, ContentLength: data.length }))));
      rows.sdkGet.push(await timed(async () => {
        const out = await bucket.client.send(new GetObjectCommand({ Bucket: bucket.bucket, Key: `bench/${round}/sdk` }));
        if ((await drain(out.Body as Readable)) !== want) throw new Error('SDK read other bytes');
      }));
    }
  } finally {
    storage.close();
    await bucket.close();
    rmSync(scratchDir, { recursive: true, force: true });
  }
  const figures = Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, Number(mbps(median(v)).toFixed(1))])) as Record<keyof typeof rows, number>;
  console.log(`S3 throughput on ${S3_ENGINE.name}, ${SIZE / MB} MB objects, median of ${ROUNDS} rounds (MB/s)`);
  console.log(`  adapter put (stream, multipart, sha256)  ${figures.adapterPut}`);
  console.log(`  adapter get (stream)                     ${figures.adapterGet}`);
  console.log(`  SDK PutObject (one Buffer), baseline     ${figures.sdkPut}`);
  console.log(`  SDK GetObject, baseline                  ${figures.sdkGet}`);
  console.log(JSON.stringify({
    bench: 's3',
    engine: S3_ENGINE.name,
    objectMB: SIZE / MB,
    rounds: ROUNDS,
    mbPerS: figures,
    putRatioVsBaseline: Number((figures.adapterPut / figures.sdkPut).toFixed(2)),
    getRatioVsBaseline: Number((figures.adapterGet / figures.sdkGet).toFixed(2)),
  }));
}

await main();
