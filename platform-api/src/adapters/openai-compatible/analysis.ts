import { AppError } from '@cutaway/shared';
import type { AiCallOptions, TextAnalyzer, TextInsights } from '../../ports/ai';
import type { OpenAiHttp } from './http';
import { RETRY_PROMPT, SYSTEM_PROMPT, coerceInsights, extractJson, userPrompt } from './insights';
import { ChatCompletionSchema } from './schemas';

export interface OpenAiAnalyzerOptions {
  http: OpenAiHttp;
  /** e.g. 'gpt-4o-mini', or the name a llama.cpp server was started with. */
  model: string;
  /**
   * How JSON is requested. 'json_object' (default) is the widest supported (OpenAI, llama.cpp,
   * vLLM); 'json_schema' constrains harder where supported; 'none' for servers rejecting both.
   */
  responseFormat?: 'json_object' | 'json_schema' | 'none';
  /** Longer texts are cut (default 24,000 characters, about 6k tokens) to stay inside small context windows. */
  maxInputChars?: number;
  /** Per-attempt timeout (default: the client's); local models on CPU are slow. */
  requestTimeoutMs?: number;
}

type Message = { role: 'system' | 'user' | 'assistant'; content: string };

const INSIGHTS_SCHEMA = {
  name: 'text_insights',
  strict: true,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['summary', 'keywords', 'entities'],
    properties: {
      summary: { type: 'string' },
      keywords: { type: 'array', items: { type: 'string' } },
      entities: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['text', 'type'],
          properties: { text: { type: 'string' }, type: { type: 'string', enum: ['person', 'organization', 'place', 'event', 'other'] } },
        },
      },
    },
  },
};

/** Summary, keywords and entities through `POST /chat/completions` of any OpenAI-compatible server. */
export class OpenAiTextAnalyzer implements TextAnalyzer {
  readonly engine = 'openai-compatible';
  readonly model: string;
  readonly #http: OpenAiHttp;
  readonly #format: NonNullable<OpenAiAnalyzerOptions['responseFormat']>;
  readonly #maxInputChars: number;
  readonly #timeoutMs: number | undefined;

  constructor(opts: OpenAiAnalyzerOptions) {
    this.model = opts.model;
    this.#http = opts.http;
    this.#format = opts.responseFormat ?? 'json_object';
    this.#maxInputChars = opts.maxInputChars ?? 24_000;
    this.#timeoutMs = opts.requestTimeoutMs;
  }

  async analyze(text: string, options: AiCallOptions & { context?: string } = {}): Promise<TextInsights> {
    const messages: Message[] = [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: userPrompt(text, options.context, this.#maxInputChars) },
    ];
    options.onProgress?.(0);
    let finishReason: string | null | undefined;
    // Two tries: models slip (a fence, a cut-off answer) but rarely twice; more would only burn tokens.
    for (let attempt = 1; attempt <= 2; attempt++) {
      const res = await this.#http.post('/chat/completions', this.#body(messages), ChatCompletionSchema, { signal: options.signal, timeoutMs: this.#timeoutMs });
      const choice = res.choices[0]!;
      finishReason = choice.finish_reason;
      const content = choice.message.content ?? '';
      const insights = coerceInsights(extractJson(content));
      if (insights) {
        options.onProgress?.(100);
        return { engine: this.engine, model: this.model, ...insights };
      }
      messages.push({ role: 'assistant', content: content.slice(0, 2000) }, { role: 'user', content: RETRY_PROMPT });
    }
    throw new AppError('ai.bad_response', 'AI provider did not answer /chat/completions with the requested JSON, twice', {
      endpoint: '/chat/completions', attempts: 2, finishReason: finishReason ?? null,
    });
  }

  #body(messages: Message[]): Record<string, unknown> {
    const response_format =
      this.#format === 'json_schema' ? { type: 'json_schema', json_schema: INSIGHTS_SCHEMA }
      : this.#format === 'json_object' ? { type: 'json_object' }
      : undefined;
    // temperature 0: the same transcript should give the same keywords on a re-run.
    return { model: this.model, messages, temperature: 0, ...(response_format ? { response_format } : {}) };
  }
}
