import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACES, composeVideo, faceCrop } from '../vision/faces-media';
import { eventually, listen, startServer, tempDir, upload, type ServerProcess } from './harness';

/** Issue 17 "kill -9 during the step loses nothing": the faces job is redone after the lease expires. */
describe('kill -9 during the faces step, restart, the step is redone', () => {
  let server: ServerProcess | undefined;
  let data: { dir: string; cleanup: () => Promise<void> };
  let media: { dir: string; cleanup: () => Promise<void> };
  const env = {
    CUTAWAY_ADMIN_TOKEN: 'admin-secret-for-faces-crash-0123', CUTAWAY_JOB_LEASE_MS: '2000',
    CUTAWAY_ENRICH_SPEECH: 'off', CUTAWAY_ENRICH_OCR: 'off', CUTAWAY_ENRICH_EMBEDDINGS: 'off', CUTAWAY_ENRICH_PHONETIC: 'off', CUTAWAY_VISION_THREADS: '1',
  };
  const SHOTS = 8;

  beforeAll(async () => {
    data = await tempDir('faces-crash-data');
    media = await tempDir('faces-crash-media');
    const crops = [FACES.womanB, FACES.womanC, FACES.womanD, FACES.manE].map((c, i) => faceCrop(c, `${media.dir}/f${i}.png`));
    composeVideo(Array.from({ length: SHOTS }, (_, i) => ({ image: crops[i % crops.length]!, durationS: 5, background: i % 2 ? 'gray' : 'darkblue', x: 100 + 40 * i, y: 90 })), `${media.dir}/long.mp4`);
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await data?.cleanup();
    await media?.cleanup();
  });

  it('loses no accepted work and writes each face once', async () => {
    server = await startServer(data.dir, env);
    const events = await listen(server.url, server.adminToken);
    const { id } = await upload(server.url, server.adminToken, `${media.dir}/long.mp4`, { title: 'Crash faces' });
    await events.waitFor((e) => e.type === 'job.progress' && e.assetId === id && e.stage === 'faces' && e.percent >= 5 && e.percent < 80, 240_000);
    events.close();
    await server.kill9();

    server = await startServer(data.dir, env);
    const done = await eventually(async () => {
      const a = await server!.client.getAsset(id);
      return a.enrichment.faces?.status === 'done' && a.enrichment.objects?.status === 'done' ? a : null;
    }, 300_000, 1000);
    expect(done.enrichment.faces?.count).toBe(SHOTS);
    const faces = (await server.client.assetFaces(id)).items;
    expect(faces).toHaveLength(SHOTS);
    faces.forEach((t, i) => {
      expect(t.startMs).toBeGreaterThanOrEqual(i * 5000);
      expect(t.endMs).toBeLessThanOrEqual((i + 1) * 5000);
    });
    // One job per step (audio, ocr (off: skipped), faces, objects), all done; the one running when killed ran again.
    const jobs = (await server.client.listJobs({ assetId: id })).filter((j) => j.name === 'enrich.step');
    expect(jobs).toHaveLength(4);
    expect(jobs.every((j) => j.status === 'done')).toBe(true);
    expect(jobs.some((j) => j.attempts >= 2)).toBe(true);
    // Four people in eight shots; none left over from the killed run.
    const people = await server.client.listPeople();
    expect(people.reduce((n, p) => n + p.trackCount, 0)).toBe(SHOTS);
    expect(people.every((p) => p.trackCount > 0)).toBe(true);
    const moments = await server.client.moments(id, 'face');
    expect(moments).toHaveLength(SHOTS);
  }, 700_000);
});
