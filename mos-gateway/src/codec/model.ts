import type { Reader } from './reader';
import type { ExternalMetadata, MosItem, MosObject, MosStory, ObjPath, RunningOrder, RunningOrderHeader } from './types';
import { el, esc, rawEl } from './xml';

// Decoders and encoders of the structures shared by many messages (MOS 2.8.5 §6 field definitions).

export function readMem(r: Reader): ExternalMetadata[] {
  return r.list('mosExternalMetadata').map((m) => {
    const scope = m.optNonEmpty('mosScope');
    const payload = m.raw('mosPayload');
    return {
      ...(scope === 'OBJECT' || scope === 'STORY' || scope === 'PLAYLIST' ? { scope } : {}),
      schema: m.opt('mosSchema') ?? '',
      payload: typeof payload === 'string' ? payload : '',
    };
  });
}
export const writeMem = (mem: readonly ExternalMetadata[]): string =>
  mem.map((m) => `<mosExternalMetadata>${el('mosScope', m.scope)}${el('mosSchema', m.schema)}${rawEl('mosPayload', m.payload)}</mosExternalMetadata>`).join('');

export function readPaths(r: Reader): ObjPath[] | undefined {
  if (!r.has('objPaths')) return undefined;
  const p = r.child('objPaths');
  const out: ObjPath[] = [];
  for (const kind of ['objPath', 'objProxyPath', 'objMetadataPath'] as const) {
    const raw = p.raw(kind);
    for (const v of raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]) {
      const url = typeof v === 'string' ? v : String((v as Record<string, unknown>)['#text'] ?? '');
      const techDescription = typeof v === 'object' && v ? String((v as Record<string, unknown>)['@techDescription'] ?? '') : '';
      if (url) out.push({ kind, techDescription, url });
    }
  }
  return out;
}
export const writePaths = (paths: readonly ObjPath[] | undefined): string =>
  paths === undefined ? '' : `<objPaths>${paths.map((p) => `<${p.kind} techDescription="${esc(p.techDescription)}">${esc(p.url)}</${p.kind}>`).join('')}</objPaths>`;

/** item (roCreate/story, ncsItem) and storyItem (roStorySend body) share one shape. */
export function readItem(r: Reader): MosItem {
  const item: MosItem = { itemId: r.opt('itemID') ?? '', mem: readMem(r) };
  const s = (k: keyof MosItem, tag: string) => {
    const v = r.optNonEmpty(tag);
    if (v !== undefined) (item as unknown as Record<string, unknown>)[k] = v;
  };
  const n = (k: keyof MosItem, tag: string) => {
    const v = r.num(tag);
    if (v !== undefined) (item as unknown as Record<string, unknown>)[k] = v;
  };
  s('itemSlug', 'itemSlug');
  s('objId', 'objID');
  s('mosId', 'mosID');
  const abstract = r.raw('mosAbstract');
  if (typeof abstract === 'string' && abstract !== '') item.mosAbstract = abstract;
  const paths = readPaths(r);
  if (paths) item.objPaths = paths;
  s('itemChannel', 'itemChannel');
  n('itemEdStart', 'itemEdStart');
  n('itemEdDur', 'itemEdDur');
  n('itemUserTimingDur', 'itemUserTimingDur');
  s('itemTrigger', 'itemTrigger');
  s('macroIn', 'macroIn');
  s('macroOut', 'macroOut');
  s('objSlug', 'objSlug');
  n('objDur', 'objDur');
  n('objTb', 'objTB');
  s('mosPlugInId', 'mosPlugInID');
  s('mosItemBrowserProgId', 'mosItemBrowserProgID');
  s('mosItemEditorProgId', 'mosItemEditorProgID');
  // A storyItem may embed the object instead of naming it (ENPS, sample 14).
  if (!item.objId && r.has('mosObj')) {
    const embedded = r.child('mosObj').optNonEmpty('objID');
    if (embedded) item.objId = embedded;
  }
  return item;
}
export function writeItem(i: MosItem, tag = 'item'): string {
  return (
    `<${tag}>${el('itemID', i.itemId)}${el('itemSlug', i.itemSlug)}${el('objID', i.objId)}${el('mosID', i.mosId)}` +
    `${el('mosPlugInID', i.mosPlugInId)}${el('mosItemBrowserProgID', i.mosItemBrowserProgId)}${el('mosItemEditorProgID', i.mosItemEditorProgId)}` +
    `${rawEl('mosAbstract', i.mosAbstract)}${writePaths(i.objPaths)}${el('itemChannel', i.itemChannel)}` +
    `${el('itemEdStart', i.itemEdStart)}${el('itemEdDur', i.itemEdDur)}${el('itemUserTimingDur', i.itemUserTimingDur)}${el('itemTrigger', i.itemTrigger)}` +
    `${el('macroIn', i.macroIn)}${el('macroOut', i.macroOut)}${el('objSlug', i.objSlug)}${el('objDur', i.objDur)}${el('objTB', i.objTb)}` +
    `${writeMem(i.mem)}</${tag}>`
  );
}

