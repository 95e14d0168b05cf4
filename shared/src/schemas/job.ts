import { z } from 'zod';
import { IdSchema, IsoDateSchema } from './common';
import { StorageTierSchema } from './asset';
import { EnrichStepSchema } from './enrichment';

/**
 * Every durable job of the suite. Adding a name here forces a handler in the
 * platform-api handler table (it is typed `{ [N in JobName]: Handler<N> }`).
 */
export const JobPayloadSchemas = {
  /** Probe, then one decode for proxy, thumbnails, sprite, shots and poster. */
  'media.ingest': z.object({ assetId: IdSchema }),
  /** One enrichment step of one asset; re-running replaces that step's segments. */
  'enrich.step': z.object({ assetId: IdSchema, step: EnrichStepSchema }),
  /** Polls an archive restore until the object is readable again; re-queues itself while in progress. */
  'archive.restore': z.object({ assetId: IdSchema, pollMs: z.number().int().positive() }),
  /** Copies the original to another tier's volume, verifies its sha256, switches, then deletes the old copy. */
  'archive.move': z.object({ assetId: IdSchema, tier: StorageTierSchema, policyId: IdSchema.nullable().default(null) }),
  /** Runs the lifecycle policies that are due, then queues itself again (one per deployment, by dedupe key). */
  'archive.policies': z.object({}),
  /** Cuts, reframes, captions, watermarks, loudness-normalises and encodes one delivery render, then verifies it. */
  'delivery.render': z.object({ renderId: IdSchema }),
} as const;
export type JobName = keyof typeof JobPayloadSchemas;
export type JobPayload<N extends JobName> = z.infer<(typeof JobPayloadSchemas)[N]>;
export const JobNameSchema = z.enum(Object.keys(JobPayloadSchemas) as [JobName, ...JobName[]]);

export const JobStatusSchema = z.enum(['queued', 'running', 'done', 'failed']);
export type JobStatus = z.infer<typeof JobStatusSchema>;

export const JobSchema = z.object({
  id: IdSchema,
  name: JobNameSchema,
  assetId: IdSchema.nullable(),
  status: JobStatusSchema,
  /** Lower runs first. 0 = urgent (a rundown item due to air), 100 = background. */
  priority: z.number().int(),
  attempts: z.number().int().nonnegative(),
  maxAttempts: z.number().int().positive(),
  percent: z.number().min(0).max(100),
  stage: z.string().nullable(),
  error: z.string().nullable(),
  runAt: IsoDateSchema,
  createdAt: IsoDateSchema,
  updatedAt: IsoDateSchema,
});
export type Job = z.infer<typeof JobSchema>;
