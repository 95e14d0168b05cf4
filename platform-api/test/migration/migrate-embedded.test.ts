import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { Approval, Delivery, Render, Selection } from '@cutaway/shared';
import { LocalFsObjectStorage } from '../../src/adapters/local-fs/local-fs-object-storage';
import { TierRecords } from '../../src/adapters/local-fs/tier-records';
import { TieredLocalStorage } from '../../src/adapters/local-fs/tiered-local-storage';
import type { StoredFaceTrack } from '../../src/ports/people-store';
import { formatReport } from '../../src/migration/migrate-embedded';
import { VersionService } from '../../src/services/version-service';
import { originalKey } from '../../src/services/storage-keys';
import { makeChannel, makeClip } from '../contract/live-store.contract';
import { makeRecording } from '../contract/live-recording-store.contract';
import { prompt } from '../contract/agent-store.contract';
import { S3ObjectStorage } from '../../src/adapters/s3/s3-object-storage';
import type { Catalog } from '../../src/composition/catalog';
import type { ArchiveStorage } from '../../src/ports/archive-storage';
import { openPostgresCatalog } from '../../src/composition/postgres-catalog';
import { openSqliteCatalog } from '../../src/composition/sqlite-catalog';
import { randomIds, systemClock } from '../../src/ids';
import { migrateEmbedded } from '../../src/migration/migrate-embedded';
import { IngestService } from '../../src/services/ingest-service';
import { ReviewService } from '../../src/services/review-service';
import { RundownService } from '../../src/services/rundown-service';
import { TokenService } from '../../src/services/token-service';
import { AuditService } from '../../src/services/audit-service';
import { VocabularyService } from '../../src/services/vocabulary-service';
import { PG_SKIP_REASON, PG_URL } from '../pg';
import { S3_ENGINE, S3_SKIP_REASON, tempBucket, type TestBucket } from '../s3/s3-engine';

const log = pino({ level: 'silent' });

/** Issue 3: "copy an embedded SQLite + local-disk install into PostgreSQL + S3 without loss, checksums verified, resumable". */
const SKIP = !PG_URL ? PG_SKIP_REASON : !S3_ENGINE ? S3_SKIP_REASON : undefined;

