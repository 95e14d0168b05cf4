import { fail, type Reader } from './reader';
import { readItem, readMem, readObj, readRo, readRoHeader, readStory, writeItem, writeMem, writeObj, writeRo, writeRoHeader, writeStory } from './model';
import type { ElementOperation, MessageOf, MosItem, MosMessageType, MosStory, RunningOrder } from './types';
import { el, rawEl } from './xml';

interface Codec<T extends MosMessageType> {
  read(r: Reader, type: T): MessageOf<T>;
  /** The message element's inner XML. */
  write(m: MessageOf<T>): string;
}

const OPERATIONS: readonly ElementOperation[] = ['INSERT', 'REPLACE', 'MOVE', 'DELETE', 'SWAP'];
const ro = <T extends 'roCreate' | 'roReplace' | 'roList'>() => ({ read: (r: Reader, type: T) => ({ type, ro: readRo(r) }), write: (m: { ro: RunningOrder }) => writeRo(m.ro) }) as unknown as Codec<T>;
const roIdOnly = <T extends 'roDelete' | 'roReq'>() => ({ read: (r: Reader, type: T) => ({ type, roId: r.str('roID') }), write: (m: { roId: string }) => el('roID', m.roId) }) as unknown as Codec<T>;
const storyIds = <T extends 'roStoryMove' | 'roStoryMoveMultiple' | 'roStorySwap' | 'roStoryDelete'>() => ({
  read: (r: Reader, type: T) => ({ type, roId: r.str('roID'), storyIds: r.texts('storyID') }),
  write: (m: { roId: string; storyIds: string[] }) => el('roID', m.roId) + m.storyIds.map((s) => el('storyID', s)).join(''),
}) as unknown as Codec<T>;
const storiesAt = <T extends 'roStoryInsert' | 'roStoryReplace'>() => ({
  read: (r: Reader, type: T) => ({ type, roId: r.str('roID'), storyId: r.str('storyID'), stories: r.list('story').map(readStory) }),
  write: (m: { roId: string; storyId: string; stories: MosStory[] }) => el('roID', m.roId) + el('storyID', m.storyId) + m.stories.map(writeStory).join(''),
}) as unknown as Codec<T>;
const itemsAt = <T extends 'roItemInsert' | 'roItemReplace'>() => ({
  read: (r: Reader, type: T) => ({ type, roId: r.str('roID'), storyId: r.str('storyID'), itemId: r.opt('itemID') ?? '', items: r.list('item').map(readItem) }),
  write: (m: { roId: string; storyId: string; itemId: string; items: MosItem[] }) => el('roID', m.roId) + el('storyID', m.storyId) + el('itemID', m.itemId) + m.items.map((i) => writeItem(i)).join(''),
}) as unknown as Codec<T>;
const itemIds = <T extends 'roItemDelete' | 'roItemMoveMultiple'>() => ({
  read: (r: Reader, type: T) => ({ type, roId: r.str('roID'), storyId: r.str('storyID'), itemIds: r.texts('itemID') }),
  write: (m: { roId: string; storyId: string; itemIds: string[] }) => el('roID', m.roId) + el('storyID', m.storyId) + m.itemIds.map((i) => el('itemID', i)).join(''),
}) as unknown as Codec<T>;
const empty = <T extends 'reqMachInfo' | 'roReqAll' | 'ncsItemRequest' | 'ncsReqAppInfo'>() => ({ read: (_r: Reader, type: T) => ({ type }) as MessageOf<T>, write: () => '' });

