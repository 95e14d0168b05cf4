import { createHash } from 'node:crypto';
import type { DeliveryMetadata } from '@cutaway/shared';

/**
 * What an approval covers: sha256 over the render file's sha256, the destination id and the metadata in a
 * canonical form (fixed key order), so a changed file, destination or title voids the approval.
 */
export function approvalBinding(renderSha256: string, destinationId: string, metadata: DeliveryMetadata): string {
  const canonical = JSON.stringify({ title: metadata.title, description: metadata.description, tags: metadata.tags });
  return createHash('sha256').update(`cutaway-approval-v1\n${renderSha256}\n${destinationId}\n${canonical}`).digest('hex');
}
