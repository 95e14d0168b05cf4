import { describe, expect, it } from 'vitest';
import { CutawayClient } from '@cutaway/shared/client';
import type { Asset, Moment, Rate } from '@cutaway/shared/schemas';
import { RATES, TICKS_PER_SECOND } from '@cutaway/shared/timecode';
import { createActions } from '@cutaway/shared/ui/actions';
import { createFakePremiere } from './fake-ppro';
import { createFakePremiereHost } from './fake';
import { createPremiereNle } from './premiere-nle';

const tpf = (r: Rate) => BigInt(TICKS_PER_SECOND * r.den) / BigInt(r.num);
const ops = (calls: { op: string; kind?: string }[]) => calls.map((c) => (c.op === 'action' ? `action:${c.kind}` : c.op));

/** A fetch that answers like platform-api's /media: bytes plus the cut's real bounds. */
function mediaFetch(bytes: number, cutInMs?: number) {
  const seen: Array<{ url: string; headers: Record<string, string> }> = [];
  const fn = async (url: string, init: { headers: Record<string, string> }) => {
    seen.push({ url, headers: init.headers });
    const headers: Record<string, string> = { 'content-type': 'video/mp4', 'content-length': String(bytes) };
    if (cutInMs !== undefined) headers['x-cutaway-in-ms'] = String(cutInMs);
    return new Response(new Uint8Array(bytes), { status: 200, headers });
  };
  return { fn, seen };
}

function asset(rate: Rate, dropFrame = false): Asset {
  const now = new Date().toISOString();
  return {
    id: 'asset_0123456789', title: 'Harbour storm', description: '', tags: [], type: 'video', status: 'ready', failure: null,
    fileName: 'storm.mov', mime: 'video/quicktime', sizeBytes: 1, sha256: 'a'.repeat(64),
    technical: { container: 'mov', durationMs: 60_000, rate, dropFrame, startTimecode: null, width: 1920, height: 1080, videoCodec: 'h264', audioCodec: 'aac', audioChannels: 2, sampleRate: 48000, bitRate: null },
    renditions: [{ kind: 'proxy', mime: 'video/mp4', sizeBytes: 1, width: 640, height: 360, sprite: null, timesMs: null }],
    storageTier: 'online', restore: { state: 'none', requestedAt: null, expiresAt: null, percent: null, neededBy: null, etaAt: null, late: false }, tierMove: null, lastUsedAt: null, version: 1, versionOf: null,
    origin: { kind: 'upload', ref: null }, enrichment: {}, createdAt: now, updatedAt: now,
  };
}
const moment = (startMs: number, endMs: number, text = 'storm surge'): Moment => ({
  assetId: 'asset_0123456789', kind: 'speech', startMs, endMs, timecodeIn: '', timecodeOut: '', text, highlighted: text, score: 1, confidence: null, thumbnailUrl: null, matchedBy: 'lexical',
});

