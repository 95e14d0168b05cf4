import type { Approval, Delivery, Render, Selection } from '@cutaway/shared';

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
  /** Writes `next` only while the stored approval is still `pending`: two approvers never both win. */
  approvePending(next: Approval): Promise<boolean>;

  /**
   * Inserts the delivery unless one already exists for its approval (one per approval: deliver is
   * idempotent); returns the stored one either way and whether this call created it.
   */
  createDeliveryOnce(d: Delivery): Promise<{ delivery: Delivery; created: boolean }>;
  getDelivery(id: string): Promise<Delivery | null>;
  updateDelivery(d: Delivery): Promise<void>;
}
