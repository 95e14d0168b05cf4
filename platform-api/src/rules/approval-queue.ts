import type { StoredApprovalQuery } from '../ports/delivery-store';

/**
 * The WHERE clauses of the approvals queue, shared by both engines so they cannot disagree on what
 * `pending` and `expired` mean: a stored `pending` row is expired once `expires_at <= now` (ISO UTC
 * strings compare as text). `placeholder` yields the engine's next parameter marker, in clause order.
 */
export function approvalFilter(q: StoredApprovalQuery, placeholder: () => string): { where: string[]; args: string[] } {
  const where: string[] = [];
  const args: string[] = [];
  if (q.requestedBy !== undefined) {
    where.push(`requested_by = ${placeholder()}`);
    args.push(q.requestedBy);
  }
  switch (q.status) {
    case 'all':
      break;
    case 'pending':
      where.push(`status = 'pending' AND expires_at > ${placeholder()}`);
      args.push(q.now);
      break;
    case 'expired':
      where.push(`status = 'pending' AND expires_at <= ${placeholder()}`);
      args.push(q.now);
      break;
    default:
      where.push(`status = ${placeholder()}`);
      args.push(q.status);
  }
  return { where, args };
}
