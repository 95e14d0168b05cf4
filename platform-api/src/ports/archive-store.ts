import type { ArchivePolicy, RestoreRecord } from '@cutaway/shared';

/** Lifecycle policies and the restore log, on SQLite and PostgreSQL alike (one contract suite). */
export interface ArchiveStore {
  listPolicies(): Promise<ArchivePolicy[]>;
  getPolicy(id: string): Promise<ArchivePolicy | null>;
  /** Inserts or replaces by id. */
  savePolicy(policy: ArchivePolicy): Promise<void>;
  /** True when a row was removed. */
  deletePolicy(id: string): Promise<boolean>;
  addRestore(record: RestoreRecord): Promise<void>;
  /** Restores requested at or after `since`, oldest first. */
  restoresSince(since: Date): Promise<RestoreRecord[]>;
}

/** When an asset next airs in a running order, for "not in a rundown airing within N days". */
export interface AirSchedule {
  nextAirTime(assetId: string, after: Date): Promise<Date | null>;
}

/** No running orders in this deployment: nothing airs. */
export const NO_AIR_SCHEDULE: AirSchedule = { nextAirTime: async () => null };
