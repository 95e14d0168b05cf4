import type { Logger } from 'pino';
import { OpenAiHttp } from '../adapters/openai-compatible/index';
import { OpenAiChatModel } from '../adapters/openai-compatible/chat';
import type { Config } from '../config';
import type { Maintenance } from '../maintenance';
import type { AgentStore } from '../ports/agent-store';
import type { ChatModel } from '../ports/chat-model';
import type { Clock, IdGenerator } from '../ports/clock';
import { AssistantService } from '../services/assistant/assistant-service';
import { SavedPromptService } from '../services/assistant/saved-prompts';
import type { TokenService } from '../services/token-service';
import { buildToolRegistry, type ToolRegistry, type ToolRegistryDeps } from '../services/tools/index';

export interface Agent {
  registry: () => ToolRegistry;
  prompts: SavedPromptService;
  assistant: AssistantService;
  store: AgentStore;
}

/**
 * Issue 16 wiring: the one tool registry, saved prompts (checked on a timer, in API processes), and the assistant
 * over the operator's OpenAI-compatible chat model when CUTAWAY_AI_BASE_URL and CUTAWAY_AI_CHAT_MODEL are set.
 */
export function buildAgent(input: {
  config: Config;
  log: Logger;
  store: AgentStore;
  tokens: TokenService;
  clock: Clock;
  ids: IdGenerator;
  maintenance?: Maintenance;
  tools: Omit<ToolRegistryDeps, 'prompts' | 'clock' | 'onAuditError'>;
  /** Tests inject a model; otherwise one is built from the config. */
  model?: ChatModel | null;
}): Agent {
  const { config, log, store, tokens, clock, ids } = input;
  let registry: ToolRegistry | null = null;
  const getRegistry = () => registry!;
  const prompts = new SavedPromptService({ store, tokens, registry: getRegistry, clock, ids, onError: (err, what) => log.warn({ err }, what) });
  registry = buildToolRegistry({ ...input.tools, prompts, clock, onAuditError: (err) => log.error({ err }, 'tool call audit record could not be written') });
  const openai = config.ai.openai;
  const model =
    input.model !== undefined
      ? input.model
      : openai?.chatModel
        ? new OpenAiChatModel({ http: new OpenAiHttp({ baseUrl: openai.baseUrl, apiKey: openai.apiKey, timeoutMs: openai.timeoutMs, log: log.child({ component: 'assistant-model' }) }), model: openai.chatModel })
        : null;
  const assistant = new AssistantService({ model, registry: getRegistry, store, clock, ids, limits: { maxSteps: config.assistant.maxSteps, maxTokens: config.assistant.maxTokens } });
  input.maintenance?.every('prompts.tick', config.assistant.promptTickMs, async () => {
    await prompts.tick();
  });
  return { registry: getRegistry, prompts, assistant, store };
}