describe('createPremiereUxpHost over a recording premierepro fake', () => {
  it('imports into a "Cutaway" bin by native path, creating the bin inside lockedAccess → executeTransaction', async () => {
    const fake = createFakePremiere();
    const nle = createPremiereNle(fake.ppro);
    const ref = await nle.importFile('/Media Cache/storm.mov', { binName: 'Cutaway' });
    expect(ops(fake.calls)).toEqual(['lockedAccess:start', 'transaction:start', 'action:createBinAction', 'transaction:end', 'lockedAccess:end', 'importFiles']);
    expect(fake.calls.find((c) => c.op === 'importFiles')).toEqual({ op: 'importFiles', paths: ['/Media Cache/storm.mov'], suppressUI: true, targetBin: 'Cutaway' });
    expect(ref).toMatchObject({ name: 'storm.mov', mediaPath: '/Media Cache/storm.mov' });
    expect(fake.projectPaths()).toEqual(['Cutaway', 'Cutaway/storm.mov']);
    // A second import reuses the bin.
    await nle.importFile('/Media Cache/b.mov', { binName: 'Cutaway' });
    expect(fake.calls.filter((c) => c.op === 'action' && c.kind === 'createBinAction')).toHaveLength(1);
  });

  it('passes null (never undefined) for the root bin', async () => {
    const fake = createFakePremiere();
    await createPremiereNle(fake.ppro).importFile('C:\\Media\\a.mp4', { binName: '' });
    expect(fake.calls[0]).toMatchObject({ op: 'importFiles', targetBin: null });
    // The fake refuses undefined exactly as Premiere does (uxp-premiere-pro-samples#75).
    const project = await fake.ppro.Project.getActiveProject();
    await expect(project.importFiles(['/x.mp4'], true, undefined)).rejects.toThrow('Illegal Parameter type');
  });

  it('does not trust importFiles: a file Premiere did not take is an error, found by reading the bin back', async () => {
    const fake = createFakePremiere({ exists: () => false });
    await expect(createPremiereNle(fake.ppro).importFile('/gone.mp4', { binName: 'Cutaway' })).rejects.toMatchObject({ code: 'media.process_failed' });
  });

  it('the fake catches what 26.3 rejects: actions outside the lock, async transaction callbacks', async () => {
    const fake = createFakePremiere();
    const project = await fake.ppro.Project.getActiveProject();
    const root = await project.getRootItem();
    expect(() => root.createBinAction('x', false)).toThrow(/outside lockedAccess/);
    expect(() => project.lockedAccess(() => project.executeTransaction((async () => undefined) as unknown as () => void))).toThrow(/async transaction callback/);
  });

  it.each([
    ['23.976', RATES['23.976'], '10594584000'],
    ['25', RATES['25'], '10160640000'],
    ['29.97', RATES['29.97'], '8475667200'],
    ['50', RATES['50'], '5080320000'],
    ['59.94', RATES['59.94'], '4237833600'],
  ])('reads the %s fps sequence rate from its timebase', async (_n, rate, timebase) => {
    expect(String(tpf(rate))).toBe(timebase);
    const fake = createFakePremiere({ timebase, playheadTicks: '254016000000' });
    expect(await createPremiereNle(fake.ppro).activeSequence()).toMatchObject({ rate, playheadTicks: '254016000000', videoTracks: 3 });
  });
});

