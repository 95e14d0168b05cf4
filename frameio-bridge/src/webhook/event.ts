import { z } from 'zod';

const IdRef = z.object({ id: z.string().min(1).max(200) });

/** A V4 delivery carries ids only (docs/frameio.md §2.3); the bridge fetches the resource itself. */
export const WebhookEventSchema = z
  .object({
    type: z.string().min(1).max(100),
    resource: z.object({ id: z.string().min(1).max(200), type: z.string().min(1).max(100) }),
    account: IdRef,
    workspace: IdRef,
    project: IdRef,
    user: IdRef,
  })
  .loose();
export type WebhookEvent = z.infer<typeof WebhookEventSchema>;

/** The events the bridge subscribes to (issue 10). */
export const SUBSCRIBED_EVENTS = [
  'file.ready',
  'file.upload.completed',
  'file.versioned',
  'comment.created',
  'comment.updated',
  'comment.deleted',
  'comment.completed',
  'comment.uncompleted',
  'metadata.value.updated',
] as const;
