import { z } from 'zod';
import { IdSchema, IsoDateSchema } from './common';
import { DeliveryProfileIdSchema, SlugIdSchema } from './delivery';

/**
 * Issue 16: saved workflows and the assistant's chat. A saved prompt runs on a schedule with no model at
 * all (search → selection → plan → render → request approval) and stops at "awaiting approval".
 */
export const SavedPromptRunStatusSchema = z.enum(['awaiting_approval', 'no_moments', 'failed', 'running']);

export const SavedPromptRunSchema = z.object({
  at: IsoDateSchema,
  runId: z.string(),
  status: SavedPromptRunStatusSchema,
  approvalId: z.string().nullable(),
  message: z.string().max(500),
});
export type SavedPromptRun = z.infer<typeof SavedPromptRunSchema>;

export const SavedPromptCreateSchema = z
  .object({
    title: z.string().trim().min(1).max(120),
    /** What a person asked, kept for humans reading the list; the run itself needs no model. */
    prompt: z.string().trim().min(1).max(1000),
    /** Search words (the search syntax of docs/search.md), not a filter expression. */
    query: z.string().trim().min(1).max(200),
    profileId: DeliveryProfileIdSchema,
    destinationId: SlugIdSchema,
    /** An operator-configured watermark (logo) id, or none. */
    watermarkId: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/).nullable().default(null),
    maxClips: z.number().int().min(1).max(10).default(3),
    /** How often it runs; 15 minutes to a week. */
    intervalMinutes: z.number().int().min(15).max(10_080).default(1440),
  })
  .strict();
export type SavedPromptCreate = z.infer<typeof SavedPromptCreateSchema>;

export const SavedPromptSchema = SavedPromptCreateSchema.extend({
  id: IdSchema,
  ownerId: IdSchema,
  ownerName: z.string(),
  /** Prompts an agent saves start disabled: enabling a schedule needs a person. */
  enabled: z.boolean(),
  nextRunAt: IsoDateSchema,
  lastRun: SavedPromptRunSchema.nullable(),
  createdAt: IsoDateSchema,
});
export type SavedPrompt = z.infer<typeof SavedPromptSchema>;
export const SavedPromptListSchema = z.object({ items: z.array(SavedPromptSchema) });

/** A chat turn as the console keeps it; tool messages carry the tool's (bounded) JSON result. */
export const ChatMessageSchema = z.object({
  role: z.enum(['user', 'assistant', 'tool']),
  content: z.string().max(40_000),
  toolName: z.string().max(128).optional(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

export const AssistantChatRequestSchema = z
  .object({
    messages: z.array(ChatMessageSchema.pick({ role: true, content: true }).extend({ role: z.enum(['user', 'assistant']) })).min(1).max(40),
  })
  .strict();
export type AssistantChatRequest = z.infer<typeof AssistantChatRequestSchema>;

export const AssistantStepSchema = z.object({
  tool: z.string(),
  arguments: z.record(z.string(), z.unknown()),
  ok: z.boolean(),
  /** The tool's result (structured) or its error, as the model saw it. */
  result: z.unknown(),
});
export type AssistantStep = z.infer<typeof AssistantStepSchema>;

export const AssistantChatResponseSchema = z.object({
  runId: z.string(),
  /** `awaiting_approval`: a person must approve before anything leaves; `budget`: step or token cap reached. */
  status: z.enum(['answered', 'awaiting_approval', 'budget', 'failed']),
  reply: z.string(),
  steps: z.array(AssistantStepSchema),
  mode: z.enum(['tools', 'json_plan']),
  model: z.string(),
  usage: z.object({ steps: z.number().int(), tokens: z.number().int() }),
  approvalIds: z.array(z.string()),
});
export type AssistantChatResponse = z.infer<typeof AssistantChatResponseSchema>;
