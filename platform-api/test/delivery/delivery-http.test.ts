import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookSignature } from '../../src/adapters/delivery/destinations';
import { ADMIN, eventually, inProcessPlatform } from '../http/in-process';
import { S3_ENGINE, S3_SKIP_REASON, tempBucket, type TestBucket } from '../s3/s3-engine';
import { movingSubjectClip, watermarkPng } from './media';

const WEBHOOK_SECRET = 'whsec-test-0123456789abcdef';
const TTL_HOURS = 0.004; // 14.4 s: long enough for one approve-and-deliver, short enough to watch one expire

interface Received { headers: Record<string, string | string[] | undefined>; sha256: string; bytes: number }

/** A 127.0.0.1 receiver that checks the HMAC and the body hash as a real one would. */
async function webhookReceiver(): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const h = createHash('sha256');
    let bytes = 0;
    req.on('data', (c: Buffer) => { h.update(c); bytes += c.length; });
    req.on('end', () => {
      const sha256 = h.digest('hex');
      const hd = req.headers;
      const expected = `v1=${webhookSignature(WEBHOOK_SECRET, String(hd['x-cutaway-timestamp']), String(hd['x-cutaway-delivery']), String(hd['x-cutaway-content-sha256']), String(hd['x-cutaway-metadata']))}`;
      const ok = hd['x-cutaway-signature'] === expected && sha256 === hd['x-cutaway-content-sha256'];
      received.push({ headers: hd, sha256, bytes });
      res.writeHead(ok ? 200 : 401).end(ok ? 'ok' : 'bad signature');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, close: () => new Promise((r) => server.close(() => r())) };
}

