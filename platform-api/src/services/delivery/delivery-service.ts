import {
  AppError,
  type Approval, type ApprovalRequestInput, type Delivery, type DeliveryPrincipal, type DeliveryProfile, type Destination,
  type Job, type Render, type RenderPlan, type RenderRequestInput, type RenderStarted, type Selection, type SelectionCreate, type Watermark,
} from '@cutaway/shared';

export interface DeliveryServiceDeps {
  // Filled in by the implementation commits: store, queue, assets, index, renderer, destinations, audit, clock, ids.
  [key: string]: unknown;
}

const todo = (what: string): never => {
  throw new AppError('internal', `${what} is not implemented yet`);
};

/**
 * Profiles, selections, dry-run plans, durable renders, hash-bound approvals and idempotent deliveries.
 * Methods that act take the principal: agents may request, never approve (issue 16 "People stay in charge").
 */
export class DeliveryService {
  constructor(protected readonly deps: DeliveryServiceDeps) {}

  listProfiles(): DeliveryProfile[] { return todo('listProfiles'); }
  listDestinations(): { items: Destination[]; watermarks: Watermark[] } { return todo('listDestinations'); }
  createSelection(input: SelectionCreate, principal: DeliveryPrincipal): Promise<Selection> { return Promise.resolve(todo(`createSelection ${input.items.length} ${principal.id}`)); }
  getSelection(id: string, principal: DeliveryPrincipal): Promise<Selection> { return Promise.resolve(todo(`getSelection ${id} ${principal.id}`)); }
  /** A dry run: output spec, CPU estimate and spec violations; queues nothing. */
  planRender(input: RenderRequestInput, principal: DeliveryPrincipal): Promise<RenderPlan> { return Promise.resolve(todo(`planRender ${input.selectionId} ${principal.id}`)); }
  /** Queues a durable render job and returns at once. */
  render(input: RenderRequestInput, principal: DeliveryPrincipal): Promise<RenderStarted> { return Promise.resolve(todo(`render ${input.selectionId} ${principal.id}`)); }
  getRender(id: string, principal: DeliveryPrincipal): Promise<Render> { return Promise.resolve(todo(`getRender ${id} ${principal.id}`)); }
  getJob(id: string): Promise<Job> { return Promise.resolve(todo(`getJob ${id}`)); }
  requestApproval(input: ApprovalRequestInput, principal: DeliveryPrincipal): Promise<Approval> { return Promise.resolve(todo(`requestApproval ${input.renderId} ${principal.id}`)); }
  getApproval(id: string): Promise<Approval> { return Promise.resolve(todo(`getApproval ${id}`)); }
  /** A different person than the requester; agent principals never. */
  approve(approvalId: string, principal: DeliveryPrincipal): Promise<Approval> { return Promise.resolve(todo(`approve ${approvalId} ${principal.id}`)); }
  /** Idempotent per approval: a second call returns the first delivery. */
  deliver(input: { approvalId: string }, principal: DeliveryPrincipal): Promise<Delivery> { return Promise.resolve(todo(`deliver ${input.approvalId} ${principal.id}`)); }
  /** The job handler of `delivery.render`: idempotent, reports progress, verifies before done. */
  runRender(renderId: string, progress: (percent: number, stage: string) => void, signal: AbortSignal): Promise<void> { return Promise.resolve(todo(`runRender ${renderId} ${typeof progress} ${signal.aborted}`)); }
  getDelivery(id: string): Promise<Delivery> { return Promise.resolve(todo(`getDelivery ${id}`)); }
}
