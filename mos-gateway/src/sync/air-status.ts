import type { Asset, MediaLinks } from '@cutaway/shared';

/**
 * Whether an asset can air now, and if not, why — in words a journalist can act on.
 *
 * Where the reason goes (MOS 2.8.5): `roElementStat` (§3.7.2) and the 2.6 `roItemStat` carry only
 * roID, storyID, itemID, objID, itemChannel, `status` and time — no description — and iNews maps the
 * status string itself through `statusTranslations`, so the status stays exactly `NOT READY`. The
 * reason travels with the object instead: the `mosObj` (§3.1.2) pushed as UPDATED has `objAir` NOT
 * READY, its `description` (plain text, §6) starts with "NOT READY: <reason>", and Cutaway's
 * `mosExternalMetadata` payload carries `<notReadyReason>`. Items link their object by objID, so the
 * NRCS shows the object's description and metadata beside the item.
 */
export interface AirStatus {
  air: 'READY' | 'NOT READY';
  reason: string | null;
}

const when = (iso: string | null) => (iso ? iso.replace(/\.\d{3}Z$/, 'Z') : 'unknown');

export function airStatus(a: Asset, links: MediaLinks | null): AirStatus {
  const notReady = (reason: string): AirStatus => ({ air: 'NOT READY', reason: reason.slice(0, 500) });
  if (a.status === 'placeholder') return notReady('placeholder: the media has not been ingested yet');
  if (a.status === 'failed') return notReady(`ingest failed: ${a.failure?.message ?? 'unknown error'}`);
  if (a.status !== 'ready') return notReady('the media is still being processed');
  const r = a.restore;
  const archived = a.storageTier === 'archive' && r.state !== 'restored' && r.state !== 'not_needed';
  if (archived) {
    if (r.late) return notReady(`restore late: the original is expected at ${when(r.etaAt)}, needed by ${when(r.neededBy)}`);
    if (r.state === 'requested' || r.state === 'in_progress') return notReady(`original archived: restore under way, expected at ${when(r.etaAt)}`);
    return notReady(r.state === 'expired' ? 'original archived: the restored copy has expired' : 'original archived: no restore requested');
  }
  if (!links) return notReady('media links could not be read from platform-api');
  if (!links.originalReadable) return notReady('the original cannot be read now');
  return { air: 'READY', reason: null };
}
