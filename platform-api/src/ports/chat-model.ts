/**
 * A chat model the assistant talks to (issue 16): an operator-configured OpenAI-compatible endpoint.
 * Tool calling is optional: a server that rejects `tools` (llama.cpp without --jinja, vLLM without
 * --enable-auto-tool-choice) is driven in JSON-plan mode instead.
 */
export interface ChatToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
}

export interface ChatToolCall {
  id: string;
  name: string;
  /** As the model wrote it: a JSON string that may well be invalid. */
  arguments: string;
}

export type ChatTurn =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; toolCalls?: ChatToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

export interface ChatCompletion {
  content: string | null;
  toolCalls: ChatToolCall[];
  /** Tokens the server counted for this call (prompt + completion), 0 when it did not say. */
  totalTokens: number;
}

export interface ChatModel {
  readonly model: string;
  complete(messages: readonly ChatTurn[], options: { tools?: readonly ChatToolSpec[]; json?: boolean; maxTokens?: number; signal?: AbortSignal }): Promise<ChatCompletion>;
}