/** One decoder and one encoder per message type: dispatch by table, never by if-chain. */
export const CODECS: { [T in MosMessageType]: Codec<T> } = {
  heartbeat: {
    read: (r) => {
      const time = r.optNonEmpty('time');
      return time === undefined ? { type: 'heartbeat' } : { type: 'heartbeat', time };
    },
    write: (m) => el('time', m.time),
  },
  reqMachInfo: empty<'reqMachInfo'>(),
  listMachInfo: {
    read: (r) => {
      const profiles: Record<string, boolean> = {};
      const sp = r.child('supportedProfiles');
      for (const p of sp.list('mosProfile')) profiles[p.attr('number') ?? '?'] = (p.opt('#text') ?? readSelf(p)) === 'YES';
      // ENPS 8.2 answers with flat <mosProfile0>YES</mosProfile0> elements (mos.md §1.6).
      for (const k of r.keys()) {
        const m = /^mosProfile(\d)$/.exec(k);
        if (m) profiles[m[1]!] = r.opt(k) === 'YES';
      }
      const deviceType = sp.attr('deviceType');
      return {
        type: 'listMachInfo', manufacturer: r.opt('manufacturer') ?? '', model: r.opt('model') ?? '', hwRev: r.opt('hwRev') ?? '', swRev: r.opt('swRev') ?? '',
        dom: r.opt('DOM') ?? '', sn: r.opt('SN') ?? '', id: r.opt('ID') ?? '', time: r.opt('time') ?? '', ...(r.optNonEmpty('opTime') ? { opTime: r.optNonEmpty('opTime')! } : {}),
        mosRev: r.opt('mosRev') ?? '', ...(deviceType === 'MOS' || deviceType === 'NCS' ? { deviceType } : {}), profiles,
        ...(r.has('defaultActiveX')
          ? { defaultActiveX: r.list('defaultActiveX').map((a) => ({ mode: a.opt('mode') ?? '', controlFileLocation: a.opt('controlFileLocation') ?? '', controlSlug: a.opt('controlSlug') ?? '', controlName: a.opt('controlName') ?? '', controlDefaultParams: a.opt('controlDefaultParams') ?? '' })) }
          : {}),
      };
    },
    write: (m) =>
      `${el('manufacturer', m.manufacturer)}${el('model', m.model)}${el('hwRev', m.hwRev)}${el('swRev', m.swRev)}${el('DOM', m.dom)}${el('SN', m.sn)}${el('ID', m.id)}` +
      `${el('time', m.time)}${el('opTime', m.opTime)}${el('mosRev', m.mosRev)}` +
      `<supportedProfiles deviceType="${m.deviceType ?? 'MOS'}">${Object.entries(m.profiles).map(([n, yes]) => `<mosProfile number="${n}">${yes ? 'YES' : 'NO'}</mosProfile>`).join('')}</supportedProfiles>` +
      (m.defaultActiveX ?? []).map((a) => `<defaultActiveX>${el('mode', a.mode)}${el('controlFileLocation', a.controlFileLocation)}${el('controlSlug', a.controlSlug)}${el('controlName', a.controlName)}${el('controlDefaultParams', a.controlDefaultParams)}</defaultActiveX>`).join(''),
  },
  mosReqObj: { read: (r) => ({ type: 'mosReqObj', objId: r.str('objID') }), write: (m) => el('objID', m.objId) },
  mosObj: { read: (r) => ({ type: 'mosObj', obj: readObj(r) }), write: (m) => writeObj(m.obj).slice('<mosObj>'.length, -'</mosObj>'.length) },
  mosReqAll: { read: (r) => ({ type: 'mosReqAll', pause: r.num('pause') ?? 0 }), write: (m) => el('pause', m.pause) },
  mosListAll: { read: (r) => ({ type: 'mosListAll', objs: r.list('mosObj').map(readObj) }), write: (m) => m.objs.map(writeObj).join('') },
  mosAck: {
    read: (r) => {
      const status = r.str('status');
      if (status !== 'ACK' && status !== 'NACK') throw fail(`${r.path}.status`, `must be ACK or NACK, not ${JSON.stringify(status)}`);
      const objId = r.optNonEmpty('objID');
      const objRev = r.num('objRev');
      const statusDescription = r.optNonEmpty('statusDescription');
      return { type: 'mosAck', status, ...(objId !== undefined ? { objId } : {}), ...(objRev !== undefined ? { objRev } : {}), ...(statusDescription !== undefined ? { statusDescription } : {}) };
    },
    write: (m) => `${el('objID', m.objId)}${el('objRev', m.objRev)}${el('status', m.status)}${el('statusDescription', m.statusDescription)}`,
  },
  roCreate: ro<'roCreate'>(),
  roReplace: ro<'roReplace'>(),
  roList: ro<'roList'>(),
  roMetadataReplace: { read: (r) => ({ type: 'roMetadataReplace', ro: readRoHeader(r) }), write: (m) => writeRoHeader(m.ro) },
  roDelete: roIdOnly<'roDelete'>(),
  roReq: roIdOnly<'roReq'>(),
  roReqAll: empty<'roReqAll'>(),
  roListAll: { read: (r) => ({ type: 'roListAll', ros: r.list('ro').map(readRoHeader) }), write: (m) => m.ros.map((x) => `<ro>${writeRoHeader(x)}</ro>`).join('') },
  roReadyToAir: {
    read: (r) => {
      const roAir = r.str('roAir');
      if (roAir !== 'READY' && roAir !== 'NOT READY') throw fail(`${r.path}.roAir`, `must be READY or NOT READY, not ${JSON.stringify(roAir)}`);
      return { type: 'roReadyToAir', roId: r.str('roID'), roAir };
    },
    write: (m) => el('roID', m.roId) + el('roAir', m.roAir),
  },
  roAck: {
    read: (r) => {
      const [stories, items, objs, channels, statuses] = (['storyID', 'itemID', 'objID', 'itemChannel', 'status'] as const).map((k) => r.texts(k)) as [string[], string[], string[], string[], string[]];
      // itemChannel is optional per item, so it cannot be paired by index unless every item has one.
      return {
        type: 'roAck', roId: r.opt('roID') ?? '', roStatus: r.opt('roStatus') ?? '',
        items: statuses.map((status, i) => ({ storyId: stories[i] ?? '', itemId: items[i] ?? '', objId: objs[i] ?? '', ...(channels.length === statuses.length ? { itemChannel: channels[i]! } : {}), status })),
      };
    },
    write: (m) => el('roID', m.roId) + el('roStatus', m.roStatus) + m.items.map((i) => `${el('storyID', i.storyId)}${el('itemID', i.itemId)}${el('objID', i.objId)}${el('itemChannel', i.itemChannel)}${el('status', i.status)}`).join(''),
  },
  roElementAction: {
    read: (r) => {
      const operation = r.attr('operation') as ElementOperation;
      if (!OPERATIONS.includes(operation)) throw fail(`${r.path}@operation`, `must be one of ${OPERATIONS.join(', ')}`);
      const t = r.child('element_target');
      const s = r.child('element_source');
      const target = { ...(t.optNonEmpty('storyID') !== undefined ? { storyId: t.optNonEmpty('storyID')! } : {}), ...(t.optNonEmpty('itemID') !== undefined ? { itemId: t.optNonEmpty('itemID')! } : {}) };
      const source = {
        ...(s.has('story') ? { stories: s.list('story').map(readStory) } : {}),
        ...(s.has('item') ? { items: s.list('item').map(readItem) } : {}),
        ...(s.has('storyID') ? { storyIds: s.texts('storyID') } : {}),
        ...(s.has('itemID') ? { itemIds: s.texts('itemID') } : {}),
      };
      return { type: 'roElementAction', operation, roId: r.str('roID'), target, source };
    },
    write: (m) =>
      `${el('roID', m.roId)}${m.target.storyId !== undefined || m.target.itemId !== undefined ? `<element_target>${el('storyID', m.target.storyId)}${el('itemID', m.target.itemId)}</element_target>` : ''}` +
      `<element_source>${(m.source.stories ?? []).map(writeStory).join('')}${(m.source.items ?? []).map((i) => writeItem(i)).join('')}` +
      `${(m.source.storyIds ?? []).map((s) => el('storyID', s)).join('')}${(m.source.itemIds ?? []).map((s) => el('itemID', s)).join('')}</element_source>`,
  },
  roStorySend: {
    read: (r) => {
      const body = r.child('storyBody');
      const slug = r.optNonEmpty('storySlug');
      const num = r.optNonEmpty('storyNum');
      return {
        type: 'roStorySend', roId: r.str('roID'), storyId: r.str('storyID'), ...(slug !== undefined ? { storySlug: slug } : {}), ...(num !== undefined ? { storyNum: num } : {}),
        items: body.list('storyItem').map(readItem), mem: readMem(r),
      };
    },
    write: (m) => `${el('roID', m.roId)}${el('storyID', m.storyId)}${el('storySlug', m.storySlug)}${el('storyNum', m.storyNum)}<storyBody>${m.items.map((i) => writeItem(i, 'storyItem')).join('')}</storyBody>${writeMem(m.mem)}`,
  },
  roElementStat: {
    read: (r) => {
      const element = r.attr('element');
      if (element !== 'RO' && element !== 'STORY' && element !== 'ITEM') throw fail(`${r.path}@element`, 'must be RO, STORY or ITEM');
      return { type: 'roElementStat', element, roId: r.str('roID'), ...optionals(r, { storyId: 'storyID', itemId: 'itemID', objId: 'objID', itemChannel: 'itemChannel' }), status: r.str('status'), time: r.opt('time') ?? '' };
    },
    write: (m) => `${el('roID', m.roId)}${el('storyID', m.storyId)}${el('itemID', m.itemId)}${el('objID', m.objId)}${el('itemChannel', m.itemChannel)}${el('status', m.status)}${el('time', m.time)}`,
  },
  roItemStat: {
    read: (r) => ({ type: 'roItemStat', roId: r.str('roID'), storyId: r.str('storyID'), itemId: r.str('itemID'), ...optionals(r, { objId: 'objID', itemChannel: 'itemChannel' }), status: r.str('status'), time: r.opt('time') ?? '' }),
    write: (m) => `${el('roID', m.roId)}${el('storyID', m.storyId)}${el('itemID', m.itemId)}${el('objID', m.objId)}${el('itemChannel', m.itemChannel)}${el('status', m.status)}${el('time', m.time)}`,
  },
  roCtrl: {
    read: (r) => ({ type: 'roCtrl', roId: r.str('roID'), ...optionals(r, { storyId: 'storyID', itemId: 'itemID' }), command: r.str('command') }),
    write: (m) => `${el('roID', m.roId)}${el('storyID', m.storyId ?? '')}${el('itemID', m.itemId ?? '')}${el('command', m.command)}`,
  },
  roStoryAppend: { read: (r) => ({ type: 'roStoryAppend', roId: r.str('roID'), stories: r.list('story').map(readStory) }), write: (m) => el('roID', m.roId) + m.stories.map(writeStory).join('') },
  roStoryInsert: storiesAt<'roStoryInsert'>(),
  roStoryReplace: storiesAt<'roStoryReplace'>(),
  roStoryMove: storyIds<'roStoryMove'>(),
  roStoryMoveMultiple: storyIds<'roStoryMoveMultiple'>(),
  roStorySwap: storyIds<'roStorySwap'>(),
  roStoryDelete: storyIds<'roStoryDelete'>(),
  roItemInsert: itemsAt<'roItemInsert'>(),
  roItemReplace: itemsAt<'roItemReplace'>(),
  roItemDelete: itemIds<'roItemDelete'>(),
  roItemMoveMultiple: itemIds<'roItemMoveMultiple'>(),
  mosObjCreate: {
    read: (r) => ({
      type: 'mosObjCreate', objSlug: r.str('objSlug'), ...optionals(r, { objGroup: 'objGroup', objType: 'objType', time: 'time', createdBy: 'createdBy' }),
      ...(r.num('objTB') !== undefined ? { objTb: r.num('objTB')! } : {}), ...(r.num('objDur') !== undefined ? { objDur: r.num('objDur')! } : {}),
      ...(typeof r.raw('description') === 'string' && r.raw('description') !== '' ? { description: r.raw('description') as string } : {}), mem: readMem(r),
    }),
    write: (m) => `${el('objSlug', m.objSlug)}${el('objGroup', m.objGroup)}${el('objType', m.objType)}${el('objTB', m.objTb)}${el('objDur', m.objDur)}${el('time', m.time)}${el('createdBy', m.createdBy)}${rawEl('description', m.description)}${writeMem(m.mem)}`,
  },
  mosItemReplace: {
    read: (r) => ({ type: 'mosItemReplace', roId: r.str('roID'), storyId: r.str('storyID'), item: readItem(r.child('item')) }),
    write: (m) => el('roID', m.roId) + el('storyID', m.storyId) + writeItem(m.item),
  },
  mosReqSearchableSchema: { read: (r) => ({ type: 'mosReqSearchableSchema', ...optionals(r, { username: '@username' }) }), write: () => '' },
  mosListSearchableSchema: {
    read: (r) => ({ type: 'mosListSearchableSchema', ...optionals(r, { username: '@username' }), schemas: r.texts('mosSchema') }),
    write: (m) => m.schemas.map((s) => el('mosSchema', s)).join(''),
  },
  mosReqObjList: {
    read: (r) => ({
      type: 'mosReqObjList', ...optionals(r, { username: '@username', generalSearch: 'generalSearch', mosSchema: 'mosSchema' }), queryId: r.opt('queryID') ?? '',
      ...(r.num('listReturnStart') !== undefined ? { listReturnStart: r.num('listReturnStart')! } : {}), ...(r.num('listReturnEnd') !== undefined ? { listReturnEnd: r.num('listReturnEnd')! } : {}),
      searchGroups: r.list('searchGroup').map((g) => ({ fields: g.list('searchField').map((f) => ({ xpath: f.attr('XPath') ?? '', ...(f.attr('sortByOrder') ? { sortByOrder: Number(f.attr('sortByOrder')) } : {}), ...(f.attr('sortType') ? { sortType: f.attr('sortType')! } : {}) })) })),
    }),
    write: (m) =>
      `${el('queryID', m.queryId)}${el('listReturnStart', m.listReturnStart)}${el('listReturnEnd', m.listReturnEnd)}${el('generalSearch', m.generalSearch)}${el('mosSchema', m.mosSchema)}` +
      m.searchGroups.map((g) => `<searchGroup>${g.fields.map((f) => `<searchField XPath="${f.xpath.replace(/"/g, '&quot;')}"${f.sortByOrder !== undefined ? ` sortByOrder="${f.sortByOrder}"` : ''}${f.sortType ? ` sortType="${f.sortType}"` : ''}/>`).join('')}</searchGroup>`).join(''),
  },
  mosObjList: {
    read: (r) => {
      const list = r.child('list');
      return {
        type: 'mosObjList', ...optionals(r, { username: '@username', listReturnStatus: 'listReturnStatus' }), queryId: r.opt('queryID') ?? '',
        listReturnStart: r.num('listReturnStart') ?? 0, listReturnEnd: r.num('listReturnEnd') ?? 0, listReturnTotal: r.num('listReturnTotal') ?? 0, objs: list.list('mosObj').map(readObj),
      };
    },
    write: (m) =>
      `${el('queryID', m.queryId)}${el('listReturnStart', m.listReturnStart)}${el('listReturnEnd', m.listReturnEnd)}${el('listReturnTotal', m.listReturnTotal)}${el('listReturnStatus', m.listReturnStatus)}` +
      `<list>${m.objs.map(writeObj).join('')}</list>`,
  },
  ncsItem: { read: (r) => ({ type: 'ncsItem', item: readItem(r.child('item')) }), write: (m) => writeItem(m.item) },
  ncsItemRequest: empty<'ncsItemRequest'>(),
  ncsReqAppInfo: empty<'ncsReqAppInfo'>(),
  // MOS 2.8.5 §5.3.2: the host's context (roID/storyID/item when editing, none when browsing).
  ncsAppInfo: {
    read: (r) => {
      const info = r.child('ncsInformation');
      const product = info.child('software').optNonEmpty('product');
      return {
        type: 'ncsAppInfo', ...optionals(r, { roId: 'roID', storyId: 'storyID' }), ...(r.has('item') ? { item: readItem(r.child('item')) } : {}),
        ...optionals(info, { userId: 'userID', runContext: 'runContext' }), ...(product ? { product } : {}),
      };
    },
    write: (m) =>
      `${el('roID', m.roId)}${el('storyID', m.storyId)}${m.item ? writeItem(m.item) : ''}<ncsInformation>${el('userID', m.userId)}${el('runContext', m.runContext)}` +
      `${m.product ? `<software>${el('product', m.product)}</software>` : ''}</ncsInformation>`,
  },
  ncsAck: {
    read: (r) => {
      const status = r.str('status');
      if (status !== 'ACK' && status !== 'ERROR') throw fail(`${r.path}.status`, 'must be ACK or ERROR');
      return { type: 'ncsAck', status, ...optionals(r, { statusDescription: 'statusDescription' }) };
    },
    write: (m) => el('status', m.status) + el('statusDescription', m.statusDescription),
  },
};

