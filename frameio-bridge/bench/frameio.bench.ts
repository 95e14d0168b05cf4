/**
 * Frame.io bridge benchmark (issue 10).
 *  1. Upload throughput of a generated 1 GB file to the Frame.io fake (its own process, 127.0.0.1)
 *     through the bridge's part uploader — local_upload, exact parts, parallel PUTs — beside a
 *     single-stream PUT of the same bytes to the same process, in the same run. Target ≥ 0.9×.
 *     Both sides land on disk in the fake, and the uploaded file is checked byte for byte (SHA-256).
 *     Rounds alternate which side goes first and the median counts, because a shared machine's load
 *     moves under a single run; CPU-seconds (this process + the fake's) per GiB are printed beside
 *     wall time, since on loopback parallel parts can only match a single stream, not beat it.
 *  2. Webhook deliveries handled per second: signed deliveries posted to the bridge's receiver
 *     (verify + durable enqueue + 200), then drained by the processor.
 *   CUTAWAY_BENCH_MB=1024 CUTAWAY_BENCH_ROUNDS=2 CUTAWAY_BENCH_WEBHOOKS=2000 npx tsx bench/frameio.bench.ts
 * Stdout: a table, then one JSON summary as the last line. Progress goes to stderr.
 * Scratch: ./.scratch/bench-frameio-* under this workspace, removed at the end.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { closeSync, createReadStream, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { loadavg } from 'node:os';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import pino from 'pino';
import { ClientCredentialsAuth } from '../src/auth/ims';
import { startBridge } from '../src/bridge';
import { loadConfig } from '../src/config';
import { FrameioClient } from '../src/frameio/client';
import { FrameioHttp } from '../src/frameio/http';
import { planParts } from '../src/upload/part-plan';
import { uploadParts } from '../src/upload/uploader';
import { signWebhook } from '../src/webhook/signature';

const MB = Number(process.env.CUTAWAY_BENCH_MB ?? 1024);
const ROUNDS = Number(process.env.CUTAWAY_BENCH_ROUNDS ?? 3);
const WEBHOOKS = Number(process.env.CUTAWAY_BENCH_WEBHOOKS ?? 2000);
const CONCURRENCY = Number(process.env.CUTAWAY_FRAMEIO_PART_CONCURRENCY ?? 6);
const TARGET = 0.9;
const log = (s: string) => process.stderr.write(`${s}\n`);
const quiet = pino({ level: 'silent' });

const scratchRoot = resolve(import.meta.dirname, '../.scratch');
mkdirSync(scratchRoot, { recursive: true });
const scratch = mkdtempSync(join(scratchRoot, 'bench-frameio-'));
let fakeProc: ReturnType<typeof spawn> | null = null;

try {
  // 1 GB of incompressible bytes, hashed while written.
  const src = join(scratch, 'source.mov');
  const size = MB * 1024 * 1024;
  const hash = createHash('sha256');
  const fd = openSync(src, 'w');
  const block = Buffer.alloc(8 * 1024 * 1024);
  for (let written = 0; written < size; written += block.length) {
    const chunk = block.subarray(0, Math.min(block.length, size - written));
    randomFillSync(chunk);
    hash.update(chunk);
    writeSync(fd, chunk);
  }
  closeSync(fd);
  const sourceSha = hash.digest('hex');
  log(`generated ${MB} MiB`);

  fakeProc = spawn(process.execPath, ['--import', 'tsx', 'test/fake/main.ts', join(scratch, 'fake')], { cwd: resolve(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'inherit'] });
  const info = await new Promise<{ url: string; control: string; account: string; rootFolder: string; workspace: string; project: string }>((ok, fail) => {
    createInterface({ input: fakeProc!.stdout! }).once('line', (l) => ok(JSON.parse(l)));
    fakeProc!.once('exit', (c) => fail(new Error(`fake exited ${c}`)));
  });
  const fio = new FrameioClient(new FrameioHttp({ base: info.url, tokens: new ClientCredentialsAuth({ imsBase: info.url, clientId: 'cid', clientSecret: 'csecret' }), backoffMs: 200, log: quiet }));

  const single = async (): Promise<number> => {
    const t0 = performance.now();
    await new Promise<void>((ok, fail) => {
      const req = request(`${info.url}/s3-single/baseline`, { method: 'PUT', headers: { 'content-type': 'video/quicktime', 'content-length': String(size) } });
      req.once('error', fail);
      req.once('response', (res) => (res.resume(), res.once('end', () => (res.statusCode === 200 ? ok() : fail(new Error(`single PUT ${res.statusCode}`))))));
      createReadStream(src, { highWaterMark: 1024 * 1024 }).pipe(req);
    });
    return (performance.now() - t0) / 1000;
  };
  let lastFile = '';
  let parts = 0;
  const parallel = async (): Promise<number> => {
    const t0 = performance.now();
    const file = await fio.createLocalUpload(info.account, info.rootFolder, { name: 'bench.mov', file_size: size });
    const plan = planParts(size, file.upload_urls!);
    parts = plan.length;
    await uploadParts({ path: src, parts: plan, mediaType: file.media_type, concurrency: CONCURRENCY, retries: 2, backoffMs: 200, done: new Set(), onPartDone: () => undefined });
    if (!(await fio.uploadStatus(info.account, file.id)).upload_complete) throw new Error('upload not complete');
    lastFile = file.id;
    return (performance.now() - t0) / 1000;
  };

  /** utime + stime of this process and the fake, in seconds (proc(5): fields 14, 15 of /proc/<pid>/stat). */
  const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  const cpuS = () => {
    const stat = readFileSync(`/proc/${fakeProc!.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const u = process.cpuUsage();
    return (Number(f[14 - 3]) + Number(f[15 - 3])) / ticks + (u.user + u.system) / 1e6;
  };
  const timed = async (fn: () => Promise<number>, cpu: number[]) => {
    const c0 = cpuS();
    const wall = await fn();
    cpu.push(cpuS() - c0);
    return wall;
  };
  const singles: number[] = [];
  const parallels: number[] = [];
  const singleCpu: number[] = [];
  const parallelCpu: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? ['single', 'parallel'] : ['parallel', 'single'];
    for (const side of order) {
      if (side === 'single') singles.push(await timed(single, singleCpu));
      else parallels.push(await timed(parallel, parallelCpu));
      log(`round ${r + 1}: ${side} ${(side === 'single' ? singles : parallels).at(-1)!.toFixed(2)} s wall, ${(side === 'single' ? singleCpu : parallelCpu).at(-1)!.toFixed(2)} CPU-s`);
    }
  }
  const uploadedSha = await (await fetch(`${info.control}/__control/sha256/${lastFile}`)).text();
  if (uploadedSha !== sourceSha) throw new Error('uploaded bytes differ from the source');
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const best = median;
  const mbps = (s: number) => MB / s;
  const singleMBps = mbps(median(singles));
  const parallelMBps = mbps(median(parallels));
  const cpuPerGiB = (xs: number[]) => (median(xs) * 1024) / MB;
  const ratio = parallelMBps / singleMBps;

  // Webhooks: the bridge in this process, receiver + processor, platform-api not needed for ignored event types.
  const secret = 'bench-webhook-secret';
  const bridge = await startBridge(
    loadConfig({
      CUTAWAY_FRAMEIO_PORT: '0', CUTAWAY_DATA_DIR: join(scratch, 'bridge'), CUTAWAY_FRAMEIO_API_BASE: info.url, CUTAWAY_FRAMEIO_IMS_BASE: info.url,
      CUTAWAY_FRAMEIO_CLIENT_ID: 'cid', CUTAWAY_FRAMEIO_CLIENT_SECRET: 'csecret', CUTAWAY_FRAMEIO_WEBHOOK_SECRET: secret, CUTAWAY_API_URL: 'http://127.0.0.1:9',
      CUTAWAY_API_TOKEN: 'unused-token', CUTAWAY_FRAMEIO_POLL_MS: '60000',
    }),
    quiet,
  );
  const ts = String(Math.floor(Date.now() / 1000));
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let i = next++; i < WEBHOOKS; i = next++) {
        const body = JSON.stringify({ account: { id: info.account }, project: { id: info.project }, resource: { id: `f-${i}`, type: 'file' }, type: 'file.versioned', user: { id: 'u' }, workspace: { id: info.workspace } });
        const res = await fetch(`${bridge.url}/webhooks/frameio`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-frameio-request-timestamp': ts, 'x-frameio-signature': signWebhook(secret, ts, Buffer.from(body)) }, body });
        if (res.status !== 200) throw new Error(`delivery ${i}: HTTP ${res.status}`);
        await res.arrayBuffer();
      }
    }),
  );
  const ackS = (performance.now() - t0) / 1000;
  for (;;) {
    const h = (await (await fetch(`${bridge.url}/health`)).json()) as { deliveries: Record<string, number> };
    if ((h.deliveries.done ?? 0) >= WEBHOOKS) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const handledS = (performance.now() - t0) / 1000;
  const cpu1 = process.cpuUsage(cpu0);
  // Sender and bridge share this process: CPU per delivery covers both, an upper bound for the bridge.
  const cpuMsPerDelivery = (cpu1.user + cpu1.system) / 1000 / WEBHOOKS;
  await bridge.close();

  const rows = [
    ['single-stream PUT (median of rounds)', `${singleMBps.toFixed(0)} MiB/s`, `${best(singles).toFixed(2)} s`],
    [`parallel parts ×${CONCURRENCY} (${parts} parts)`, `${parallelMBps.toFixed(0)} MiB/s`, `${best(parallels).toFixed(2)} s`],
    ['CPU-s per GiB: single / parallel', `${cpuPerGiB(singleCpu).toFixed(2)}`, `${cpuPerGiB(parallelCpu).toFixed(2)}`],
    ['webhooks acknowledged (verified + stored)', `${(WEBHOOKS / ackS).toFixed(0)} /s`, `${ackS.toFixed(2)} s`],
    ['webhooks handled (acked + processed)', `${(WEBHOOKS / handledS).toFixed(0)} /s`, `${handledS.toFixed(2)} s`],
    ['webhook CPU per delivery (sender + bridge)', `${cpuMsPerDelivery.toFixed(2)} ms`, `≈${Math.round(1000 / cpuMsPerDelivery)} /CPU-s`],
  ];
  for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(44) : c.padStart(14))).join(''));
  console.log(JSON.stringify({
    bench: 'frameio', sizeMiB: MB, rounds: ROUNDS, parts, concurrency: CONCURRENCY,
    singleStreamMiBps: Math.round(singleMBps), parallelMiBps: Math.round(parallelMBps), ratio: Number(ratio.toFixed(3)), target: TARGET, pass: ratio >= TARGET,
    singleSeconds: singles.map((s) => Number(s.toFixed(3))), parallelSeconds: parallels.map((s) => Number(s.toFixed(3))), byteExact: true,
    cpuSecondsPerGiB: { single: Number(cpuPerGiB(singleCpu).toFixed(2)), parallel: Number(cpuPerGiB(parallelCpu).toFixed(2)) }, loadAverage: loadavg()[0],
    webhooks: WEBHOOKS, webhooksAckedPerS: Math.round(WEBHOOKS / ackS), webhooksHandledPerS: Math.round(WEBHOOKS / handledS), webhookCpuMsPerDelivery: Number(cpuMsPerDelivery.toFixed(3)),
  }));
} finally {
  fakeProc?.kill('SIGTERM');
  rmSync(scratch, { recursive: true, force: true });
}
