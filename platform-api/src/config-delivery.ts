import { z } from 'zod';
import { AppError, IdSchema, SlugIdSchema } from '@cutaway/shared';

/**
 * Delivery settings (issue 16): the operator's allowlist of destinations and watermarks. Callers only
 * ever name an id from these lists; paths, URLs, buckets and secrets stay here.
 */
const FolderSchema = z.object({ id: SlugIdSchema, kind: z.literal('folder'), name: z.string().min(1).max(200), path: z.string().min(1) }).strict();
const S3Schema = z.object({
  id: SlugIdSchema, kind: z.literal('s3'), name: z.string().min(1).max(200),
  endpoint: z.url().optional(), region: z.string().min(1), bucket: z.string().min(3), accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1),
  forcePathStyle: z.boolean().default(true), prefix: z.string().optional(),
}).strict();
const WebhookSchema = z.object({ id: SlugIdSchema, kind: z.literal('webhook'), name: z.string().min(1).max(200), url: z.url({ protocol: /^https?$/ }), secret: z.string().min(16) }).strict();
/** Frame.io through the review path: the id of a review destination made with POST /review-destinations. */
const FrameioSchema = z.object({ id: SlugIdSchema, kind: z.literal('frameio'), name: z.string().min(1).max(200), reviewDestinationId: IdSchema }).strict();
export const DestinationConfigSchema = z.discriminatedUnion('kind', [FolderSchema, S3Schema, WebhookSchema, FrameioSchema]);
export type DestinationConfig = z.infer<typeof DestinationConfigSchema>;
export const WatermarkConfigSchema = z.object({ id: SlugIdSchema, name: z.string().min(1).max(200), path: z.string().min(1) }).strict();
export type WatermarkConfig = z.infer<typeof WatermarkConfigSchema>;

export interface DeliveryConfig {
  /** null: the default, one folder destination `local-folder` at <data dir>/deliveries. */
  readonly destinations: readonly DestinationConfig[] | null;
  readonly watermarks: readonly WatermarkConfig[];
  readonly approvalTtlMs: number;
}

export const DeliveryEnvSchema = {
  /** JSON array of destinations: {id, kind: folder|s3|webhook, name, …} (docs/delivery.md). */
  CUTAWAY_DELIVERY_DESTINATIONS: z.string().optional(),
  /** JSON array of watermarks: {id, name, path to a PNG}. */
  CUTAWAY_DELIVERY_WATERMARKS: z.string().optional(),
  CUTAWAY_DELIVERY_APPROVAL_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(24),
};

function parseList<T>(key: string, raw: string | undefined, schema: z.ZodType<T>, problems: string[]): T[] | null {
  if (raw === undefined || raw.trim() === '') return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    problems.push(`${key} is not valid JSON`);
    return null;
  }
  const parsed = z.array(schema).safeParse(json);
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((i) => `${key}[${i.path.join('.')}]: ${i.message}`));
    return null;
  }
  const ids = parsed.data.map((d) => (d as { id: string }).id);
  if (new Set(ids).size !== ids.length) problems.push(`${key}: ids must be unique`);
  return parsed.data;
}

export function deliveryConfig(e: { CUTAWAY_DELIVERY_DESTINATIONS?: string | undefined; CUTAWAY_DELIVERY_WATERMARKS?: string | undefined; CUTAWAY_DELIVERY_APPROVAL_TTL_HOURS: number }): DeliveryConfig {
  const problems: string[] = [];
  const destinations = parseList('CUTAWAY_DELIVERY_DESTINATIONS', e.CUTAWAY_DELIVERY_DESTINATIONS, DestinationConfigSchema, problems);
  const watermarks = parseList('CUTAWAY_DELIVERY_WATERMARKS', e.CUTAWAY_DELIVERY_WATERMARKS, WatermarkConfigSchema, problems) ?? [];
  if (problems.length) throw new AppError('config.invalid', `Invalid configuration: ${problems.join('; ')}`, problems);
  return Object.freeze({ destinations: destinations && Object.freeze(destinations), watermarks: Object.freeze(watermarks), approvalTtlMs: e.CUTAWAY_DELIVERY_APPROVAL_TTL_HOURS * 3_600_000 });
}
