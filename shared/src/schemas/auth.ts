import { z } from 'zod';
import { IdSchema, IsoDateSchema } from './common';

/** viewer reads; editor also writes assets; admin also manages tokens and watch folders. */
export const RoleSchema = z.enum(['viewer', 'editor', 'admin']);
export type Role = z.infer<typeof RoleSchema>;
const ROLE_RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };
/** Whether a token with role `have` may do what needs `need` (each role includes the ones below it). */
export const roleAllows = (have: Role, need: Role): boolean => ROLE_RANK[have] >= ROLE_RANK[need];

export const TokenInfoSchema = z.object({
  id: IdSchema,
  name: z.string(),
  role: RoleSchema,
  createdAt: IsoDateSchema,
  lastUsedAt: IsoDateSchema.nullable(),
  revokedAt: IsoDateSchema.nullable(),
  /** Issue 16: `agent` tokens act for an AI agent and get only the agent scopes (scopes.ts); absent = a person's token. */
  kind: z.enum(['person', 'agent']).optional(),
});
export type TokenInfo = z.infer<typeof TokenInfoSchema>;

export const TokenCreateSchema = z
  .object({ name: z.string().trim().min(1).max(200), role: RoleSchema, kind: z.enum(['person', 'agent']).optional() })
  .strict();
/** The secret is returned once, at creation; only its hash is stored. */
export const TokenCreatedSchema = TokenInfoSchema.extend({ token: z.string() });
export type TokenCreated = z.infer<typeof TokenCreatedSchema>;
