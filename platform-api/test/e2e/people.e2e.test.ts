import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Asset, Person } from '@cutaway/shared';
import { FACES, composeVideo, dinnerPhoto, faceCrop } from '../vision/faces-media';
import { api, eventually, startServer, tempDir, upload, type ServerProcess } from './harness';
import { ENGINES } from './engines';

/** Only the steps this suite is about (plus audio, OCR for the "bridge" caption): the machine is small. */
const ENV = {
  CUTAWAY_ADMIN_TOKEN: 'admin-secret-for-people-tests-0123',
  CUTAWAY_ENRICH_SPEECH: 'off', CUTAWAY_ENRICH_EMBEDDINGS: 'off', CUTAWAY_ENRICH_PHONETIC: 'off', CUTAWAY_VISION_THREADS: '1',
};

const stepsDone = (a: Asset, steps: Array<keyof Asset['enrichment']>) => steps.every((s) => a.enrichment[s]?.status === 'done');

/**
 * Issue 17 "Done when": after naming one face, searching for that name returns the person's moments
 * across several assets with their intervals; objects are found by label with intervals. Media are
 * composed from face crops shipped in @vladmandic/human (test/vision/faces-media.ts): who is on
 * screen when is known by construction (4 s shots).
 */
describe.each(ENGINES.filter((e) => !e.skip))('people and objects end to end on $name', (engine) => {
  let server: ServerProcess | undefined;
  let backend: Awaited<ReturnType<typeof engine.start>> | undefined;
  let data: { dir: string; cleanup: () => Promise<void> };
  let media: { dir: string; cleanup: () => Promise<void> };

  beforeAll(async () => {
    data = await tempDir('people-data');
    media = await tempDir('people-media');
    const d = media.dir;
    const [a0, a2, a3, b, c] = [faceCrop(FACES.manA[0]!, `${d}/a0.png`), faceCrop(FACES.manA[2]!, `${d}/a2.png`), faceCrop(FACES.manA[3]!, `${d}/a3.png`), faceCrop(FACES.womanB, `${d}/b.png`), faceCrop(FACES.womanC, `${d}/c.png`)];
    composeVideo([
      { image: a0, durationS: 4, background: 'darkblue', x: 120, y: 90, driftX: 20 },
      { image: b, durationS: 4, background: 'gray', x: 380, y: 120 },
      { image: a2, durationS: 4, background: 'darkgreen', x: 220, y: 60, caption: 'BRIDGE' },
    ], `${d}/council.mp4`);
    composeVideo([
      { image: a3, durationS: 4, background: 'darkred', x: 300, y: 80 },
      { image: c, durationS: 4, background: 'gray', x: 100, y: 100 },
    ], `${d}/market.mp4`);
    composeVideo([
      { image: dinnerPhoto(`${d}/dinner.png`), durationS: 6, background: 'black', x: 84, y: 2 },
      { image: null, durationS: 6, background: 'gray', x: 0, y: 0 },
    ], `${d}/dinner.mp4`);
    backend = await engine.start(data.dir);
    server = await startServer(data.dir, { ...ENV, ...backend.env });
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await backend?.stop();
    await data?.cleanup();
    await media?.cleanup();
  });

  const ready = (id: string, steps: Array<keyof Asset['enrichment']>) =>
    eventually(async () => {
      const a = await server!.client.getAsset(id);
      return stepsDone(a, steps) ? a : null;
    }, 240_000, 1000);

  it('groups faces, names one, finds the name across assets, combines it with words', async () => {
    const client = server!.client;
    const council = await upload(server!.url, server!.adminToken, `${media.dir}/council.mp4`, { title: 'Council meeting' });
    const done = await ready(council.id, ['faces', 'objects', 'ocr']);
    expect(done.enrichment.faces).toMatchObject({ status: 'done', engine: 'human-tfjs-wasm', count: 3 });

    // Two people: the man of shots 1 and 3 (two different photos), the woman of shot 2.
    const people = await client.listPeople();
    expect(people.map((p) => p.trackCount).sort()).toEqual([1, 2]);
    const man = people.find((p) => p.trackCount === 2)!;
    const detail = await client.getPerson(man.id);
    expect(detail.tracks.map((t) => [Math.floor(t.startMs / 4000), Math.ceil(t.endMs / 4000)])).toEqual([[0, 1], [2, 3]]);

    // Name one face.
    const named = await client.namePerson(man.id, 'Mayor', detail.tracks[0]!.id);
    expect(named).toMatchObject({ name: 'Mayor', confirmedCount: 1, trackCount: 2 });

    // A new asset: the same man (a third photo) is suggested as the Mayor without anyone naming him again.
    const market = await upload(server!.url, server!.adminToken, `${media.dir}/market.mp4`, { title: 'Market day' });
    await ready(market.id, ['faces']);
    const mayor = await client.getPerson(man.id);
    const inMarket = mayor.tracks.filter((t) => t.assetId === market.id);
    expect(inMarket).toHaveLength(1);
    expect(inMarket[0]).toMatchObject({ status: 'suggested' });
    expect(inMarket[0]!.startMs).toBeLessThan(1000);
    expect(inMarket[0]!.endMs).toBeGreaterThan(3000);
    expect(inMarket[0]!.endMs).toBeLessThanOrEqual(4000);

    // Search by name: the Mayor's moments in both assets, with their intervals.
    const found = await client.search({ q: 'Mayor', kind: ['face'], semantic: false });
    const byAsset = new Map(found.items.map((h) => [h.asset.id, h.moments]));
    expect([...byAsset.keys()].sort()).toEqual([council.id, market.id].sort());
    expect(byAsset.get(council.id)!.every((m) => m.kind === 'face' && /Mayor/.test(m.text))).toBe(true);
    expect(byAsset.get(council.id)!.map((m) => Math.floor(m.startMs / 4000)).sort()).toEqual([0, 2]);
    expect(byAsset.get(market.id)!.map((m) => [m.startMs < 1000, m.endMs <= 4000])).toEqual([[true, true]]);

    // "mayor bridge": the caption BRIDGE is on screen in shot 3 only, while the Mayor is.
    const both = await client.search({ q: 'mayor bridge', semantic: false });
    expect(both.items.map((h) => h.asset.id)).toEqual([council.id]);
    const moments = both.items[0]!.moments;
    expect(moments.some((m) => m.kind === 'ocr' && m.startMs >= 7500 && /BRIDGE/i.test(m.text))).toBe(true);
    expect(moments.some((m) => m.kind === 'face' && m.startMs >= 8000 && m.endMs <= 12000)).toBe(true);

    // The list shows counts and a thumbnail that is a JPEG.
    const listed = (await client.listPeople({ named: 'true' }))[0]!;
    expect(listed).toMatchObject({ name: 'Mayor', trackCount: 3, assetCount: 2 });
    const thumb = await fetch(`${server!.url}${listed.thumbnailUrl}`, { headers: { authorization: `Bearer ${server!.adminToken}` } });
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    expect([...new Uint8Array(await thumb.arrayBuffer()).subarray(0, 2)]).toEqual([0xff, 0xd8]);

    // Naming is in the audit trail with the name.
    const audit = await client.listAudit({ limit: 100 });
    expect(audit.items.some((r) => r.action === 'people.name' && (r.details as { name?: string } | null)?.name === 'Mayor')).toBe(true);

    // Merge, split, reject, per-asset switch, delete.
    const others = (await client.listPeople()).filter((p: Person) => p.id !== man.id);
    expect(others).toHaveLength(2); // the woman of the council, the woman of the market
    const merged = await client.mergePeople(others[0]!.id, [others[1]!.id]);
    expect(merged.trackCount).toBe(2);
    const split = await client.splitPerson(merged.id, [merged.tracks[1]!.id], 'Fire Chief');
    expect(split).toMatchObject({ name: 'Fire Chief', trackCount: 1, confirmedCount: 1 });
    const rejected = await client.rejectFaces(man.id, [inMarket[0]!.id]);
    expect(rejected.tracks.map((t) => t.assetId)).not.toContain(market.id);
    await client.confirmFaces(man.id, [inMarket[0]!.id]);

    // Deleting a person keeps the face as an unnamed face, without descriptor or thumbnail.
    await client.deletePerson(split.id);
    const gone = await api(server!.url, server!.adminToken, `/api/v1/people/${split.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('person.not_found');
    const splitTrack = split.tracks[0]!;
    const left = (await client.assetFaces(splitTrack.assetId)).items.find((t) => t.id === splitTrack.id);
    expect(left).toMatchObject({ personId: null, thumbnailUrl: null });

    // Per-asset switch: the market's faces leave every person; the Mayor is found in the council only.
    await client.setFaceGrouping(market.id, false);
    expect((await client.assetFaces(market.id)).items.every((t) => t.personId === null)).toBe(true);
    const afterSwitch = await client.search({ q: 'Mayor', kind: ['face'], semantic: false });
    expect(afterSwitch.items.map((h) => h.asset.id)).toEqual([council.id]);

  }, 900_000);

  it('finds COCO objects by label and by an everyday word, with intervals', async () => {
    const dinner = await upload(server!.url, server!.adminToken, `${media.dir}/dinner.mp4`, { title: 'Dinner' });
    await ready(dinner.id, ['objects']);
    for (const q of ['person', 'pedestrian']) {
      const r = await server!.client.search({ q, kind: ['object'], semantic: false });
      const hit = r.items.find((h) => h.asset.id === dinner.id);
      expect(hit, q).toBeDefined();
      const m = hit!.moments.find((x) => x.kind === 'object')!;
      expect(m.text).toMatch(/^shown: person/);
      // Sampled every 5 s: seen at 0 and 5 s, gone at 10 s; the interval ends half a step after the last sighting.
      expect(m.startMs).toBe(0);
      expect(m.endMs).toBe(7500);
    }
  }, 400_000);
});

for (const e of ENGINES.filter((x) => x.skip)) console.warn(`people e2e on ${e.name} skipped: ${e.skipReason}`);
