/**
 * MOS 2.8.5 messages as plain data (no XML, no I/O). Field names follow the spec's element names
 * in camelCase; absent optional elements are absent properties. Media times stay in the spec's
 * units (samples at objTB, MOS 2.8.5 §6 "objTB"/"objDur"): converting them is the sync layer's job.
 */
export interface Envelope {
  mosId: string;
  ncsId: string;
  /** Absent or empty in plug-in messages and from NRCS that never send one (MOS 2.8.5 §4.1.6). */
  messageId: number | null;
}

/** mosExternalMetadata (MOS 2.8.5 §3.1.2): the payload is vendor XML kept verbatim. */
export interface ExternalMetadata {
  scope?: 'OBJECT' | 'STORY' | 'PLAYLIST';
  schema: string;
  payload: string;
}

export interface ObjPath {
  kind: 'objPath' | 'objProxyPath' | 'objMetadataPath';
  techDescription: string;
  url: string;
}

export interface MosItem {
  itemId: string;
  itemSlug?: string;
  objId?: string;
  mosId?: string;
  mosAbstract?: string;
  objPaths?: ObjPath[];
  itemChannel?: string;
  itemEdStart?: number;
  itemEdDur?: number;
  itemUserTimingDur?: number;
  itemTrigger?: string;
  macroIn?: string;
  macroOut?: string;
  /** storyItem / ncsItem extras (MOS 2.8.5 §5.3.8). */
  objSlug?: string;
  objDur?: number;
  objTb?: number;
  mosPlugInId?: string;
  mosItemBrowserProgId?: string;
  mosItemEditorProgId?: string;
  mem: ExternalMetadata[];
}

export interface MosStory {
  storyId: string;
  storySlug?: string;
  storyNum?: string;
  mem: ExternalMetadata[];
  items: MosItem[];
}

export interface RunningOrderHeader {
  roId: string;
  roSlug: string;
  roChannel?: string;
  roEdStart?: string;
  roEdDur?: string;
  roTrigger?: string;
  macroIn?: string;
  macroOut?: string;
  mem: ExternalMetadata[];
}

export interface RunningOrder extends RunningOrderHeader {
  stories: MosStory[];
}

export interface MosObject {
  objId: string;
  objSlug: string;
  mosAbstract?: string;
  objGroup?: string;
  objType?: 'STILL' | 'AUDIO' | 'VIDEO';
  objTb?: number;
  objRev?: number;
  objDur?: number;
  status?: string;
  objAir?: 'READY' | 'NOT READY';
  objPaths?: ObjPath[];
  createdBy?: string;
  created?: string;
  changedBy?: string;
  changed?: string;
  /** Raw description markup (plain text plus p/em/tab, MOS 2.8.5 §6). */
  description?: string;
  mem: ExternalMetadata[];
}

export interface RoAckItem {
  storyId: string;
  itemId: string;
  objId: string;
  itemChannel?: string;
  status: string;
}

export type ElementOperation = 'INSERT' | 'REPLACE' | 'MOVE' | 'DELETE' | 'SWAP';

export interface ElementSource {
  stories?: MosStory[];
  items?: MosItem[];
  storyIds?: string[];
  itemIds?: string[];
}

export interface SearchGroup {
  fields: Array<{ xpath: string; sortByOrder?: number; sortType?: string }>;
}

