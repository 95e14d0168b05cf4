import { z } from 'zod';
import { IdSchema, IsoDateSchema, TagsSchema } from './common';

export const WatchFolderCreateSchema = z
  .object({
    /** Absolute path on the API host. */
    path: z.string().min(1).max(4096),
    recursive: z.boolean().default(false),
    /** A file counts as complete once its size has not changed for this long. */
    settleMs: z.number().int().min(100).max(600_000).default(2000),
    /** After ingest, move the source here. Unset: the source is never touched. */
    moveToPath: z.string().min(1).max(4096).nullable().default(null),
    tags: TagsSchema.default([]),
    enabled: z.boolean().default(true),
  })
  .strict();
export type WatchFolderCreate = z.infer<typeof WatchFolderCreateSchema>;

export const WatchFolderSchema = WatchFolderCreateSchema.extend({
  id: IdSchema,
  createdAt: IsoDateSchema,
  tags: z.array(z.string()),
});
export type WatchFolder = z.infer<typeof WatchFolderSchema>;
