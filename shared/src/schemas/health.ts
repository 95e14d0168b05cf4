import { z } from 'zod';

export const ComponentHealthSchema = z.object({
  ok: z.boolean(),
  detail: z.string(),
  version: z.string().nullable().optional(),
});
export const HealthSchema = z.object({
  ok: z.boolean(),
  version: z.string(),
  components: z.record(z.string(), ComponentHealthSchema),
});
export type Health = z.infer<typeof HealthSchema>;
