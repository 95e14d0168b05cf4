/**
 * Archive benchmark (issue 13):
 *  1. Bytes moved per second by a checksummed tier move between two local volumes (copy + sha256 verify +
 *     switch + delete), beside a plain fs.copyFile of the same file in the same run (the ratio is the price
 *     of the checksum and the durability steps).
 *  2. The storage report over a catalog of N assets (default 100,000; CUTAWAY_BENCH_ASSETS), beside a
 *     baseline that only reads and JSON-parses every asset row in one query.
 *   npm run bench:archive -w platform-api   (CUTAWAY_BENCH_MOVE_MB=1024 for a 1 GB move; default 256)
 * Stdout: lines per measurement, then one JSON summary as the last line. Progress goes to stderr.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, createReadStream, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NO_RESTORE, type Asset, type StorageTier } from '@cutaway/shared';
import { LocalFsObjectStorage } from '../src/adapters/local-fs/local-fs-object-storage';
import { TierRecords } from '../src/adapters/local-fs/tier-records';
import { TieredLocalStorage } from '../src/adapters/local-fs/tiered-local-storage';
import { SqliteArchiveStore } from '../src/adapters/sqlite/archive-store';
import { SqliteAssetStore } from '../src/adapters/sqlite/asset-store';
import { migrate, openSqlite } from '../src/adapters/sqlite/database';
import { ALL_MIGRATIONS } from '../src/adapters/sqlite/migrations';
import { DEFAULT_PRICES, StorageReportService } from '../src/services/archive/storage-report';

const MOVE_MB = Number(process.env.CUTAWAY_BENCH_MOVE_MB ?? 256);
const ASSETS = Number(process.env.CUTAWAY_BENCH_ASSETS ?? 100_000);
const root = mkdtempSync(join(tmpdir(), 'cutaway-bench-archive-'));
const log = (s: string) => process.stderr.write(`${s}\n`);

try {
  // 1. Tier move throughput.
  const v = (name: string) => (mkdirSync(join(root, name), { recursive: true }), new LocalFsObjectStorage(join(root, name)));
  const tiered = new TieredLocalStorage({ volumes: { online: v('online'), nearline: v('nearline') }, records: new TierRecords(join(root, 'tiers')), restoreLatencyMs: 0, clock: { now: () => new Date() } });
  const key = 'assets/bench/original';
  mkdirSync(join(root, 'online', 'assets', 'bench'), { recursive: true });
  const src = join(root, 'online', key);
  const hash = createHash('sha256');
  const fd = openSync(src, 'w');
  const chunk = randomBytes(1 << 20);
  for (let i = 0; i < MOVE_MB; i++) {
    writeSync(fd, chunk);
    hash.update(chunk);
  }
  closeSync(fd);
  const sha256 = hash.digest('hex');
  const bytes = MOVE_MB * (1 << 20);
  log(`moving ${MOVE_MB} MiB…`);
  let t = performance.now();
  copyFileSync(src, join(root, 'plain-copy'));
  const copyS = (performance.now() - t) / 1000;
  rmSync(join(root, 'plain-copy'));
  // The same work without the tier bookkeeping: stream copy, sha256 on the way, fsync.
  t = performance.now();
  const h2 = createHash('sha256');
  const out = await open(join(root, 'hashed-copy'), 'w');
  for await (const c of createReadStream(src, { highWaterMark: 1 << 20 })) {
    await out.write(c as Buffer);
    h2.update(c as Buffer);
  }
  await out.sync();
  await out.close();
  if (h2.digest('hex') !== sha256) throw new Error('hashed copy differs');
  const hashedS = (performance.now() - t) / 1000;
  rmSync(join(root, 'hashed-copy'));
  t = performance.now();
  await tiered.setTier(key, 'nearline', { sha256 });
  const moveS = (performance.now() - t) / 1000;
  const mbps = (s: number) => Math.round((bytes / s / 1e6) * 10) / 10;
  console.log(`tier move ${MOVE_MB} MiB: ${mbps(moveS)} MB/s (copy + sha256 + switch + delete); hashed fsync'd copy ${mbps(hashedS)} MB/s (ratio ${(mbps(moveS) / mbps(hashedS)).toFixed(2)}); kernel copyFile ${mbps(copyS)} MB/s (ratio ${(mbps(moveS) / mbps(copyS)).toFixed(2)})`);

  // 2. Storage report over a large catalog.
  const db = openSqlite(join(root, 'catalog.db'));
  migrate(db, ALL_MIGRATIONS);
  const assets = new SqliteAssetStore(db);
  const tiers: StorageTier[] = ['online', 'online', 'nearline', 'archive', 'archive'];
  log(`writing ${ASSETS} assets…`);
  const at = new Date('2026-01-01T00:00:00Z').getTime();
  const insert = db.transaction((from: number, to: number) => {
    for (let n = from; n < to; n++) {
      const created = new Date(at + n * 1000).toISOString();
      const asset: Asset = {
        id: `bench${String(n).padStart(8, '0')}`, title: `Clip ${n}`, description: '', tags: ['news'], type: 'video', status: 'ready', failure: null,
        fileName: `clip${n}.mp4`, mime: 'video/mp4', sizeBytes: 500_000_000 + n, sha256: n.toString(16).padStart(64, '0'), technical: null,
        renditions: [
          { kind: 'proxy', mime: 'video/mp4', sizeBytes: 20_000_000, width: 640, height: 360, sprite: null, timesMs: null },
          { kind: 'thumbnail', mime: 'image/jpeg', sizeBytes: 60_000, width: 160, height: null, sprite: null, timesMs: [0, 2000, 4000, 6000] },
          { kind: 'poster', mime: 'image/jpeg', sizeBytes: 40_000, width: 640, height: 360, sprite: null, timesMs: null },
        ],
        storageTier: tiers[n % tiers.length]!, restore: NO_RESTORE, tierMove: null, lastUsedAt: null, version: 1, versionOf: null,
        origin: { kind: 'upload', ref: null }, enrichment: {}, createdAt: created, updatedAt: created,
      };
      void assets.create(asset);
    }
  });
  for (let n = 0; n < ASSETS; n += 10_000) insert(n, Math.min(ASSETS, n + 10_000));
  const report = new StorageReportService({ assets, store: new SqliteArchiveStore(db), clock: { now: () => new Date() }, prices: DEFAULT_PRICES });
  t = performance.now();
  let total = 0;
  for (const doc of db.prepare('SELECT doc FROM assets').pluck().iterate() as Iterable<string>) total += (JSON.parse(doc) as Asset).sizeBytes;
  const baselineMs = performance.now() - t;
  t = performance.now();
  const r = await report.report();
  const reportMs = performance.now() - t;
  if (r.total.objects !== ASSETS * 7 || total <= 0) throw new Error(`report counted ${r.total.objects} objects, expected ${ASSETS * 7}`);
  console.log(`storage report over ${ASSETS} assets: ${Math.round(reportMs)} ms; baseline (read + JSON.parse every row) ${Math.round(baselineMs)} ms; ratio ${(reportMs / baselineMs).toFixed(2)}; saving ${r.savingPercent}%`);
  db.close();
  console.log(JSON.stringify({
    bench: 'archive',
    move: { mib: MOVE_MB, mbPerS: mbps(moveS), hashedCopyMbPerS: mbps(hashedS), ratioToHashedCopy: Number((mbps(moveS) / mbps(hashedS)).toFixed(2)), kernelCopyMbPerS: mbps(copyS), ratioToKernelCopy: Number((mbps(moveS) / mbps(copyS)).toFixed(2)) },
    report: { assets: ASSETS, ms: Math.round(reportMs), baselineMs: Math.round(baselineMs), ratio: Number((reportMs / baselineMs).toFixed(2)), savingPercent: r.savingPercent },
  }));
} finally {
  rmSync(root, { recursive: true, force: true });
}
