import { describe, expect, it } from 'vitest';
import { decode, encode } from '../codec/index';
import { cueFromCtrl, cueFromStatus, statusMapFrom } from './cue-triggers';
import { LIVE_SCHEMA, liveChannelOf, liveMem } from './live-ref';

describe('live cue triggers and references', () => {
  it('maps roCtrl commands: EXECUTE opens, STOP closes, the rest change nothing', () => {
    expect(['EXECUTE', 'stop', 'READY', 'PAUSE', 'SIGNAL'].map(cueFromCtrl)).toEqual(['in', 'out', null, null, null]);
  });

  it('maps item statuses, configurable per deployment', () => {
    expect(['PLAY', 'STOP', 'READY', 'NOT READY', 'on air'].map((s) => cueFromStatus(s))).toEqual(['in', 'out', null, null, 'in']);
    const map = statusMapFrom({ CUTAWAY_MOS_LIVE_IN_STATUSES: 'cued, take', CUTAWAY_MOS_LIVE_OUT_STATUSES: 'done' });
    expect(['CUED', 'TAKE', 'DONE', 'PLAY'].map((s) => cueFromStatus(s, map))).toEqual(['in', 'in', 'out', null]);
  });

  it('finds the channel in the item reference, and only under our schema', () => {
    expect(liveChannelOf({ mem: [liveMem('chan01abc', 'Press <room>')] })).toBe('chan01abc');
    expect(liveChannelOf({ mem: [{ schema: 'urn:other', payload: '<channelId>chan01abc</channelId>' }] })).toBeNull();
    expect(liveChannelOf({ mem: [{ schema: LIVE_SCHEMA, payload: '<channelId>../../etc</channelId>' }] })).toBeNull();
  });

  it('reads and writes roCtrl (MOS 2.8.5 §3.9), empty item = the whole story', () => {
    const xml = encode({ mosId: 'a.mos', ncsId: 'N', messageId: 7 }, { type: 'roCtrl', roId: 'RO1', storyId: 'S1', command: 'EXECUTE' });
    expect(xml).toContain('<roCtrl><roID>RO1</roID><storyID>S1</storyID><itemID></itemID><command>EXECUTE</command></roCtrl>');
    expect(decode(xml).message).toEqual({ type: 'roCtrl', roId: 'RO1', storyId: 'S1', command: 'EXECUTE' });
  });
});
