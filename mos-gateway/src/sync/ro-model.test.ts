import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '@cutaway/shared';
import { decode, type MosItem, type MosMessage, type MosStory, type RunningOrder } from '../codec/index';
import { applyEdit, isRoEdit, type RoEdit } from './ro-model';

const item = (id: string): MosItem => ({ itemId: id, objId: `obj-${id}`, mosId: 'm', mem: [] });
const story = (id: string, items: string[] = []): MosStory => ({ storyId: id, mem: [], items: items.map(item) });
const ro = (...ids: string[]): RunningOrder => ({ roId: 'R', roSlug: 'R', mem: [], stories: ids.map((id) => story(id, ['1', '2', '3'])) });
const order = (r: RunningOrder) => r.stories.map((s) => s.storyId);
const items = (r: RunningOrder, s: string) => r.stories.find((x) => x.storyId === s)!.items.map((i) => i.itemId);
const act = (operation: 'INSERT' | 'REPLACE' | 'MOVE' | 'DELETE' | 'SWAP', target: { storyId?: string; itemId?: string }, source: Record<string, unknown>): RoEdit =>
  ({ type: 'roElementAction', operation, roId: 'R', target, source }) as RoEdit;
const code = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return isAppError(e) ? e.code : 'other';
  }
};

describe('running-order edits (MOS 2.8.5 §3.6.12 roElementAction)', () => {
  it('stories: INSERT before a target or at the end, REPLACE, MOVE, SWAP, DELETE', () => {
    const r0 = ro('A', 'B', 'C');
    expect(order(applyEdit(r0, act('INSERT', { storyId: 'B' }, { stories: [story('X')] })))).toEqual(['A', 'X', 'B', 'C']);
    expect(order(applyEdit(r0, act('INSERT', {}, { stories: [story('X'), story('Y')] })))).toEqual(['A', 'B', 'C', 'X', 'Y']);
    expect(order(applyEdit(r0, act('REPLACE', { storyId: 'B' }, { stories: [story('X'), story('Y')] })))).toEqual(['A', 'X', 'Y', 'C']);
    expect(order(applyEdit(r0, act('MOVE', { storyId: 'A' }, { storyIds: ['C', 'B'] })))).toEqual(['C', 'B', 'A']);
    expect(order(applyEdit(r0, act('MOVE', {}, { storyIds: ['A'] })))).toEqual(['B', 'C', 'A']);
    expect(order(applyEdit(r0, act('SWAP', {}, { storyIds: ['A', 'C'] })))).toEqual(['C', 'B', 'A']);
    expect(order(applyEdit(r0, act('DELETE', {}, { storyIds: ['A', 'C'] })))).toEqual(['B']);
    expect(order(r0)).toEqual(['A', 'B', 'C']); // inputs are never mutated
  });

  it('items inside a story: INSERT, REPLACE, MOVE, SWAP, DELETE', () => {
    const r0 = ro('A');
    expect(items(applyEdit(r0, act('INSERT', { storyId: 'A', itemId: '2' }, { items: [item('9')] })), 'A')).toEqual(['1', '9', '2', '3']);
    expect(items(applyEdit(r0, act('REPLACE', { storyId: 'A', itemId: '2' }, { items: [item('8'), item('9')] })), 'A')).toEqual(['1', '8', '9', '3']);
    expect(items(applyEdit(r0, act('MOVE', { storyId: 'A', itemId: '1' }, { itemIds: ['3'] })), 'A')).toEqual(['3', '1', '2']);
    expect(items(applyEdit(r0, act('SWAP', { storyId: 'A' }, { itemIds: ['1', '3'] })), 'A')).toEqual(['3', '2', '1']);
    expect(items(applyEdit(r0, act('DELETE', { storyId: 'A' }, { itemIds: ['2'] })), 'A')).toEqual(['1', '3']);
  });

  it('refuses edits that name a missing story or item, or a SWAP without two ids, as rundown.invalid', () => {
    const r0 = ro('A', 'B');
    expect(code(() => applyEdit(r0, act('DELETE', {}, { storyIds: ['Z'] })))).toBe('rundown.invalid');
    expect(code(() => applyEdit(r0, act('INSERT', { storyId: 'Z' }, { stories: [story('X')] })))).toBe('rundown.invalid');
    expect(code(() => applyEdit(r0, act('REPLACE', { storyId: 'A', itemId: '7' }, { items: [item('9')] })))).toBe('rundown.invalid');
    expect(code(() => applyEdit(r0, act('SWAP', {}, { storyIds: ['A'] })))).toBe('rundown.invalid');
  });
});

