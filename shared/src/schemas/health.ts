import { z } from 'zod';

export const ComponentHealthSchema = z.object({
  ok: z.boolean(),
  detail: z.string(),
  version: z.string().nullable().optional(),
});
export const HealthSchema = z.object({
  ok: z.boolean(),
  version: z.string(),
  /** Only with a valid token: an anonymous caller gets `ok` and `version` alone. */
  components: z.record(z.string(), ComponentHealthSchema).optional(),
});
export type Health = z.infer<typeof HealthSchema>;