export function readStory(r: Reader): MosStory {
  const story: MosStory = { storyId: r.str('storyID'), mem: readMem(r), items: r.list('item').map(readItem) };
  const slug = r.optNonEmpty('storySlug');
  const num = r.optNonEmpty('storyNum');
  if (slug !== undefined) story.storySlug = slug;
  if (num !== undefined) story.storyNum = num;
  return story;
}
export const writeStory = (s: MosStory): string =>
  `<story>${el('storyID', s.storyId)}${el('storySlug', s.storySlug)}${el('storyNum', s.storyNum)}${writeMem(s.mem)}${s.items.map((i) => writeItem(i)).join('')}</story>`;

export function readRoHeader(r: Reader): RunningOrderHeader {
  const ro: RunningOrderHeader = { roId: r.str('roID'), roSlug: r.opt('roSlug') ?? '', mem: readMem(r) };
  for (const [k, tag] of [['roChannel', 'roChannel'], ['roEdStart', 'roEdStart'], ['roEdDur', 'roEdDur'], ['roTrigger', 'roTrigger'], ['macroIn', 'macroIn'], ['macroOut', 'macroOut']] as const) {
    const v = r.optNonEmpty(tag);
    if (v !== undefined) ro[k] = v;
  }
  return ro;
}
export const writeRoHeader = (ro: RunningOrderHeader): string =>
  `${el('roID', ro.roId)}${el('roSlug', ro.roSlug)}${el('roChannel', ro.roChannel)}${el('roEdStart', ro.roEdStart)}${el('roEdDur', ro.roEdDur)}` +
  `${el('roTrigger', ro.roTrigger)}${el('macroIn', ro.macroIn)}${el('macroOut', ro.macroOut)}${writeMem(ro.mem)}`;

export const readRo = (r: Reader): RunningOrder => ({ ...readRoHeader(r), stories: r.list('story').map(readStory) });
export const writeRo = (ro: RunningOrder): string => writeRoHeader(ro) + ro.stories.map(writeStory).join('');

export function readObj(r: Reader): MosObject {
  const obj: MosObject = { objId: r.str('objID'), objSlug: r.opt('objSlug') ?? '', mem: readMem(r) };
  const rec = obj as unknown as Record<string, unknown>;
  for (const [k, tag] of [['objGroup', 'objGroup'], ['status', 'status'], ['createdBy', 'createdBy'], ['created', 'created'], ['changedBy', 'changedBy'], ['changed', 'changed']] as const) {
    const v = r.optNonEmpty(tag);
    if (v !== undefined) rec[k] = v;
  }
  const type = r.optNonEmpty('objType');
  if (type === 'STILL' || type === 'AUDIO' || type === 'VIDEO') obj.objType = type;
  const air = r.optNonEmpty('objAir');
  if (air === 'READY' || air === 'NOT READY') obj.objAir = air;
  for (const [k, tag] of [['objTb', 'objTB'], ['objRev', 'objRev'], ['objDur', 'objDur']] as const) {
    const v = r.num(tag);
    if (v !== undefined) rec[k] = v;
  }
  const abstract = r.raw('mosAbstract');
  if (typeof abstract === 'string' && abstract !== '') obj.mosAbstract = abstract;
  const description = r.raw('description');
  if (typeof description === 'string' && description !== '') obj.description = description;
  const paths = readPaths(r);
  if (paths) obj.objPaths = paths;
  return obj;
}
/** Element order per the mosObj DTD (MOS 2.8.5 §3.1.2): some NRCS read positionally. */
export const writeObj = (o: MosObject): string =>
  `<mosObj>${el('objID', o.objId)}${el('objSlug', o.objSlug)}${rawEl('mosAbstract', o.mosAbstract)}${el('objGroup', o.objGroup)}${el('objType', o.objType)}` +
  `${el('objTB', o.objTb)}${el('objRev', o.objRev)}${el('objDur', o.objDur)}${el('status', o.status)}${el('objAir', o.objAir)}${writePaths(o.objPaths)}` +
  `${el('createdBy', o.createdBy)}${el('created', o.created)}${el('changedBy', o.changedBy)}${el('changed', o.changed)}${rawEl('description', o.description)}` +
  `${writeMem(o.mem)}</mosObj>`;
