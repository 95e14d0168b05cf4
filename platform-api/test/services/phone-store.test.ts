import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { TimedWord } from '../../src/ports/ai';
import type { SearchIndex } from '../../src/ports/search-index';
import { openSqlite } from '../../src/adapters/sqlite/database';
import { SqliteSearchIndex } from '../../src/adapters/sqlite/search-index';
import { phoneOf } from '../../src/services/phonetic/align';
import { PhoneStore, type PhoneRows } from '../../src/services/phonetic/phone-store';
import { PHONETIC_SOURCE, phoneticRows } from '../../src/services/phonetic/phonetic-index';
import { serviceFixture } from './fixture';

const timed = (phones: string, at = 0): TimedWord[] => phones.split(' ').map((w, i) => ({ w, startMs: at + i * 80, endMs: at + i * 80 + 70, conf: null }));
const SPOKEN = timed('K AW AO L S K IY S EH D N OW B AA D IY W AA Z HH ER T');
const firstRow = (rows: PhoneRows | undefined) => Array.from(rows!.phones.subarray(0, rows!.offsets[1]), phoneOf).join(' ');

describe('PhoneStore', () => {
  let f: Awaited<ReturnType<typeof serviceFixture>>;
  let reads: string[];
  let store: PhoneStore;
  /** The real index, with its segment reads recorded. */
  const counted = (index: SearchIndex): SearchIndex => Object.assign(Object.create(index) as SearchIndex, {
    listSegments: (...args: Parameters<SearchIndex['listSegments']>) => (reads.push(args[0]), index.listSegments(...args)),
    segmentStamps: (ids: readonly string[]) => index.segmentStamps(ids),
  });

  beforeEach(async () => {
    f = await serviceFixture();
    reads = [];
    store = new PhoneStore(counted(f.index));
    for (const id of ['a', 'b']) {
      const words = [{ w: 'kowalski', startMs: 0, endMs: 380 }, { w: 'said', startMs: 400, endMs: 600 }];
      await f.index.replaceSegments(id, 'asr', [{ assetId: id, kind: 'speech', startMs: 0, endMs: 600, text: 'kowalski said', source: 'asr', confidence: null, words }]);
      await f.index.replaceSegments(id, PHONETIC_SOURCE, phoneticRows(id, SPOKEN));
    }
  });
  afterEach(() => f.close());

  it('decodes the hidden phonetic rows once, with their times, and only those rows', async () => {
    const rows = (await store.rowsOf(['a'])).get('a')!;
    expect(rows.count).toBe(1);
    expect(firstRow(rows)).toBe(SPOKEN.map((p) => p.w).join(' '));
    expect([rows.startMs[1], rows.endMs[1]]).toEqual([80, 150]);
    await store.rowsOf(['a', 'b']);
    await store.rowsOf(['b', 'a']);
    expect(reads).toEqual(['a', 'b']);
    // The words said join the asset's entry on first use, without the phonetic rows.
    expect((await store.saidOf('a')).words).toEqual(['kowalski', 'said']);
    expect(Array.from((await store.saidOf('a')).startMs)).toEqual([0, 400]);
    expect(reads).toEqual(['a', 'b', 'a']);
  });

  it('reads an asset again once its segments were written, also by another connection', async () => {
    await store.rowsOf(['a', 'b']);
    const otherDb = openSqlite(join(f.dir, 'cutaway.db'));
    const other = new SqliteSearchIndex(otherDb);
    await store.saidOf('a');
    await other.replaceSegments('a', PHONETIC_SOURCE, phoneticRows('a', timed('M EY ER Z')));
    expect(firstRow((await store.rowsOf(['a', 'b'])).get('a'))).toBe('M EY ER Z');
    await store.saidOf('a');
    expect(reads).toEqual(['a', 'b', 'a', 'a', 'a']);
    await other.deleteAsset('a');
    expect((await store.rowsOf(['a'])).get('a')!.count).toBe(0);
    // No stamp, nothing kept: every query reads it until a write stamps it again.
    await store.rowsOf(['a']);
    expect(reads).toEqual(['a', 'b', 'a', 'a', 'a', 'a', 'a']);
    otherDb.close();
  });

  it('drops the least recently used assets past its phone budget', async () => {
    const small = new PhoneStore(counted(f.index), SPOKEN.length + 5);
    await small.rowsOf(['a']);
    await small.rowsOf(['b']);
    await small.rowsOf(['b']);
    await small.rowsOf(['a']);
    expect(reads).toEqual(['a', 'b', 'a']);
  });
});