/** Every message the gateway reads or writes; `type` is the message element's name. */
export type MosMessage =
  | { type: 'heartbeat'; time?: string }
  | { type: 'reqMachInfo' }
  | {
      type: 'listMachInfo';
      manufacturer: string; model: string; hwRev: string; swRev: string; dom: string; sn: string; id: string; time: string;
      opTime?: string; mosRev: string; deviceType?: 'MOS' | 'NCS'; profiles: Record<string, boolean>;
      defaultActiveX?: Array<{ mode: string; controlFileLocation: string; controlSlug: string; controlName: string; controlDefaultParams: string }>;
    }
  | { type: 'mosReqObj'; objId: string }
  | { type: 'mosObj'; obj: MosObject }
  | { type: 'mosReqAll'; pause: number }
  | { type: 'mosListAll'; objs: MosObject[] }
  | { type: 'mosAck'; objId?: string; objRev?: number; status: 'ACK' | 'NACK'; statusDescription?: string }
  | { type: 'roCreate' | 'roReplace' | 'roList'; ro: RunningOrder }
  | { type: 'roMetadataReplace'; ro: RunningOrderHeader }
  | { type: 'roDelete' | 'roReq'; roId: string }
  | { type: 'roReqAll' }
  | { type: 'roListAll'; ros: RunningOrderHeader[] }
  | { type: 'roReadyToAir'; roId: string; roAir: 'READY' | 'NOT READY' }
  | { type: 'roAck'; roId: string; roStatus: string; items: RoAckItem[] }
  | { type: 'roElementAction'; operation: ElementOperation; roId: string; target: { storyId?: string; itemId?: string }; source: ElementSource }
  | { type: 'roStorySend'; roId: string; storyId: string; storySlug?: string; storyNum?: string; items: MosItem[]; mem: ExternalMetadata[] }
  | { type: 'roElementStat'; element: 'RO' | 'STORY' | 'ITEM'; roId: string; storyId?: string; itemId?: string; objId?: string; itemChannel?: string; status: string; time: string }
  | { type: 'roItemStat'; roId: string; storyId: string; itemId: string; objId?: string; itemChannel?: string; status: string; time: string }
  // Profile 5 item control (MOS 2.8.5 §3.9 roCtrl): empty storyID/itemID = act on the whole running order / story.
  | { type: 'roCtrl'; roId: string; storyId?: string; itemId?: string; command: string }
  // MOS 2.6 story and item messages (still sent by iNews MOS Gateway by default, MOS 2.8.5 §3.6 legacy).
  | { type: 'roStoryAppend'; roId: string; stories: MosStory[] }
  | { type: 'roStoryInsert' | 'roStoryReplace'; roId: string; storyId: string; stories: MosStory[] }
  | { type: 'roStoryMove' | 'roStoryMoveMultiple' | 'roStorySwap' | 'roStoryDelete'; roId: string; storyIds: string[] }
  | { type: 'roItemInsert' | 'roItemReplace'; roId: string; storyId: string; itemId: string; items: MosItem[] }
  | { type: 'roItemDelete' | 'roItemMoveMultiple'; roId: string; storyId: string; itemIds: string[] }
  | { type: 'mosObjCreate'; objSlug: string; objGroup?: string; objType?: string; objTb?: number; objDur?: number; time?: string; createdBy?: string; description?: string; mem: ExternalMetadata[] }
  | { type: 'mosItemReplace'; roId: string; storyId: string; item: MosItem }
  | { type: 'mosReqSearchableSchema'; username?: string }
  | { type: 'mosListSearchableSchema'; username?: string; schemas: string[] }
  | { type: 'mosReqObjList'; username?: string; queryId: string; listReturnStart?: number; listReturnEnd?: number; generalSearch?: string; mosSchema?: string; searchGroups: SearchGroup[] }
  | { type: 'mosObjList'; username?: string; queryId: string; listReturnStart: number; listReturnEnd: number; listReturnTotal: number; listReturnStatus?: string; objs: MosObject[] }
  // HTML5 plug-in messages (MOS 2.8.5 §5.3): no envelope ids.
  | { type: 'ncsItem'; item: MosItem }
  | { type: 'ncsItemRequest' }
  | { type: 'ncsReqAppInfo' }
  | { type: 'ncsAppInfo'; roId?: string; storyId?: string; item?: MosItem; userId?: string; runContext?: string; product?: string }
  | { type: 'ncsAck'; status: 'ACK' | 'ERROR'; statusDescription?: string };

export type MosMessageType = MosMessage['type'];
/** The message shape for one type, also where several types share one shape (roCreate | roReplace | roList). */
export type MessageOf<T extends MosMessageType> = MosMessage extends infer M ? (M extends { type: infer U } ? (T extends U ? Omit<M, 'type'> & { type: T } : never) : never) : never;

export interface MosDocument {
  envelope: Envelope;
  message: MosMessage;
}
