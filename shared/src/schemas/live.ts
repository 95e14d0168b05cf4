import { z } from 'zod';
import { IdSchema, IsoDateSchema, RateSchema, TagsSchema } from './common';

/**
 * Inputs ffmpeg takes for a live channel (issue 11 "Channels"): SRT in listener or caller mode,
 * RTMP (Cutaway listens), RIST, MPEG-TS over UDP, or an HLS playlist to pull.
 */
export const LIVE_INPUT_PROTOCOLS = ['srt', 'rtmp', 'rist', 'udp', 'http', 'https'] as const;

export const LiveInputSchema = z
  .object({
    url: z
      .string()
      .max(2048)
      .refine((u) => {
        try {
          const url = new URL(u);
          const scheme = url.protocol.replace(/:$/, '');
          if (!(LIVE_INPUT_PROTOCOLS as readonly string[]).includes(scheme)) return false;
          // Pulled HTTP inputs must be HLS playlists; anything else is not a live source ffmpeg can follow.
          if (scheme === 'http' || scheme === 'https') return /\.m3u8$/i.test(url.pathname);
          return true;
        } catch {
          return false;
        }
      }, 'must be srt://, rtmp://, rist://, udp:// or an http(s)://….m3u8 URL'),
  })
  .strict();
export type LiveInput = z.infer<typeof LiveInputSchema>;

export const LiveChannelCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    input: LiveInputSchema,
    /** Rolling buffer length (the "window"): clips can start this far back. */
    bufferMinutes: z.number().int().min(1).max(48 * 60).default(120),
    /** HLS segment length; keyframes are forced on this grid so every segment is cuttable. */
    segmentSeconds: z.number().int().min(1).max(10).default(2),
    /** Output picture height (width keeps the aspect); null keeps the source size. */
    height: z.number().int().min(144).max(2160).nullable().default(null),
    videoBitrateKbps: z.number().int().min(200).max(50_000).default(4000),
    /** Start recording right away (and again whenever the process starts). */
    start: z.boolean().default(true),
  })
  .strict();
export type LiveChannelCreate = z.infer<typeof LiveChannelCreateSchema>;

export const LiveChannelStateSchema = z.enum(['starting', 'live', 'stalled', 'stopped']);
export type LiveChannelState = z.infer<typeof LiveChannelStateSchema>;

/** A hole in the channel's timeline: the recorder died or the source stopped sending. */
export const LiveGapSchema = z.object({
  startAt: IsoDateSchema,
  endAt: IsoDateSchema,
  reason: z.string(),
});
export type LiveGap = z.infer<typeof LiveGapSchema>;

export const LiveHealthSchema = z.object({
  /** Measured from the last segments written. */
  bitrateKbps: z.number().nonnegative().nullable(),
  lastSegmentAt: IsoDateSchema.nullable(),
  /** Gaps marked since the channel was created. */
  dropouts: z.number().int().nonnegative(),
  /** Recorder restarts since the channel was created. */
  restarts: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
});
export type LiveHealth = z.infer<typeof LiveHealthSchema>;

export const LiveBufferSchema = z.object({ startAt: IsoDateSchema, endAt: IsoDateSchema, segments: z.number().int().nonnegative() });

export const LiveChannelSchema = z.object({
  id: IdSchema,
  name: z.string(),
  input: LiveInputSchema,
  bufferMinutes: z.number().int().positive(),
  segmentSeconds: z.number().int().positive(),
  height: z.number().int().positive().nullable(),
  videoBitrateKbps: z.number().int().positive(),
  /** What the operator asked for; `state` is what is happening. */
  desired: z.enum(['running', 'stopped']),
  state: LiveChannelStateSchema,
  health: LiveHealthSchema,
  buffer: LiveBufferSchema.nullable(),
  rate: RateSchema.nullable(),
  createdAt: IsoDateSchema,
  updatedAt: IsoDateSchema,
});
export type LiveChannel = z.infer<typeof LiveChannelSchema>;

