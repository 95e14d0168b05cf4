import type { MosMessage } from '../codec/index';

/**
 * Which queued device notifications a newer one makes redundant, while the NRCS cannot be reached.
 * Only state messages whose latest copy says everything the earlier ones said are coalesced:
 *  - `roElementStat` (MOS 2.8.5 §3.7.2) and the 2.6 `roItemStat`: the status of one RO / story / item "now";
 *    the NRCS keeps only the last one it got, so only the latest per (element, roID, storyID, itemID) matters.
 *  - `mosObj` (§3.1.2): the object's description "now", per objID. §2.2: tags absent from an
 *    UPDATED mosObj stay as they were, so the merge lays the newer fields over the older ones (the NRCS ends as
 *    if it had seen both), and a NEW it never received stays NEW; a DELETED wins outright.
 * Everything else (mosItemReplace, which the NRCS answers by sending the item back, §3.2.4; requests) keeps
 * its place and count. The merged message takes the newer one's place in the queue: relative order of
 * different keys is kept, and a key's latest state is never sent before an older state of another key that
 * was queued before it.
 */
export function supersedeKey(m: MosMessage): string | null {
  switch (m.type) {
    case 'roElementStat':
      return `stat\n${m.element}\n${m.roId}\n${m.storyId ?? ''}\n${m.itemId ?? ''}`;
    case 'roItemStat':
      return `stat\nITEM\n${m.roId}\n${m.storyId}\n${m.itemId}`;
    case 'mosObj':
      return `obj\n${m.obj.objId}`;
    default:
      return null;
  }
}

/** The one message that says what `older` then `newer` said (same supersedeKey). */
export function merge(older: MosMessage, newer: MosMessage): MosMessage {
  if (older.type !== 'mosObj' || newer.type !== 'mosObj') return newer;
  if (newer.obj.status === 'DELETED' || older.obj.status === 'DELETED') return newer;
  const status = older.obj.status === 'NEW' ? 'NEW' : newer.obj.status;
  return { type: 'mosObj', obj: { ...older.obj, ...newer.obj, ...(status ? { status } : {}) } };
}
