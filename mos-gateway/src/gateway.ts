import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { AppError, isAppError, type Asset, type CutawayEvent, type MediaLinks } from '@cutaway/shared';
import { connectEvents, type CutawayClient, type EventsConnection, type WebSocketConstructor } from '@cutaway/shared/client';
import { decode, encode, type MessageOf, type MosMessage, type MosObject } from './codec/index';
import type { GatewayConfig, PeerConfig } from './config';
import { encodeWire, MosFramer } from './framing/framer';
import { InboundDedup } from './session/inbound-dedup';
import { MessageIds } from './session/message-ids';
import { OutboundSession, type SessionEvent } from './session/outbound-session';
import { OutboxFile } from './session/outbox-file';
import { HANDLERS, type DeviceActions, type MessageContext } from './sync/handlers';
import { isMosAsset, mosTime, toMosObject } from './sync/objects';
import { OrderedByKey } from './sync/ordered-by-key';
import { RoJournal } from './sync/ro-journal';
import { resyncPeer } from './sync/resync';
import { RundownSync, type RoCommand } from './sync/rundown-sync';
import { itemStatus } from './sync/status';
import type { PeerInfo } from './sync/to-rundown';
import { CUTAWAY_SCHEMA } from './sync/objects';
import { inboundConnection } from './transport/inbound';
import { listen } from './transport/listener';
import { TcpLink } from './transport/tcp-link';
import { timeBase } from './sync/media-time';
import { LiveCue } from './live-cue/live-cue';

export const VERSION = '0.1.0';

interface PeerLinks {
  config: PeerConfig;
  info: PeerInfo;
  lower: OutboundSession;
  upper: OutboundSession;
  links: TcpLink[];
}

export interface RunningGateway {
  ports: { lower: number; upper: number; query: number };
  sync: RundownSync;
  close(): Promise<void>;
}

/**
 * The MOS device: listens on lower/upper/query for NRCS-initiated messages, dials each NRCS's
 * lower/upper for device-initiated ones, keeps running orders in step with platform-api and
 * reports item readiness from platform-api's events. Talks to platform-api only through the client.
 */
