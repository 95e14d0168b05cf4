import { AppError } from '@cutaway/shared';
import type { MessageOf, MosItem, MosStory, RunningOrder } from '../codec/index';

/**
 * Running-order edits as pure functions (MOS 2.8.5 §3.6.12 roElementAction; the 2.6 story and item
 * messages of §3.6 are translated to the same operations). Each returns a NEW running order and
 * throws `rundown.invalid` when a referenced story or item does not exist, so a bad edit is refused
 * whole and nothing half-applied is stored.
 */
export type RoEdit =
  | MessageOf<'roElementAction'>
  | MessageOf<'roStoryAppend'> | MessageOf<'roStoryInsert'> | MessageOf<'roStoryReplace'> | MessageOf<'roStoryMove'> | MessageOf<'roStoryMoveMultiple'>
  | MessageOf<'roStorySwap'> | MessageOf<'roStoryDelete'> | MessageOf<'roItemInsert'> | MessageOf<'roItemReplace'> | MessageOf<'roItemDelete'>
  | MessageOf<'roItemMoveMultiple'> | MessageOf<'roStorySend'> | MessageOf<'mosItemReplace'>;

const invalid = (msg: string, details?: unknown) => new AppError('rundown.invalid', msg, details);

function indexOfId<T>(list: readonly T[], id: string, key: (x: T) => string, what: string): number {
  const i = list.findIndex((x) => key(x) === id);
  if (i < 0) throw invalid(`No ${what} ${id}`, { id });
  return i;
}
const sid = (s: MosStory) => s.storyId;
const iid = (i: MosItem) => i.itemId;

/** Insert `add` before the element with id `before`; empty/absent `before` appends (MOS 2.8.5 §3.6.12, Sofie). */
function insertBefore<T>(list: readonly T[], before: string | undefined, add: readonly T[], key: (x: T) => string, what: string): T[] {
  const clean = list.filter((x) => !add.some((a) => key(a) === key(x)));
  if (!before) return [...clean, ...add];
  const at = indexOfId(clean, before, key, what);
  return [...clean.slice(0, at), ...add, ...clean.slice(at)];
}

function replaceAt<T>(list: readonly T[], id: string, add: readonly T[], key: (x: T) => string, what: string): T[] {
  const at = indexOfId(list, id, key, what);
  return [...list.slice(0, at), ...add, ...list.slice(at + 1)];
}

function moveBefore<T>(list: readonly T[], before: string | undefined, ids: readonly string[], key: (x: T) => string, what: string): T[] {
  const moving = ids.map((id) => list[indexOfId(list, id, key, what)]!);
  return insertBefore(list.filter((x) => !ids.includes(key(x))), before, moving, key, what);
}

function swap<T>(list: readonly T[], a: string, b: string, key: (x: T) => string, what: string): T[] {
  const i = indexOfId(list, a, key, what);
  const j = indexOfId(list, b, key, what);
  const out = [...list];
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}

function removeIds<T>(list: readonly T[], ids: readonly string[], key: (x: T) => string, what: string): T[] {
  for (const id of ids) indexOfId(list, id, key, what);
  return list.filter((x) => !ids.includes(key(x)));
}

function withStory(ro: RunningOrder, storyId: string, fn: (s: MosStory) => MosStory): RunningOrder {
  const at = indexOfId(ro.stories, storyId, sid, 'story');
  const stories = [...ro.stories];
  stories[at] = fn(stories[at]!);
  return { ...ro, stories };
}

function elementAction(ro: RunningOrder, m: MessageOf<'roElementAction'>): RunningOrder {
  const { storyId, itemId } = m.target;
  const src = m.source;
  const onItems = src.items !== undefined || src.itemIds !== undefined;
  if (!onItems) {
    // Story operations.
    switch (m.operation) {
      case 'INSERT': return { ...ro, stories: insertBefore(ro.stories, storyId, src.stories ?? [], sid, 'story') };
      case 'REPLACE': if (!storyId) throw invalid('REPLACE needs element_target/storyID'); return { ...ro, stories: replaceAt(ro.stories, storyId, src.stories ?? [], sid, 'story') };
      case 'MOVE': return { ...ro, stories: moveBefore(ro.stories, storyId, src.storyIds ?? [], sid, 'story') };
      case 'DELETE': return { ...ro, stories: removeIds(ro.stories, src.storyIds ?? [], sid, 'story') };
      case 'SWAP': {
        const [a, b] = src.storyIds ?? [];
        if (!a || !b || (src.storyIds ?? []).length !== 2) throw invalid('SWAP needs exactly two storyIDs');
        return { ...ro, stories: swap(ro.stories, a, b, sid, 'story') };
      }
    }
  }
  if (!storyId) throw invalid(`${m.operation} of items needs element_target/storyID`);
  return withStory(ro, storyId, (s) => {
    switch (m.operation) {
      case 'INSERT': return { ...s, items: insertBefore(s.items, itemId, src.items ?? [], iid, 'item') };
      case 'REPLACE': if (!itemId) throw invalid('REPLACE needs element_target/itemID'); return { ...s, items: replaceAt(s.items, itemId, src.items ?? [], iid, 'item') };
      case 'MOVE': return { ...s, items: moveBefore(s.items, itemId, src.itemIds ?? [], iid, 'item') };
      case 'DELETE': return { ...s, items: removeIds(s.items, src.itemIds ?? [], iid, 'item') };
      case 'SWAP': {
        const [a, b] = src.itemIds ?? [];
        if (!a || !b || (src.itemIds ?? []).length !== 2) throw invalid('SWAP needs exactly two itemIDs');
        return { ...s, items: swap(s.items, a, b, iid, 'item') };
      }
    }
  });
}

