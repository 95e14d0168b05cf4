import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateNewsClip } from '../media/generate';
import { api, eventually, listen, startServer, tempDir, upload, type ServerProcess } from './harness';

/** "Killing the server mid-ingest and starting it again finishes the job" (issue 2, Done when). */
describe('kill -9 mid-ingest, restart, the job finishes', () => {
  let server: ServerProcess | undefined;
  let data: { dir: string; cleanup: () => Promise<void> };
  let media: { dir: string; cleanup: () => Promise<void> };
  // A short lease so the dead worker's claim expires quickly; production uses 30 s.
  const env = { CUTAWAY_ADMIN_TOKEN: 'admin-secret-for-crash-test-0123', CUTAWAY_JOB_LEASE_MS: '2000', CUTAWAY_ENRICH: 'off' };

  beforeAll(async () => {
    data = await tempDir('crash-data');
    media = await tempDir('crash-media');
    await generateNewsClip(`${media.dir}/long.mp4`, { durationS: 40, width: 1280, height: 720, fps: 25, cutsAtS: [10, 20, 30] });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await data?.cleanup();
    await media?.cleanup();
  });

  it('loses no accepted work', async () => {
    server = await startServer(data.dir, env);
    const events = await listen(server.url, server.adminToken);
    const res = await upload(server.url, server.adminToken, `${media.dir}/long.mp4`, { title: 'Crash test' });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    await events.waitFor((e) => e.type === 'job.progress' && e.assetId === id && e.percent >= 10 && e.percent < 90, 60_000);
    events.close();
    await server.kill9();

    server = await startServer(data.dir, env);
    const ready = await eventually(async () => {
      const a = await api(server!.url, server!.adminToken, `/api/v1/assets/${id}`);
      return a.body.status === 'ready' ? a.body : null;
    }, 90_000, 500);
    expect(ready.renditions.map((r: { kind: string }) => r.kind)).toContain('proxy');
    const jobs = await api(server.url, server.adminToken, `/api/v1/jobs?assetId=${id}`);
    expect(jobs.body.items).toHaveLength(1);
    expect(jobs.body.items[0]).toMatchObject({ status: 'done' });
    expect(jobs.body.items[0].attempts).toBeGreaterThanOrEqual(2);
    const shots = await api(server.url, server.adminToken, `/api/v1/assets/${id}/moments?kind=shot`);
    expect(shots.body.items).toHaveLength(4);
  }, 200_000);
});