describe('delivery over HTTP: select → plan → render → approve (second person) → deliver (folder, webhook, S3)', () => {
  let dir: string;
  let api: Awaited<ReturnType<typeof inProcessPlatform>>;
  let hook: Awaited<ReturnType<typeof webhookReceiver>>;
  let bucket: TestBucket | null = null;
  let producer: string;
  let desk: string;
  let viewer: string;
  let assetId: string;
  let renderId: string;
  let sha256: string;
  const json = (body: unknown, method = 'POST'): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cutaway-deliver-http-'));
    const clip = await movingSubjectClip(dir, 6);
    const logo = await watermarkPng(dir);
    hook = await webhookReceiver();
    if (S3_ENGINE) bucket = await tempBucket('deliver');
    else console.warn(S3_SKIP_REASON);
    const destinations = [
      { id: 'newsroom-folder', kind: 'folder', name: 'Newsroom share', path: join(dir, 'out') },
      { id: 'cms-hook', kind: 'webhook', name: 'CMS ingest', url: hook.url, secret: WEBHOOK_SECRET },
      ...(bucket ? [{ id: 'social-bucket', kind: 's3', name: 'Social bucket', endpoint: bucket.engine.endpoint, region: bucket.engine.region, bucket: bucket.bucket, accessKeyId: bucket.engine.accessKeyId, secretAccessKey: bucket.engine.secretAccessKey }] : []),
    ];
    api = await inProcessPlatform({
      CUTAWAY_WORKER_CONCURRENCY: '1', CUTAWAY_DELIVERY_DESTINATIONS: JSON.stringify(destinations),
      CUTAWAY_DELIVERY_WATERMARKS: JSON.stringify([{ id: 'station-logo', name: 'Station logo', path: logo }]), CUTAWAY_DELIVERY_APPROVAL_TTL_HOURS: String(TTL_HOURS),
    });
    producer = (await api.token('Producer', 'editor')).token;
    desk = (await api.token('Desk editor', 'editor')).token;
    viewer = (await api.token('Viewer', 'viewer')).token;
    const form = new FormData();
    form.set('file', new Blob([await readFile(clip.path)], { type: 'video/mp4' }), 'storm.mp4');
    form.set('title', 'Harbour storm');
    const up = await api.call(producer, '/api/v1/assets', { method: 'POST', body: form });
    expect(up.status).toBe(201);
    assetId = up.body.id;
    await eventually(async () => (await api.call(producer, `/api/v1/assets/${assetId}`)).body.status === 'ready', 120_000, 250);
  }, 180_000);
  afterAll(async () => {
    await api?.close();
    await hook?.close();
    await bucket?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists dated profiles and the allowlists without secrets', async () => {
    const profiles = await api.call(viewer, '/api/v1/profiles');
    const reels = profiles.body.items.find((p: { id: string }) => p.id === 'reels-9x16');
    expect(reels).toMatchObject({ width: 1080, height: 1920, loudness: { integratedLufs: -16 }, specDate: '2026-12-06' });
    expect(reels.sources.length).toBeGreaterThan(0);
    const dest = await api.call(viewer, '/api/v1/destinations');
    expect(dest.body.items.map((d: { id: string }) => d.id)).toContain('cms-hook');
    expect(JSON.stringify(dest.body)).not.toContain(WEBHOOK_SECRET);
    expect(JSON.stringify(dest.body)).not.toContain(dir);
    expect(dest.body.watermarks).toEqual([{ id: 'station-logo', name: 'Station logo' }]);
  });

  it('renders a verified vertical after a dry run, and refuses injection attempts', async () => {
    const sel = await api.call(producer, '/api/v1/selections', json({ title: 'storm', items: [{ assetId, inMs: 0, outMs: 6000 }] }));
    expect(sel.status).toBe(201);
    const base = { selectionId: sel.body.id, profileId: 'reels-9x16', watermarkId: 'station-logo' };
    // Only ids, enums and bounded numbers get through: paths, flags and free filters are refused before anything runs.
    for (const bad of [
      { ...base, watermarkId: '../../etc/passwd' },
      { ...base, profileId: 'reels-9x16 -i /etc/passwd' },
      { ...base, watermarkId: "logo',drawtext=textfile=/etc/passwd" },
      { ...base, ffmpegArgs: ['-i', 'http://169.254.169.254/'] },
      { ...base, loudness: -5 },
    ]) expect((await api.call(producer, '/api/v1/render-plans', json(bad))).status, JSON.stringify(bad)).toBe(400);
    expect((await api.call(producer, '/api/v1/render-plans', json({ ...base, watermarkId: 'other-logo' }))).body.error.code).toBe('delivery.watermark_not_found');

    const plan = await api.call(producer, '/api/v1/render-plans', json(base));
    expect(plan.status).toBe(200);
    expect(plan.body.outputSpec).toMatchObject({ width: 1080, height: 1920, fps: 25, integratedLufs: -16, durationMs: 6000 });
    expect(plan.body.cpuEstimateS).toBeGreaterThan(0);
    // The 720p test source is scaled 2.7× for 1920 px: reported, not blocking.
    expect(plan.body.violations.map((v: { code: string }) => v.code)).toEqual(['source.upscaled']);

    const started = await api.call(producer, '/api/v1/renders', json(base));
    expect(started.status).toBe(202);
    renderId = started.body.renderId;
    const seen = new Set<string>();
    const done = await eventually(async () => {
      const r = await api.call(producer, `/api/v1/renders/${renderId}`);
      seen.add(r.body.status);
      if (r.body.status === 'failed') throw new Error(`render failed: ${r.body.error}`);
      return r.body.status === 'done' ? r.body : null;
    }, 240_000, 500);
    expect(done.output).toMatchObject({ width: 1080, height: 1920, fps: 25, videoCodec: 'h264', audioCodec: 'aac' });
    expect(Math.abs(done.output.integratedLufs + 16)).toBeLessThanOrEqual(1);
    sha256 = done.output.sha256;
    const file = await fetch(`${api.url}/api/v1/renders/${renderId}/file`, { headers: { authorization: `Bearer ${desk}` } });
    expect(createHash('sha256').update(Buffer.from(await file.arrayBuffer())).digest('hex')).toBe(sha256);
    const job = await api.call(producer, `/api/v1/jobs/${started.body.jobId}`);
    if (job.status === 200) expect(job.body.status).toBe('done');
  }, 300_000);

  it('delivers only after a second person approves, once per approval', async () => {
    const metadata = { title: 'Storm hits the harbour', description: 'Tonight', tags: ['weather'] };
    const approval = await api.call(producer, '/api/v1/approvals', json({ renderId, destinationId: 'newsroom-folder', metadata }));
    expect(approval.status).toBe(201);
    expect(approval.body).toMatchObject({ status: 'pending', renderSha256: sha256, requestedBy: { name: 'Producer' } });
    const id = approval.body.id;
    const early = await api.call(producer, '/api/v1/deliveries', json({ approvalId: id }));
    expect([early.status, early.body.error.code]).toEqual([409, 'delivery.approval_invalid']);
    expect((await api.call(producer, `/api/v1/approvals/${id}/approve`, json({}))).status).toBe(403); // the requester
    expect((await api.call(viewer, `/api/v1/approvals/${id}/approve`, json({}))).status).toBe(403); // no write rights
    const agent = await api.call(ADMIN, '/api/v1/tokens', json({ name: 'Assistant', role: 'editor', kind: 'agent' }));
    expect(agent.status).toBe(201);
    expect((await api.call(agent.body.token, `/api/v1/approvals/${id}/approve`, json({}))).status).toBe(403); // an agent's token, never
    expect((await api.call(producer, '/api/v1/approvals', json({ renderId, destinationId: 'http://evil.example/x', metadata }))).status).toBe(400);
    expect((await api.call(producer, '/api/v1/approvals', json({ renderId, destinationId: 'elsewhere', metadata }))).status).toBe(404);

    const approved = await api.call(desk, `/api/v1/approvals/${id}/approve`, json({}));
    expect(approved.body).toMatchObject({ status: 'approved', approvedBy: { name: 'Desk editor' } });
    const first = await api.call(producer, '/api/v1/deliveries', json({ approvalId: id }));
    expect(first.body).toMatchObject({ status: 'done', receipt: `${renderId}.mp4`, attempts: 1 });
    const again = await api.call(producer, '/api/v1/deliveries', json({ approvalId: id }));
    expect(again.body.id).toBe(first.body.id);
    // Handles are bound to their principal: a viewer who did not request them gets 404 with the right code.
    expect((await api.call(producer, `/api/v1/deliveries/${first.body.id}`)).body.status).toBe('done');
    const hidden = await api.call(viewer, `/api/v1/deliveries/${first.body.id}`);
    expect([hidden.status, hidden.body.error.code]).toEqual([404, 'delivery.not_found']);
    const missing = await api.call(producer, '/api/v1/deliveries/no-such-delivery');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'delivery.not_found']);
    const hiddenApproval = await api.call(viewer, `/api/v1/approvals/${id}`);
    expect([hiddenApproval.status, hiddenApproval.body.error.code]).toEqual([404, 'delivery.approval_not_found']);
    expect((await api.call(desk, `/api/v1/approvals/${id}`)).body.status).toBe('approved');
    const out = join(dir, 'out');
    expect((await readdir(out)).sort()).toEqual([`${renderId}.json`, `${renderId}.mp4`]);
    expect(createHash('sha256').update(await readFile(join(out, `${renderId}.mp4`))).digest('hex')).toBe(sha256);
    expect(JSON.parse(await readFile(join(out, `${renderId}.json`), 'utf8')).metadata).toEqual(metadata);

    const audit = await api.call(ADMIN, '/api/v1/audit?limit=200');
    const actions = audit.body.items.map((a: { action: string }) => a.action);
    for (const a of ['delivery.create_selection', 'delivery.render', 'delivery.request_approval', 'delivery.approve', 'delivery.deliver']) expect(actions).toContain(a);
  });

  it('signs the webhook delivery so the 127.0.0.1 receiver can verify it', async () => {
    const a = await api.call(producer, '/api/v1/approvals', json({ renderId, destinationId: 'cms-hook', metadata: { title: 'Storm' } }));
    await api.call(desk, `/api/v1/approvals/${a.body.id}/approve`, json({}));
    const d = await api.call(producer, '/api/v1/deliveries', json({ approvalId: a.body.id }));
    expect(d.body).toMatchObject({ status: 'done', receipt: 'HTTP 200' });
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0]!.sha256).toBe(sha256);
    expect(JSON.parse(Buffer.from(String(hook.received[0]!.headers['x-cutaway-metadata']), 'base64url').toString())).toMatchObject({ title: 'Storm' });
  });

  it.skipIf(!S3_ENGINE)('puts the render into the S3 bucket (Ceph RGW)', async () => {
    const a = await api.call(producer, '/api/v1/approvals', json({ renderId, destinationId: 'social-bucket', metadata: { title: 'Storm' } }));
    await api.call(desk, `/api/v1/approvals/${a.body.id}/approve`, json({}));
    const d = await api.call(producer, '/api/v1/deliveries', json({ approvalId: a.body.id }));
    expect(d.body).toMatchObject({ status: 'done', receipt: `deliveries/${renderId}/${renderId}.mp4` });
    const obj = await bucket!.client.send(new GetObjectCommand({ Bucket: bucket!.bucket, Key: d.body.receipt }));
    expect(createHash('sha256').update(Buffer.from(await obj.Body!.transformToByteArray())).digest('hex')).toBe(sha256);
  });

  it('lets an approval expire', async () => {
    const a = await api.call(producer, '/api/v1/approvals', json({ renderId, destinationId: 'newsroom-folder', metadata: { title: 'Late' } }));
    await new Promise((r) => setTimeout(r, Date.parse(a.body.expiresAt) - Date.now() + 200));
    expect((await api.call(desk, `/api/v1/approvals/${a.body.id}`)).body.status).toBe('expired');
    const late = await api.call(desk, `/api/v1/approvals/${a.body.id}/approve`, json({}));
    expect([late.status, late.body.error.code]).toEqual([409, 'delivery.approval_invalid']);
    // The queue splits at expiry: no longer waiting, listed as expired; declining it is as late as approving.
    const ids = async (status: string) => ((await api.call(desk, `/api/v1/approvals?status=${status}&limit=200`)).body.items as Array<{ id: string }>).map((x) => x.id);
    expect(await ids('pending')).not.toContain(a.body.id);
    expect(await ids('expired')).toContain(a.body.id);
    const viewerDecline = await api.call(viewer, `/api/v1/approvals/${a.body.id}/decline`, json({ reason: 'no' }));
    expect(viewerDecline.status).toBe(403);
    const lateDecline = await api.call(desk, `/api/v1/approvals/${a.body.id}/decline`, json({}));
    expect([lateDecline.status, lateDecline.body.error.code]).toEqual([409, 'delivery.approval_invalid']);
  }, 30_000);
});
