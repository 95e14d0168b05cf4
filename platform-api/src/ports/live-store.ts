import type { LiveChannel, LiveClip, LiveClipState, LiveGap } from '@cutaway/shared';

/** Live channels, the gaps in their timelines and the clips cut from them (issue 11). */
export interface LiveStore {
  createChannel(channel: LiveChannel): Promise<void>;
  getChannel(id: string): Promise<LiveChannel | null>;
  listChannels(): Promise<LiveChannel[]>;
  /** Replaces the stored document; false when the channel is gone. */
  saveChannel(channel: LiveChannel): Promise<boolean>;
  /** Removes the channel, its gaps and its clip records (the clips' assets stay in the catalog). */
  deleteChannel(id: string): Promise<boolean>;

  addGap(channelId: string, gap: LiveGap): Promise<void>;
  /** Gaps overlapping [fromMs, toMs), oldest first. */
  listGaps(channelId: string, fromMs: number, toMs: number): Promise<LiveGap[]>;
  /** Drops gaps that ended before `beforeMs` (they left the buffer). */
  pruneGaps(channelId: string, beforeMs: number): Promise<number>;

  createClip(clip: LiveClip): Promise<void>;
  getClip(id: string): Promise<LiveClip | null>;
  saveClip(clip: LiveClip): Promise<boolean>;
  listClips(channelId: string): Promise<LiveClip[]>;
  /** Clips in any of these states across all channels, oldest first (resumed at process start). */
  listClipsInState(states: readonly LiveClipState[]): Promise<LiveClip[]>;
}
