import { AppError, type AssistantChatRequest, type AssistantChatResponse, type AssistantStep, type TokenInfo } from '@cutaway/shared';
import type { AgentStore } from '../../ports/agent-store';
import type { ChatModel, ChatToolSpec, ChatTurn } from '../../ports/chat-model';
import type { Clock, IdGenerator } from '../../ports/clock';
import { ToolHandles } from '../tools/handles';
import { redactArguments, ToolRegistry, type ToolCallResult, type ToolContext } from '../tools/registry';
import { SYSTEM_PROMPT, jsonPlanPrompt } from './prompts';

export interface AssistantLimits {
  /** Tool calls per run (issue 16: a step cap, 12 by default). */
  maxSteps: number;
  /** Tokens per run as the endpoint counts them (prompt + completion, summed over calls). */
  maxTokens: number;
  /** Wall time per run. */
  maxRunMs: number;
  /** A tool whose arguments were invalid is retried at most this many times, then the run stops. */
  maxBadArgumentRetries: number;
}

export const DEFAULT_LIMITS: AssistantLimits = { maxSteps: 12, maxTokens: 60_000, maxRunMs: 5 * 60_000, maxBadArgumentRetries: 2 };

type Mode = AssistantChatResponse['mode'];

/**
 * The built-in assistant: a bounded chat loop over the one tool registry, as the caller (the caller's scopes,
 * the caller's handles, every call audited with channel "assistant", the run id and the model name).
 * It can find, render and request approval; approving is a person's act elsewhere, so nothing it reads can
 * make it deliver.
 */
export class AssistantService {
  /** Set once an endpoint rejected `tools`: later runs go straight to JSON-plan mode. */
  private noToolSupport = false;

  constructor(
    private readonly deps: {
      model: ChatModel | null;
      registry: () => ToolRegistry;
      store: AgentStore;
      clock: Clock;
      ids: IdGenerator;
      limits?: Partial<AssistantLimits>;
    },
  ) {}

  get available(): boolean {
    return this.deps.model !== null;
  }

  async chat(caller: TokenInfo, request: AssistantChatRequest, signal?: AbortSignal): Promise<AssistantChatResponse> {
    const model = this.deps.model;
    if (!model) throw new AppError('assistant.unavailable', 'No chat model is configured (set CUTAWAY_AI_BASE_URL and CUTAWAY_AI_CHAT_MODEL)');
    const limits = { ...DEFAULT_LIMITS, ...this.deps.limits };
    const run = new Run(this.deps, limits, caller, model, `run_${this.deps.ids.newId()}`, signal);
    if (!this.noToolSupport) {
      try {
        return await run.execute(request, 'tools');
      } catch (err) {
        // Only a refusal of the very request shape (HTTP 400 on `tools`) means "no tool calling here".
        if (!(err instanceof AppError && err.code === 'ai.rejected' && run.modelCalls === 1)) throw err;
        this.noToolSupport = true;
      }
    }
    return run.execute(request, 'json_plan');
  }
}

class Run {
  steps: AssistantStep[] = [];
  approvalIds: string[] = [];
  delivered = false;
  tokens = 0;
  modelCalls = 0;
  private readonly badArgs = new Map<string, number>();
  private readonly started: number;
  private readonly ctx: ToolContext;

  constructor(
    private readonly deps: { registry: () => ToolRegistry; store: AgentStore; clock: Clock },
    private readonly limits: AssistantLimits,
    caller: TokenInfo,
    private readonly model: ChatModel,
    readonly runId: string,
    private readonly signal?: AbortSignal,
  ) {
    this.started = deps.clock.now().getTime();
    this.ctx = {
      caller, channel: 'assistant', runId, model: model.model,
      handles: new ToolHandles({ store: deps.store, clock: deps.clock, ownerId: caller.id }),
      ...(signal ? { signal } : {}),
    };
  }

