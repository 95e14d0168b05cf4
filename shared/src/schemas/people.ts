import { z } from 'zod';
import { IdSchema, IsoDateSchema } from './common';

/**
 * People: face tracks grouped across the library (issue 17). A track is one face followed
 * through one shot; a person is a cluster of tracks, named once by a human. `suggested` tracks
 * were placed by descriptor distance; `confirmed` ones by a person.
 */
export const FaceTrackStatusSchema = z.enum(['suggested', 'confirmed']);

/** x, y, w, h as fractions of the picture (0–1), so they hold for every rendition. */
export const FaceBoxSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export const FaceTrackSchema = z.object({
  id: IdSchema,
  assetId: IdSchema,
  personId: IdSchema.nullable(),
  status: FaceTrackStatusSchema,
  startMs: z.number().int().nonnegative(),
  endMs: z.number().int().nonnegative(),
  box: FaceBoxSchema,
  /** Detector confidence times face size, 0–1: the best face of a track is the one people see. */
  quality: z.number().min(0).max(1),
  thumbnailUrl: z.string().nullable(),
});
export type FaceTrack = z.infer<typeof FaceTrackSchema>;

export const PersonSchema = z.object({
  id: IdSchema,
  name: z.string().nullable(),
  trackCount: z.number().int().nonnegative(),
  assetCount: z.number().int().nonnegative(),
  /** Tracks a human confirmed; the rest are suggestions. */
  confirmedCount: z.number().int().nonnegative(),
  thumbnailUrl: z.string().nullable(),
  createdAt: IsoDateSchema,
  updatedAt: IsoDateSchema,
});
export type Person = z.infer<typeof PersonSchema>;

export const PersonDetailSchema = PersonSchema.extend({ tracks: z.array(FaceTrackSchema) });
export type PersonDetail = z.infer<typeof PersonDetailSchema>;

export const PeopleListQuerySchema = z
  .object({
    named: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type PeopleListQuery = z.infer<typeof PeopleListQuerySchema>;

export const PeopleListSchema = z.object({ items: z.array(PersonSchema) });

const Name = z.string().trim().min(1).max(120);

/** Names the person; `trackId` (optional) is the face the human looked at, which becomes confirmed. */
export const PersonNameRequestSchema = z.object({ name: Name, trackId: IdSchema.optional() }).strict();
export type PersonNameRequest = z.infer<typeof PersonNameRequestSchema>;

/** "Is this the mayor?" — yes (confirm) or no (reject: the track leaves the person and is not suggested there again). */
export const TrackDecisionRequestSchema = z.object({ trackIds: z.array(IdSchema).min(1).max(500) }).strict();
export type TrackDecisionRequest = z.infer<typeof TrackDecisionRequestSchema>;

export const PersonMergeRequestSchema = z.object({ from: z.array(IdSchema).min(1).max(100) }).strict();
export type PersonMergeRequest = z.infer<typeof PersonMergeRequestSchema>;

/** The tracks move to a new, unnamed person (or a named one when `name` is given). */
export const PersonSplitRequestSchema = z.object({ trackIds: z.array(IdSchema).min(1).max(500), name: Name.optional() }).strict();
export type PersonSplitRequest = z.infer<typeof PersonSplitRequestSchema>;

/** Per-asset switch: with grouping off, an asset's faces are still found but never compared or grouped. */
export const FaceGroupingSettingSchema = z.object({ grouping: z.boolean() }).strict();
export type FaceGroupingSetting = z.infer<typeof FaceGroupingSettingSchema>;