describe('actions → host: import with in/out, insert at the playhead, markers (frame-exact ticks)', () => {
  const client = new CutawayClient({ baseUrl: 'http://127.0.0.1:1', token: 'tok' });

  it.each([
    ['23.976', RATES['23.976'], false],
    ['25', RATES['25'], false],
    ['29.97 NDF', RATES['29.97'], false],
    ['29.97 DF', RATES['29.97'], true],
    ['50', RATES['50'], false],
    ['59.94 DF', RATES['59.94'], true],
  ])('%s: whole file + in/out, then insert at the playhead', async (_n, rate, df) => {
    const media = mediaFetch(4096);
    const { host, fake, files } = createFakePremiereHost({ fetch: media.fn, playheadTicks: String(90n * tpf(rate)) });
    const actions = createActions({ host, client, connection: { serverUrl: 'http://127.0.0.1:1', token: 'tok' } });
    const m = moment(12_345, 15_678);
    const r = await actions.importAndPlace(asset(rate, df), m, { rendition: 'proxy', how: 'inout', place: { mode: 'insert', videoTrack: 1, audioTrack: 0 } });

    // In = the frame on screen at 12.345 s, out = the frame boundary at or after 15.678 s.
    const inFrame = BigInt(Math.floor((12_345 * rate.num) / (1000 * rate.den)));
    const outFrame = BigInt(Math.ceil((15_678 * rate.num) / (1000 * rate.den)));
    expect(r.inTicks).toBe(String(inFrame * tpf(rate)));
    expect(r.outTicks).toBe(String(outFrame * tpf(rate)));
    expect(media.seen[0]).toEqual({ url: 'http://127.0.0.1:1/api/v1/assets/asset_0123456789/media?rendition=proxy', headers: { authorization: 'Bearer tok' } });
    const path = [...files.keys()][0]!;
    expect(files.get(path)?.bytes).toBe(4096);
    expect(fake.findClip(path)).toMatchObject({ inTicks: r.inTicks, outTicks: r.outTicks });
    expect(fake.timeline).toEqual([{ mode: 'insert', name: path.split('/').pop(), mediaPath: path, atTicks: String(90n * tpf(rate)), videoTrack: 1, audioTrack: 0, inTicks: r.inTicks, outTicks: r.outTicks }]);
    expect(fake.calls.filter((c) => c.op === 'violation')).toEqual([]);
    // Every action sits inside lock → transaction.
    const seq = ops(fake.calls).filter((o) => o !== 'importFiles');
    expect(seq.join(',')).toMatch(/^(lockedAccess:start,transaction:start,action:\w+,transaction:end,lockedAccess:end,?)+$/);
  });

  it('only the moment: a cut file, in/out relative to where the server says the cut starts', async () => {
    const media = mediaFetch(1000, 10_000);
    const { host, fake, files } = createFakePremiereHost({ fetch: media.fn });
    const actions = createActions({ host, client, connection: { serverUrl: 'http://127.0.0.1:1', token: 'tok' } });
    const r = await actions.importMoment(asset(RATES['25']), moment(12_000, 14_000), { rendition: 'original', how: 'cut' });
    expect(media.seen[0]!.url).toBe('http://127.0.0.1:1/api/v1/assets/asset_0123456789/media?rendition=original&inMs=12000&outMs=14000');
    expect(r.inTicks).toBe(String(2 * TICKS_PER_SECOND));
    expect(r.outTicks).toBe(String(4 * TICKS_PER_SECOND));
    expect([...files.keys()][0]).toMatch(/Harbour storm_asset_01_12000-14000ms\.mov$/);
    expect(fake.findClip([...files.keys()][0]!)?.inTicks).toBe(r.inTicks);
  });

  it('subclip named after the moment; markers at the moment times; proxy attached', async () => {
    const { host, fake } = createFakePremiereHost({ fetch: mediaFetch(10).fn });
    const actions = createActions({ host, client, connection: { serverUrl: 'http://127.0.0.1:1', token: 'tok' } });
    const a = asset(RATES['29.97'], true);
    const r = await actions.importMoment(a, moment(1001, 2002, 'high tide'), { rendition: 'original', how: 'subclip' });
    expect(r.item.name).toBe('Harbour storm — high tide');
    expect(fake.calls.find((c) => c.op === 'action' && c.kind === 'createSubClipAction')).toMatchObject({ args: { inTicks: String(30n * tpf(RATES['29.97'])), outTicks: String(60n * tpf(RATES['29.97'])) } });

    const markers = await actions.addMomentMarkers(a, [{ ...moment(1001, 2002, 'Reviewer: cut here'), kind: 'marker' }], { kind: 'sequence', atTicks: '1000', originMs: 0 });
    expect(fake.markers).toEqual([{ owner: 'sequence', name: 'Reviewer: cut here', type: 'Comment', startTicks: String(1000n + 30n * tpf(RATES['29.97'])), durationTicks: String(30n * tpf(RATES['29.97'])), comments: 'Reviewer: cut here' }]);
    expect(markers).toHaveLength(1);

    await actions.attachProxy(a, r.item);
    expect(fake.calls.find((c) => c.op === 'action' && c.kind === 'attachProxy')).toMatchObject({ args: { isHiRes: false } });
  });

  it('insert without an open sequence says what to do', async () => {
    const { host } = createFakePremiereHost({ fetch: mediaFetch(10).fn, noSequence: true });
    const actions = createActions({ host, client, connection: { serverUrl: 'http://127.0.0.1:1', token: 'tok' } });
    await expect(actions.importAndPlace(asset(RATES['25']), moment(0, 1000), { rendition: 'proxy', how: 'inout', place: { mode: 'insert', videoTrack: 0, audioTrack: 0 } })).rejects.toThrow(/Open a sequence first/);
  });

  it('drag payload: the documented JSON with a percent-encoded file:// URI', () => {
    const { host } = createFakePremiereHost();
    const data = host.nle!.dragData({ nativePath: 'C:\\Media Cache\\a b.mp4', name: 'a b.mp4', mime: 'video/mp4' });
    expect(data?.map((d) => d.format)).toEqual(['text/plain', 'text']);
    expect(JSON.parse(data![0]!.data)).toEqual({ version: '1.0.0', source: 'io.cutaway.premiere', items: [{ name: 'a b.mp4', content_type: 'video/mp4', uri: 'file:///C:/Media%20Cache/a%20b.mp4' }] });
  });
});
