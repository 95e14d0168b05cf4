import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateNewsClip } from '../media/generate';
import { eventually, listen, startServer, tempDir, upload, type ServerProcess } from './harness';

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
    const uploaded = await upload(server.url, server.adminToken, `${media.dir}/long.mp4`, { title: 'Crash test' });
    const id = uploaded.id;
    await events.waitFor((e) => e.type === 'job.progress' && e.assetId === id && e.percent >= 10 && e.percent < 90, 60_000);
    events.close();
    await server.kill9();

    server = await startServer(data.dir, env);
    const ready = await eventually(async () => {
      const a = await server!.client.getAsset(id);
      return a.status === 'ready' ? a : null;
    }, 90_000, 500);
    expect(ready.renditions.map((r) => r.kind)).toContain('proxy');
    const jobs = await server.client.listJobs({ assetId: id });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ status: 'done' });
    expect(jobs[0]!.attempts).toBeGreaterThanOrEqual(2);
    expect(await server.client.moments(id, 'shot')).toHaveLength(4);
  }, 200_000);
});
