import { openAsBlob } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewSummary } from '@cutaway/shared';
import { CutawayClient } from '@cutaway/shared/client';
import { FrameioFake } from '../fake/frameio-fake';
import { WebhookEmitter } from '../fake/webhook-emitter';
import { eventually, tempDir } from '../helpers';
import { freePort, generateClip, startProcess, type Proc } from './processes';

/**
 * Delivery to Frame.io (issue 16) through the existing review path, with real processes: platform-api renders
 * and, after a second person's approval, hands the verified render to the review queue; frameio-bridge uploads
 * it to the Frame.io V4 fake byte for byte.
 */
const ADMIN = 'e2e-admin-token-delivery-0123456789';

let dir: string;
let cleanup: () => Promise<void>;
let fake: FrameioFake;
let api: Proc;
let bridge: Proc | null = null;
let apiPort: number;
let bridgePort: number;

const startApi = (env: Record<string, string> = {}) =>
  startProcess('platform-api', { CUTAWAY_DATA_DIR: join(dir, 'api'), CUTAWAY_API_PORT: String(apiPort), CUTAWAY_ADMIN_TOKEN: ADMIN, CUTAWAY_ENRICH: 'off', CUTAWAY_LOG_LEVEL: 'info', ...env }, 'platform-api listening');

async function call(token: string, path: string, body?: unknown) {
  const res = await fetch(`${api.url}/api/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, body: (await res.json()) as any };
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('delivery-frameio'));
  [apiPort, bridgePort] = [await freePort(), await freePort()];
  fake = new FrameioFake({ dir: join(dir, 'fake'), partSize: 64 * 1024, maxPageSize: 2 });
  await fake.start();
  const emitter = new WebhookEmitter({ url: () => [...fake.webhooks.values()].at(-1)?.url ?? `http://127.0.0.1:${bridgePort}/webhooks/frameio`, secret: () => [...fake.webhooks.values()].at(-1)?.secret ?? 'none', account: fake.account, workspace: fake.workspace, project: fake.project });
  fake.o.onEvent = (type, resource, user) => void emitter.emit(type, resource, user).catch(() => undefined);
  // The operator makes the Frame.io review destination first, then names it in the delivery allowlist.
  api = await startApi();
  const client = new CutawayClient({ baseUrl: api.url, token: ADMIN });
  const reviewDestination = await client.createReviewDestination({ name: 'Social review', accountId: fake.account, workspaceId: fake.workspace, projectId: fake.project, folderId: fake.rootFolder, shareLink: false });
  await api.stop();
  api = await startApi({ CUTAWAY_DELIVERY_DESTINATIONS: JSON.stringify([{ id: 'frameio-social', kind: 'frameio', name: 'Frame.io: Social review', reviewDestinationId: reviewDestination.id }]) });
}, 120_000);

afterAll(async () => {
  await bridge?.stop();
  await api?.stop();
  await fake?.stop();
  await cleanup?.();
});

describe('delivery to Frame.io through the review bridge', () => {
  it('renders, waits for a second person, then the bridge uploads exactly the approved bytes', { timeout: 300_000 }, async () => {
    const desk = (await call(ADMIN, '/tokens', { name: 'Desk editor', role: 'editor' })).body.token as string;
    const clipPath = join(dir, 'clip.mp4');
    await generateClip(clipPath, 150);
    const client = new CutawayClient({ baseUrl: api.url, token: ADMIN });
    const uploaded = await client.uploadAsset(await openAsBlob(clipPath), { fileName: 'clip.mp4', title: 'Harbour storm' });
    await eventually(async () => (await client.getAsset(uploaded.id)).status === 'ready', 60_000, 200);

    const sel = await call(ADMIN, '/selections', { items: [{ assetId: uploaded.id, inMs: 0, outMs: 4000 }] });
    const started = await call(ADMIN, '/renders', { selectionId: sel.body.id, profileId: 'x-9x16', captions: 'none' });
    expect(started.status).toBe(202);
    const render = await eventually(async () => {
      const r = await call(ADMIN, `/renders/${started.body.renderId}`);
      if (r.body.status === 'failed') throw new Error(r.body.error);
      return r.body.status === 'done' ? r.body : null;
    }, 180_000, 500);

    const approval = await call(ADMIN, '/approvals', { renderId: render.id, destinationId: 'frameio-social', metadata: { title: 'Storm vertical' } });
    expect((await call(ADMIN, '/deliveries', { approvalId: approval.body.id })).status).toBe(409);
    expect((await call(desk, `/approvals/${approval.body.id}/approve`, {})).body.status).toBe('approved');
    const delivered = await call(ADMIN, '/deliveries', { approvalId: approval.body.id });
    expect(delivered.body.status).toBe('done');
    const [, assetId, requestId] = /^asset (\S+), review request (\S+)$/.exec(delivered.body.receipt)!;

    bridge = await startProcess('frameio-bridge', {
      CUTAWAY_DATA_DIR: join(dir, 'bridge'), CUTAWAY_FRAMEIO_PORT: String(bridgePort), CUTAWAY_FRAMEIO_PUBLIC_URL: `http://127.0.0.1:${bridgePort}`,
      CUTAWAY_FRAMEIO_API_BASE: fake.url, CUTAWAY_FRAMEIO_IMS_BASE: fake.url, CUTAWAY_FRAMEIO_CLIENT_ID: 'cid', CUTAWAY_FRAMEIO_CLIENT_SECRET: 'csecret',
      CUTAWAY_API_URL: api.url, CUTAWAY_API_TOKEN: ADMIN, CUTAWAY_FRAMEIO_POLL_MS: '100', CUTAWAY_FRAMEIO_BACKOFF_MS: '50', CUTAWAY_LOG_LEVEL: 'info',
    }, 'frameio-bridge listening');
    const pushed = await eventually(async () => {
      const s: ReviewSummary = await client.getReview(assetId!);
      const r = s.requests.find((x) => x.id === requestId);
      if (r?.state === 'failed') throw new Error(JSON.stringify(r.failure));
      return r?.state === 'done' ? r : null;
    }, 90_000, 200);
    expect(await fake.sha256(pushed.frameio.fileId!)).toBe(render.output.sha256);
    // Idempotent: delivering again neither makes another asset nor another push.
    const again = await call(ADMIN, '/deliveries', { approvalId: approval.body.id });
    expect(again.body.id).toBe(delivered.body.id);
    expect((await client.getReview(assetId!)).requests).toHaveLength(1);
  });
});
