import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeWire, MosFramer, type FrameEvent } from '../src/framing/framer';

const fixture = (name: string) => readFile(join(import.meta.dirname, 'fixtures', name), 'utf8').then((x) => x.replace(/<!--[\s\S]*?-->\s*/, ''));
const messages = (events: FrameEvent[]) => events.filter((e) => e.kind === 'message').map((e) => (e.kind === 'message' ? e.xml : ''));

describe('MosFramer', () => {
  it('cuts a UTF-16BE stream split at every 7th byte offset (odd and even) and fed one byte at a time', async () => {
    // ENPS's real roStorySend: non-ASCII (ØRØ), &#160; and nested markup.
    const xml = await fixture('14-roStorySend-enps-nrk.xml');
    const wire = encodeWire(xml.trim(), 'utf16be');
    for (let cut = 1; cut < wire.length; cut += 7) {
      const f = new MosFramer({ encoding: 'utf16be', maxBytes: 1 << 20 });
      const out = [...f.push(wire.subarray(0, cut)), ...f.push(wire.subarray(cut))];
      expect(messages(out)).toEqual([xml.trim()]);
    }
    // One byte at a time.
    const f = new MosFramer({ encoding: 'utf16be', maxBytes: 1 << 20 });
    const out: FrameEvent[] = [];
    for (const b of wire) out.push(...f.push(Uint8Array.of(b)));
    expect(messages(out)).toEqual([xml.trim()]);
  });

  it('several messages in one chunk, with BOMs, an XML declaration, whitespace and junk between them', async () => {
    const a = (await fixture('01-heartbeat.xml')).trim();
    const b = (await fixture('08-roCreate.xml')).trim();
    const wire = Buffer.concat([
      encodeWire(a, 'utf16be', true),
      encodeWire('\r\n', 'utf16be'),
      Buffer.from([0x13, 0x37, 0x42]), // three junk bytes: odd, so the next message starts misaligned
      encodeWire('<?xml version="1.0" encoding="UTF-16"?>', 'utf16be'),
      encodeWire(b, 'utf16be', true),
      encodeWire(a, 'utf16be'),
    ]);
    const f = new MosFramer({ encoding: 'utf16be', maxBytes: 1 << 20 });
    const out = f.push(wire);
    expect(messages(out)).toEqual([a, b, a]);
    expect(out.some((e) => e.kind === 'junk')).toBe(true);
  });

  it('auto-detects UTF-8 and UTF-16BE per connection', async () => {
    const a = (await fixture('03-mosReqObj.xml')).trim();
    const utf8 = new MosFramer({ encoding: 'auto', maxBytes: 1 << 20 });
    expect(messages(utf8.push(encodeWire(a + a, 'utf8', true)))).toEqual([a, a]);
    expect(utf8.encoding).toBe('utf8');
    const be = new MosFramer({ encoding: 'auto', maxBytes: 1 << 20 });
    const wire = encodeWire(a, 'utf16be', true);
    expect(messages([...be.push(wire.subarray(0, 5)), ...be.push(wire.subarray(5))])).toEqual([a]);
    expect(be.encoding).toBe('utf16be');
  });

  it('does not take <mosID> or <mosAbstract> for a message start; a message cut off by the next start is dropped, the next one kept', () => {
    const xml = '<mos><mosID>x</mosID><mosReqObj><objID>1</objID></mosReqObj><mosAbstract/></mos>';
    const f = new MosFramer({ encoding: 'utf8', maxBytes: 1 << 20 });
    const out = f.push(Buffer.from(`<mosID>junk</mosID>${xml}<mos><mosID>x</mosID><roCreate><roID>cut off</ro${xml}`));
    expect(messages(out)).toEqual([xml, xml]);
    expect(out.filter((e) => e.kind === 'error').map((e) => (e.kind === 'error' ? e.error.code : ''))).toEqual(['mos.parse_failed']);
  });

  it('drops an oversized message with mos.too_large and resyncs on the next one', () => {
    const f = new MosFramer({ encoding: 'utf8', maxBytes: 200 });
    const big = `<mos><mosID>x</mosID><roCreate><roID>1</roID>${'<story><storyID>s</storyID></story>'.repeat(20)}`;
    const out = [...f.push(Buffer.from(big)), ...f.push(Buffer.from('</roCreate></mos><mos><heartbeat/></mos>'))];
    expect(out.filter((e) => e.kind === 'error').map((e) => (e.kind === 'error' ? e.error.code : ''))).toEqual(['mos.too_large']);
    expect(messages(out)).toEqual(['<mos><heartbeat/></mos>']);
  });

  it('reports invalid bytes inside a message as mos.encoding_invalid and carries on', () => {
    const f = new MosFramer({ encoding: 'utf8', maxBytes: 1 << 20 });
    const out = f.push(Buffer.concat([Buffer.from('<mos><x>'), Buffer.from([0xc3, 0x28]), Buffer.from('</x></mos><mos><heartbeat/></mos>')]));
    expect(out.map((e) => e.kind)).toEqual(['error', 'message']);
  });
});
