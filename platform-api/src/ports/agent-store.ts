import type { SavedPrompt } from '@cutaway/shared';

/** A handle a tool minted (selection, plan, render, job, approval…), bound to the principal it was minted for. */
export interface ToolHandle {
  handle: string;
  kind: string;
  ownerId: string;
  /** What the handle leads to when that is another id (a job's render). */
  target: string | null;
  createdAt: string;
}

/**
 * Issue 16's state: tool handles (cross-call state is "server-minted handles passed as ordinary tool
 * arguments", bound to the user — MCP 2026-07-28 security best practices) and saved prompts.
 */
export interface AgentStore {
  /** Idempotent: the same handle for the same owner again is a no-op; another owner's is left untouched. */
  putHandle(h: ToolHandle): Promise<void>;
  getHandle(handle: string): Promise<ToolHandle | null>;
  createPrompt(p: SavedPrompt): Promise<void>;
  getPrompt(id: string): Promise<SavedPrompt | null>;
  /** Oldest first; only this owner's when given. */
  listPrompts(ownerId?: string): Promise<SavedPrompt[]>;
  /** Enabled prompts whose nextRunAt is at or before `now`. */
  listDue(now: string): Promise<SavedPrompt[]>;
  /**
   * Compare-and-set on nextRunAt, so of several processes ticking at once exactly one runs a due prompt:
   * true when this call moved it from `expected` to `next`.
   */
  claimRun(id: string, expected: string, next: string): Promise<boolean>;
  /** Replaces the document (enabled, lastRun…); false when no prompt has this id. */
  updatePrompt(p: SavedPrompt): Promise<boolean>;
}
