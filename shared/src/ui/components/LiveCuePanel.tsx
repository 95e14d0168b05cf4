import { useCallback, useEffect, useState } from 'react';
import type { CutawayClient } from '../../client/index';
import type { CutawayEvent, LiveChannel, LiveClip, LiveCueRef } from '../../schemas/index';
import { userMessage } from '../errors';

export interface LiveCuePanelProps {
  client: CutawayClient;
  /** The rundown item the clip is for (MOS plug-in in a story); a repeated Mark in then returns the same clip. */
  cue?: LiveCueRef | null;
  /** Clip title; default: the channel's name and the time of the mark. */
  title?: string;
  /** Live events when the front end has them (the panel); without, the clip is polled. */
  subscribe?: (fn: (e: CutawayEvent) => void) => () => void;
  pollMs?: number;
}

const STEPS: Record<LiveClip['state'], { step: number; label: string }> = {
  waiting: { step: 1, label: 'Recording…' },
  growing: { step: 1, label: 'Recording — searchable while it grows' },
  instant: { step: 2, label: 'Ready (instant master) — frame-exact pass running' },
  exact: { step: 3, label: 'Ready, frame-exact' },
  failed: { step: 3, label: 'Failed' },
};

const clock = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

/**
 * Mark in / Mark out on a live channel (issue 11 "From the rundown"): Mark in opens a clip at now, Mark out closes it;
 * the clip's progress (recording, instant master, frame-exact master) follows. Renders nothing when the server has
 * no live channel. Every action is one call of the shared client; the cue logic lives in platform-api.
 */
export function LiveCuePanel({ client, cue = null, title, subscribe, pollMs = 1000 }: LiveCuePanelProps) {
  const [channels, setChannels] = useState<LiveChannel[] | null>(null);
  const [channelId, setChannelId] = useState<string | null>(null);
  const [clip, setClip] = useState<LiveClip | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    let gone = false;
    client.listLiveChannels().then(
      (list) => {
        if (gone) return;
        setChannels(list);
        setChannelId((id) => id ?? list.find((c) => c.state === 'live')?.id ?? list[0]?.id ?? null);
      },
      () => !gone && setChannels([]),
    );
    return () => {
      gone = true;
    };
  }, [client]);

  // In a story: pick up the item's clip if one was cued already (another front end, the NRCS).
  useEffect(() => {
    if (!cue || !channelId) return;
    let gone = false;
    client.listLiveClips(channelId).then(
      (list) => {
        const mine = list.filter((c) => c.cue && c.cue.roId === cue.roId && c.cue.storyId === cue.storyId && c.cue.itemId === cue.itemId).at(-1);
        if (!gone && mine) setClip(mine);
      },
      () => undefined,
    );
    return () => {
      gone = true;
    };
  }, [client, channelId, cue]);

  const open = clip !== null && clip.outAt === null && clip.state !== 'failed';
  const settled = clip !== null && (clip.state === 'exact' || clip.state === 'failed');

  useEffect(() => {
    if (!clip || settled) return;
    const t = setInterval(() => {
      setNow(Date.now());
      client.getLiveClip(clip.channelId, clip.id).then(setClip, () => undefined);
    }, pollMs);
    return () => clearInterval(t);
  }, [client, clip, settled, pollMs]);

  useEffect(() => {
    if (!subscribe || !clip) return;
    return subscribe((e) => {
      if (e.type === 'live.clip' && e.clip.id === clip.id) setClip(e.clip);
    });
  }, [subscribe, clip]);

  const act = useCallback(async (fn: () => Promise<LiveClip>) => {
    setBusy(true);
    setError(null);
    try {
      setClip(await fn());
      setNow(Date.now());
    } catch (err) {
      setError(userMessage(err));
    } finally {
      setBusy(false);
    }
  }, []);

  if (!channels || channels.length === 0) return null;
  const channel = channels.find((c) => c.id === channelId) ?? null;
  const markIn = () =>
    channel &&
    act(async () => {
      const name = title?.trim() || `${channel.name} ${new Date().toTimeString().slice(0, 8)}`;
      return (await client.createLiveClip(channel.id, { inAt: new Date().toISOString(), title: name, ...(cue ? { cue } : {}) })).clip;
    });
  const markOut = () => clip && act(() => (cue ? client.cueOutLive(clip.channelId, cue) : client.stopLiveClip(clip.channelId, clip.id)));
  const step = clip ? STEPS[clip.state] : null;
  const lengthMs = clip ? (clip.outAt ? Date.parse(clip.outAt) : now) - Date.parse(clip.inAt) : 0;

  return (
    <div className="cw-panel cw-livecue" aria-label="Live clip">
      <div className="cw-row">
        <span className="cw-muted cw-chip-label">Live</span>
        <select className="cw-select cw-grow" aria-label="Live channel" value={channelId ?? ''} disabled={open} onChange={(e) => (setChannelId(e.target.value), setClip(null))}>
          {channels.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} — {c.state}
            </option>
          ))}
        </select>
      </div>
      <div className="cw-row cw-livecue-buttons">
        <button type="button" className="cw-button cw-primary" disabled={busy || open || !channel || channel.state === 'stopped'} onClick={() => void markIn()} data-testid="mark-in">
          Mark in
        </button>
        <button type="button" className="cw-button" disabled={busy || !open} onClick={() => void markOut()} data-testid="mark-out">
          Mark out
        </button>
        {clip && (
          <span className={`cw-ml ${open ? 'cw-rec' : 'cw-muted'}`} data-testid="clip-length">
            {open ? '● REC ' : ''}
            {clock(lengthMs)}
          </span>
        )}
      </div>
      {clip && step && (
        <div className="cw-livecue-state" role="status" data-testid="clip-state" data-state={clip.state}>
          <div className="cw-row">
            <span className={clip.state === 'failed' ? 'cw-error-text' : clip.state === 'exact' ? 'cw-ok' : ''}>{step.label}</span>
          </div>
          <div className="cw-progress" aria-hidden="true">
            <div className="cw-progress-fill" style={{ width: `${Math.round((step.step / 3) * 100)}%` }} />
          </div>
          <div className="cw-muted cw-livecue-title">
            “{clip.title}”{cue ? ` · story item ${cue.itemId}` : ''}
          </div>
          {clip.gaps.length > 0 && <div className="cw-muted">Source dropped out {clip.gaps.length}× — made from what was recorded.</div>}
          {clip.failure && <div className="cw-error-text">{clip.failure.message}</div>}
        </div>
      )}
      {error && (
        <div className="cw-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
