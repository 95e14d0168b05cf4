import type { Approval, ApprovalListStatus, Delivery, Render, Selection } from '@cutaway/shared';

export interface StoredApprovalQuery {
  status: ApprovalListStatus;
  /** ISO time that decides pending from expired. */
  now: string;
  requestedBy?: string;
  limit: number;
  cursor?: string;
}

/** Durable delivery state (issue 16): selections, renders, approvals and deliveries. */
export interface DeliveryStore {
  createSelection(s: Selection): Promise<void>;
  getSelection(id: string): Promise<Selection | null>;

  createRender(r: Render): Promise<void>;
  getRender(id: string): Promise<Render | null>;
  /** Replaces the stored render (same id); false when there is none. */
  updateRender(r: Render): Promise<boolean>;

  createApproval(a: Approval): Promise<void>;
  getApproval(id: string): Promise<Approval | null>;
  /**
   * Writes `next` (approved or declined) only while the stored approval is still `pending`: two reviewers
   * never both win.
   */
  decidePending(next: Approval): Promise<boolean>;
  /**
   * Newest first (`createdAt`, then `id`). `pending` and `expired` split the stored pending ones at `now`
   * (expiry is not stored as a status); `requestedBy` limits the list to one requester's.
   */
  listApprovals(q: StoredApprovalQuery): Promise<{ items: Approval[]; nextCursor: string | null }>;

  /**
   * Inserts the delivery unless one already exists for its approval (one per approval: deliver is
   * idempotent); returns the stored one either way and whether this call created it.
   */
  createDeliveryOnce(d: Delivery): Promise<{ delivery: Delivery; created: boolean }>;
  getDelivery(id: string): Promise<Delivery | null>;
  updateDelivery(d: Delivery): Promise<void>;
}
