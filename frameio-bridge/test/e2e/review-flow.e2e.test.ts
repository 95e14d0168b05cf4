import { createHash } from 'node:crypto';
import { openAsBlob, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EventSchema, framesToTimecode, type Asset, type CutawayEvent, type ReviewRequest, type ReviewSummary } from '@cutaway/shared';
import { CutawayClient } from '@cutaway/shared/client';
import { signWebhook } from '../../src/webhook/signature';
import { FrameioFake, type FakeUser } from '../fake/frameio-fake';
import { WebhookEmitter } from '../fake/webhook-emitter';
import { eventually, tempDir } from '../helpers';
import { freePort, generateClip, startProcess, type Proc } from './processes';

/**
 * The whole review loop with real processes on 127.0.0.1: platform-api (SQLite, real ffmpeg) and
 * frameio-bridge as child processes, the Frame.io V4 fake and its webhook emitter in this process.
 * push → version stack → comment → marker (found by search) → approval, plus the bad-input paths.
 */
const ADMIN = 'e2e-admin-token-frameio-0123456789';
const FRAMES = 150; // 5.005 s at 29.97

let dir: string;
let cleanup: () => Promise<void>;
let fake: FrameioFake;
let emitter: WebhookEmitter;
let api: Proc;
let bridge: Proc;
let apiPort: number;
let bridgePort: number;
let client: CutawayClient;
let asset: Asset;
let destinationId: string;
let reviewer: FakeUser;
const events: CutawayEvent[] = [];
let ws: WebSocket;

const startApi = () =>
  startProcess('platform-api', { CUTAWAY_DATA_DIR: join(dir, 'api'), CUTAWAY_API_PORT: String(apiPort), CUTAWAY_ADMIN_TOKEN: ADMIN, CUTAWAY_ENRICH: 'off', CUTAWAY_LOG_LEVEL: 'info' }, 'platform-api listening');
const startBridge = () =>
  startProcess(
    'frameio-bridge',
    {
      CUTAWAY_DATA_DIR: join(dir, 'bridge'), CUTAWAY_FRAMEIO_PORT: String(bridgePort), CUTAWAY_FRAMEIO_PUBLIC_URL: `http://127.0.0.1:${bridgePort}`,
      CUTAWAY_FRAMEIO_API_BASE: fake.url, CUTAWAY_FRAMEIO_IMS_BASE: fake.url, CUTAWAY_FRAMEIO_CLIENT_ID: 'cid', CUTAWAY_FRAMEIO_CLIENT_SECRET: 'csecret',
      CUTAWAY_API_URL: `http://127.0.0.1:${apiPort}`, CUTAWAY_API_TOKEN: ADMIN, CUTAWAY_FRAMEIO_POLL_MS: '100', CUTAWAY_FRAMEIO_BACKOFF_MS: '50',
      CUTAWAY_FRAMEIO_PART_CONCURRENCY: '4', CUTAWAY_LOG_LEVEL: 'info',
    },
    'frameio-bridge listening',
  );