export async function startGateway(config: GatewayConfig, deps: { api: CutawayClient; log: Logger; WebSocketImpl?: WebSocketConstructor; onAnswered?: (type: string, ms: number) => void }): Promise<RunningGateway> {
  const { api, log } = deps;
  mkdirSync(config.dataDir, { recursive: true });
  const idsFile = join(config.dataDir, 'message-ids.json');
  const ids = new MessageIds({
    load: () => {
      try {
        return (JSON.parse(readFileSync(idsFile, 'utf8')) as { next: number }).next;
      } catch {
        return null;
      }
    },
    save: (next) => writeFileSync(idsFile, JSON.stringify({ next })),
  });

  const peerInfos = new Map<string, PeerInfo>(config.peers.map((p) => [p.ncsId, { ncsId: p.ncsId, nrcs: p.nrcs, mosId: config.mosId }]));
  const assetCache = new Map<string, Asset>();
  const rememberAsset = (a: Asset) => assetCache.set(a.id, a);
  const dedup = new InboundDedup();
  const sync = new RundownSync({
    dedup,
    api, journal: new RoJournal(config.dataDir), log: log.child({ component: 'rundown-sync' }), peers: peerInfos,
    timeBase: (id) => {
      const a = assetCache.get(id);
      return a ? timeBase(a) : undefined;
    },
    prefetch: async (idsToFetch) => {
      await Promise.all(idsToFetch.filter((id) => !assetCache.has(id)).map((id) => api.getAsset(id).then(rememberAsset, (err: unknown) => log.warn({ err: (err as Error).message, assetId: id }, 'asset not read; item times stay unset'))));
    },
  });
  const replayed = sync.recover((xml) => decode(xml).message);
  if (replayed) log.info({ replayed }, 'running orders recovered from the journal');

  // ---- device-initiated sessions, one pair per NRCS ----
  const peers = new Map<string, PeerLinks>();
  for (const p of config.peers) {
    const plog = log.child({ component: 'nrcs', ncsId: p.ncsId });
    const coalescedCount = { lower: 0, upper: 0 };
    const makeSession = (port: 'lower' | 'upper') => {
      const outbox = new OutboxFile(config.dataDir, p.ncsId, port);
      const session = new OutboundSession({
        ackTimeoutMs: p.ackTimeoutMs, retries: p.retries, heartbeatMs: p.heartbeatMs, takeId: () => ids.take(), outbox,
        encode: (messageId, message) => encodeWire(encode({ mosId: config.mosId, ncsId: p.ncsId, messageId }, message), p.encoding, p.bom),
        onEvent: (e: SessionEvent) => {
          if (e.kind === 'failed') plog.warn({ port, mosMessageId: e.messageId, type: e.type }, e.error.message);
          else if (e.kind === 'timeout') plog.debug({ port, mosMessageId: e.messageId, attempt: e.attempt }, 'ack timeout; resending');
          else if (e.kind === 'coalesced') {
            plog.debug({ port, mosMessageId: e.messageId, by: e.by, type: e.type }, 'queued state message superseded by a newer one');
            // Counted always; logged at 1, 10, 100 … so a long outage leaves a trace without a line per message.
            const n = (coalescedCount[port] += 1);
            if (/^10*$/.test(String(n))) plog.info({ port, coalescedTotal: n }, 'state messages coalesced while waiting for the NRCS');
          }
          else if (e.kind === 'outbox_error') plog.error({ port, mosMessageId: e.messageId, err: e.error.message }, 'outbox write failed; the message is sent but would not survive a restart');
        },
      });
      // A torn last line (power cut mid-append) belonged to a message never reported queued nor sent.
      if (outbox.stats.tornLines) plog.warn({ port, tornLines: outbox.stats.tornLines, file: outbox.path }, 'outbox: unreadable lines dropped on replay');
      return session;
    };
    const lower = makeSession('lower');
    const upper = makeSession('upper');
    if (lower.restored + upper.restored || lower.coalesced + upper.coalesced) {
      plog.info({ lower: lower.restored, upper: upper.restored, coalesced: lower.coalesced + upper.coalesced }, 'unanswered messages from the last run queued again');
    }
    // Coalescing is counted per port and reported each time the NRCS comes back (MOS state messages, coalesce.ts).
    const reportedCoalesced = { lower: lower.coalesced, upper: upper.coalesced };
    const links = ([['lower', p.lowerPort, lower], ['upper', p.upperPort, upper]] as const).map(([port, portNo, session]) => {
      const framer = new MosFramer({ encoding: 'auto', maxBytes: config.maxMessageBytes });
      let write: ((b: Buffer) => void) | null = null;
      return new TcpLink({
        host: p.host, port: portNo, minBackoffMs: 500, maxBackoffMs: 30_000, log: plog,
        onUp: (w) => {
          write = w;
          if (session.coalesced > reportedCoalesced[port]) {
            plog.info({ port, coalesced: session.coalesced - reportedCoalesced[port], coalescedTotal: session.coalesced, queued: session.queued }, 'state messages coalesced while the NRCS was unreachable');
            reportedCoalesced[port] = session.coalesced;
          }
          session.connected(w);
          // Every time the running-order port comes up (start, NRCS restart), catch up on what was missed.
          if (port === 'upper') resyncAll(p.ncsId);
        },
        onDown: () => {
          write = null;
          session.disconnected();
        },
        onData: (chunk) => {
          for (const e of framer.push(chunk)) {
            if (e.kind !== 'message') continue;
            try {
              const doc = decode(e.xml);
              // A request arriving on our own socket (an NRCS heartbeat) is answered there; replies go to the session.
              const h = doc.message.type === 'heartbeat' && session.queued === 0;
              if (h && write) write(encodeWire(encode({ mosId: config.mosId, ncsId: p.ncsId, messageId: doc.envelope.messageId }, { type: 'heartbeat', time: mosTime(new Date()) }), p.encoding, p.bom));
              else session.onReply(doc.envelope.messageId, doc.message);
            } catch (err) {
              plog.warn({ err: isAppError(err) ? err.message : String(err), port }, 'unreadable reply');
            }
          }
        },
      });
    });
    peers.set(p.ncsId, { config: p, info: peerInfos.get(p.ncsId)!, lower, upper, links });
  }

  // Live cue-in/out from the rundown (live-cue/, issue 11).
  const liveCue = new LiveCue({
    api, sync, mosId: config.mosId, log: log.child({ component: 'live-cue' }), ...(config.liveStatuses ? { statuses: config.liveStatuses } : {}),
    peer: (ncsId) => {
      const p = peers.get(ncsId);
      return p && { sendItemReplace: p.config.sendItemReplace, mosVersion: p.config.mosVersion, send: (m) => p.upper.request(m) };
    },
  });

  // ---- objects and status ----
  const linksOf = (id: string): Promise<MediaLinks | null> => api.mediaLinks(id).catch(() => null);
  async function objectFor(a: Asset, status?: 'NEW' | 'UPDATED' | 'DELETED', withMoments = false): Promise<MosObject> {
    const [links, moments] = await Promise.all([linksOf(a.id), api.moments(a.id).catch(() => [])]);
    return toMosObject(a, { links, momentCount: moments.length, ...(withMoments ? { moments: moments.slice(0, 20) } : {}), ...(status ? { status } : {}) });
  }

  const statusSend = (peer: PeerLinks, i: { roId: string; storyId: string; itemId: string; objId: string; itemChannel?: string }, status: string) => {
    const time = mosTime(new Date());
    const msg: MosMessage = peer.config.mosVersion === '2.6'
      ? { type: 'roItemStat', roId: i.roId, storyId: i.storyId, itemId: i.itemId, objId: i.objId, ...(i.itemChannel ? { itemChannel: i.itemChannel } : {}), status, time }
      : { type: 'roElementStat', element: 'ITEM', roId: i.roId, storyId: i.storyId, itemId: i.itemId, objId: i.objId, ...(i.itemChannel ? { itemChannel: i.itemChannel } : {}), status, time };
    peer.upper.request(msg).catch((err: unknown) => log.warn({ err: (err as Error).message, ncsId: peer.config.ncsId }, 'status not delivered'));
  };

  /** Reports every item of `assetId` whose status changed since we last said (READY / NOT READY / DELETED). */
  async function reportStatus(assetId: string, asset: Asset | null): Promise<void> {
    const links = asset ? await linksOf(assetId) : null;
    const status = itemStatus(asset, links);
    for (const peer of peers.values()) {
      // An asset event can come before a replayed running order's first push: compare with the statuses stored
      // in platform-api, not with none (which would report every item again after a restart).
      const ros = new Set(sync.itemsUsing(peer.config.ncsId, assetId, config.mosId).map((i) => i.roId));
      await Promise.all([...ros].map((roId) => sync.loadStatuses(peer.config.ncsId, roId).catch((err: unknown) => log.debug({ err: (err as Error).message, roId }, 'stored item statuses not read'))));
      for (const i of sync.itemsUsing(peer.config.ncsId, assetId, config.mosId)) {
        if (i.lastStatus === status) continue;
        sync.setStatus(peer.config.ncsId, i.roId, i.storyId, i.itemId, status);
        statusSend(peer, i, status);
      }
    }
  }

  // Item statuses from asset events are worked out one event at a time per asset, so the last event's wins.
  const statusReports = new OrderedByKey();
  const reportInOrder = (assetId: string, a: Asset | null) =>
    void statusReports.serial(assetId, () => reportStatus(assetId, a), (err: unknown) => log.warn({ err, assetId }, 'status report failed'));

  sync.onPushed((peer) => {
    // After a running order is written, tell the NRCS the state of every item that plays one of our assets.
    const ids = new Set(sync.list(peer.ncsId).flatMap((ro) => ro.stories.flatMap((s) => s.items.filter((i) => i.mosId === config.mosId && i.objId).map((i) => i.objId!))));
    for (const id of ids) {
      const known = assetCache.get(id);
      const p = known ? Promise.resolve(known) : api.getAsset(id).then((a) => (rememberAsset(a), a), (e: unknown) => (isAppError(e, 'asset.not_found') ? null : Promise.reject(e)));
      p.then((a) => reportInOrder(id, a)).catch((err: unknown) => log.warn({ err: (err as Error).message, assetId: id }, 'could not report item status'));
    }
  });

  /**
   * mosItemReplace (MOS 2.8.5 §3.2.4, MOS → NCS on upper): when an asset's media changes (ingest
   * finished, placeholder filled), every item that plays it gets its new duration, rate and paths.
   */
  async function replaceItems(a: Asset): Promise<void> {
    const links = await linksOf(a.id);
    const obj = toMosObject(a, { links, momentCount: 0 });
    for (const peer of peers.values()) {
      if (!peer.config.sendItemReplace) continue;
      for (const ro of sync.list(peer.config.ncsId)) {
        for (const st of ro.stories) {
          for (const i of st.items) {
            if (i.objId !== a.id || i.mosId !== config.mosId) continue;
            const item = { ...i, objSlug: obj.objSlug, ...(obj.objDur !== undefined ? { objDur: obj.objDur } : {}), ...(obj.objTb !== undefined ? { objTb: obj.objTb } : {}), ...(obj.objPaths ? { objPaths: obj.objPaths } : {}) };
            sync.accept(peer.config.ncsId, { type: 'mosItemReplace', roId: ro.roId, storyId: st.storyId, item });
            peer.upper.request({ type: 'mosItemReplace', roId: ro.roId, storyId: st.storyId, item }).catch((err: unknown) => log.warn({ err: (err as Error).message, roId: ro.roId }, 'mosItemReplace not acknowledged'));
          }
        }
      }
    }
  }

  // Built concurrently, queued in event order per asset (ordered-by-key.ts): the newest edit is queued last.
  const objectPushes = new OrderedByKey();
  const pushObject = (a: Asset | null, id: string, status: 'NEW' | 'UPDATED' | 'DELETED') => {
    const made: Promise<MosObject> = a ? objectFor(a, status) : Promise.resolve({ objId: id, objSlug: '', status, mem: [] });
    void objectPushes.run(id, made, (obj) => {
      for (const peer of peers.values()) peer.lower.request({ type: 'mosObj', obj }).catch((err: unknown) => log.debug({ err: (err as Error).message }, 'mosObj push not acknowledged'));
    }, (err: unknown) => log.warn({ err }, 'could not build mosObj'));
  };

  const onEvent = (e: CutawayEvent) => {
    switch (e.type) {
      case 'live.clip':
        liveCue.onEvent(e);
        break;
      case 'asset.created':
        rememberAsset(e.asset);
        if (isMosAsset(e.asset)) pushObject(e.asset, e.asset.id, 'NEW');
        break;
      case 'asset.ready':
      case 'asset.updated':
        if (e.type === 'asset.ready') replaceItems(e.asset).catch((err: unknown) => log.warn({ err }, 'mosItemReplace failed'));
        rememberAsset(e.asset);
        if (isMosAsset(e.asset)) pushObject(e.asset, e.asset.id, 'UPDATED');
        reportInOrder(e.asset.id, e.asset);
        break;
      case 'asset.restore_late': {
        // platform-api publishes asset.updated (restore.late) first; this covers a late warning that came alone.
        const known = assetCache.get(e.assetId);
        if (known?.restore.late) break;
        api.getAsset(e.assetId).then((a) => {
          rememberAsset(a);
          if (isMosAsset(a)) pushObject(a, a.id, 'UPDATED');
          reportInOrder(a.id, a);
        }).catch((err: unknown) => log.warn({ err, assetId: e.assetId }, 'restore_late not reported'));
        break;
      }
      case 'asset.failed':
        api.getAsset(e.assetId).then((a) => (rememberAsset(a), reportInOrder(a.id, a))).catch(() => undefined);
        break;
      case 'asset.deleted':
        assetCache.delete(e.assetId);
        pushObject(null, e.assetId, 'DELETED');
        reportInOrder(e.assetId, null);
        break;
      default:
    }
  };

  // ---- answers to NRCS-initiated messages ----
  const actions: DeviceActions = {
    machineInfo: () => ({
      type: 'listMachInfo', manufacturer: 'Cutaway', model: 'Cutaway MOS gateway', hwRev: '', swRev: VERSION, dom: '', sn: config.mosId, id: config.mosId,
      time: mosTime(new Date()), mosRev: '2.8.5', deviceType: 'MOS',
      // The profiles we really implement (issue 9): 0–4; 5 (item control), 6, 7 are not claimed.
      profiles: { 0: true, 1: true, 2: true, 3: true, 4: true, 5: false, 6: false, 7: false },
    }),
    async object(_ctx, objId) {
      const a = await api.getAsset(objId).catch((e: unknown) => (isAppError(e, 'asset.not_found') || isAppError(e, 'request.invalid') ? null : Promise.reject(e)));
      if (!a || !isMosAsset(a)) return { type: 'mosAck', objId, status: 'NACK', statusDescription: `Unknown object ${objId}`.slice(0, 128) };
      rememberAsset(a);
      return { type: 'mosObj', obj: await objectFor(a) };
    },
    startListAll(ctx, pause) {
      const peer = peers.get(ctx.ncsId);
      if (!peer) return;
      (async () => {
        const objs: MosObject[] = [];
        let cursor: string | undefined;
        do {
          const page = await api.listAssets({ limit: 200, ...(cursor ? { cursor } : {}) });
          for (const a of page.items) if (isMosAsset(a) && a.status !== 'failed') objs.push(await objectFor(a));
          cursor = page.nextCursor ?? undefined;
        } while (cursor && objs.length < 10_000);
        if (pause > 0) {
          // MOS 2.8.5 §3.1.4: one mosObj every `pause` seconds, then stop.
          for (const obj of objs) {
            await peer.lower.request({ type: 'mosObj', obj });
            await new Promise((r) => setTimeout(r, pause * 1000));
          }
        } else await peer.lower.request({ type: 'mosListAll', objs });
      })().catch((err: unknown) => log.warn({ err: (err as Error).message, ncsId: ctx.ncsId }, 'mosReqAll answer not delivered'));
    },
    ro(ctx, cmd: RoCommand) {
      const roId = 'ro' in cmd ? cmd.ro.roId : cmd.roId;
      try {
        sync.accept(ctx.ncsId, cmd, ctx.xml, ctx.seen);
      } catch (err) {
        if (!isAppError(err)) throw err;
        if (err.code === 'mos.ro_not_found') resync(ctx.ncsId, roId);
        return { type: 'roAck', roId, roStatus: err.message.slice(0, 128), items: [] };
      }
      return { type: 'roAck', roId, roStatus: 'OK', items: [] };
    },
    roList(ctx, roId) {
      const ro = sync.get(ctx.ncsId, roId);
      return ro ? { type: 'roList', ro } : { type: 'roAck', roId, roStatus: `Unknown running order ${roId}`.slice(0, 128), items: [] };
    },
    roListAll: (ctx) => ({ type: 'roListAll', ros: sync.list(ctx.ncsId).map(({ stories: _s, ...h }) => h) }),
    async createPlaceholder(ctx, m: MessageOf<'mosObjCreate'>) {
      const type = m.objType === 'AUDIO' ? 'audio' : m.objType === 'STILL' ? 'image' : 'video';
      // The resend of a mosObjCreate (same messageID, same document, MOS 2.8.5 §4.1.6) must not make a second
      // placeholder, also when this process died between platform-api's create and the ack: platform-api binds
      // the key to the asset id before creating it, so a repeat after any restart answers the same objID.
      const idempotencyKey = ctx.seen ? `mosObjCreate\n${ctx.seen.ncsId}\n${ctx.seen.port}\n${ctx.seen.messageId}\n${ctx.seen.hash}` : undefined;
      const a = await api.createPlaceholder({ title: m.objSlug || 'Untitled', description: '', tags: [], type, ref: `${ctx.ncsId} mosObjCreate`, ...(idempotencyKey ? { idempotencyKey } : {}) });
      rememberAsset(a);
      // MOS 2.8.5 §2.4: success = ACK with the new objID in statusDescription; the mosObj follows.
      return { type: 'mosAck', objId: a.id, status: 'ACK', statusDescription: a.id };
    },
    searchableSchema: () => ({ type: 'mosListSearchableSchema', schemas: [CUTAWAY_SCHEMA] }),
    itemCue: (ctx, m) => liveCue.onMessage(ctx.ncsId, m),
    async search(_ctx, m) {
      const q = (m.generalSearch ?? '').trim();
      const start = Math.max(1, m.listReturnStart ?? 1);
      const end = Math.max(start, Math.min(start + 49, m.listReturnEnd ?? start + 19));
      if (!q) return { type: 'mosObjList', queryId: m.queryId, listReturnStart: 0, listReturnEnd: 0, listReturnTotal: 0, listReturnStatus: 'Type a search', objs: [] };
      const result = await api.search({ q, limit: Math.min(50, end), moments: 5 });
      const hits = result.items.filter((h) => isMosAsset(h.asset)).slice(start - 1, end);
      const objs = await Promise.all(hits.map(async (h) => toMosObject(h.asset, { links: await linksOf(h.asset.id), momentCount: h.moments.length, moments: h.moments })));
      return { type: 'mosObjList', ...(m.username ? { username: m.username } : {}), queryId: m.queryId, listReturnStart: objs.length ? start : 0, listReturnEnd: objs.length ? start + objs.length - 1 : 0, listReturnTotal: result.items.length, objs };
    },
  };

  /** On (re)connect: ask the NRCS for its running orders and reconcile (MOS 2.8.5 §3.5 roReqAll → roListAll, roReq each). */
  const resyncing = new Set<string>();
  function resyncAll(ncsId: string) {
    const peer = peers.get(ncsId);
    if (!peer || resyncing.has(ncsId)) return;
    resyncing.add(ncsId);
    resyncPeer({ ncsId, request: (m) => peer.upper.request(m), sync, api, log })
      .then((r) => r && log.info({ ncsId, listed: r.listed, replaced: r.replaced, unchanged: r.unchanged, skipped: r.skipped, deleted: r.deleted }, 'running orders resynced from the NRCS'))
      .catch((err: unknown) => log.warn({ err: (err as Error).message, ncsId }, 'running-order resync failed'))
      .finally(() => resyncing.delete(ncsId));
  }

  /** An action on an unknown running order: NACK it and pull the NRCS's version (MOS 2.8.5 §3.5.1 roReq from MOS). */
  function resync(ncsId: string, roId: string) {
    const peer = peers.get(ncsId);
    peer?.upper
      .request({ type: 'roReq', roId })
      .then((reply) => {
        if (reply.type === 'roList') sync.accept(ncsId, { type: 'roCreate', ro: reply.ro });
      })
      .catch((err: unknown) => log.debug({ err: (err as Error).message, roId }, 'roReq resync failed'));
  }

  const handle = async (port: MessageContext['port'], ncsId: string, message: MosMessage, xml: string, seen: MessageContext['seen']): Promise<MosMessage | null> => {
    const h = HANDLERS[message.type] as ((a: DeviceActions, c: MessageContext, m: MosMessage) => Promise<MosMessage | null> | MosMessage | null) | undefined;
    if (!h) throw new AppError('mos.message_unknown', `${message.type} is not supported by this device`);
    return h(actions, { ncsId, port, xml, seen }, message);
  };

  const servers = await Promise.all(
    (['lower', 'upper', 'query'] as const).map((port) =>
      listen(config.listenHost, config.ports[port], log, (write, remote) =>
        inboundConnection(
          {
            port, mosId: config.mosId, maxBytes: config.maxMessageBytes, log: log.child({ component: 'mos-in' }),
            encodingOf: (ncsId) => { const p = peers.get(ncsId)?.config; return p ? { encoding: p.encoding, bom: p.bom } : null; },
            knownNcs: (ncsId) => peers.has(ncsId), dedup, ...(deps.onAnswered ? { onAnswered: deps.onAnswered } : {}),
            handle: (ncsId, message, _env, xml, seen) => handle(port, ncsId, message, xml, seen),
          },
          write,
          remote,
        ),
      ),
    ),
  );

  const events: EventsConnection = connectEvents({
    baseUrl: config.apiUrl, token: config.apiToken, ...(deps.WebSocketImpl ? { WebSocketImpl: deps.WebSocketImpl } : {}), onEvent,
    onState: (s) => log.debug({ state: s.status }, 'platform-api events'),
  });

  for (const peer of peers.values()) for (const l of peer.links) l.start();

  const ports = { lower: servers[0]!.port, upper: servers[1]!.port, query: servers[2]!.port };
  log.info({ mosId: config.mosId, ports, peers: config.peers.map((p) => p.ncsId) }, 'mos-gateway listening');
  return {
    ports,
    sync,
    async close() {
      events.close();
      for (const peer of peers.values()) {
        peer.lower.close();
        peer.upper.close();
        for (const l of peer.links) l.close();
      }
      await Promise.race([sync.flush(), new Promise((r) => setTimeout(r, 3000).unref())]);
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
