import { z } from 'zod';
import type { Role, TokenInfo } from './auth';

/**
 * Scopes beside the three roles (issue 16 "People stay in charge"; OWASP LLM06 "excessive agency"):
 * what a caller may do through the tool registry. People get them from their role; an agent token gets
 * only the agent set, whatever its role: it can search, render and ask for delivery, never approve one.
 */
export const ScopeSchema = z.enum([
  'search:read',
  'render:write',
  'deliver:request',
  'deliver:approve',
  'review:write',
  'rundown:write',
  'prompt:write',
]);
export type Scope = z.infer<typeof ScopeSchema>;

const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
  viewer: ['search:read'],
  editor: ['search:read', 'render:write', 'deliver:request', 'deliver:approve', 'review:write', 'rundown:write', 'prompt:write'],
  admin: ['search:read', 'render:write', 'deliver:request', 'deliver:approve', 'review:write', 'rundown:write', 'prompt:write'],
};

/** The agent set: never deliver:approve, never a write to an external system (review, rundown); prompts it saves start disabled. */
export const AGENT_SCOPES: readonly Scope[] = ['search:read', 'render:write', 'deliver:request', 'prompt:write'];

/** An agent token is stored with the viewer role (its plain HTTP surface is read-only); its writes go through scoped tools. */
export function scopesOf(token: Pick<TokenInfo, 'role' | 'kind'>): ReadonlySet<Scope> {
  return new Set(token.kind === 'agent' ? AGENT_SCOPES : ROLE_SCOPES[token.role]);
}
