import { z } from 'zod';
import { AppError, IdSchema } from '@cutaway/shared';
import type { ReviewService } from '../review-service';
import type { RundownService } from '../rundown-service';
import { defineTool, type ToolDef } from './registry';
import { UntrustedTextSchema, untrusted } from './untrusted';

const EXTERNAL = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true } as const;

/**
 * Writes into other people's systems (Frame.io review, the NRCS running order). They need scopes an agent
 * token never has (review:write, rundown:write): a person's token, through MCP or the assistant, can use them.
 */
export function integrationTools(deps: { review: ReviewService; rundowns: RundownService }): ToolDef[] {
  return [
    defineTool({
      name: 'push_for_review',
      title: 'Push for review (Frame.io)',
      description: 'Sends a moment of an asset (its proxy) to a configured Frame.io review destination, through the Frame.io bridge. Returns the review request id.',
      scope: 'review:write',
      annotations: EXTERNAL,
      input: z.object({ assetId: IdSchema, reviewDestinationId: IdSchema, inMs: z.number().int().min(0).optional(), outMs: z.number().int().min(1).optional() }).strict(),
      output: z.object({ reviewRequestId: IdSchema, state: z.string(), assetId: IdSchema }),
      async handler(args) {
        if (args.inMs !== undefined && args.outMs !== undefined && args.outMs <= args.inMs) throw new AppError('request.invalid', 'outMs must be after inMs', [{ path: 'outMs', message: 'must be after inMs' }]);
        const r = await deps.review.requestReview(args.assetId, {
          destination: args.reviewDestinationId, rendition: 'proxy', ...(args.inMs !== undefined ? { inMs: args.inMs } : {}), ...(args.outMs !== undefined ? { outMs: args.outMs } : {}),
        });
        return { structured: { reviewRequestId: r.id, state: r.state, assetId: r.assetId } };
      },
    }),
    defineTool({
      name: 'link_to_rundown',
      title: 'Link to rundown (MOS)',
      description: 'Adds an item playing this asset (optionally a range) to a story of a running order Cutaway mirrors from the NRCS, so air-time restores and usage rules see it.',
      scope: 'rundown:write',
      annotations: EXTERNAL,
      input: z.object({ assetId: IdSchema, rundownId: IdSchema, storyIndex: z.number().int().min(0).max(4999), inMs: z.number().int().min(0).optional(), outMs: z.number().int().min(1).optional() }).strict(),
      output: z.object({ rundownId: IdSchema, storyId: UntrustedTextSchema, itemId: z.string(), items: z.number().int() }),
      async handler(args) {
        const { rundown, storyId, itemId } = await deps.rundowns.addAssetItem(args);
        return { structured: { rundownId: rundown.id, storyId: untrusted(storyId, 128), itemId, items: rundown.stories[args.storyIndex]?.items.length ?? 0 } };
      },
    }),
  ];
}
