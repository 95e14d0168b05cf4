import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decode, encode, type MosDocument } from '../src/codec/index';

/**
 * Golden fixtures: real NRCS messages (test/fixtures/*.xml, sources and licences in SOURCES.md and in
 * each file's header comment) decode to the reviewed JSON next to them, and survive a round trip.
 */
const dir = join(import.meta.dirname, 'fixtures');
const files = (await readdir(dir)).filter((f) => f.endsWith('.xml')).sort();

describe('MOS codec golden fixtures', () => {
  it('has all twenty fixtures', () => {
    expect(files.length).toBe(20);
  });

  it.each(files)('%s decodes to its golden JSON and round-trips', async (file) => {
    const xml = await readFile(join(dir, file), 'utf8');
    const golden = JSON.parse(await readFile(join(dir, file.replace(/\.xml$/, '.json')), 'utf8')) as MosDocument;
    const doc = decode(xml);
    expect(doc).toEqual(golden);
    const again = encode(golden.envelope, golden.message);
    expect(decode(again)).toEqual(golden);
    // Encoding is stable: a second round produces the same bytes.
    expect(encode(decode(again).envelope, decode(again).message)).toBe(again);
  });
});