describe.skipIf(SKIP !== undefined)(`migrating an embedded install to PostgreSQL + S3 (${S3_ENGINE?.name ?? 'none'})`, () => {
  const schema = `mig_${randomBytes(5).toString('hex')}`;
  let dataDir: string;
  let s3: TestBucket;
  let target: { catalog: Catalog; storage: S3ObjectStorage; archive?: ArchiveStorage };
  const made: { assetIds: string[]; token: string; auditId: string; rundownId: string } = { assetIds: [], token: '', auditId: '', rundownId: '' };
  // The stores added after the first version of the copy: one row (or more) of every kind, kept to compare.
  const T0 = '2026-12-06T10:00:00.000Z';
  const later = {
    versionId: '',
    policy: { id: 'policy0001', name: 'Cold after 90 days', enabled: true, targetTier: 'archive' as const, rules: { minAgeDays: 90, tagsNone: ['keep'] }, everyMinutes: 1440, restoreOnUse: true, createdAt: T0, updatedAt: T0, lastRunAt: null, lastRun: null },
    restore: { assetId: '', tier: 'archive' as const, bytes: 3000, speed: 'bulk' as const, requestedAt: '2026-12-06T11:00:00.000Z' },
    person: { id: 'person0001', name: 'Ana Berg', createdAt: T0, updatedAt: '2026-12-06T10:05:00.000Z' },
    tracks: [] as StoredFaceTrack[],
    selection: null as Selection | null,
    render: null as Render | null,
    approval: null as Approval | null,
    delivery: null as Delivery | null,
    renderBytes: randomBytes(4000),
    prompt: prompt({ id: 'prompt000001', ownerId: 'token0000001', lastRun: { at: '2026-12-06T09:00:05.000Z', runId: 'run_1', status: 'awaiting_approval', approvalId: 'apr0000001', message: 'ok' } }),
    handle: { handle: 'sel0000001', kind: 'selection', ownerId: 'token0000001', target: null, createdAt: T0 },
    channel: makeChannel({ id: 'chan000001', desired: 'stopped', state: 'stopped' }),
    clip: makeClip('chan000001', { id: 'clip000001', state: 'exact' }),
    gap: { startAt: '2026-12-06T09:00:00.000Z', endAt: '2026-12-06T09:00:04.000Z', reason: 'input lost' },
    recording: makeRecording('chan000001', { id: 'rec0000001' }),
    run: { recordingId: 'rec0000001', occurrenceAt: '2026-12-07T17:00:00.000Z', clipId: 'clip000001', assetId: 'asset000001', error: null, firedAt: '2026-12-07T17:00:00.000Z' },
    placeholderKey: 'ENPS1\nslug\n42\nhash',
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cutaway-mig-'));
    // A populated embedded install, written through the real services.
    const source = openSqliteCatalog(dataDir, { model: 'none', dimensions: 1 });
    // Tiered like an install with CUTAWAY_TIER_ARCHIVE_DIR: an archived original leaves the media root.
    const storage = new TieredLocalStorage({
      volumes: { online: new LocalFsObjectStorage(join(dataDir, 'media')), archive: new LocalFsObjectStorage(join(dataDir, 'archive-volume')) },
      records: new TierRecords(join(dataDir, 'tiers')), restoreLatencyMs: 0, clock: systemClock,
    });
    const ingest = new IngestService({ ...source, storage, events: source.events, clock: systemClock, ids: randomIds, maxUploadBytes: 1e9 });
    for (const [i, body] of [randomBytes(200_000), randomBytes(3_000), Buffer.from('script for the 6 pm bulletin')].entries()) {
      const a = await ingest.ingestStream(Readable.from([body]), { fileName: i === 2 ? 'script.txt' : `clip${i}.mp4`, meta: { title: `Harbour story ${i}`, tags: ['harbour'] }, origin: { kind: 'upload', ref: null } });
      await storage.putFile(`assets/${a.id}/thumbs/0000000000.jpg`, await tmpFile(randomBytes(500)), { move: true });
      await source.index.replaceSegments(a.id, 'pipeline.shots', [{ assetId: a.id, kind: 'shot', startMs: 0, endMs: 4000, text: 'shot 1', source: 'pipeline.shots', confidence: null, words: null }]);
      await source.index.replaceSegments(a.id, 'enrich.ocr', [{ assetId: a.id, kind: 'ocr', startMs: 1000, endMs: 3000, text: `STORM WARNING ${i}`, source: 'enrich.ocr', confidence: 0.9, words: null }]);
      made.assetIds.push(a.id);
    }
    made.token = (await new TokenService({ tokens: source.tokens, clock: systemClock, ids: randomIds }).create('desk', 'editor')).token;
    made.auditId = (await new AuditService({ store: source.audit, clock: systemClock, ids: randomIds }).record({ actor: { id: 'token000001', name: 'desk' }, channel: 'http', action: 'PATCH /api/v1/assets/:id', assetId: made.assetIds[0]!, status: 200 })).id;
    await new VocabularyService({ store: source.vocabulary, clock: systemClock, ids: randomIds }).create({ terms: ['Harbor Bridge', 'Old Port Crossing'], note: '' });
    const review = new ReviewService({ store: source.review, assets: source.assets, index: source.index, events: source.events, clock: systemClock, ids: randomIds });
    await review.createDestination({ name: 'Review', accountId: 'a', workspaceId: 'w', projectId: 'p', folderId: 'f', shareLink: false });
    await review.upsertMarker(made.assetIds[0]!, { externalId: 'c-1', author: 'Ana', text: 'Lighthouse too dark', startMs: 2000, endMs: 2040, frame: 50, createdAt: '2026-12-06T10:00:00.000Z', resolved: false, replies: [] });
    await review.setStatus(made.assetIds[0]!, { status: 'approved', label: 'Approved', by: 'frameio:user:u1', at: '2026-12-06T10:00:00.000Z', source: 'frameio' });
    // A running order from the MOS gateway: two stories, items linking two of the assets (one with a moment).
    const rundowns = new RundownService({ rundowns: source.rundowns, assets: source.assets, queue: source.queue, events: source.events, clock: systemClock, ids: randomIds, urgentWindowMs: 0 });
    const item = (itemId: string, assetId: string | null, inMs: number | null, outMs: number | null) => ({
      itemId, slug: `ITEM ${itemId}`, objId: assetId ?? 'GFX-1', mosId: assetId ? 'cutaway.mam.mos' : 'gfx.mos', assetId, inMs, outMs, channel: null, abstract: null, status: 'READY',
    });
    made.rundownId = (await rundowns.put({
      ncsId: 'ENPS1', mosId: 'cutaway.mam.mos', nrcs: 'enps', roId: 'ENPS1;P_NEWS\\W;6PM', slug: '6PM NEWS', channel: null, airTime: '2026-12-06T18:00:00.000Z', durationMs: 1_800_000, air: 'READY',
      stories: [
        { storyId: 'S1', slug: 'HARBOR BRIDGE', number: 'A1', items: [item('1', made.assetIds[0]!, 1000, 3000), item('2', null, null, null)] },
        { storyId: 'S2', slug: 'STORM', number: 'A2', items: [item('1', made.assetIds[1]!, null, null)] },
      ],
    })).id;
    await seedLaterStores(source, storage);
    await source.close();

    s3 = await tempBucket('migrate');
    target = {
      catalog: await openPostgresCatalog(PG_URL!, schema, { model: 'none', dimensions: 1 }, log),
      storage: new S3ObjectStorage(s3.options({ scratchDir: join(dataDir, 's3-scratch'), partSizeBytes: 5 * 1024 * 1024 })),
    };
    target.archive = target.storage.archive();
  }, 60_000);

  /** One row of every store the copy gained, through the stores' own ports (and the version service). */
  async function seedLaterStores(source: Catalog, storage: TieredLocalStorage) {
    const [a0, a1, a2] = made.assetIds as [string, string, string];
    const ingest = new IngestService({ ...source, storage, events: source.events, clock: systemClock, ids: randomIds, maxUploadBytes: 1e9 });
    const versions = new VersionService({ assets: source.assets, versions: source.versions, index: source.index, ingest, events: source.events });
    const staged = await ingest.storeOriginal(Readable.from([randomBytes(1500)]));
    later.versionId = (await versions.createVersion(a1, staged, { fileName: 'clip1-v2.mp4', meta: { title: 'Harbour story 1 (regraded)' }, origin: { kind: 'upload', ref: null } })).id;
    // The third asset's original archived on its own volume (a durable tier move), as a lifecycle policy would.
    const a2Asset = (await source.assets.get(a2))!;
    await storage.setTier(originalKey(a2), 'archive', { sha256: a2Asset.sha256 });
    // …and restored there: a temporary copy the target's bucket does not have.
    await source.assets.update(a2, { storageTier: 'archive', restore: { state: 'restored', requestedAt: T0, expiresAt: '2026-12-13T10:00:00.000Z', percent: 100, neededBy: null, etaAt: T0, late: false } });
    await source.archive.savePolicy(later.policy);
    later.restore.assetId = a2;
    await source.archive.addRestore(later.restore);
    // People: a named person, two tracks of one asset (one theirs, with a descriptor and a thumbnail), a rejection, an opt-out.
    await source.people.createPerson(later.person);
    const descriptor = new Float32Array([0.6, 0.8, 0]);
    later.tracks = [
      { id: 'track00001', assetId: a0, personId: later.person.id, status: 'confirmed', startMs: 0, endMs: 2000, box: [0.1, 0.1, 0.2, 0.3], quality: 0.9, descriptor, thumbnailKey: `assets/${a0}/faces/track00001.jpg`, createdAt: T0 },
      { id: 'track00002', assetId: a0, personId: null, status: 'suggested', startMs: 2000, endMs: 4000, box: [0.5, 0.1, 0.2, 0.3], quality: 0.5, descriptor: null, thumbnailKey: null, createdAt: T0 },
    ];
    await storage.put(`assets/${a0}/faces/track00001.jpg`, Readable.from([randomBytes(700)]));
    await source.people.replaceAssetTracks(a0, later.tracks);
    await source.people.addRejections(['track00002'], later.person.id);
    await source.people.setGrouping(a1, false);
    // Delivery: selection → render (with its file under deliveries/renders/) → approval → delivery.
    later.selection = { id: 'sel0000001', title: 'storm', items: [{ assetId: a0, inMs: 0, outMs: 4000 }], durationMs: 4000, warnings: [], ownerId: 'token0000001', createdAt: T0 };
    const sha = createHash('sha256').update(later.renderBytes).digest('hex');
    later.render = {
      id: 'rnd0000001', jobId: 'job0000001', selectionId: 'sel0000001',
      request: { selectionId: 'sel0000001', profileId: 'reels-9x16', reframe: 'auto', captions: 'burn', watermarkId: null, loudness: null },
      outputSpec: { width: 1080, height: 1920, fps: 30, videoCodec: 'h264', audioCodec: 'aac', audioSampleRate: 48000, container: 'mp4', integratedLufs: -16, truePeakDbtp: -1.5, durationMs: 4000 },
      status: 'done', percent: 100, stage: null, error: null, ownerId: 'token0000001', createdAt: T0, updatedAt: '2026-12-06T10:01:00.000Z',
      output: { bytes: later.renderBytes.length, sha256: sha, width: 1080, height: 1920, fps: 30, videoCodec: 'h264', audioCodec: 'aac', durationMs: 4000, integratedLufs: -16, truePeakDbtp: -1.5, sidecars: ['srt'], reframe: [{ startMs: 0, endMs: 4000, mode: 'tracked' }] },
    };
    later.approval = {
      id: 'apr0000001', renderId: 'rnd0000001', destinationId: 'newsroom-folder', metadata: { title: 'Storm', description: '', tags: ['weather'] },
      renderSha256: sha, binding: 'b'.repeat(64), status: 'approved', requestedBy: { id: 'token0000001', name: 'agent' }, approvedBy: { id: 'token0000002', name: 'Ana' },
      createdAt: T0, approvedAt: '2026-12-06T10:02:00.000Z', expiresAt: '2026-12-07T10:00:00.000Z', declinedBy: null, declinedAt: null, declineReason: null,
    };
    later.delivery = { id: 'dlv0000001', approvalId: 'apr0000001', renderId: 'rnd0000001', destinationId: 'newsroom-folder', status: 'done', receipt: 'storm.mp4', error: null, attempts: 1, createdAt: '2026-12-06T10:03:00.000Z', updatedAt: '2026-12-06T10:04:00.000Z' };
    await storage.put('deliveries/renders/rnd0000001/output.mp4', Readable.from([later.renderBytes]));
    await storage.put('deliveries/renders/rnd0000001/captions.srt', Readable.from([Buffer.from('1\n00:00:00,000 --> 00:00:02,000\nStorm\n')]));
    await source.delivery.createSelection(later.selection);
    await source.delivery.createRender(later.render);
    await source.delivery.createApproval(later.approval);
    await source.delivery.createDeliveryOnce(later.delivery);
    // The agent store: a scheduled prompt that ran once, and a handle an agent still holds.
    await source.agent.createPrompt(later.prompt);
    await source.agent.putHandle(later.handle);
    // Live: a channel with a clip, a gap in its buffer, a weekly recording and the run it started.
    await source.live.createChannel(later.channel);
    await source.live.createClip(later.clip);
    await source.live.addGap(later.channel.id, later.gap);
    await source.liveRecordings.create(later.recording);
    await source.liveRecordings.putRun(later.run);
    // A watch folder and its ledger: a file it took in must not be ingested again after the move.
    await source.watchFolders.create({ id: 'watch00001', path: '/mnt/ingest', recursive: true, settleMs: 2000, moveToPath: null, tags: ['wire'], enabled: true, createdAt: T0 });
    await source.watchFolders.markSeen('watch00001', { path: '/mnt/ingest/clip0.mp4', sizeBytes: 200_000, mtimeMs: 1_765_000_000_000 }, 'ingested', a0);
    // A mosObjCreate idempotency key bound to the placeholder it created.
    await source.rundowns.bindPlaceholderKey(later.placeholderKey, a2);
  }

  afterAll(async () => {
    await target?.catalog.close();
    target?.storage.close();
    await s3?.close();
    await rm(dataDir, { recursive: true, force: true });
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  });

  it('copies every row, segment and file, verified by checksum', async () => {
    // An upload the client has not finished (tus keeps `<id>.json` until it completes): counted, not copied.
    await mkdir(join(dataDir, 'uploads'), { recursive: true });
    await writeFile(join(dataDir, 'uploads', 'a1b2c3d4e5f6.json'), '{"id":"a1b2c3d4e5f6","size":1000,"offset":10}');
    const report = await migrateEmbedded(dataDir, target, log, { tierDirs: { archive: join(dataDir, 'archive-volume') } });
    expect(report).toMatchObject({ assets: 4, versions: 1, tokens: 1, watchFolders: 1, vocabulary: 1, review: 1, audit: 1, rundowns: 1, segments: 7, objectsCopied: 10, objectsSkipped: 0, objectsMissing: [] });
    expect(report).toMatchObject({
      archivePolicies: 1, restores: 1, tiersSet: 1, people: 1, faceTracks: 2, faceRejections: 1, faceGroupingOff: 1, selections: 1, renders: 1, approvals: 1, deliveries: 1,
      savedPrompts: 1, toolHandles: 1, liveChannels: 1, liveClips: 1, liveGaps: 1, liveRecordings: 1, liveRecordingRuns: 1, placeholderKeys: 1,
    });
    // What stays behind is counted and said: the four ingests queued their pipeline jobs.
    expect(report.notCopied.unfinishedJobs).toBeGreaterThan(0);
    expect(report.notCopied.inFlightTierWork).toBe(1);
    expect(report.notCopied.unfinishedLiveClips).toBe(0); // the seeded clip is exact
    expect(report.notCopied.uploadsInFlight).toBe(1);
    expect(formatReport(report)).toMatch(/ {2}uploads in flight: 1 \(the uploading client starts them again/);
    expect(formatReport(report)).toMatch(/ {2}the signing key \(signing\.key\): links the embedded install signed stop working/);
    expect(formatReport(report)).toMatch(/not copied:\n {2}vectors: 0 \(rebuilt[^\n]*\n {2}unfinished jobs: \d+ \(the queue is not copied/);
    expect(formatReport(report)).toMatch(/ {2}face tracks: 2\n/);
    // Rundowns keep their id, stories and items in order, and the asset → rundown links.
    const ro = await target.catalog.rundowns.get(made.rundownId);
    expect(ro).toMatchObject({ ncsId: 'ENPS1', roId: 'ENPS1;P_NEWS\\W;6PM', slug: '6PM NEWS', airTime: '2026-12-06T18:00:00.000Z', air: 'READY' });
    expect(ro!.stories.map((s) => [s.storyId, s.items.map((i) => [i.itemId, i.assetId, i.inMs, i.outMs, i.status])])).toEqual([
      ['S1', [['1', made.assetIds[0], 1000, 3000, 'READY'], ['2', null, null, null, 'READY']]],
      ['S2', [['1', made.assetIds[1], null, null, 'READY']]],
    ]);
    expect((await target.catalog.rundowns.linksForAsset(made.assetIds[0]!)).map((l) => [l.roSlug, l.storySlug, l.itemId, l.inMs, l.outMs])).toEqual([['6PM NEWS', 'HARBOR BRIDGE', '1', 1000, 3000]]);
    expect((await target.catalog.rundowns.linksForAsset(made.assetIds[1]!)).map((l) => l.storyId)).toEqual(['S2']);
    expect((await target.catalog.audit.list({ limit: 10 })).items.map((r) => r.id)).toEqual([made.auditId]);
    for (const id of made.assetIds) {
      const a = await target.catalog.assets.get(id);
      expect(a?.title).toMatch(/Harbour story/);
      const stat = await target.storage.stat(`assets/${id}/original`);
      expect(stat?.sizeBytes).toBe(a?.sizeBytes);
    }
    const hits = await target.catalog.index.search({ q: 'storm warning', limit: 10, momentsPerAsset: 1 });
    expect(hits.hits).toHaveLength(3);
    const tokens = new TokenService({ tokens: target.catalog.tokens, clock: systemClock, ids: randomIds });
    expect((await tokens.authenticate(made.token)).role).toBe('editor'); // the hash moved, the secret still works
    expect((await target.catalog.vocabulary.list())[0]?.terms).toEqual(['Harbor Bridge', 'Old Port Crossing']);
    expect((await target.catalog.review.listMarkers(made.assetIds[0]!)).map((m) => m.text)).toEqual(['Lighthouse too dark']);
    expect((await target.catalog.review.getStatus(made.assetIds[0]!))?.status).toBe('approved');
    expect((await target.catalog.index.search({ q: 'lighthouse', kinds: ['marker'], limit: 10, momentsPerAsset: 1 })).hits.map((h) => h.assetId)).toEqual([made.assetIds[0]]);
  }, 60_000);

  it('copies the later stores intact: ids, timestamps and the relations between them', async () => {
    const t = target.catalog;
    const [a0, a1, a2] = made.assetIds as [string, string, string];
    // Version chains: v2 keeps its number and points at v1.
    expect((await t.versions.chains([a1])).map((a) => [a.id, a.version, a.versionOf])).toEqual([[a1, 1, null], [later.versionId, 2, a1]]);
    expect((await target.storage.stat(originalKey(later.versionId)))?.sizeBytes).toBe(1500);
    // Archive: the policy, the restore log, and the archived original copied from its tier volume into the archive class.
    expect(await t.archive.listPolicies()).toEqual([later.policy]);
    expect(await t.archive.restoresSince(new Date(0))).toEqual([later.restore]);
    expect((await t.assets.get(a2))?.storageTier).toBe('archive');
    expect((await t.assets.get(a2))?.restore.state).toBe('none'); // the embedded restore's copy stayed behind
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: originalKey(a2) }));
    expect(head.StorageClass).toBe('DEEP_ARCHIVE');
    // People: the person, both tracks (descriptor and thumbnail key as stored, thumbnail object copied), the rejection, the opt-out.
    expect(await t.people.getPerson(later.person.id)).toEqual(later.person);
    expect(await t.people.listAssetTracks(a0)).toEqual(later.tracks);
    expect((await target.storage.stat(`assets/${a0}/faces/track00001.jpg`))?.sizeBytes).toBe(700);
    expect([...((await t.people.rejections(['track00002'])).get('track00002') ?? [])]).toEqual([later.person.id]);
    expect(await t.people.groupingEnabled(a1)).toBe(false);
    expect(await t.people.groupingEnabled(a0)).toBe(true);
    expect((await t.people.summary(later.person.id))?.trackCount).toBe(1);
    // Delivery: every row as it was, and the render's files (output checked by its sha256).
    expect(await t.delivery.getSelection('sel0000001')).toEqual(later.selection);
    expect(await t.delivery.getRender('rnd0000001')).toEqual(later.render);
    expect(await t.delivery.getApproval('apr0000001')).toEqual(later.approval);
    expect(await t.delivery.getDelivery('dlv0000001')).toEqual(later.delivery);
    expect((await t.delivery.listApprovals({ status: 'approved', now: T0, limit: 10 })).items.map((a) => a.id)).toEqual(['apr0000001']);
    expect((await target.storage.stat('deliveries/renders/rnd0000001/output.mp4'))?.sizeBytes).toBe(later.renderBytes.length);
    expect(await target.storage.stat('deliveries/renders/rnd0000001/captions.srt')).not.toBeNull();
    // The agent store.
    expect(await t.agent.listPrompts()).toEqual([later.prompt]);
    expect(await t.agent.getHandle('sel0000001')).toEqual(later.handle);
    // Live: channel, clip, gap, recording and its run.
    expect(await t.live.getChannel('chan000001')).toEqual(later.channel);
    expect(await t.live.listClips('chan000001')).toEqual([later.clip]);
    expect(await t.live.listGaps('chan000001', 0, Date.parse('2027-01-01'))).toEqual([later.gap]);
    expect(await t.liveRecordings.get('rec0000001')).toEqual(later.recording);
    expect(await t.liveRecordings.listRuns('rec0000001', 10)).toEqual([later.run]);
    expect((await t.watchFolders.get('watch00001'))?.tags).toEqual(['wire']);
    expect(await t.watchFolders.hasSeen('watch00001', { path: '/mnt/ingest/clip0.mp4', sizeBytes: 200_000, mtimeMs: 1_765_000_000_000 })).toBe(true);
    // A resent mosObjCreate after the move names the placeholder created before it.
    expect(await t.rundowns.bindPlaceholderKey(later.placeholderKey, 'asset999999')).toBe(a2);
  });

  it('is resumable: a second run copies nothing, a lost object is copied again', async () => {
    const words = await target.catalog.spelling.lookup(['harbour', 'storm']);
    expect(words.find((w) => w.word === 'harbour')?.count).toBeGreaterThan(0);
    const again = await migrateEmbedded(dataDir, target, log, { tierDirs: { archive: join(dataDir, 'archive-volume') } });
    expect(again).toMatchObject({
      assets: 0, versions: 0, segments: 0, tokens: 0, watchFolders: 0, vocabulary: 0, review: 0, audit: 0, rundowns: 0, objectsCopied: 0, objectsSkipped: 10,
      archivePolicies: 0, restores: 0, people: 0, faceTracks: 0, faceRejections: 0, faceGroupingOff: 0, selections: 0, renders: 0, approvals: 0, deliveries: 0,
      savedPrompts: 0, toolHandles: 0, liveChannels: 0, liveClips: 0, liveGaps: 0, liveRecordings: 0, liveRecordingRuns: 0, placeholderKeys: 0,
    });
    expect(await target.catalog.archive.restoresSince(new Date(0))).toHaveLength(1);
    // Words of assets the target already had are not counted again.
    expect(await target.catalog.spelling.lookup(['harbour', 'storm'])).toEqual(words);
    expect((await target.catalog.rundowns.list({ limit: 10 })).map((r) => r.id)).toEqual([made.rundownId]);
    await target.storage.delete(`assets/${made.assetIds[1]}/original`);
    const repaired = await migrateEmbedded(dataDir, target, log, { tierDirs: { archive: join(dataDir, 'archive-volume') } });
    expect(repaired).toMatchObject({ objectsCopied: 1, objectsSkipped: 9 });
  }, 60_000);
});

if (SKIP) console.warn(`migration test skipped: ${SKIP}`);

async function tmpFile(bytes: Buffer): Promise<string> {
  const { writeFile } = await import('node:fs/promises');
  const p = join(await mkdtemp(join(tmpdir(), 'cutaway-mig-f-')), 'f');
  await writeFile(p, bytes);
  return p;
}
