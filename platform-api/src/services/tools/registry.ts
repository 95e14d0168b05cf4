import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError, scopesOf, type AuditChannel, type Scope, type TokenInfo } from '@cutaway/shared';
import type { AuditService } from '../audit-service';
import type { ToolHandles } from './handles';

/** Who calls, through which front end, in which run; tools never see a raw token. */
export interface ToolContext {
  caller: TokenInfo;
  channel: Extract<AuditChannel, 'mcp' | 'assistant'>;
  runId: string;
  /** The chat model that asked, for the audit trail; null for MCP clients (we cannot know theirs). */
  model: string | null;
  signal?: AbortSignal;
  /** Monotonic progress for long waits (MCP progress notifications need increasing values). */
  onProgress?: (progress: number, total: number, message: string) => void;
  handles: ToolHandles;
}

export interface ToolImage {
  data: string;
  mimeType: string;
}

export interface ToolOutcome<O> {
  structured: O;
  image?: ToolImage;
  /** An approval the call relied on, recorded in the audit trail. */
  approvalId?: string;
}

export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** One tool: zod in, zod out, the scope it needs. Handlers get parsed input and must return valid output. */
export interface ToolDef<I extends z.ZodObject = z.ZodObject, O extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  scope: Scope;
  input: I;
  output: O;
  annotations: ToolAnnotations;
  handler(args: z.output<I>, ctx: ToolContext): Promise<ToolOutcome<z.input<O>>>;
}

export const defineTool = <I extends z.ZodObject, O extends z.ZodObject>(def: ToolDef<I, O>): ToolDef => def as unknown as ToolDef;

/** A result's JSON text stays under ~8k tokens (≈ 4 bytes a token); Claude Code warns near 10k, refuses past 25k. */
export const MAX_RESULT_CHARS = 30_000;

export type ToolCallResult =
  | { ok: true; structured: Record<string, unknown>; text: string; image?: ToolImage }
  | { ok: false; error: { code: string; message: string; details?: unknown }; text: string };

/** Audit status per outcome: the HTTP-like number the console's audit view already shows. */
const STATUS_OF: Record<string, number> = {
  'request.invalid': 400, 'auth.forbidden': 403, 'tool.not_found': 404, 'tool.handle_not_found': 404, 'asset.not_found': 404,
};
const statusOf = (code: string) => STATUS_OF[code] ?? (/not_found$/.test(code) ? 404 : /forbidden|denied|approval/.test(code) ? 403 : 500);

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** Arguments as the audit trail keeps them: ids, enums and numbers as sent, free text cut short, secrets never. */
export function redactArguments(args: unknown, depth = 0): unknown {
  if (typeof args === 'string') return args.length > 120 ? `${args.slice(0, 120)}…(${args.length} chars)` : args;
  if (Array.isArray(args)) return depth > 3 ? `[${args.length} items]` : args.slice(0, 20).map((a) => redactArguments(a, depth + 1));
  if (args && typeof args === 'object') {
    if (depth > 3) return '{…}';
    return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, /secret|token|password|key$/i.test(k) ? '[redacted]' : redactArguments(v, depth + 1)]));
  }
  return args;
}

/**
 * The one registry both front ends (MCP server, assistant) call: it filters by the caller's scopes,
 * validates input and output with the same zod schemas it publishes, caps result size, and audits every call.
 */
export class ToolRegistry {
  private readonly byName = new Map<string, ToolDef>();

  constructor(
    tools: readonly ToolDef[],
    private readonly deps: { audit: AuditService; onAuditError?: (err: unknown) => void },
  ) {
    for (const t of tools) {
      if (!/^[A-Za-z0-9_.-]{1,128}$/.test(t.name)) throw new Error(`bad tool name ${t.name}`);
      if (this.byName.has(t.name)) throw new Error(`duplicate tool ${t.name}`);
      this.byName.set(t.name, t);
    }
  }

  /** Deterministic: sorted by name, only what the caller's scopes allow (MCP tools/list MAY vary by authorization). */
  list(caller: Pick<TokenInfo, 'role' | 'kind'>): ToolDef[] {
    const scopes = scopesOf(caller);
    return [...this.byName.values()].filter((t) => scopes.has(t.scope)).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /** JSON Schema of a tool's input or output (zod 4's own converter: what clients validate against). */
  static jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
    const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
    return rest;
  }

  async call(ctx: ToolContext, name: string, rawArgs: unknown): Promise<ToolCallResult> {
    const tool = this.byName.get(name);
    let approvalId: string | null = null;
    let outcome: ToolCallResult;
    try {
      // A tool the caller may not use is reported exactly like one that does not exist: tools/list never showed it.
      if (!tool || !scopesOf(ctx.caller).has(tool.scope)) throw new AppError('tool.not_found', `No tool ${String(name).slice(0, 128)}`);
      const parsed = tool.input.safeParse(rawArgs ?? {});
      if (!parsed.success) {
        const fields = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(arguments)', message: i.message }));
        throw new AppError('request.invalid', `Invalid arguments for ${tool.name}: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`, fields);
      }
      const result = await tool.handler(parsed.data, ctx);
      approvalId = result.approvalId ?? null;
      // Our own output schema is a promise to the client: a handler breaking it is our bug, reported as internal.
      const checked = tool.output.safeParse(result.structured);
      if (!checked.success) throw new AppError('internal', `Tool ${tool.name} produced output outside its schema`, checked.error.issues.slice(0, 5));
      const text = JSON.stringify(checked.data);
      if (text.length > MAX_RESULT_CHARS) throw new AppError('tool.result_too_large', `Result of ${tool.name} is ${text.length} characters; narrow the request`);
      outcome = { ok: true, structured: checked.data as Record<string, unknown>, text, ...(result.image ? { image: result.image } : {}) };
    } catch (err) {
      // A service's own zod check (a value our schema let through but the service refuses) is still the caller's to fix.
      const e = err instanceof AppError ? err
        : err instanceof z.ZodError ? new AppError('request.invalid', `Invalid arguments: ${err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`.slice(0, 500), err.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message })))
        : new AppError('internal', 'The tool failed unexpectedly', undefined, { cause: err });
      const error = { code: e.code, message: e.message.slice(0, 500), ...(e.code === 'request.invalid' ? { details: e.details } : {}) };
      outcome = { ok: false, error, text: JSON.stringify({ error }) };
    }
    await this.audit(ctx, name, rawArgs, outcome, approvalId);
    return outcome;
  }

  private async audit(ctx: ToolContext, name: string, rawArgs: unknown, outcome: ToolCallResult, approvalId: string | null): Promise<void> {
    const args = rawArgs && typeof rawArgs === 'object' ? (rawArgs as Record<string, unknown>) : {};
    const assetId = typeof args.assetId === 'string' ? args.assetId : null;
    try {
      await this.deps.audit.record({
        actor: ctx.caller,
        channel: ctx.channel,
        action: `tool ${String(name).slice(0, 128)}`,
        assetId,
        status: outcome.ok ? 200 : statusOf(outcome.error.code),
        details: {
          runId: ctx.runId,
          tool: String(name).slice(0, 128),
          arguments: redactArguments(args),
          argumentsSha256: sha256(JSON.stringify(args)),
          resultSha256: sha256(outcome.text),
          approvalId,
          model: ctx.model,
          ...(outcome.ok ? {} : { error: outcome.error.code }),
        },
      });
    } catch (err) {
      this.deps.onAuditError?.(err);
    }
  }
}
