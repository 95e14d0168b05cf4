import type { StorageTier } from '@cutaway/shared';

/** How urgently a restore runs. S3 DEEP_ARCHIVE: standard ≈ 12 h, bulk ≈ 48 h and cheaper; it has no expedited tier. */
export type RestoreSpeed = 'standard' | 'bulk';

export interface ArchiveRestoreStatus {
  /**
   * none: no restored copy exists (or the object is not archived); in_progress: requested, not readable yet;
   * restored: readable until expiresAt; not_needed: archived, but the engine keeps it readable (S3 engines without
   * Glacier semantics, such as Ceph RGW), so there is nothing to restore.
   */
  state: 'none' | 'in_progress' | 'restored' | 'not_needed';
  /** When the temporary restored copy goes away (ISO 8601); null unless restored, or when the store keeps no expiry. */
  expiresAt: string | null;
}

/**
 * Storage classes of stored objects, beside ObjectStorage because only the archive service needs it.
 * Keys are the same keys ObjectStorage uses; a missing object is `storage.not_found`, a bad key `storage.key_invalid`.
 */
export interface MoveOptions {
  /** The checksum recorded at ingest: a copy that does not match it stops the move (`storage.checksum_mismatch`). */
  sha256?: string;
  onProgress?: (percent: number) => void;
}

export interface ArchiveStorage {
  /**
   * True when a tier change copies bytes between volumes (local tier directories): run it as a durable job.
   * False when it is a quick class change in place (S3 CopyObject).
   */
  readonly movesBytes: boolean;
  /**
   * Moves the object to `tier` (online = instant, nearline = instant but cheaper to keep, archive = needs a restore).
   * Setting the tier it already has does nothing (and finishes a move a crash interrupted). Leaving `archive`
   * needs a finished restore first (`asset.not_ready`) where archived objects are unreadable; where they stay
   * readable (restoreStatus not_needed) it needs none. Idempotent: safe to run again after a crash at any point.
   */
  setTier(key: string, tier: StorageTier, options?: MoveOptions): Promise<void>;
  /** How long a restore of an archived object takes until it is readable, for ETAs against deadlines. */
  restoreEstimateMs(speed: RestoreSpeed): number;
  /**
   * Asks for a temporary readable copy of an archived object for `days` days. Idempotent while a restore runs;
   * once restored, a new request moves the expiry. An object that is not archived is `request.invalid`. On an
   * engine that keeps archived objects readable it does nothing (restoreStatus: not_needed); on one that can
   * neither restore nor read them it is `storage.not_implemented`.
   */
  restore(key: string, options: { days: number; speed?: RestoreSpeed }): Promise<void>;
  restoreStatus(key: string): Promise<ArchiveRestoreStatus>;
}