describe('MOS 2.6 story and item messages become the same edits (iNews MOS Gateway defaults)', () => {
  const legacy = (m: MosMessage) => {
    if (!isRoEdit(m)) throw new Error(`${m.type} is not an edit`);
    return m;
  };
  it('roStoryAppend/Insert/Replace/Move/MoveMultiple/Swap/Delete', () => {
    const r0 = ro('A', 'B', 'C');
    expect(order(applyEdit(r0, legacy({ type: 'roStoryAppend', roId: 'R', stories: [story('X')] })))).toEqual(['A', 'B', 'C', 'X']);
    expect(order(applyEdit(r0, legacy({ type: 'roStoryInsert', roId: 'R', storyId: 'B', stories: [story('X')] })))).toEqual(['A', 'X', 'B', 'C']);
    expect(order(applyEdit(r0, legacy({ type: 'roStoryReplace', roId: 'R', storyId: 'B', stories: [story('X')] })))).toEqual(['A', 'X', 'C']);
    expect(order(applyEdit(r0, legacy({ type: 'roStoryMove', roId: 'R', storyIds: ['C', 'A'] })))).toEqual(['C', 'A', 'B']);
    expect(order(applyEdit(r0, legacy({ type: 'roStoryMove', roId: 'R', storyIds: ['A', ''] })))).toEqual(['B', 'C', 'A']);
    expect(order(applyEdit(r0, legacy({ type: 'roStoryMoveMultiple', roId: 'R', storyIds: ['B', 'C', 'A'] })))).toEqual(['B', 'C', 'A']);
    expect(order(applyEdit(r0, legacy({ type: 'roStorySwap', roId: 'R', storyIds: ['A', 'C'] })))).toEqual(['C', 'B', 'A']);
    expect(order(applyEdit(r0, legacy({ type: 'roStoryDelete', roId: 'R', storyIds: ['B'] })))).toEqual(['A', 'C']);
  });

  it('roItemInsert/Replace/Delete/MoveMultiple, roStorySend and mosItemReplace', () => {
    const r0 = ro('A');
    expect(items(applyEdit(r0, legacy({ type: 'roItemInsert', roId: 'R', storyId: 'A', itemId: '2', items: [item('9')] })), 'A')).toEqual(['1', '9', '2', '3']);
    expect(items(applyEdit(r0, legacy({ type: 'roItemReplace', roId: 'R', storyId: 'A', itemId: '2', items: [item('9')] })), 'A')).toEqual(['1', '9', '3']);
    expect(items(applyEdit(r0, legacy({ type: 'roItemDelete', roId: 'R', storyId: 'A', itemIds: ['1', '3'] })), 'A')).toEqual(['2']);
    expect(items(applyEdit(r0, legacy({ type: 'roItemMoveMultiple', roId: 'R', storyId: 'A', itemIds: ['3', '1'] })), 'A')).toEqual(['3', '1', '2']);
    const sent = applyEdit(r0, legacy({ type: 'roStorySend', roId: 'R', storyId: 'A', storySlug: 'NEW SLUG', items: [item('7')], mem: [] }));
    expect(sent.stories[0]).toMatchObject({ storySlug: 'NEW SLUG', items: [{ itemId: '7' }] });
    const replaced = applyEdit(r0, legacy({ type: 'mosItemReplace', roId: 'R', storyId: 'A', item: { ...item('2'), itemEdDur: 99 } }));
    expect(replaced.stories[0]!.items[1]!.itemEdDur).toBe(99);
  });

  it('the real 2.6 roStoryInsert fixture applies to a running order holding its target story', async () => {
    const xml = await readFile(join(import.meta.dirname, '../../test/fixtures/17-roStoryInsert-legacy-2.6.xml'), 'utf8');
    const m = legacy(decode(xml).message);
    const r0: RunningOrder = { roId: '5PM', roSlug: '5PM', mem: [], stories: [story('HOTEL FIRE'), story('WEATHER')] };
    const r1 = applyEdit(r0, m);
    expect(order(r1)).toEqual(['V: BRIDGE COLLAPSE', 'HOTEL FIRE', 'WEATHER']);
    expect(r1.stories[0]!.items.map((i) => [i.itemId, i.objId, i.itemEdDur])).toEqual([['30848', 'M000627', 815], ['30849', 'M000628', 815]]);
  });
});