const registeredSecret = () => [...fake.webhooks.values()].at(-1)?.secret ?? 'not-registered-yet';
const review = (id = asset.id): Promise<ReviewSummary> => client.getReview(id);
const markers = async (id = asset.id) => client.moments(id, 'marker');
async function pushed(id: string, requestId: string): Promise<ReviewRequest> {
  return eventually(async () => {
    const r = (await review(id)).requests.find((x) => x.id === requestId);
    if (r?.state === 'failed') throw new Error(`push failed: ${JSON.stringify(r.failure)}`);
    return r?.state === 'done' ? r : null;
  }, 60_000, 150);
}
async function ingest(name: string, frames: number): Promise<Asset> {
  const path = join(dir, name);
  await generateClip(path, frames);
  const created = await client.uploadAsset(await openAsBlob(path), { fileName: name, title: `Harbour storm ${name}` });
  return eventually(async () => {
    const a = await client.getAsset(created.id);
    return a.status === 'ready' ? a : null;
  }, 60_000, 200);
}
/** Emits and waits until the bridge has worked through its queue. */
async function emit(type: string, resource: { id: string; type: string }, userId = reviewer.id, opts = {}) {
  const r = await emitter.emit(type, resource, userId, opts);
  expect(r.status).toBe(200);
  await settled();
  return r;
}
async function settled() {
  await eventually(async () => {
    const h = (await (await fetch(`${bridge.url}/health`)).json()) as { deliveries: Record<string, number> };
    return !h.deliveries.pending;
  }, 30_000, 50);
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('frameio-e2e'));
  [apiPort, bridgePort] = [await freePort(), await freePort()];
  fake = new FrameioFake({ dir: join(dir, 'fake'), partSize: 64 * 1024, maxPageSize: 2 });
  await fake.start();
  emitter = new WebhookEmitter({ url: () => [...fake.webhooks.values()].at(-1)?.url ?? `http://127.0.0.1:${bridgePort}/webhooks/frameio`, secret: registeredSecret, account: fake.account, workspace: fake.workspace, project: fake.project });
  // Frame.io's own events (upload completed, ready, versioned) go out through the emitter like any other.
  fake.o.onEvent = (type, resource, user) => void emitter.emit(type, resource, user).catch(() => undefined);
  reviewer = fake.addUser('Ana Reviewer');
  api = await startApi();
  client = new CutawayClient({ baseUrl: api.url, token: ADMIN });
  ws = new WebSocket(`${api.url.replace(/^http/, 'ws')}/api/v1/events?token=${ADMIN}`);
  ws.on('message', (d) => events.push(EventSchema.parse(JSON.parse(String(d)))));
  await new Promise((ok, fail) => (ws.once('open', ok), ws.once('error', fail)));
  asset = await ingest('storm.mp4', FRAMES);
  destinationId = (await client.createReviewDestination({ name: 'Newsroom review', accountId: fake.account, workspaceId: fake.workspace, projectId: fake.project, folderId: fake.rootFolder, shareLink: true })).id;
  bridge = await startBridge();
}, 180_000);

afterAll(async () => {
  if (process.env.CUTAWAY_E2E_LOGS) console.log(bridge?.logs.join('\n'));
  ws?.close();
  await bridge?.stop();
  await api?.stop();
  await fake?.stop();
  await cleanup?.();
});

