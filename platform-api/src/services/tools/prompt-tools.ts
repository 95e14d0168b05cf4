import { z } from 'zod';
import { IdSchema, SavedPromptCreateSchema } from '@cutaway/shared';
import type { SavedPromptService } from '../assistant/saved-prompts';
import { defineTool, type ToolDef } from './registry';

export function promptTools(deps: { prompts: SavedPromptService }): ToolDef[] {
  return [
    defineTool({
      name: 'save_prompt',
      title: 'Save prompt as a scheduled workflow',
      description: 'Saves a workflow that runs every intervalMinutes without a model: search the query, render up to maxClips moments with the profile (and watermark), then request approval for the destination. Runs stop at "awaiting approval". A prompt an agent saves stays off until a person enables it.',
      scope: 'prompt:write',
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
      input: SavedPromptCreateSchema,
      output: z.object({ savedPromptId: IdSchema, enabled: z.boolean(), nextRunAt: z.string(), intervalMinutes: z.number().int() }),
      async handler(args, ctx) {
        const p = await deps.prompts.create(ctx.caller, args);
        await ctx.handles.mint('prompt', p.id);
        return { structured: { savedPromptId: p.id, enabled: p.enabled, nextRunAt: p.nextRunAt, intervalMinutes: p.intervalMinutes } };
      },
    }),
  ];
}
