import { z } from 'zod';
import { IdSchema, IsoDateSchema, TagsSchema } from './common';

/** ISO 8601 weekdays as in iCalendar BYDAY (RFC 5545 §3.3.10). */
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/**
 * How a scheduled recording repeats. The wall-clock time of `startAt` in `timeZone` (IANA name) is kept on every
 * occurrence, so a daily 18:00 Europe/Oslo recording stays at 18:00 local across daylight-saving changes.
 * `weekly` records on the listed days; `until` (inclusive) ends the series.
 */
export const LiveRecurrenceSchema = z
  .object({
    freq: z.enum(['once', 'daily', 'weekly']).default('once'),
    days: z.array(z.enum(WEEKDAYS)).min(1).max(7).optional(),
    timeZone: z.string().max(64).refine(isTimeZone, 'must be an IANA time zone such as Europe/Oslo').default('UTC'),
    until: IsoDateSchema.optional(),
  })
  .strict()
  .refine((r) => r.freq !== 'weekly' || (r.days?.length ?? 0) > 0, { message: 'weekly needs days', path: ['days'] });
export type LiveRecurrence = z.infer<typeof LiveRecurrenceSchema>;

const Instant = z.string().max(40).refine((v) => /^\d{4}-\d\d-\d\dT/.test(v) && !Number.isNaN(Date.parse(v)), 'must be ISO 8601 date-time with an offset or Z');

export const LiveRecordingCreateSchema = z
  .object({
    title: z.string().trim().min(1).max(500),
    tags: TagsSchema.optional(),
    /** The first occurrence. */
    startAt: Instant,
    endAt: Instant,
    recurrence: LiveRecurrenceSchema.default({ freq: 'once', timeZone: 'UTC' }),
  })
  .strict();
export type LiveRecordingCreate = z.infer<typeof LiveRecordingCreateSchema>;

export const LiveRecordingSchema = z.object({
  id: IdSchema,
  channelId: IdSchema,
  title: z.string(),
  tags: z.array(z.string()),
  startAt: IsoDateSchema,
  endAt: IsoDateSchema,
  recurrence: z.object({ freq: z.enum(['once', 'daily', 'weekly']), days: z.array(z.enum(WEEKDAYS)).optional(), timeZone: z.string(), until: IsoDateSchema.optional() }),
  /** Start of the next occurrence not yet recorded; null when the series is over. */
  nextAt: IsoDateSchema.nullable(),
  createdAt: IsoDateSchema,
  updatedAt: IsoDateSchema,
});
export type LiveRecording = z.infer<typeof LiveRecordingSchema>;

/** One occurrence that was started: the clip (and asset) it made, or why it could not be made. */
export const LiveRecordingRunSchema = z.object({
  recordingId: IdSchema,
  occurrenceAt: IsoDateSchema,
  clipId: IdSchema,
  assetId: IdSchema,
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  firedAt: IsoDateSchema,
});
export type LiveRecordingRun = z.infer<typeof LiveRecordingRunSchema>;

export const LiveRecordingDetailSchema = LiveRecordingSchema.extend({ runs: z.array(LiveRecordingRunSchema) });
export type LiveRecordingDetail = z.infer<typeof LiveRecordingDetailSchema>;
