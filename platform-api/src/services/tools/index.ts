/**
 * The one tool registry (issue 16) that both the MCP server and the built-in assistant call. It is
 * engine- and front-end-neutral: services in, zod-described tools out.
 */
import type { AuditService } from '../audit-service';
import type { DeliveryService } from '../delivery/index';
import type { ReviewService } from '../review-service';
import type { RundownService } from '../rundown-service';
import type { SavedPromptService } from '../assistant/saved-prompts';
import type { Clock } from '../../ports/clock';
import { catalogTools, type CatalogToolDeps } from './catalog-tools';
import { deliveryTools } from './delivery-tools';
import { integrationTools } from './integration-tools';
import { promptTools } from './prompt-tools';
import { ToolRegistry } from './registry';

export { ToolRegistry, MAX_RESULT_CHARS, type ToolContext, type ToolCallResult, type ToolDef } from './registry';
export { ToolHandles } from './handles';

export interface ToolRegistryDeps extends CatalogToolDeps {
  delivery: DeliveryService;
  review: ReviewService;
  rundowns: RundownService;
  prompts: SavedPromptService;
  audit: AuditService;
  clock: Clock;
  onAuditError?: (err: unknown) => void;
  /** Tests shorten wait_for_job's polling. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export function buildToolRegistry(deps: ToolRegistryDeps): ToolRegistry {
  return new ToolRegistry(
    [
      ...catalogTools(deps),
      ...deliveryTools({ delivery: deps.delivery, clock: deps.clock, ...(deps.sleep ? { sleep: deps.sleep } : {}) }),
      ...integrationTools(deps),
      ...promptTools(deps),
    ],
    { audit: deps.audit, ...(deps.onAuditError ? { onAuditError: deps.onAuditError } : {}) },
  );
}
