import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError, type Destination } from '@cutaway/shared';
import { SaliencySubjectDetector } from '../../src/adapters/delivery/detector';
import { FolderDestination } from '../../src/adapters/delivery/destinations';
import { FfmpegDeliveryRenderer } from '../../src/adapters/delivery/renderer';
import { LocalFsObjectStorage } from '../../src/adapters/local-fs/local-fs-object-storage';
import { LocalScratchSpace } from '../../src/adapters/local-fs/scratch-space';
import { openSqliteCatalog } from '../../src/composition/sqlite-catalog';
import type { Catalog } from '../../src/composition/catalog';
import { randomIds } from '../../src/ids';
import type { DestinationSender, OutgoingDelivery } from '../../src/ports/delivery-destination';
import type { RenderJobInput } from '../../src/ports/delivery-renderer';
import { AuditService } from '../../src/services/audit-service';
import { DeliveryService } from '../../src/services/delivery/index';
import { renderKey } from '../../src/services/delivery/delivery-service';
import { originalKey, proxyKey } from '../../src/services/storage-keys';
import { makeAsset } from '../contract/asset-store.contract';
import { movingSubjectClip } from './media';

const PRODUCER = { id: 'tok-producer', name: 'Producer', role: 'editor' as const };
const DESK = { id: 'tok-desk0001', name: 'Desk editor', role: 'editor' as const };
const AGENT = { id: 'tok-agent001', name: 'Assistant', role: 'editor' as const, agent: true, channel: 'mcp' as const };

/** A destination that fails on its first send: a retry after a failure must send again, once. */
class FlakyDestination implements DestinationSender {
  readonly info: Destination = { id: 'flaky-hook', kind: 'webhook', name: 'Flaky' };
  sends: OutgoingDelivery[] = [];
  async send(d: OutgoingDelivery): Promise<string> {
    this.sends.push(d);
    if (this.sends.length === 1) throw new Error('connection reset');
    return 'HTTP 200';
  }
}

const code = async (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (isAppError(e) ? e.code : String(e)));

