import type { Logger } from 'pino';
import type { ReviewDestination } from '@cutaway/shared';
import type { FrameioClient } from '../frameio/client';
import type { SecretStore } from '../state/secrets';
import { SUBSCRIBED_EVENTS } from './event';

const key = (d: Pick<ReviewDestination, 'accountId' | 'workspaceId'>) => `webhook:${d.accountId}:${d.workspaceId}`;

/**
 * One webhook per workspace (a V4 webhook covers every project in it). The secret is returned only
 * at creation (docs/frameio.md §2.1), so it is sealed at once; a webhook of ours whose secret we no
 * longer hold is deleted and created again.
 */
export function webhookRegistrar(d: { frameio: FrameioClient; secrets: SecretStore; publicUrl: string | undefined; log: Logger }) {
  const inFlight = new Map<string, Promise<void>>();
  return async (dest: ReviewDestination): Promise<void> => {
    if (!d.publicUrl || d.secrets.get(key(dest)) !== null) return;
    const k = key(dest);
    const running = inFlight.get(k);
    if (running) return running;
    const url = `${d.publicUrl}/webhooks/frameio`;
    const work = (async () => {
      for await (const hook of d.frameio.listWebhooks(dest.accountId, dest.workspaceId)) {
        if (hook.url === url) await d.frameio.deleteWebhook(dest.accountId, hook.id);
      }
      const created = await d.frameio.createWebhook(dest.accountId, dest.workspaceId, { name: 'Cutaway review bridge', url, events: [...SUBSCRIBED_EVENTS] });
      d.secrets.set(k, created.secret);
      d.log.info({ workspaceId: dest.workspaceId, webhookId: created.id }, 'webhook registered');
    })().finally(() => inFlight.delete(k));
    inFlight.set(k, work);
    return work;
  };
}
