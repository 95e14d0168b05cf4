/**
 * Frame.io bridge benchmark (issue 10).
 *  1. Upload throughput of a generated 1 GB file to the Frame.io fake (its own process, 127.0.0.1)
 *     through the bridge's part uploader — local_upload, exact parts, parallel PUTs — beside a
 *     single-stream PUT of the same bytes to the same process, in the same run. Target ≥ 0.9×.
 *     Both sides land on disk in the fake, and the uploaded file is checked byte for byte (SHA-256).
 *  2. Webhook deliveries handled per second: signed deliveries posted to the bridge's receiver
 *     (verify + durable enqueue + 200), then drained by the processor.
 *   CUTAWAY_BENCH_MB=1024 CUTAWAY_BENCH_ROUNDS=2 CUTAWAY_BENCH_WEBHOOKS=2000 npx tsx bench/frameio.bench.ts
 * Stdout: a table, then one JSON summary as the last line. Progress goes to stderr.
 * Scratch: ./.scratch/bench-frameio-* under this workspace, removed at the end.
 */
import { spawn } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
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
const ROUNDS = Number(process.env.CUTAWAY_BENCH_ROUNDS ?? 2);
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

  const singles: number[] = [];
  const parallels: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    singles.push(await single());
    log(`round ${r + 1}: single stream ${singles.at(-1)!.toFixed(2)} s`);
    parallels.push(await parallel());
    log(`round ${r + 1}: parallel parts ${parallels.at(-1)!.toFixed(2)} s`);
  }
  const uploadedSha = await (await fetch(`${info.control}/__control/sha256/${lastFile}`)).text();
  if (uploadedSha !== sourceSha) throw new Error('uploaded bytes differ from the source');
  const best = (xs: number[]) => Math.min(...xs);
  const mbps = (s: number) => MB / s;
  const singleMBps = mbps(best(singles));
  const parallelMBps = mbps(best(parallels));
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
  await bridge.close();

  const rows = [
    ['single-stream PUT (best of rounds)', `${singleMBps.toFixed(0)} MiB/s`, `${best(singles).toFixed(2)} s`],
    [`parallel parts ×${CONCURRENCY} (${parts} parts)`, `${parallelMBps.toFixed(0)} MiB/s`, `${best(parallels).toFixed(2)} s`],
    ['webhooks acknowledged (verified + stored)', `${(WEBHOOKS / ackS).toFixed(0)} /s`, `${ackS.toFixed(2)} s`],
    ['webhooks handled (acked + processed)', `${(WEBHOOKS / handledS).toFixed(0)} /s`, `${handledS.toFixed(2)} s`],
  ];
  for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(44) : c.padStart(14))).join(''));
  console.log(JSON.stringify({
    bench: 'frameio', sizeMiB: MB, rounds: ROUNDS, parts, concurrency: CONCURRENCY,
    singleStreamMiBps: Math.round(singleMBps), parallelMiBps: Math.round(parallelMBps), ratio: Number(ratio.toFixed(3)), target: TARGET, pass: ratio >= TARGET,
    singleSeconds: singles.map((s) => Number(s.toFixed(3))), parallelSeconds: parallels.map((s) => Number(s.toFixed(3))), byteExact: true,
    webhooks: WEBHOOKS, webhooksAckedPerS: Math.round(WEBHOOKS / ackS), webhooksHandledPerS: Math.round(WEBHOOKS / handledS),
  }));
} finally {
  fakeProc?.kill('SIGTERM');
  rmSync(scratch, { recursive: true, force: true });
}