describe('DeliveryService on a real SQLite catalog, local storage and ffmpeg', () => {
  let dir: string;
  let catalog: Catalog;
  let service: DeliveryService;
  let storage: LocalFsObjectStorage;
  let now = Date.parse('2026-12-06T12:00:00.000Z');
  const flaky = new FlakyDestination();
  const inputs: RenderJobInput[] = [];
  let renderId: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cutaway-delivery-svc-'));
    catalog = openSqliteCatalog(dir, { model: 'none', dimensions: 1 });
    storage = new LocalFsObjectStorage(join(dir, 'media'));
    const clock = { now: () => new Date(now) };
    const real = new FfmpegDeliveryRenderer({ ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', detector: new SaliencySubjectDetector('ffmpeg') });
    service = new DeliveryService({
      store: catalog.delivery, queue: catalog.queue, assets: catalog.assets, index: catalog.index, storage, scratch: new LocalScratchSpace(join(dir, 'tmp')),
      renderer: { render: (input, progress, signal) => (inputs.push(input), real.render(input, progress, signal)) },
      destinations: [new FolderDestination({ id: 'newsroom-folder', kind: 'folder', name: 'Newsroom' }, join(dir, 'out')), flaky],
      watermarks: [], audit: new AuditService({ store: catalog.audit, clock, ids: randomIds }), clock, ids: randomIds, approvalTtlMs: 3_600_000,
    });

    const clip = await movingSubjectClip(dir, 5);
    const asset = makeAsset({
      status: 'ready', technical: { container: 'mov,mp4', durationMs: 5000, rate: { num: 25, den: 1 }, dropFrame: false, startTimecode: null, width: 1280, height: 720, videoCodec: 'h264', audioCodec: 'aac', audioChannels: 1, sampleRate: 48000, bitRate: null },
      renditions: [{ kind: 'original', mime: 'video/mp4', sizeBytes: 1, width: 1280, height: 720, sprite: null, timesMs: null }, { kind: 'proxy', mime: 'video/mp4', sizeBytes: 1, width: 1280, height: 720, sprite: null, timesMs: null }],
    });
    await catalog.assets.create(asset);
    await storage.putFile(originalKey(asset.id), clip.path);
    await storage.putFile(proxyKey(asset.id), clip.path);
    await catalog.index.upsertAsset({ assetId: asset.id, title: asset.title, description: '', tags: [], fileName: asset.fileName, type: 'video', createdAt: asset.createdAt });
    // A transcript with an ASS override in it (untrusted text), and a shot cut at 3 s.
    await catalog.index.replaceSegments(asset.id, 'speech:test', [{
      assetId: asset.id, kind: 'speech', startMs: 1000, endMs: 2400, text: 'storm hits {\\pos(0,0)}harbour', source: 'speech:test', confidence: 0.9,
      words: [{ w: 'storm', startMs: 1000, endMs: 1400 }, { w: 'hits', startMs: 1400, endMs: 1700 }, { w: '{\\pos(0,0)}harbour', startMs: 1700, endMs: 2400 }],
    }]);
    await catalog.index.replaceSegments(asset.id, 'shots', [
      { assetId: asset.id, kind: 'shot', startMs: 0, endMs: 3000, text: '', source: 'shots', confidence: null, words: null },
      { assetId: asset.id, kind: 'shot', startMs: 3000, endMs: 5000, text: '', source: 'shots', confidence: null, words: null },
    ]);

    const sel = await service.createSelection({ items: [{ assetId: asset.id, inMs: 500, outMs: 4500 }] }, AGENT);
    // An agent may plan and render; its render is then run by the job handler.
    const started = await service.render({ selectionId: sel.id, profileId: 'x-9x16', captions: 'burn' }, AGENT);
    renderId = started.renderId;
    const progress: number[] = [];
    await service.runRender(renderId, (p) => progress.push(p), new AbortController().signal);
    expect(progress.at(-1)).toBe(100);
  }, 240_000);
  afterAll(async () => {
    await catalog?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('maps transcript words onto the output timeline and resets tracking at the shot cut', async () => {
    const input = inputs[0]!;
    expect(input.captions.words.map((w) => [w.text, w.startMs])).toEqual([['storm', 500], ['hits', 900], ['{\\pos(0,0)}harbour', 1200]]);
    expect(input.items[0]!.cutsMs).toEqual([3000]);
    const render = await service.getRender(renderId, AGENT);
    expect(render.status).toBe('done');
    expect(render.output?.reframe.map((r) => [r.startMs, r.endMs])).toEqual([[0, 2500], [2500, 4000]]);
    expect(render.output).toMatchObject({ width: 720, height: 1280, sidecars: ['srt', 'vtt'] });
    // Another agent's handle is not found; a person with editor rights (the approver) can see it.
    expect(await code(service.getRender(renderId, { ...AGENT, id: 'tok-agent002' }))).toBe('delivery.render_not_found');
    expect((await service.getRender(renderId, DESK)).id).toBe(renderId);
    expect(await code(service.getRender(renderId, { id: 'tok-viewer01', name: 'V', role: 'viewer' }))).toBe('delivery.render_not_found');
  });

  it('never lets an agent or the requester approve; a second person can, once', async () => {
    const a = await service.requestApproval({ renderId, destinationId: 'newsroom-folder', metadata: { title: 'Storm' } }, AGENT);
    expect(await code(service.approve(a.id, AGENT))).toBe('auth.forbidden');
    expect(await code(service.approve(a.id, { ...AGENT, id: 'tok-agent002', role: 'admin' }))).toBe('auth.forbidden');
    expect(await code(service.deliver({ approvalId: a.id }, AGENT))).toBe('delivery.approval_invalid');
    const approved = await service.approve(a.id, DESK);
    expect(approved.approvedBy).toEqual({ id: DESK.id, name: DESK.name });
    expect(await code(service.approve(a.id, { ...DESK, id: 'tok-desk0002' }))).toBe('delivery.approval_invalid');
    // The agent may carry out what a person approved.
    const d = await service.deliver({ approvalId: a.id }, AGENT);
    expect(d.status).toBe('done');
    expect((await readdir(join(dir, 'out'))).sort()).toEqual([`${renderId}.json`, `${renderId}.mp4`, `${renderId}.srt`, `${renderId}.vtt`]);
    const srt = await readFile(join(dir, 'out', `${renderId}.srt`), 'utf8');
    expect(srt).toContain('00:00:00,500 --> ');
    expect(srt).not.toMatch(/[{}\\]/);
    const trail = await catalog.audit.list({ limit: 50 });
    expect(trail.items.filter((r) => r.action === 'delivery.approve' && r.status === 403)).toHaveLength(2);
    expect(trail.items.find((r) => r.action === 'delivery.render')?.channel).toBe('mcp');
  });

  it('binds approvals and deliveries to their principal like selections and renders; a missing delivery is delivery.not_found', async () => {
    const other = { ...AGENT, id: 'tok-agent002' };
    const viewer = { id: 'tok-viewer01', name: 'V', role: 'viewer' as const };
    const a = await service.requestApproval({ renderId, destinationId: 'newsroom-folder', metadata: { title: 'Bound' } }, AGENT);
    expect((await service.getApproval(a.id, AGENT)).id).toBe(a.id);
    expect((await service.getApproval(a.id, DESK)).id).toBe(a.id); // the reviewer
    expect(await code(service.getApproval(a.id, other))).toBe('delivery.approval_not_found');
    expect(await code(service.getApproval(a.id, viewer))).toBe('delivery.approval_not_found');
    expect(await code(service.getApproval('nope-approval', AGENT))).toBe('delivery.approval_not_found');
    await service.approve(a.id, DESK);
    // Another agent cannot carry out this approval either: its id is unknown to it.
    expect(await code(service.deliver({ approvalId: a.id }, other))).toBe('delivery.approval_not_found');
    const d = await service.deliver({ approvalId: a.id }, AGENT);
    expect((await service.getDelivery(d.id, AGENT)).status).toBe('done');
    expect((await service.getDelivery(d.id, DESK)).id).toBe(d.id);
    expect(await code(service.getDelivery(d.id, other))).toBe('delivery.not_found');
    expect(await code(service.getDelivery(d.id, viewer))).toBe('delivery.not_found');
    expect(await code(service.getDelivery('nope-delivery', AGENT))).toBe('delivery.not_found');
  });

  it('retries a failed delivery on the same approval, and never sends a done one twice', async () => {
    const a = await service.requestApproval({ renderId, destinationId: 'flaky-hook', metadata: { title: 'Storm', tags: ['weather'] } }, PRODUCER);
    await service.approve(a.id, DESK);
    expect(await code(service.deliver({ approvalId: a.id }, PRODUCER))).toBe('delivery.failed');
    const second = await service.deliver({ approvalId: a.id }, PRODUCER);
    const third = await service.deliver({ approvalId: a.id }, PRODUCER);
    expect([second.status, second.attempts, third.id]).toEqual(['done', 2, second.id]);
    expect(flaky.sends).toHaveLength(2);
    expect(new Set(flaky.sends.map((s) => s.deliveryId)).size).toBe(1);
  });

  it('voids the approval when the file changes, and lets approvals expire', async () => {
    const a = await service.requestApproval({ renderId, destinationId: 'newsroom-folder', metadata: { title: 'Changed later' } }, PRODUCER);
    await service.approve(a.id, DESK);
    const original = await storage.localPath(renderKey(renderId, 'output.mp4'));
    const bytes = await readFile(original.path);
    await storage.put(renderKey(renderId, 'output.mp4'), (await import('node:stream')).Readable.from([Buffer.concat([bytes, Buffer.from('tampered')])]));
    expect(await code(service.deliver({ approvalId: a.id }, PRODUCER))).toBe('delivery.approval_invalid');
    await storage.put(renderKey(renderId, 'output.mp4'), (await import('node:stream')).Readable.from([bytes]));

    const b = await service.requestApproval({ renderId, destinationId: 'newsroom-folder', metadata: { title: 'Too late' } }, PRODUCER);
    now += 3_600_000 + 1;
    expect((await service.getApproval(b.id, PRODUCER)).status).toBe('expired');
    expect(await code(service.approve(b.id, DESK))).toBe('delivery.approval_invalid');
  });
});
