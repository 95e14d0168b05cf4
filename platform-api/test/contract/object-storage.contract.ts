import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ObjectStorage } from '../../src/ports/object-storage';
import { body, brokenSource, bytes, generatedSource, INVALID_KEYS, readAll, sha256 } from './object-storage.contract.kit';

export interface ObjectStorageHarness {
  storage: ObjectStorage;
  close(): Promise<void>;
  /** Everything the backend holds, temporary files and unfinished uploads included; proves failures leave nothing behind. */
  leftovers?(): Promise<string[]>;
}

export function runObjectStorageContract(label: string, make: () => Promise<ObjectStorageHarness>): void {
  describe(`ObjectStorage contract: ${label}`, () => {
    let h: ObjectStorageHarness;
    let s: ObjectStorage;
    let scratch: string;
    beforeEach(async () => {
      h = await make();
      s = h.storage;
      scratch = await mkdtemp(join(tmpdir(), 'cutaway-contract-src-'));
    });
    afterEach(async () => {
      await h.close();
      await rm(scratch, { recursive: true, force: true });
    });
    const expectNothingLeft = async (): Promise<void> => {
      if (h.leftovers) expect(await h.leftovers()).toEqual([]);
    };
    const code = (c: string) => expect.objectContaining({ code: c });

    it('round-trips put, stat, read and delete, hashing with sha256', async () => {
      const data = bytes(10_000);
      const stored = await s.put('assets/a1/original', body(data));
      expect(stored).toEqual({ key: 'assets/a1/original', sizeBytes: 10_000, sha256: sha256(data) });
      expect(await s.stat('assets/a1/original')).toEqual({ sizeBytes: 10_000 });
      expect(await readAll(await s.read('assets/a1/original'))).toEqual(data);
      await s.delete('assets/a1/original');
      expect(await s.stat('assets/a1/original')).toBeNull();
      await expect(s.read('assets/a1/original')).rejects.toEqual(code('storage.not_found'));
      await s.delete('assets/a1/original'); // idempotent
    });

    it('stores an empty object', async () => {
      expect(await s.put('empty', body(Buffer.alloc(0)))).toEqual({ key: 'empty', sizeBytes: 0, sha256: sha256(Buffer.alloc(0)) });
      expect(await readAll(await s.read('empty'))).toHaveLength(0);
    });

    it('replaces an object on a second put, and keeps it when a replacement fails', async () => {
      await s.put('k', body(bytes(100, 1)));
      await s.put('k', body(bytes(50, 2)));
      expect(await readAll(await s.read('k'))).toEqual(bytes(50, 2));
      await expect(s.put('k', brokenSource(2, 'error'))).rejects.toEqual(code('upload.truncated'));
      expect(await readAll(await s.read('k'))).toEqual(bytes(50, 2));
    });

    it('keeps one whole version when two puts race for a key', async () => {
      const [a, b] = [bytes(200_000, 3), bytes(150_000, 4)];
      await Promise.all([s.put('race', body(a)), s.put('race', body(b))]);
      expect([sha256(a), sha256(b)]).toContain(sha256(await readAll(await s.read('race'))));
      if (h.leftovers) expect(await h.leftovers()).toEqual(['race']);
    });

    it('reports progress through onBytes', async () => {
      const seen: number[] = [];
      await s.put('p', body(bytes(5000), 1000), { onBytes: (n) => seen.push(n) });
      expect(seen.at(-1)).toBe(5000);
      expect([...seen].sort((x, y) => x - y)).toEqual(seen);
    });

    describe('byte ranges (inclusive)', () => {
      const data = bytes(256, 7);
      beforeEach(async () => void (await s.put('r', body(data))));
      it.each([
        ['first byte', 0, 0],
        ['middle', 100, 149],
        ['last byte', 255, 255],
        ['everything', 0, 255],
      ])('%s', async (_l, start, end) => {
        expect(await readAll(await s.read('r', { start, end }))).toEqual(data.subarray(start, end + 1));
      });
      it.each([
        ['end past the size', 0, 256],
        ['start past the size', 256, 256],
        ['start after end', 10, 5],
        ['negative start', -1, 3],
        ['fractional', 1.5, 3],
      ])('rejects %s', async (_l, start, end) => {
        await expect(s.read('r', { start, end })).rejects.toEqual(code('media.range_invalid'));
      });
    });

    it('rejects a body over maxBytes and leaves nothing behind; exactly maxBytes is fine', async () => {
      const source = body(bytes(1000));
      await expect(s.put('big', source, { maxBytes: 999 })).rejects.toEqual(code('request.too_large'));
      expect(source.destroyed).toBe(true); // a failed put stops reading and releases the body
      expect(await s.stat('big')).toBeNull();
      await expectNothingLeft();
      expect((await s.put('big', body(bytes(1000)), { maxBytes: 1000 })).sizeBytes).toBe(1000);
    });

    it.each(['error', 'destroy'] as const)('reports upload.truncated when the source ends with %s, leaving nothing', async (how) => {
      await expect(s.put('assets/t/original', brokenSource(3, how))).rejects.toEqual(code('upload.truncated'));
      expect(await s.stat('assets/t/original')).toBeNull();
      await expectNothingLeft();
    });

    it.each(INVALID_KEYS.map((k) => [JSON.stringify(k.length > 40 ? `${k.slice(0, 10)}…(${k.length})` : k), k]))(
      'rejects the key %s everywhere',
      async (_l, key) => {
        const invalid = code('storage.key_invalid');
        const source = body(bytes(10));
        await expect(s.put(key, source)).rejects.toEqual(invalid);
        expect(source.destroyed).toBe(true);
        await expect(s.read(key)).rejects.toEqual(invalid);
        await expect(s.stat(key)).rejects.toEqual(invalid);
        await expect(s.delete(key)).rejects.toEqual(invalid);
        await expect(s.localPath(key)).rejects.toEqual(invalid);
        await writeFile(join(scratch, 'f'), 'x');
        await expect(s.putFile(key, join(scratch, 'f'))).rejects.toEqual(invalid);
        await expectNothingLeft();
      },
    );

    it('deletePrefix removes exactly the objects under prefix/', async () => {
      for (const k of ['gone/a', 'gone/b/c', 'gonex/a', 'keep/a']) await s.put(k, body(bytes(10)));
      await s.deletePrefix('gone');
      expect(await s.stat('gone/a')).toBeNull();
      expect(await s.stat('gone/b/c')).toBeNull();
      expect(await s.stat('gonex/a')).not.toBeNull();
      await s.deletePrefix('keep/a'); // nothing starts with "keep/a/"
      expect(await s.stat('keep/a')).not.toBeNull();
      await s.deletePrefix('keep/');
      expect(await s.stat('keep/a')).toBeNull();
      await s.deletePrefix('never/was'); // idempotent
      for (const empty of ['', '/']) await expect(s.deletePrefix(empty)).rejects.toEqual(code('storage.key_invalid'));
      await expect(s.deletePrefix('../x')).rejects.toEqual(code('storage.key_invalid'));
    });

    it('putFile copies, or moves with move: true, hashing the result', async () => {
      const data = bytes(70_000, 9);
      const src = join(scratch, 'upload.bin');
      await writeFile(src, data);
      expect(await s.putFile('copied', src)).toEqual({ key: 'copied', sizeBytes: data.length, sha256: sha256(data) });
      expect(await readFile(src)).toEqual(data);
      expect(await s.putFile('moved', src, { move: true })).toEqual({ key: 'moved', sizeBytes: data.length, sha256: sha256(data) });
      await expect(stat(src)).rejects.toMatchObject({ code: 'ENOENT' });
      expect(await readAll(await s.read('moved'))).toEqual(data);
      await expect(s.putFile('missing', join(scratch, 'nope'))).rejects.toEqual(code('storage.not_found'));
    });

    it('localPath gives a readable file and a release', async () => {
      await s.put('lp', body(bytes(300)));
      const local = await s.localPath('lp');
      expect(await readFile(local.path)).toEqual(bytes(300));
      await local.release();
      await expect(s.localPath('nope')).rejects.toEqual(code('storage.not_found'));
    });

    it('streams a 50 MB put and read without holding it', { timeout: 60_000 }, async () => {
      const size = 50 * 1024 * 1024;
      const src = generatedSource(size);
      const stored = await s.put('assets/big/original', src.stream);
      expect(stored).toEqual({ key: 'assets/big/original', sizeBytes: size, sha256: src.sha256() });
      expect(await s.stat('assets/big/original')).toEqual({ sizeBytes: size });
      const hash = createHash('sha256');
      for await (const chunk of await s.read('assets/big/original')) hash.update(chunk as Buffer);
      expect(hash.digest('hex')).toBe(stored.sha256);
    });

    it('reports health', async () => {
      expect(await s.health()).toMatchObject({ ok: true, detail: expect.any(String) });
    });
  });
}
