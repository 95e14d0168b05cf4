import type { AuditPage, AuditQuery, AuditRecord } from '@cutaway/shared';

/** The audit trail: append-only, read newest first with filters (issue 7 "Access"). */
export interface AuditStore {
  append(record: AuditRecord): Promise<void>;
  /** Newest first (`at`, then `id`); `from` inclusive, `to` exclusive. */
  list(query: AuditQuery): Promise<AuditPage>;
}
