import type { MessageOf, MosMessage, MosMessageType } from '../codec/index';
import type { SeenKey } from '../session/inbound-dedup';
import type { RoCommand } from './rundown-sync';

/** Where a message came in: which peer, which port (MOS 2.8.5 §2.1 lower/upper/query). */
export interface MessageContext {
  ncsId: string;
  port: 'lower' | 'upper' | 'query';
  /** The message as received, journalled as is. */
  xml?: string;
  /** Its de-duplication key (journalled with it, so a resend after a restart is still recognised). */
  seen?: SeenKey | null;
}

/** What handlers may do; implemented by the gateway over platform-api, the RO model and the outbound sessions. */
export interface DeviceActions {
  machineInfo(): MessageOf<'listMachInfo'>;
  object(ctx: MessageContext, objId: string): Promise<MosMessage>;
  startListAll(ctx: MessageContext, pause: number): void;
  ro(ctx: MessageContext, cmd: RoCommand): MosMessage;
  roList(ctx: MessageContext, roId: string): MosMessage;
  roListAll(ctx: MessageContext): MosMessage;
  createPlaceholder(ctx: MessageContext, m: MessageOf<'mosObjCreate'>): Promise<MosMessage>;
  searchableSchema(): MosMessage;
  search(ctx: MessageContext, m: MessageOf<'mosReqObjList'>): Promise<MosMessage>;
  /** Item control and NRCS item statuses, for live cue-in/out (live-cue/); answered roAck either way. */
  itemCue?(ctx: MessageContext, m: MessageOf<'roCtrl'> | MessageOf<'roElementStat'> | MessageOf<'roItemStat'>): void;
}

type Handler<T extends MosMessageType> = (a: DeviceActions, ctx: MessageContext, m: MessageOf<T>) => MosMessage | null | Promise<MosMessage | null>;

const ro = (a: DeviceActions, ctx: MessageContext, m: RoCommand) => a.ro(ctx, m);
const statAck = (a: DeviceActions, ctx: MessageContext, m: MessageOf<'roCtrl'> | MessageOf<'roElementStat'> | MessageOf<'roItemStat'>): MosMessage => {
  a.itemCue?.(ctx, m);
  return { type: 'roAck', roId: m.roId, roStatus: 'OK', items: [] };
};

/**
 * NRCS-initiated messages and their answers, one handler each (dispatch by table, ARCHITECTURE.md).
 * A type without a handler is answered with a NACK by the gateway ("not supported").
 */
export const HANDLERS: { [T in MosMessageType]?: Handler<T> } = {
  heartbeat: () => ({ type: 'heartbeat', time: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }),
  reqMachInfo: (a) => a.machineInfo(),
  mosReqObj: (a, ctx, m) => a.object(ctx, m.objId),
  mosReqAll: (a, ctx, m) => {
    a.startListAll(ctx, m.pause);
    return { type: 'mosAck', objId: '', status: 'ACK', statusDescription: m.pause > 0 ? `mosObj every ${m.pause} s` : 'mosListAll follows' };
  },
  roCreate: ro, roReplace: ro, roDelete: ro, roMetadataReplace: ro, roElementAction: ro, roStorySend: ro, roReadyToAir: ro,
  roStoryAppend: ro, roStoryInsert: ro, roStoryReplace: ro, roStoryMove: ro, roStoryMoveMultiple: ro, roStorySwap: ro, roStoryDelete: ro,
  roItemInsert: ro, roItemReplace: ro, roItemDelete: ro, roItemMoveMultiple: ro,
  roReq: (a, ctx, m) => a.roList(ctx, m.roId),
  roReqAll: (a, ctx) => a.roListAll(ctx),
  // MOS 2.8.5: roElementStat is bidirectional; an NRCS telling us a status is acknowledged.
  roElementStat: statAck,
  roItemStat: statAck,
  roCtrl: statAck,
  mosObjCreate: (a, ctx, m) => a.createPlaceholder(ctx, m),
  mosReqSearchableSchema: (a) => a.searchableSchema(),
  mosReqObjList: (a, ctx, m) => a.search(ctx, m),
};
