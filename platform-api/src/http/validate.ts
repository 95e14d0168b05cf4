import type { z } from 'zod';
import { zodToAppError } from './error-middleware';

/** Parses one part of a request; a failure is a 400 listing every bad field. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params'): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw zodToAppError(r.error, where);
  return r.data;
}