describe('Frame.io review loop end to end', () => {
  let first: ReviewRequest;
  let second: ReviewRequest;
  let commentId: string;

  it('a push made while the bridge is down is carried out when it starts: byte-exact original, share link, progress as events', { timeout: 120_000 }, async () => {
    await bridge.stop();
    const queued = await client.requestReview(asset.id, { destination: destinationId, rendition: 'original' });
    expect(queued.state).toBe('queued');
    bridge = await startBridge();
    first = await pushed(asset.id, queued.id);
    expect(first.frameio.fileId).toBeTruthy();
    expect(first.frameio.shareUrl).toMatch(/^https:\/\/f\.io\//);
    expect(first.cutInMs).toBe(0);
    expect(await fake.sha256(first.frameio.fileId!)).toBe(asset.sha256);
    expect(fake.files.get(first.frameio.fileId!)!.sizes.length).toBeGreaterThan(1);
    // The bridge registered its workspace webhook (the secret was only in the create response).
    expect([...fake.webhooks.values()].map((w) => w.url)).toEqual([`http://127.0.0.1:${bridgePort}/webhooks/frameio`]);
    const states = events.filter((e): e is Extract<CutawayEvent, { type: 'review.updated' }> => e.type === 'review.updated' && e.request.id === queued.id).map((e) => e.request.state);
    expect(states[0]).toBe('queued');
    expect(states).toContain('uploading');
    expect(states.at(-1)).toBe('done');
  });

  it('the second push of the asset lands in a version stack with the first', async () => {
    const r = await client.requestReview(asset.id, { destination: destinationId, rendition: 'proxy' });
    second = await pushed(asset.id, r.id);
    expect(second.frameio.versionStackId).toBeTruthy();
    const stack = fake.stacks.get(second.frameio.versionStackId!)!;
    expect(stack.files).toEqual([first.frameio.fileId, second.frameio.fileId]);
    expect(fake.files.get(second.frameio.fileId!)!.name).toMatch(/_proxy_v1\.mp4$/);
  });

  it('a signed comment at a frame becomes a marker at that frame’s timecode, found by search and announced', async () => {
    const comment = fake.addComment(second.frameio.fileId!, { text: 'Tighten the lighthouse shot here', timestamp: 61, by: reviewer });
    commentId = comment.id;
    await emit('comment.created', { id: comment.id, type: 'comment' });
    const [m] = await eventually(async () => ((await markers()).length ? markers() : null));
    const rate = asset.technical!.rate!;
    // Frame 61 counted from 1 is zero-based frame 60 of the asset.
    expect(m!.timecodeIn).toBe(framesToTimecode(60, rate, { dropFrame: asset.technical!.dropFrame }));
    expect(m!.text).toContain('Tighten the lighthouse shot here');
    expect(m!.text).toContain('Ana Reviewer');
    const found = await client.search({ q: 'lighthouse', kind: 'marker' });
    expect(found.items[0]?.asset.id).toBe(asset.id);
    expect(found.items[0]?.moments[0]?.timecodeIn).toBe(m!.timecodeIn);
    expect(events.some((e) => e.type === 'review.marker' && e.marker.externalId === comment.id && !e.deleted)).toBe(true);
  });

  it('duplicates and out-of-order deliveries converge: one marker with the latest text, replies and completion', async () => {
    fake.editComment(commentId, 'Tighten the lighthouse shot, lose two frames');
    fake.addComment(second.frameio.fileId!, { text: 'Agreed, and fix the sky', timestamp: null, by: fake.addUser('Bo Editor'), parentId: commentId });
    fake.completeComment(commentId, reviewer);
    emitter.hold();
    const sent = [
      emitter.emit('comment.created', { id: commentId, type: 'comment' }, reviewer.id, { duplicates: 2 }),
      emitter.emit('comment.updated', { id: commentId, type: 'comment' }, reviewer.id, { duplicates: 1 }),
      emitter.emit('comment.completed', { id: commentId, type: 'comment' }, reviewer.id),
    ];
    await emitter.release({ reverse: true });
    expect((await Promise.all(sent)).map((r) => r.status)).toEqual([200, 200, 200]);
    await settled();
    const summary = await review();
    expect(summary.markers).toHaveLength(1);
    expect(summary.markers[0]).toMatchObject({ externalId: commentId, text: 'Tighten the lighthouse shot, lose two frames', resolved: true, frame: 60 });
    expect(summary.markers[0]!.replies.map((r) => [r.author, r.text])).toEqual([['Bo Editor', 'Agreed, and fix the sky']]);
    expect((await client.search({ q: 'sky', kind: 'marker' })).items[0]?.asset.id).toBe(asset.id);
  });

  it('a status change becomes the approval on the asset version, with who and when', async () => {
    fake.setStatus(second.frameio.fileId!, 'Approved');
    const before = Math.floor(Date.now() / 1000);
    await emit('metadata.value.updated', { id: second.frameio.fileId!, type: 'file' });
    const { status } = await review();
    expect(status).toMatchObject({ status: 'approved', label: 'Approved', by: `frameio:user:${reviewer.id}`, source: 'frameio' });
    expect(Date.parse(status!.at) / 1000).toBeGreaterThanOrEqual(before - 1);
    expect(events.some((e) => e.type === 'review.status' && e.status.status === 'approved')).toBe(true);
  });

  it('forged, stale, future, malformed and replayed deliveries change nothing', async () => {
    // The previous test sent this same ids-only event: start in a later second so ours is a new delivery.
    await new Promise((r) => setTimeout(r, 1100));
    const snapshot = await review();
    const health = async () => ((await (await fetch(`${bridge.url}/health`)).json()) as { deliveries: Record<string, number> }).deliveries;
    const countsBefore = await health();
    fake.setStatus(second.frameio.fileId!, 'Changes Requested');
    const body = emitter.event('metadata.value.updated', { id: second.frameio.fileId!, type: 'file' }, reviewer.id);
    expect((await emitter.deliver(body, { secret: 'forged-secret' })).status).toBe(401);
    expect((await emitter.deliver(body, { timestampS: Math.floor(Date.now() / 1000) - 301 })).status).toBe(401);
    expect((await emitter.deliver(body, { timestampS: Math.floor(Date.now() / 1000) + 301 })).status).toBe(401);
    const ts = String(Math.floor(Date.now() / 1000));
    const bad = Buffer.from('{"type": "comment.created", ');
    const malformed = await emitter.post(bad, { 'content-type': 'application/json', 'x-frameio-request-timestamp': ts, 'x-frameio-signature': signWebhook(registeredSecret(), ts, bad) });
    expect([malformed.status, JSON.parse(malformed.body).error.code]).toEqual([400, 'webhook.malformed']);
    // A delivery captured earlier (here: the first approval's bytes and headers) sent again.
    const earlier = emitter.event('metadata.value.updated', { id: second.frameio.fileId!, type: 'file' }, reviewer.id);
    const headers = { 'content-type': 'application/json', 'x-frameio-request-timestamp': ts, 'x-frameio-signature': signWebhook(registeredSecret(), ts, Buffer.from(earlier)) };
    const firstSend = await emitter.post(earlier, headers);
    await settled();
    const afterFirst = await review();
    // A genuine delivery of the same event in the same second would be byte-identical to a replay
    // (ids-only payload, same timestamp): the next genuine one is sent in a later second.
    await new Promise((r) => setTimeout(r, 1100));
    fake.setStatus(second.frameio.fileId!, 'Approved');
    await emit('metadata.value.updated', { id: second.frameio.fileId!, type: 'file' });
    fake.setStatus(second.frameio.fileId!, 'Needs Review');
    const replay = await emitter.post(earlier, headers);
    await settled();
    expect(JSON.parse(firstSend.body)).toEqual({ ok: true, queued: true });
    expect(JSON.parse(replay.body)).toEqual({ ok: true, queued: false });
    expect(afterFirst.status?.status).toBe('needs_changes');
    // The replay did not re-read Frame.io (which now says Needs Review): the last genuine delivery stands.
    expect((await review()).status?.status).toBe('approved');
    const counts = await health();
    expect(counts.done).toBe((countsBefore.done ?? 0) + 2);
    expect(counts.dead).toBeUndefined();
    expect((await review()).markers).toEqual(snapshot.markers);
  });

  it('a deleted comment removes its marker from the asset and from search', async () => {
    fake.deleteComment(commentId);
    await emit('comment.deleted', { id: commentId, type: 'comment' });
    expect(await markers()).toEqual([]);
    expect((await client.search({ q: 'lighthouse', kind: 'marker' })).items).toEqual([]);
    expect(events.some((e) => e.type === 'review.marker' && e.marker.externalId === commentId && e.deleted)).toBe(true);
  });

  it('a comment on a file Cutaway never pushed is acknowledged and not mirrored', async () => {
    const foreign = await fetch(`${fake.url}/v4/accounts/${fake.account}`, { method: 'GET' });
    expect(foreign.status).toBe(404);
    const stray = fake.addComment(first.frameio.fileId!, { text: 'x', timestamp: 1, by: reviewer });
    stray.file_id = '00000000-0000-4000-8000-000000000000';
    fake.files.set(stray.file_id, { ...fake.files.get(first.frameio.fileId!)!, id: stray.file_id });
    await emit('comment.created', { id: stray.id, type: 'comment' });
    expect(await markers()).toEqual([]);
    expect(bridge.logs.some((l) => l.includes('did not push'))).toBe(true);
  });

  it('with platform-api down, deliveries are kept and replayed once it is back', { timeout: 120_000 }, async () => {
    await api.stop();
    const c = fake.addComment(second.frameio.fileId!, { text: 'Colour the harbour warmer', timestamp: 31, by: reviewer });
    expect((await emitter.emit('comment.created', { id: c.id, type: 'comment' }, reviewer.id)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    api = await startApi();
    client = new CutawayClient({ baseUrl: api.url, token: ADMIN });
    const found = await eventually(async () => (await markers()).find((m) => m.text.includes('harbour warmer')), 30_000, 200);
    expect(found.timecodeIn).toBe(framesToTimecode(30, asset.technical!.rate!, { dropFrame: asset.technical!.dropFrame }));
  });

  it('an expired part URL re-creates the upload; the file arrives once, byte-exact', { timeout: 120_000 }, async () => {
    const clip = await ingest('expiring.mp4', 240);
    fake.expireAfterParts = 2;
    const filesBefore = fake.files.size;
    const r = await client.requestReview(clip.id, { destination: destinationId, rendition: 'original' });
    const done = await pushed(clip.id, r.id);
    expect(fake.files.size - filesBefore).toBe(2);
    const created = [...fake.files.values()].slice(filesBefore);
    expect(created.map((f) => f.deleted)).toEqual([true, false]);
    expect(await fake.sha256(done.frameio.fileId!)).toBe(clip.sha256);
  });

  it('a bridge killed mid-upload resumes after restart without creating the file again or re-sending accepted parts', { timeout: 180_000 }, async () => {
    const clip = await ingest('killed.mp4', 600);
    fake.partDelayMs = 150;
    const creates = fake.calls.get('files.create_local_upload') ?? 0;
    const r = await client.requestReview(clip.id, { destination: destinationId, rendition: 'original' });
    const fileId = await eventually(async () => (await review(clip.id)).requests[0]?.frameio.fileId, 30_000, 20);
    await eventually(() => fake.partPuts.filter((p) => p.startsWith(fileId)).length >= 3, 30_000, 10);
    await bridge.kill9();
    const acceptedBefore = new Set(fake.partPuts.filter((p) => p.startsWith(fileId)));
    fake.partDelayMs = 0;
    bridge = await startBridge();
    const done = await pushed(clip.id, r.id);
    expect(done.frameio.fileId).toBe(fileId);
    expect((fake.calls.get('files.create_local_upload') ?? 0) - creates).toBe(1);
    const puts = fake.partPuts.filter((p) => p.startsWith(fileId));
    const resent = puts.length - new Set(puts).size;
    // Only parts in flight at the kill (accepted by S3 but not yet recorded) can go twice: at most the parallelism.
    expect(resent).toBeLessThanOrEqual(4);
    expect(acceptedBefore.size).toBeGreaterThanOrEqual(3);
    expect(new Set(puts).size).toBe(fake.files.get(fileId)!.sizes.length);
    expect(await fake.sha256(fileId)).toBe(clip.sha256);
    expect(done.attempts).toBeGreaterThanOrEqual(2);
  });

  it('platform-api answers bad review input with typed errors and documents the routes', async () => {
    const call = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(`${api.url}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });
      return { status: res.status, body: (await res.json()) as { error?: { code: string }; paths?: Record<string, unknown> } };
    };
    const bad = await call(`/assets/${asset.id}/review`, { method: 'POST', body: JSON.stringify({ destination: destinationId, rendition: 'raw', inMs: 5000, outMs: 1000 }) });
    expect([bad.status, bad.body.error?.code]).toEqual([400, 'request.invalid']);
    const gone = await call('/assets/nosuchasset1/review', { method: 'POST', body: JSON.stringify({ destination: destinationId }) });
    expect([gone.status, gone.body.error?.code]).toEqual([404, 'asset.not_found']);
    const noDest = await call(`/assets/${asset.id}/review`, { method: 'POST', body: JSON.stringify({ destination: 'nosuchdest1' }) });
    expect([noDest.status, noDest.body.error?.code]).toEqual([404, 'review.destination_not_found']);
    const stolen = await call(`/review-requests/${first.id}/progress`, { method: 'POST', body: JSON.stringify({ worker: 'intruder', state: 'done' }) });
    expect([stolen.status, stolen.body.error?.code]).toEqual([409, 'review.conflict']);
    const viewer = await client.createToken({ name: 'viewer', role: 'viewer' });
    const denied = await fetch(`${api.url}/api/v1/review-destinations`, { method: 'POST', headers: { authorization: `Bearer ${viewer.token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(denied.status).toBe(403);
    const doc = await call('/openapi.json');
    expect(Object.keys(doc.body.paths!)).toEqual(expect.arrayContaining(['/assets/{id}/review', '/assets/{id}/markers', '/assets/{id}/review-status', '/review-requests/claim', '/review-destinations']));
  });

  it('kept every request and response inside the OpenAPI subset, and no secret reached the logs', () => {
    expect(fake.violations).toEqual([]);
    const logs = bridge.logs.join('\n') + readFileSync(join(dir, 'bridge', 'frameio-bridge', 'secret.key'), 'utf8').slice(0, 0);
    for (const w of fake.webhooks.values()) expect(logs).not.toContain(w.secret);
    for (const t of fake.tokens.keys()) expect(logs).not.toContain(t);
    expect(logs).not.toContain('csecret');
    expect(createHash('sha256').update(logs).digest('hex')).toHaveLength(64);
  });
});
