import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isAppError } from '@cutaway/shared/errors';
import { createFakePhotoshop, imageSize } from './fake-photoshop';
import { FakeXmpMeta } from './fake-xmp';
import type { CutawayLink } from './types';
import { createPhotoshopHost } from './uxp-photoshop';
import { CUTAWAY_XMP_NS, readLink } from './xmp-link';

/** A real PNG made by ffmpeg (w×h, one colour), so sizes are read from real headers. */
const png = (w: number, h: number, color = 'red') =>
  new Uint8Array(execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `color=c=${color}:s=${w}x${h}`, '-frames:v', '1', '-f', 'image2', '-c:v', 'png', 'pipe:1']));

const LINK: CutawayLink = { assetId: 'asset_frame01', version: 2, firstId: 'asset_first01', frameMs: 1001, timecode: '00:00:01;00' };
const modalOf = (calls: { what: string; modal: boolean }[], what: string) => calls.filter((c) => c.what === what).map((c) => c.modal);

describe('createPhotoshopHost over the recording fake (typed against @types/photoshop)', () => {
  it('places with a session token and a placeEvent inside executeAsModal, then links the document in its XMP', async () => {
    const fake = createFakePhotoshop({ documents: [{ title: 'Thumbnail.psd', width: 1280, height: 720, xmp: new FakeXmpMeta().serialize() }] });
    const host = createPhotoshopHost(fake.photoshop, fake.uxp);
    const file = await host.writeTemp('storm_f30.png', png(64, 36).buffer);
    expect(file.name).toBe('storm_f30.png');
    expect(await host.place(file, LINK)).toEqual({ linked: true });

    const place = fake.calls.find((c) => c.what === 'batchPlay:placeEvent');
    const token = (fake.calls.find((c) => c.what === 'createSessionToken')?.detail as { token: string }).token;
    expect(place).toEqual({ what: 'batchPlay:placeEvent', modal: true, detail: { _obj: 'placeEvent', null: { _path: token, _kind: 'local' }, linked: false } });
    expect(fake.calls.find((c) => c.what === 'executeAsModal')?.detail).toEqual({ commandName: 'Place Cutaway frame' });
    expect(fake.active?.placed.map((p) => [p.fileName, imageSize(p.bytes)])).toEqual([['storm_f30.png', { width: 64, height: 36 }]]);
    // Every XMP write ran modal; reads did not need to.
    expect(modalOf(fake.calls, 'batchPlay:set')).toEqual([true]);

    // Written and read back: through the host, and straight from the packet the document now holds.
    expect(await host.readLink()).toEqual(LINK);
    expect(fake.active?.xmp).toContain(CUTAWAY_XMP_NS);
    expect(readLink(new FakeXmpMeta(fake.active!.xmp))).toEqual(LINK);
    expect((await host.activeDocument())?.link).toEqual(LINK);

    // A second placed frame does not steal the link: the document still comes from the first asset.
    expect(await host.place(await host.writeTemp('other.png', png(8, 8).buffer), { ...LINK, assetId: 'asset_other01' })).toEqual({ linked: false });
    expect((await host.readLink())?.assetId).toBe(LINK.assetId);
  });

  it('keeps other XMP properties when it writes the link', async () => {
    const prior = new FakeXmpMeta();
    prior.setProperty('http://ns.adobe.com/xap/1.0/', 'CreatorTool', 'Adobe Photoshop 26.0');
    const fake = createFakePhotoshop({ documents: [{ title: 'a.psd', xmp: prior.serialize() }] });
    const host = createPhotoshopHost(fake.photoshop, fake.uxp);
    await host.writeLink({ ...LINK, frameMs: null, timecode: null });
    const after = new FakeXmpMeta(fake.active!.xmp);
    expect(after.getProperty('http://ns.adobe.com/xap/1.0/', 'CreatorTool')?.value).toBe('Adobe Photoshop 26.0');
    expect(readLink(after)).toEqual({ ...LINK, frameMs: null, timecode: null });
  });

  it('opens a frame as a new document inside executeAsModal and links it', async () => {
    const fake = createFakePhotoshop();
    const host = createPhotoshopHost(fake.photoshop, fake.uxp);
    expect(await host.activeDocument()).toBeNull();
    const doc = await host.open(await host.writeTemp('frame.png', png(320, 180).buffer), LINK);
    expect(doc).toMatchObject({ title: 'frame.png', width: 320, height: 180, link: LINK });
    expect(modalOf(fake.calls, 'app.open')).toEqual([true]);
    expect(fake.documents).toHaveLength(1);
  });

  it('saves a copy (asCopy) as PNG or JPEG inside executeAsModal and returns the bytes', async () => {
    const edited = png(100, 50, 'blue');
    const fake = createFakePhotoshop({ documents: [{ title: 'Thumb final.psd', renderings: { png: edited, jpg: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]) } }] });
    const host = createPhotoshopHost(fake.photoshop, fake.uxp);
    const out = await host.exportCopy('png');
    expect(out).toMatchObject({ fileName: 'Thumb_final.png', mime: 'image/png' });
    expect(new Uint8Array(out.bytes)).toEqual(edited);
    expect(fake.calls.find((c) => c.what === 'saveAs.png')).toEqual({ what: 'saveAs.png', modal: true, detail: { file: 'Thumb_final.png', asCopy: true } });
    expect((await host.exportCopy('jpeg')).mime).toBe('image/jpeg');
    expect(modalOf(fake.calls, 'saveAs.jpg')).toEqual([true]);
  });

  it('says what is wrong without a document, or with a file it did not write', async () => {
    const fake = createFakePhotoshop();
    const host = createPhotoshopHost(fake.photoshop, fake.uxp);
    const file = await host.writeTemp('x.png', png(8, 8).buffer);
    await expect(host.place(file, LINK)).rejects.toSatisfy((e) => isAppError(e, 'request.invalid'));
    await expect(host.exportCopy('png')).rejects.toSatisfy((e) => isAppError(e, 'request.invalid'));
    await expect(host.open({ name: 'y.png', nativePath: '/elsewhere/y.png' }, LINK)).rejects.toSatisfy((e) => isAppError(e, 'request.invalid'));
  });

  it('the fake holds the host to Photoshop rules: no document change outside a modal scope, one modal at a time', async () => {
    const fake = createFakePhotoshop({ documents: [{ title: 'a.psd' }] });
    await expect(fake.photoshop.action.batchPlay([{ _obj: 'set', _target: [{ _property: 'XMPMetadataAsUTF8' }, { _ref: 'document', _enum: 'ordinal', _value: 'targetEnum' }], to: { XMPMetadataAsUTF8: '' } }], {})).rejects.toThrow(/modal scope/);
    await expect(fake.photoshop.core.executeAsModal(() => fake.photoshop.core.executeAsModal(async () => 1, { commandName: 'inner' }), { commandName: 'outer' })).rejects.toThrow(/modal state/);
  });
});
