import type { LiveClip, LiveClipAccepted, LiveCueRef } from '@cutaway/shared';
import { AppError } from '@cutaway/shared';
import type { Clock } from '../../ports/clock';
import type { LiveClipService } from './live-clip-service';

export interface MarkIn {
  cue: LiveCueRef;
  title: string;
  tags?: string[];
  /** Default: now. ISO 8601 or channel timecode, as for clips. */
  inAt?: string;
}

const sameCue = (a: LiveCueRef | null, b: LiveCueRef) =>
  a !== null && a.roId === b.roId && a.storyId === b.storyId && a.itemId === b.itemId && (a.ncsId ?? '') === (b.ncsId ?? '');

/**
 * The producer's cue-in / cue-out for a rundown item (issue 11 "From the rundown"), whatever sent it: an NRCS
 * control or status message through the MOS gateway, the MOS plug-in, the Premiere panel, a script. Cue-in opens
 * a clip for the item; a repeated cue-in while that clip is open (an NRCS resend, a double click, two front ends)
 * returns the same clip instead of making a second one. Cue-out closes it at now.
 */
export class LiveCueService {
  /** Cue-ins of one item are serialised, so two arriving together make one clip (one live process per deployment). */
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: { clips: LiveClipService; clock: Clock }) {}

  /** The item's open clip, if one is running. */
  async openClip(channelId: string, cue: LiveCueRef): Promise<LiveClip | null> {
    const clips = await this.deps.clips.list(channelId);
    return clips.find((c) => sameCue(c.cue, cue) && c.outAt === null && c.state !== 'failed') ?? null;
  }

  /** The item's latest clip on the channel (open or closed), for status displays. */
  async latestClip(channelId: string, cue: LiveCueRef): Promise<LiveClip | null> {
    const clips = (await this.deps.clips.list(channelId)).filter((c) => sameCue(c.cue, cue));
    return clips.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).at(-1) ?? null;
  }

  markIn(channelId: string, input: MarkIn): Promise<LiveClipAccepted & { existing: boolean }> {
    return this.serial(channelId, input.cue, async () => {
      const open = await this.openClip(channelId, input.cue);
      if (open) return { clipId: open.id, assetId: open.assetId, clip: open, existing: true };
      const made = await this.deps.clips.create(channelId, {
        inAt: input.inAt ?? this.deps.clock.now().toISOString(), title: input.title, cue: input.cue, ...(input.tags ? { tags: input.tags } : {}),
      });
      return { ...made, existing: false };
    });
  }

  /** Closes the item's open clip at now; `live.clip_not_found` when none is open. */
  markOut(channelId: string, cue: LiveCueRef): Promise<LiveClip> {
    return this.serial(channelId, cue, async () => {
      const open = await this.openClip(channelId, cue);
      if (!open) throw new AppError('live.clip_not_found', `No open clip for item ${cue.itemId} of story ${cue.storyId}`, { channelId, cue });
      return this.deps.clips.stop(channelId, open.id);
    });
  }

  private serial<T>(channelId: string, cue: LiveCueRef, work: () => Promise<T>): Promise<T> {
    const k = [channelId, cue.ncsId ?? '', cue.roId, cue.storyId, cue.itemId].join('\n');
    const run = (this.chains.get(k) ?? Promise.resolve()).then(work, work);
    const tail = run.catch(() => undefined);
    this.chains.set(k, tail);
    void tail.then(() => {
      if (this.chains.get(k) === tail) this.chains.delete(k);
    });
    return run;
  }
}
