import { useEffect, useState } from 'react';
import type { LiveChannel, LiveCueRef } from '@cutaway/shared';
import type { CutawayClient } from '@cutaway/shared/client';
import { LiveCuePanel } from '@cutaway/shared/ui';
import type { MessageOf, MosItem } from '../../src/codec/index';
import { esc } from '../../src/codec/xml';
import { liveMem } from '../../src/live-cue/live-ref';
import type { HostLink } from './host-link';
import { ncsItemXml } from './ncs-item';

/** A story item that references a live channel (live-cue/live-ref.ts): the gateway cues it from the rundown. */
export function liveItem(channel: LiveChannel, mosId: string): MosItem {
  return { itemId: '0', itemSlug: `LIVE ${channel.name}`.slice(0, 128), objId: channel.id, mosId, objSlug: channel.name.slice(0, 128), mosAbstract: esc(`Live: ${channel.name}`), mem: [liveMem(channel.id, channel.name)] };
}

/**
 * The live part of the plug-in: drag a live channel into the story (the item the producer then cues), and — when the
 * host opened the plug-in on a story item (ncsAppInfo with roID/storyID/item) — Mark in / Mark out for that item.
 */
export function LiveSection({ client, host, mosId, context }: { client: CutawayClient; host: HostLink; mosId: string; context: MessageOf<'ncsAppInfo'> | null }) {
  const [channels, setChannels] = useState<LiveChannel[]>([]);
  useEffect(() => {
    client.listLiveChannels().then(setChannels, () => setChannels([]));
  }, [client]);
  if (channels.length === 0) return null;
  const cue: LiveCueRef | null = context?.roId && context.storyId && context.item?.itemId ? { roId: context.roId, storyId: context.storyId, itemId: context.item.itemId } : null;
  return (
    <div className="mp-live" data-testid="live">
      <div className="cw-row cw-pad">
        {channels.map((c) => (
          <div
            key={c.id}
            className="mp-drag mp-live-drag"
            draggable
            onDragStart={(e) => {
              e.dataTransfer.effectAllowed = 'copy';
              e.dataTransfer.setData('text', ncsItemXml(liveItem(c, mosId)));
            }}
            onDoubleClick={() => host.embedded && host.send({ type: 'ncsItem', item: liveItem(c, mosId) })}
            title="Drag into the story; the producer cues it in and out"
          >
            ⠿ LIVE {c.name} <span className="cw-muted">({c.state})</span>
          </div>
        ))}
      </div>
      {cue && <LiveCuePanel client={client} cue={cue} title={context?.item?.itemSlug ?? ''} />}
    </div>
  );
}
