import { z } from 'zod';
import { AssistantChatRequestSchema, AssistantChatResponseSchema, SavedPromptListSchema, SavedPromptSchema, ScopeSchema } from '@cutaway/shared';

const ToolListSchema = z.object({
  available: z.boolean(),
  items: z.array(z.object({ name: z.string(), title: z.string(), description: z.string(), scope: ScopeSchema })),
});

/** The assistant routes (routes/assistant.ts) for the OpenAPI document. /mcp is MCP's own protocol, documented in docs/mcp.md. */
export const ASSISTANT_OPERATIONS = [
  { id: 'listAssistantTools', method: 'get', path: '/assistant/tools', summary: 'The tools this token may use (filtered by its scopes) and whether a chat model is configured', role: 'viewer', response: ToolListSchema },
  { id: 'assistantChat', method: 'post', path: '/assistant/chat', summary: 'One bounded assistant run over the tool registry (step cap, token budget); stops at awaiting approval', role: 'editor', body: AssistantChatRequestSchema, response: AssistantChatResponseSchema },
  { id: 'listSavedPrompts', method: 'get', path: '/assistant/prompts', summary: 'Saved prompts of this token (admins: all)', role: 'viewer', response: SavedPromptListSchema },
  { id: 'enableSavedPrompt', method: 'post', path: '/assistant/prompts/{id}/enable', summary: 'Switch a saved prompt\'s schedule on (a person, never an agent token)', role: 'editor', response: SavedPromptSchema },
  { id: 'disableSavedPrompt', method: 'post', path: '/assistant/prompts/{id}/disable', summary: 'Switch a saved prompt\'s schedule off', role: 'editor', response: SavedPromptSchema },
  { id: 'runSavedPrompt', method: 'post', path: '/assistant/prompts/{id}/run', summary: 'Run a saved prompt now, without a model, to awaiting approval', role: 'editor', response: SavedPromptSchema },
] as const;