export const LiveTimelineSchema = z.object({
  channelId: IdSchema,
  /** Stretches of continuous recording inside the buffer. */
  ranges: z.array(z.object({ startAt: IsoDateSchema, endAt: IsoDateSchema })),
  gaps: z.array(LiveGapSchema),
});
export type LiveTimeline = z.infer<typeof LiveTimelineSchema>;

/**
 * A point on the channel's timeline: ISO 8601 wall-clock (`2026-12-06T18:00:00.000Z`) or the channel
 * timecode `HH:MM:SS:FF` (UTC time of day at the channel rate, the latest such moment not after now + 1 h).
 */
export const LivePointSchema = z
  .string()
  .max(40)
  .refine((v) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d\d-\d\dT/.test(v) || /^\d\d:\d\d:\d\d[:;.]\d\d$/.test(v), 'must be ISO 8601 date-time or HH:MM:SS:FF');

/**
 * The rundown item a clip was cued for (MOS 2.8.5 roID / storyID / itemID). The MOS gateway matches `live.clip`
 * events on it to update the story item (mosItemReplace) and report READY.
 */
export const LiveCueRefSchema = z
  .object({
    ncsId: z.string().min(1).max(128).optional(),
    roId: z.string().min(1).max(128),
    storyId: z.string().min(1).max(128),
    itemId: z.string().min(1).max(128),
  })
  .strict();
export type LiveCueRef = z.infer<typeof LiveCueRefSchema>;

export const LiveClipCreateSchema = z
  .object({
    inAt: LivePointSchema,
    /** Omitted: an open-ended clip that grows until `POST …/clips/:clipId/stop`. */
    outAt: LivePointSchema.optional(),
    title: z.string().trim().min(1).max(500),
    tags: TagsSchema.optional(),
    cue: LiveCueRefSchema.optional(),
  })
  .strict();
export type LiveClipCreate = z.infer<typeof LiveClipCreateSchema>;

/**
 * waiting → (growing →) instant → exact. `instant` = stream-copied segments (starts on the segment grid);
 * `exact` = edge GOPs re-encoded, first and last frames at inAt and outAt.
 */
export const LiveClipStateSchema = z.enum(['waiting', 'growing', 'instant', 'exact', 'failed']);
export type LiveClipState = z.infer<typeof LiveClipStateSchema>;

export const LiveClipSchema = z.object({
  id: IdSchema,
  channelId: IdSchema,
  /** Reserved at once; the asset appears in the catalog with the first cut (404 until then). */
  assetId: IdSchema,
  title: z.string(),
  tags: z.array(z.string()),
  cue: LiveCueRefSchema.nullable().default(null),
  inAt: IsoDateSchema,
  outAt: IsoDateSchema.nullable(),
  state: LiveClipStateSchema,
  /** What the current master really covers (the instant pass starts on the segment grid). */
  coveredFrom: IsoDateSchema.nullable(),
  coveredTo: IsoDateSchema.nullable(),
  /** Parts of [inAt, outAt] the source did not deliver; the clip is made from what exists. */
  gaps: z.array(LiveGapSchema),
  instantReadyAt: IsoDateSchema.nullable(),
  exactReadyAt: IsoDateSchema.nullable(),
  failure: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: IsoDateSchema,
  updatedAt: IsoDateSchema,
});
export type LiveClip = z.infer<typeof LiveClipSchema>;

export const LiveClipAcceptedSchema = z.object({ clipId: IdSchema, assetId: IdSchema, clip: LiveClipSchema });
export type LiveClipAccepted = z.infer<typeof LiveClipAcceptedSchema>;

/** Cue-out of a rundown item: closes the item's open clip at now (issue 11 "From the rundown"). */
export const LiveCueOutSchema = z.object({ cue: LiveCueRefSchema }).strict();
export type LiveCueOut = z.infer<typeof LiveCueOutSchema>;
