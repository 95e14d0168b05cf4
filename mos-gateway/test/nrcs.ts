import { MosConnection, type MosDevice } from '@mos-connection/connector';
import { freePort } from '@cutaway/shared/testing';
import { getMosTypes, type IMOSItem, type IMOSItemStatus, type IMOSObject, type IMOSROAck, type IMOSRunningOrder } from '@mos-connection/model';

/**
 * An NRCS played by @mos-connection/connector (NRK's independent MOS implementation) in NCS mode.
 * Quirk (mos.md §5 "Found in testing" 1): as an NCS it writes its OWN configured id into <mosID>,
 * so it is configured with the gateway's mosID. It listens on free ports of its own for the
 * gateway's device-initiated messages (mosListAll, mosObj, roElementStat, heartbeats, roReqAll).
 */
export const mosTypes = getMosTypes(false);
export const s128 = (s: string) => mosTypes.mosString128.create(s);

/** Ports for the NRCS and gateways that restart on the same address (see @cutaway/shared/testing). */
export { freePort };

export interface FakeNrcs {
  ncsId: string;
  ports: { lower: number; upper: number; query: number };
  device: MosDevice;
  objects: IMOSObject[];
  itemStatuses: IMOSItemStatus[];
  replacedItems: Array<{ roId: string; storyId: string; item: IMOSItem }>;
  runningOrders: Map<string, IMOSRunningOrder>;
  waitFor<T>(check: () => T | undefined | null | false, timeoutMs?: number, what?: string): Promise<T>;
  close(): Promise<void>;
}

export async function startNrcs(o: { gatewayMosId: string; ncsId: string; gateway: { lower: number; upper: number; query: number }; ports?: { lower: number; upper: number; query: number }; heartbeatMs?: number; runningOrders?: Iterable<[string, IMOSRunningOrder]> }): Promise<FakeNrcs> {
  const ports = o.ports ?? { lower: await freePort(), upper: await freePort(), query: await freePort() };
  const objects: IMOSObject[] = [];
  const itemStatuses: IMOSItemStatus[] = [];
  const replacedItems: Array<{ roId: string; storyId: string; item: IMOSItem }> = [];
  // Seeded before the NRCS listens: a gateway may ask roReqAll the moment it connects.
  const runningOrders = new Map<string, IMOSRunningOrder>(o.runningOrders ?? []);
  const conn = new MosConnection({
    mosID: o.gatewayMosId, acceptsConnections: true, isNCS: true, strict: false, debug: false, ports,
    profiles: { '0': true, '1': true, '2': true, '3': true, '4': true, '5': false, '6': false, '7': false },
  });
  conn.on('error', () => undefined);
  const ack = (id: string): IMOSROAck => ({ ID: s128(id), Status: s128('OK'), Stories: [] });
  const setup = (d: MosDevice) => {
    d.onRequestMachineInfo(async () => ({
      manufacturer: s128('NRK test NRCS'), model: s128('connector'), hwRev: s128(''), swRev: s128('4.1.1'), DOM: s128(''), SN: s128('1'), ID: s128(o.ncsId),
      time: mosTypes.mosTime.create(Date.now()), mosRev: s128('2.8.5'), supportedProfiles: { deviceType: 'NCS', profile0: true, profile1: true, profile2: true, profile3: true, profile4: true },
    }));
    d.onMOSObjects(async (objs) => {
      objects.push(...objs);
      return { ID: s128(''), Revision: 0, Status: 'ACK' as never, Description: s128('') };
    });
    d.onItemStatus(async (st) => {
      itemStatuses.push(st);
      return ack(mosTypes.mosString128.stringify(st.RunningOrderId));
    });
    // connector 4.1.1 hands this callback `mosItemReplace.ID`/`.itemID` instead of roID/storyID (its bug),
    // so both arrive undefined; the item itself is parsed correctly.
    d.onItemReplace(async (roId, storyId, item) => {
      const text = (v: unknown) => (v ? mosTypes.mosString128.stringify(v as never) : '');
      replacedItems.push({ roId: text(roId), storyId: text(storyId), item });
      return ack(text(roId));
    });
    d.onRequestAllRunningOrders(async () => [...runningOrders.values()]);
    d.onRequestRunningOrder(async (id) => runningOrders.get(mosTypes.mosString128.stringify(id)) ?? null);
    d.onRunningOrderStatus(async (st) => ack(mosTypes.mosString128.stringify(st.ID)));
    d.onStoryStatus(async (st) => ack(mosTypes.mosString128.stringify(st.RunningOrderId)));
  };
  conn.onConnection(setup);
  await conn.init();
  const device = await conn.connect({ primary: { id: o.ncsId, host: '127.0.0.1', ports: o.gateway, timeout: 5000, heartbeatInterval: o.heartbeatMs ?? 2000 } });
  setup(device);
  return {
    ncsId: o.ncsId, ports, device, objects, itemStatuses, replacedItems, runningOrders,
    async waitFor(check, timeoutMs = 20_000, what = 'condition') {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const v = check();
        if (v) return v;
        if (Date.now() > deadline) throw new Error(`fake NRCS: ${what} not met in ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => conn.dispose(),
  };
}
