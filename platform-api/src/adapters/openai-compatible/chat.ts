import { z } from 'zod';
import type { ChatCompletion, ChatModel, ChatToolSpec, ChatTurn } from '../../ports/chat-model';
import type { OpenAiHttp } from './http';

/** The parts of a chat.completion we read (OpenAI API reference, "The chat completion object"). */
const CompletionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullable().optional(),
          tool_calls: z
            .array(z.object({ id: z.string(), type: z.string().optional(), function: z.object({ name: z.string(), arguments: z.string() }) }))
            .nullable()
            .optional(),
        }),
      }),
    )
    .min(1),
  usage: z.object({ total_tokens: z.number().optional() }).partial().nullable().optional(),
});

const wire = (m: ChatTurn): Record<string, unknown> => {
  if (m.role === 'tool') return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
  if (m.role === 'assistant') {
    return {
      role: 'assistant',
      content: m.content,
      ...(m.toolCalls?.length ? { tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })) } : {}),
    };
  }
  return { role: m.role, content: m.content };
};

/** `POST /chat/completions` with `tools` (function calling) or `response_format: json_object`. */
export class OpenAiChatModel implements ChatModel {
  constructor(private readonly opts: { http: OpenAiHttp; model: string; timeoutMs?: number }) {}

  get model(): string {
    return this.opts.model;
  }

  async complete(messages: readonly ChatTurn[], options: { tools?: readonly ChatToolSpec[]; json?: boolean; maxTokens?: number; signal?: AbortSignal }): Promise<ChatCompletion> {
    const body: Record<string, unknown> = { model: this.opts.model, messages: messages.map(wire), temperature: 0 };
    if (options.tools?.length) {
      body.tools = options.tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } }));
      body.tool_choice = 'auto';
    }
    if (options.json) body.response_format = { type: 'json_object' };
    if (options.maxTokens) body.max_tokens = options.maxTokens;
    const res = await this.opts.http.post('/chat/completions', body, CompletionSchema, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(this.opts.timeoutMs ? { timeoutMs: this.opts.timeoutMs } : {}),
    });
    const msg = res.choices[0]!.message;
    return {
      content: msg.content ?? null,
      toolCalls: (msg.tool_calls ?? []).map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments })),
      totalTokens: res.usage?.total_tokens ?? 0,
    };
  }
}
