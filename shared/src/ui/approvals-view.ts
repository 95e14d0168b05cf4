import type { ApprovalQueueItem, TokenInfo } from '../schemas/index';

/** "expires in 23 h 59 min", "expires in 4 min", "expired": how long a reviewer has to decide. */
export function expiresIn(iso: string, now: Date = new Date()): string {
  const ms = Date.parse(iso) - now.getTime();
  if (!(ms > 0)) return 'expired';
  const min = Math.ceil(ms / 60_000);
  if (min < 60) return `expires in ${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `expires in ${h} h${min % 60 ? ` ${min % 60} min` : ''}`;
  return `expires in ${Math.floor(h / 24)} days`;
}

export interface Decision {
  /** Approve and Decline are offered. */
  canDecide: boolean;
  /** Why not, said before anyone clicks (the server refuses the same cases); null when there is nothing to decide. */
  why: string | null;
  mine: boolean;
}

/**
 * Whether this token may decide on this approval, by the server's own rules (docs/delivery.md): a pending
 * one, by a person other than the requester, with editor or admin rights, never an agent token.
 */
export function decisionFor(item: Pick<ApprovalQueueItem, 'status' | 'requestedBy'>, me: Pick<TokenInfo, 'id' | 'role' | 'kind'> | null): Decision {
  const mine = me !== null && item.requestedBy.id === me.id;
  if (item.status !== 'pending') return { canDecide: false, why: null, mine };
  if (me === null) return { canDecide: false, why: 'Checking who you are…', mine };
  if (mine) return { canDecide: false, why: 'Your request: a different person must approve or decline it.', mine };
  if (me.kind === 'agent') return { canDecide: false, why: 'Agent tokens cannot approve deliveries: a person must.', mine };
  if (me.role === 'viewer') return { canDecide: false, why: 'Approving needs an editor or admin token.', mine };
  return { canDecide: true, why: null, mine };
}

/** Pending first (what waits for someone), each group newest first as the API lists them. */
export function pendingFirst<T extends { status: string }>(items: readonly T[]): T[] {
  return [...items.filter((i) => i.status === 'pending'), ...items.filter((i) => i.status !== 'pending')];
}
