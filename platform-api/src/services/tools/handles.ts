import { AppError } from '@cutaway/shared';
import type { AgentStore } from '../../ports/agent-store';
import type { Clock } from '../../ports/clock';

export type HandleKind = 'selection' | 'render' | 'job' | 'approval' | 'delivery' | 'prompt';

/**
 * Handles minted for one principal are theirs alone: anyone else gets the same 404 as for a handle that
 * never existed (MCP security best practices: handles "SHOULD be bound to the user", never authentication).
 */
export class ToolHandles {
  constructor(private readonly deps: { store: AgentStore; clock: Clock; ownerId: string }) {}

  async mint(kind: HandleKind, handle: string, target: string | null = null): Promise<void> {
    await this.deps.store.putHandle({ handle, kind, ownerId: this.deps.ownerId, target, createdAt: this.deps.clock.now().toISOString() });
  }

  /** The handle's target (or the handle itself); tool.handle_not_found when unknown or another principal's. */
  async check(kind: HandleKind, handle: string): Promise<string> {
    const h = await this.deps.store.getHandle(handle);
    if (!h || h.kind !== kind || h.ownerId !== this.deps.ownerId) throw new AppError('tool.handle_not_found', `No ${kind} ${handle}`, { kind, handle });
    return h.target ?? h.handle;
  }
}
