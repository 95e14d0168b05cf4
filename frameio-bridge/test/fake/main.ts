/**
 * The Frame.io fake as its own process (benchmarks, manual runs): prints one JSON line with its URL
 * and seeded ids. A tiny control API answers GET /__control/sha256/<fileId> with the bytes' hash.
 *   npx tsx test/fake/main.ts <dir> [partSizeBytes]
 */
import { createServer } from 'node:http';
import { FrameioFake } from './frameio-fake';

const dir = process.argv[2];
if (!dir) throw new Error('usage: main.ts <dir> [partSize]');
const fake = new FrameioFake({ dir, partSize: Number(process.argv[3] ?? 16 * 1024 * 1024) });
const url = await fake.start();
const control = createServer((req, res) => {
  const m = /^\/__control\/sha256\/([\w-]+)$/.exec(req.url ?? '');
  if (!m || !fake.files.has(m[1]!)) return void res.writeHead(404).end();
  fake.sha256(m[1]!).then(
    (sha) => res.writeHead(200, { 'content-type': 'text/plain' }).end(sha),
    (err: unknown) => res.writeHead(500).end(String(err)),
  );
});
await new Promise<void>((ok) => control.listen(0, '127.0.0.1', () => ok()));
const controlPort = (control.address() as { port: number }).port;
console.log(JSON.stringify({ url, control: `http://127.0.0.1:${controlPort}`, account: fake.account, workspace: fake.workspace, project: fake.project, rootFolder: fake.rootFolder }));
process.on('SIGTERM', () => void Promise.all([fake.stop(), new Promise((ok) => control.close(ok))]).then(() => process.exit(0)));