  async execute(request: AssistantChatRequest, mode: Mode): Promise<AssistantChatResponse> {
    this.steps = [];
    this.approvalIds = [];
    this.delivered = false;
    this.modelCalls = 0;
    const registry = this.deps.registry();
    const tools = registry.list(this.ctx.caller);
    const specs: ChatToolSpec[] = tools.map((t) => ({ name: t.name, description: t.description, parameters: ToolRegistry.jsonSchema(t.input, 'input') }));
    const system = mode === 'tools' ? SYSTEM_PROMPT : jsonPlanPrompt(specs.map((s) => `${s.name}: ${s.description} ${JSON.stringify(s.parameters)}`).join('\n'));
    const messages: ChatTurn[] = [{ role: 'system', content: system }, ...request.messages.map((m) => ({ role: m.role, content: m.content }) as ChatTurn)];

    for (;;) {
      const over = this.overBudget();
      if (over) return this.answer('budget', over, mode);
      this.modelCalls++;
      const completion = await this.model.complete(messages, mode === 'tools' ? { tools: specs, ...(this.signal ? { signal: this.signal } : {}) } : { json: true, ...(this.signal ? { signal: this.signal } : {}) });
      // Servers that report no usage still spend: estimate ~4 characters a token.
      this.tokens += completion.totalTokens || Math.ceil(JSON.stringify(messages).length / 4);

      const calls = mode === 'tools' ? completion.toolCalls : planCall(completion.content);
      if (calls === 'reply' || calls.length === 0) {
        const reply = mode === 'tools' ? (completion.content ?? '') : planReply(completion.content);
        return this.answer(this.approvalIds.length && !this.delivered ? 'awaiting_approval' : 'answered', reply, mode);
      }
      if (mode === 'tools') messages.push({ role: 'assistant', content: completion.content, toolCalls: calls });
      else messages.push({ role: 'assistant', content: completion.content ?? '' });

      for (const call of calls) {
        if (this.steps.length >= this.limits.maxSteps) return this.answer('budget', `Stopped after ${this.steps.length} tool calls (the step cap).`, mode);
        const result = await this.callTool(call.name, call.arguments);
        if (mode === 'tools') messages.push({ role: 'tool', toolCallId: call.id, content: result.text });
        else messages.push({ role: 'user', content: `Result of ${call.name}: ${result.text}` });
        if (!result.ok && result.error.code === 'request.invalid') {
          const n = (this.badArgs.get(call.name) ?? 0) + 1;
          this.badArgs.set(call.name, n);
          if (n > this.limits.maxBadArgumentRetries) return this.answer('failed', `Gave up: ${call.name} got invalid arguments ${n} times.`, mode);
        }
      }
    }
  }

  private overBudget(): string | null {
    if (this.steps.length >= this.limits.maxSteps) return `Stopped after ${this.steps.length} tool calls (the step cap).`;
    if (this.tokens >= this.limits.maxTokens) return `Stopped at the token budget (${this.tokens} of ${this.limits.maxTokens}).`;
    if (this.deps.clock.now().getTime() - this.started >= this.limits.maxRunMs) return 'Stopped at the time budget.';
    if (this.signal?.aborted) return 'Cancelled.';
    return null;
  }

  private async callTool(name: string, rawArguments: string): Promise<ToolCallResult> {
    let args: unknown;
    try {
      args = rawArguments.trim() ? JSON.parse(rawArguments) : {};
    } catch {
      args = { __unparseable: rawArguments.slice(0, 200) };
    }
    const result = await this.deps.registry().call(this.ctx, name, args);
    this.steps.push({
      tool: name.slice(0, 128),
      arguments: (redactArguments(args) ?? {}) as Record<string, unknown>,
      ok: result.ok,
      result: result.ok ? result.structured : result.error,
    });
    if (result.ok && name === 'request_approval') this.approvalIds.push(String(result.structured.approvalId));
    if (result.ok && name === 'deliver') this.delivered = true;
    return result;
  }

  private answer(status: AssistantChatResponse['status'], reply: string, mode: Mode): AssistantChatResponse {
    return {
      runId: this.runId, status, reply: reply.slice(0, 8000), steps: this.steps, mode, model: this.model.model,
      usage: { steps: this.steps.length, tokens: this.tokens }, approvalIds: this.approvalIds,
    };
  }
}

/** One JSON action per answer in JSON-plan mode; anything unreadable is treated as the final reply. */
function planCall(content: string | null): Array<{ id: string; name: string; arguments: string }> | 'reply' {
  const parsed = parseJson(content);
  if (!parsed || typeof parsed.tool !== 'string') return 'reply';
  return [{ id: 'plan', name: parsed.tool, arguments: JSON.stringify(parsed.arguments ?? {}) }];
}

function planReply(content: string | null): string {
  const parsed = parseJson(content);
  return typeof parsed?.reply === 'string' ? parsed.reply : (content ?? '');
}

function parseJson(content: string | null): Record<string, unknown> | null {
  if (!content) return null;
  const start = content.indexOf('{');
  const end = content.lastIndexOf('}');
  if (start < 0 || end <= start) return null;
  try {
    const v: unknown = JSON.parse(content.slice(start, end + 1));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
