import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { FfmpegLiveCutter } from '../adapters/ffmpeg/live-cutter';
import { FfmpegLiveRecorder } from '../adapters/ffmpeg/live-recorder';
import type { Clock, IdGenerator } from '../ports/clock';
import type { EventBus } from '../ports/event-bus';
import type { LiveStore } from '../ports/live-store';
import type { LiveRecordingStore } from '../ports/live-recording-store';
import { LiveRecordingService } from '../services/live/live-recording-service';
import type { ScratchSpace } from '../ports/scratch-space';
import type { IngestService } from '../services/ingest-service';
import { LiveChannelService } from '../services/live/live-channel-service';
import { LiveClipService } from '../services/live/live-clip-service';
import { LiveCueService } from '../services/live/live-cue-service';

/** Live channels and clips: the ffmpeg recorder and cutter behind the two live services. */
export function startLive(deps: {
  config: Config; dataDir: string; store: LiveStore; recordingStore: LiveRecordingStore; ingest: IngestService; events: EventBus; clock: Clock; ids: IdGenerator; scratch: ScratchSpace; log: Logger;
}) {
  const { config, log } = deps;
  const recorder = new FfmpegLiveRecorder({ ffmpegPath: config.ffmpegPath, root: config.live.dir ?? join(deps.dataDir, 'live'), log });
  const cutter = new FfmpegLiveCutter({ ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath });
  const channels = new LiveChannelService({
    store: deps.store, recorder, cutter, events: deps.events, clock: deps.clock, ids: deps.ids, log,
    options: { backoffMinMs: 500, backoffMaxMs: 30_000, healthEventMs: 10_000 },
  });
  const clips = new LiveClipService({
    store: deps.store, channels, cutter, ingest: deps.ingest, events: deps.events, clock: deps.clock, ids: deps.ids, scratch: deps.scratch, log,
    options: { growIntervalMs: config.live.growIntervalMs, tickMs: 500 },
  });
  const cues = new LiveCueService({ clips, clock: deps.clock });
  const recordings = new LiveRecordingService({
    store: deps.recordingStore, clock: deps.clock, ids: deps.ids, log: log.child({ component: 'live-recordings' }), tickMs: 1000,
    targets: {
      channelExists: async (id) => void (await channels.get(id)),
      clipExists: async (id) => (await deps.store.getClip(id)) !== null,
      cut: (id, input, preset) => clips.create(id, input, preset),
    },
  });
  return {
    channels,
    clips,
    cues,
    recordings,
    async startAll() {
      await channels.startAll();
      await clips.startAll();
      await recordings.startAll();
    },
    async stopAll() {
      await recordings.stopAll();
      await clips.stopAll();
      await channels.stopAll();
    },
  };
}
