import { request } from 'node:http';
import { appendFile, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateNewsClip } from '../media/generate';
import { eventually, listen, startServer, tempDir, type ServerProcess } from './harness';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('resumable uploads (tus 1.0.0) and watch folders (real process)', () => {
  let server: ServerProcess;
  let data: { dir: string; cleanup: () => Promise<void> };
  let media: { dir: string; cleanup: () => Promise<void> };
  let clip: Buffer;
  /** A second clip with other bytes, so the watch folder's duplicate check does not see the tus upload. */
  let other: Buffer;
  const env = { CUTAWAY_ADMIN_TOKEN: 'admin-secret-for-tus-tests-01234', CUTAWAY_ENRICH: 'off' };

  beforeAll(async () => {
    data = await tempDir('tus-data');
    media = await tempDir('tus-media');
    await generateNewsClip(`${media.dir}/a.mp4`, { durationS: 6, width: 640, height: 360, fps: 25, cutsAtS: [3] });
    clip = await readFile(`${media.dir}/a.mp4`);
    await generateNewsClip(`${media.dir}/b.mp4`, { durationS: 5, width: 640, height: 360, fps: 25, cutsAtS: [2] });
    other = await readFile(`${media.dir}/b.mp4`);
    server = await startServer(data.dir, env);
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
    await data?.cleanup();
    await media?.cleanup();
  });

  const tusHeaders = () => ({ authorization: `Bearer ${server.adminToken}`, 'tus-resumable': '1.0.0' });

  it('survives a dropped connection and resumes from the server offset', async () => {
    const created = await fetch(`${server.url}/api/v1/uploads`, {
      method: 'POST',
      headers: { ...tusHeaders(), 'upload-length': String(clip.length), 'upload-metadata': `filename ${b64('camera A001.mp4')},title ${b64('Resumed upload')},tags ${b64('camera,raw')}` },
    });
    expect(created.status).toBe(201);
    const location = new URL(created.headers.get('location')!, server.url).toString();

    // First PATCH dies after sending a third of the file.
    const third = Math.floor(clip.length / 3);
    await new Promise<void>((resolve) => {
      const req = request(location, {
        method: 'PATCH',
        headers: { ...tusHeaders(), 'upload-offset': '0', 'content-type': 'application/offset+octet-stream', 'content-length': String(clip.length) },
      });
      req.on('error', () => resolve());
      req.write(clip.subarray(0, third), () => setTimeout(() => (req.destroy(), resolve()), 300));
    });

    const offset = await eventually(async () => {
      const head = await fetch(location, { method: 'HEAD', headers: tusHeaders() });
      const n = Number(head.headers.get('upload-offset'));
      return n > 0 ? n : null;
    }, 10_000);
    expect(offset).toBeLessThanOrEqual(third);

    const rest = await fetch(location, {
      method: 'PATCH',
      headers: { ...tusHeaders(), 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
      body: clip.subarray(offset),
    });
    expect(rest.status).toBe(204);
    const assetId = rest.headers.get('x-cutaway-asset-id');
    expect(assetId).toBeTruthy();
    const asset = await server.client.getAsset(assetId!);
    expect(asset).toMatchObject({ title: 'Resumed upload', tags: ['camera', 'raw'], fileName: 'camera A001.mp4', sizeBytes: clip.length, origin: { kind: 'resumable' } });
    const { createHash } = await import('node:crypto');
    expect(asset.sha256).toBe(createHash('sha256').update(clip).digest('hex'));
  }, 60_000);

  it('rejects an upload bigger than declared and one without a filename', async () => {
    // Declares 10 bytes, then sends 20: the PATCH is refused, nothing past the declared length is kept, no asset.
    const declared = await fetch(`${server.url}/api/v1/uploads`, {
      method: 'POST',
      headers: { ...tusHeaders(), 'upload-length': '10', 'upload-metadata': `filename ${b64('too-big.bin')}` },
    });
    expect(declared.status).toBe(201);
    const location = new URL(declared.headers.get('location')!, server.url).toString();
    const over = await fetch(location, {
      method: 'PATCH',
      headers: { ...tusHeaders(), 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: Buffer.alloc(20, 1),
    });
    expect(over.status).toBe(413);
    expect(over.headers.get('x-cutaway-asset-id')).toBeNull();
    const head = await fetch(location, { method: 'HEAD', headers: tusHeaders() });
    expect(Number(head.headers.get('upload-offset') ?? 0)).toBeLessThanOrEqual(10);
    const assets = (await server.client.listAssets({ limit: 200 })).items;
    expect(assets.map((a) => a.fileName)).not.toContain('too-big.bin');

    const noName = await fetch(`${server.url}/api/v1/uploads`, { method: 'POST', headers: { ...tusHeaders(), 'upload-length': '10' } });
    expect(noName.status).toBe(400);
    const noAuth = await fetch(`${server.url}/api/v1/uploads`, { method: 'POST', headers: { 'tus-resumable': '1.0.0', 'upload-length': '10' } });
    expect(noAuth.status).toBe(401);
  });

  it('watch folder: ingests a growing file once, reports a duplicate by checksum, never touches the source', async () => {
    const inbox = `${media.dir}/inbox`;
    await mkdir(inbox);
    const events = await listen(server.url, server.adminToken);
    const wf = await server.client.createWatchFolder({ path: inbox, settleMs: 800, tags: ['inbox'] });
    expect(wf).toMatchObject({ path: inbox, tags: ['inbox'] });

    // A camera card copy that grows in chunks: it must not be ingested half-written.
    const target = `${inbox}/growing.mp4`;
    const chunk = Math.ceil(other.length / 5);
    await writeFile(target, other.subarray(0, chunk));
    for (let i = 1; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 300));
      await appendFile(target, other.subarray(i * chunk, (i + 1) * chunk));
    }
    const created = await events.waitFor((e) => e.type === 'asset.created' && e.asset.origin.kind === 'watch_folder', 20_000);
    if (created.type !== 'asset.created') throw new Error('unreachable');
    expect(created.asset.sizeBytes).toBe(other.length);
    expect(created.asset.tags).toEqual(['inbox']);

    await copyFile(target, `${inbox}/same-bytes-other-name.mp4`);
    const dup = await events.waitFor((e) => e.type === 'watch_folder.duplicate', 20_000);
    expect(dup.type === 'watch_folder.duplicate' && dup.existingAssetId).toBe(created.asset.id);
    expect(await readFile(target)).toEqual(other); // source untouched

    const watched = (await server.client.listAssets({ limit: 200 })).items.filter((a) => a.origin.kind === 'watch_folder');
    expect(watched).toHaveLength(1);
    events.close();
  }, 60_000);

  it('a restart does not ingest the watch folder again', async () => {
    await server.stop();
    server = await startServer(data.dir, env);
    const events = await listen(server.url, server.adminToken);
    // Proof that the restarted watcher scanned: a file dropped after the start is ingested. The folder is handled
    // in order (one chain per folder) and the old files settle first, so once the marker is in, they were seen.
    const marker = Buffer.concat([Buffer.from('marker '), Buffer.from(String(Date.now()))]);
    await writeFile(`${media.dir}/inbox/after-restart.bin`, marker);
    const created = await events.waitFor((e) => e.type === 'asset.created' && e.asset.fileName === 'after-restart.bin', 20_000);
    expect(created.type === 'asset.created' && created.asset.origin.kind).toBe('watch_folder');
    const watched = (await server.client.listAssets({ limit: 200 })).items.filter((a) => a.origin.kind === 'watch_folder');
    expect(watched.map((a) => a.fileName).sort()).toEqual(['after-restart.bin', 'growing.mp4']);
    expect(events.events.filter((e) => e.type === 'asset.created' && e.asset.fileName !== 'after-restart.bin')).toEqual([]);
    events.close();
  }, 60_000);
});
