import { z } from 'zod';
import { IdSchema, IsoDateSchema, PageSchema } from './common';

/**
 * Which front end a write came through. HTTP today; the MCP server and the AI assistant record their
 * tool calls through the same audit service, so one trail answers "who changed this, and from where".
 */
export const AuditChannelSchema = z.enum(['http', 'mcp', 'assistant', 'system']);
export type AuditChannel = z.infer<typeof AuditChannelSchema>;

/** One write: who (token id and name, as they were then), what, on which asset, from where, when, and how it ended. */
export const AuditRecordSchema = z.object({
  id: IdSchema,
  at: IsoDateSchema,
  tokenId: IdSchema.nullable(),
  tokenName: z.string().nullable(),
  channel: AuditChannelSchema,
  /** Stable action name, e.g. `PATCH /api/v1/assets/:id` for HTTP, a tool name for MCP. */
  action: z.string().min(1).max(200),
  assetId: IdSchema.nullable(),
  /** Client address as the server saw it (behind a proxy: the proxy's). */
  remoteAddress: z.string().max(100).nullable(),
  /** HTTP status, or the outcome a non-HTTP channel reports; null if unknown. */
  status: z.number().int().nullable(),
  /** Free-form context (request id, tool arguments summary…); never secrets. */
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditRecord = z.infer<typeof AuditRecordSchema>;

/** `GET /audit` filters; newest first. */
export const AuditQuerySchema = PageSchema.extend({
  tokenId: IdSchema.optional(),
  assetId: IdSchema.optional(),
  action: z.string().max(200).optional(),
  channel: AuditChannelSchema.optional(),
  from: IsoDateSchema.optional(),
  to: IsoDateSchema.optional(),
}).strict();
export type AuditQuery = z.infer<typeof AuditQuerySchema>;
export type AuditQueryInput = z.input<typeof AuditQuerySchema>;

export const AuditPageSchema = z.object({ items: z.array(AuditRecordSchema), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPageSchema>;