/** Attributes on the message element itself (mosReqObjList@username): written by encode(). */
export const MESSAGE_ATTRIBUTES: Partial<Record<MosMessageType, (m: never) => string>> = {
  roElementAction: (m: MessageOf<'roElementAction'>) => ` operation="${m.operation}"`,
  roElementStat: (m: MessageOf<'roElementStat'>) => ` element="${m.element}"`,
  mosReqObjList: (m: MessageOf<'mosReqObjList'>) => (m.username ? ` username="${m.username.replace(/"/g, '&quot;')}"` : ''),
  mosReqSearchableSchema: (m: MessageOf<'mosReqSearchableSchema'>) => (m.username ? ` username="${m.username.replace(/"/g, '&quot;')}"` : ''),
  mosListSearchableSchema: (m: MessageOf<'mosListSearchableSchema'>) => (m.username ? ` username="${m.username.replace(/"/g, '&quot;')}"` : ''),
  mosObjList: (m: MessageOf<'mosObjList'>) => (m.username ? ` username="${m.username.replace(/"/g, '&quot;')}"` : ''),
};

function optionals<K extends string>(r: Reader, keys: Record<K, string>): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const [k, tag] of Object.entries(keys) as Array<[K, string]>) {
    const v = tag.startsWith('@') ? r.attr(tag.slice(1)) : r.optNonEmpty(tag);
    if (v !== undefined && v !== '') out[k] = v;
  }
  return out;
}

function readSelf(p: Reader): string {
  return p.keys().length === 0 ? '' : (p.opt('#text') ?? '');
}
