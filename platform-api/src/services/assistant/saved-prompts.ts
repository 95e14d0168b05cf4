import { AppError, SavedPromptCreateSchema, type SavedPrompt, type SavedPromptCreate, type SavedPromptRun, type TokenInfo } from '@cutaway/shared';
import type { AgentStore } from '../../ports/agent-store';
import type { Clock, IdGenerator } from '../../ports/clock';
import type { TokenService } from '../token-service';
import { ToolHandles } from '../tools/handles';
import type { ToolCallResult, ToolContext, ToolRegistry } from '../tools/registry';

/** A render may take minutes; a scheduled run waits for it in ≤ 45 s slices, up to this long in all. */
const RENDER_WAIT_MS = 20 * 60_000;
/** Context around a matched word range: a sentence's lead-in and its end. */
const CONTEXT_MS = { before: 1500, after: 2500 };

/**
 * Saved workflows (issue 16): a prompt a person (or an agent) saved runs on its schedule with no model at all —
 * search → selection → render → wait → request approval — through the same tool registry, audited as the
 * prompt's owner, and stops at "awaiting approval". Delivery stays a person's decision.
 */
export class SavedPromptService {
  constructor(private readonly deps: { store: AgentStore; tokens: TokenService; registry: () => ToolRegistry; clock: Clock; ids: IdGenerator; onError?: (err: unknown, what: string) => void }) {}

  async create(caller: TokenInfo, input: SavedPromptCreate): Promise<SavedPrompt> {
    const body = SavedPromptCreateSchema.parse(input);
    const now = this.deps.clock.now();
    const p: SavedPrompt = {
      ...body,
      id: this.deps.ids.newId(),
      ownerId: caller.id,
      ownerName: caller.name,
      // Enabling a schedule needs a person: what an agent saves waits until someone switches it on.
      enabled: caller.kind !== 'agent',
      nextRunAt: new Date(now.getTime() + body.intervalMinutes * 60_000).toISOString(),
      lastRun: null,
      createdAt: now.toISOString(),
    };
    await this.deps.store.createPrompt(p);
    return p;
  }

  list(caller: TokenInfo): Promise<SavedPrompt[]> {
    return this.deps.store.listPrompts(caller.role === 'admin' ? undefined : caller.id);
  }

  /** Another principal's prompt is a 404, exactly like a missing one; admins see all. */
  async get(id: string, caller: TokenInfo): Promise<SavedPrompt> {
    const p = await this.deps.store.getPrompt(id);
    if (!p || (p.ownerId !== caller.id && caller.role !== 'admin')) throw new AppError('prompt.not_found', `No saved prompt ${id}`, { id });
    return p;
  }

  async setEnabled(id: string, enabled: boolean, caller: TokenInfo): Promise<SavedPrompt> {
    if (caller.kind === 'agent') throw new AppError('auth.forbidden', 'Only a person can switch a saved prompt on or off');
    const p = { ...(await this.get(id, caller)), enabled };
    await this.deps.store.updatePrompt(p);
    return p;
  }

  async runNow(id: string, caller: TokenInfo): Promise<SavedPrompt> {
    return this.run(await this.get(id, caller));
  }

  /** Runs every due, enabled prompt once; of several processes ticking together exactly one runs each. */
  async tick(): Promise<number> {
    const now = this.deps.clock.now();
    let ran = 0;
    for (const p of await this.deps.store.listDue(now.toISOString())) {
      const next = new Date(Math.max(now.getTime(), Date.parse(p.nextRunAt)) + p.intervalMinutes * 60_000).toISOString();
      if (!(await this.deps.store.claimRun(p.id, p.nextRunAt, next))) continue;
      try {
        await this.run({ ...p, nextRunAt: next });
        ran++;
      } catch (err) {
        this.deps.onError?.(err, `saved prompt ${p.id} failed`);
      }
    }
    return ran;
  }

  private async run(p: SavedPrompt): Promise<SavedPrompt> {
    const runId = `run_${this.deps.ids.newId()}`;
    const owner = (await this.deps.tokens.list()).find((t) => t.id === p.ownerId && !t.revokedAt);
    const finish = async (status: SavedPromptRun['status'], message: string, approvalId: string | null = null) => {
      const done: SavedPrompt = { ...p, lastRun: { at: this.deps.clock.now().toISOString(), runId, status, approvalId, message: message.slice(0, 500) } };
      await this.deps.store.updatePrompt(done);
      return done;
    };
    if (!owner) return finish('failed', 'The token that saved this prompt is revoked');
    const ctx: ToolContext = {
      caller: owner, channel: 'assistant', runId, model: null,
      handles: new ToolHandles({ store: this.deps.store, clock: this.deps.clock, ownerId: owner.id }),
    };
    const call = async (tool: string, args: Record<string, unknown>) => {
      const r: ToolCallResult = await this.deps.registry().call(ctx, tool, args);
      if (!r.ok) throw new AppError('internal', `${tool}: ${r.error.message}`);
      return r.structured;
    };
    try {
      const found = (await call('search_moments', { query: p.query, limit: Math.min(20, p.maxClips * 2) })) as { items: Array<{ moments: Array<{ assetId: string; inMs: number; outMs: number }> }> };
      // A hit is the matching words only; a clip needs their context: widen each by CONTEXT_MS (the delivery
      // service cuts an out point past the end of the media at the end, with a warning).
      const items = found.items.flatMap((h) => h.moments.slice(0, 1)).slice(0, p.maxClips)
        .map((m) => ({ assetId: m.assetId, inMs: Math.max(0, m.inMs - CONTEXT_MS.before), outMs: Math.max(m.outMs, m.inMs + 1) + CONTEXT_MS.after }));
      if (!items.length) return finish('no_moments', `Nothing matched "${p.query}"`);
      const sel = (await call('create_selection', { title: p.title, items })) as { selectionId: string };
      const args = { selectionId: sel.selectionId, profileId: p.profileId, reframe: 'auto', captions: 'burn', watermarkId: p.watermarkId };
      const job = (await call('render', args)) as { jobId: string; renderId: string };
      const deadline = this.deps.clock.now().getTime() + RENDER_WAIT_MS;
      let state = (await call('wait_for_job', { jobId: job.jobId, maxWaitMs: 45_000 })) as { status: string; error: string | null };
      while ((state.status === 'running' || state.status === 'queued') && this.deps.clock.now().getTime() < deadline) {
        state = (await call('wait_for_job', { jobId: job.jobId, maxWaitMs: 45_000 })) as { status: string; error: string | null };
      }
      if (state.status !== 'done') return finish('failed', `Render ${job.renderId} is ${state.status}${state.error ? `: ${state.error}` : ''}`);
      const approval = (await call('request_approval', { renderId: job.renderId, destinationId: p.destinationId, title: p.title, description: p.prompt })) as { approvalId: string };
      return finish('awaiting_approval', `Rendered ${items.length} moment(s); waiting for a person to approve delivery to ${p.destinationId}`, approval.approvalId);
    } catch (err) {
      return finish('failed', err instanceof Error ? err.message : String(err));
    }
  }
}