type EditOf<T extends RoEdit['type']> = Extract<RoEdit, { type: T }>;
const EDITS: { [T in RoEdit['type']]: (ro: RunningOrder, m: EditOf<T>) => RunningOrder } = {
  roElementAction: elementAction,
  roStoryAppend: (ro, m) => ({ ...ro, stories: insertBefore(ro.stories, undefined, m.stories, sid, 'story') }),
  roStoryInsert: (ro, m) => ({ ...ro, stories: insertBefore(ro.stories, m.storyId, m.stories, sid, 'story') }),
  roStoryReplace: (ro, m) => ({ ...ro, stories: replaceAt(ro.stories, m.storyId, m.stories, sid, 'story') }),
  // roStoryMove: storyIDs[0] moves before storyIDs[1]; a blank or missing second id moves it to the bottom (2.6 §3.6).
  roStoryMove: (ro, m) => ({ ...ro, stories: moveBefore(ro.stories, m.storyIds[1] || undefined, m.storyIds.slice(0, 1), sid, 'story') }),
  // roStoryMoveMultiple: the last id is the target, the others move before it, in order.
  roStoryMoveMultiple: (ro, m) => ({ ...ro, stories: moveBefore(ro.stories, m.storyIds.length > 1 ? m.storyIds[m.storyIds.length - 1] : undefined, m.storyIds.length > 1 ? m.storyIds.slice(0, -1) : m.storyIds, sid, 'story') }),
  roStorySwap: (ro, m) => ({ ...ro, stories: swap(ro.stories, m.storyIds[0] ?? '', m.storyIds[1] ?? '', sid, 'story') }),
  roStoryDelete: (ro, m) => ({ ...ro, stories: removeIds(ro.stories, m.storyIds, sid, 'story') }),
  roItemInsert: (ro, m) => withStory(ro, m.storyId, (s) => ({ ...s, items: insertBefore(s.items, m.itemId || undefined, m.items, iid, 'item') })),
  roItemReplace: (ro, m) => withStory(ro, m.storyId, (s) => ({ ...s, items: replaceAt(s.items, m.itemId, m.items, iid, 'item') })),
  roItemDelete: (ro, m) => withStory(ro, m.storyId, (s) => ({ ...s, items: removeIds(s.items, m.itemIds, iid, 'item') })),
  roItemMoveMultiple: (ro, m) => withStory(ro, m.storyId, (s) => ({ ...s, items: moveBefore(s.items, m.itemIds.length > 1 ? m.itemIds[m.itemIds.length - 1] : undefined, m.itemIds.length > 1 ? m.itemIds.slice(0, -1) : m.itemIds, iid, 'item') })),
  // roStorySend carries the full story body (P4): its storyItems replace the story's items, slug and MEM.
  roStorySend: (ro, m) => withStory(ro, m.storyId, (s) => ({ ...s, ...(m.storySlug !== undefined ? { storySlug: m.storySlug } : {}), ...(m.storyNum !== undefined ? { storyNum: m.storyNum } : {}), items: m.items, mem: m.mem.length ? m.mem : s.mem })),
  mosItemReplace: (ro, m) => withStory(ro, m.storyId, (s) => ({ ...s, items: replaceAt(s.items, m.item.itemId, [m.item], iid, 'item') })),
};

export function applyEdit(ro: RunningOrder, edit: RoEdit): RunningOrder {
  return (EDITS[edit.type] as (ro: RunningOrder, m: RoEdit) => RunningOrder)(ro, edit);
}

export const isRoEdit = (m: { type: string }): m is RoEdit => m.type in EDITS;
