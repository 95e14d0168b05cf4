import type { Logger } from 'pino';
import { AppError } from '@cutaway/shared';
import type { CutawayClient } from '@cutaway/shared/client';
import type { MosMessage } from '../codec/index';
import type { RundownSync } from './rundown-sync';

export interface ResyncReport {
  listed: number;
  replaced: string[];
  unchanged: number;
  skipped: number;
  deleted: string[];
}

/**
 * Start-up resync with one NRCS (MOS 2.8.5 §3.5 and Profile 4: roReqAll → roListAll, then roReq → roList
 * for each running order it lists). Messages may have been missed while the gateway was down, so:
 * listed running orders that differ are replaced, running orders it no longer lists are deleted — in the
 * gateway's model (journalled) and, through it, in platform-api — and rundowns platform-api still holds
 * for this NRCS that neither side knows are deleted there. NRCS messages that arrive during the resync
 * win over the lists (`mark`). An NRCS that refuses roReqAll (a roAck instead, e.g. an ENPS buddy) changes nothing.
 */
export async function resyncPeer(o: { ncsId: string; request: (m: MosMessage) => Promise<MosMessage>; sync: RundownSync; api: CutawayClient; log: Logger }): Promise<ResyncReport | null> {
  const since = o.sync.mark();
  const all = await o.request({ type: 'roReqAll' });
  if (all.type !== 'roListAll') {
    o.log.warn({ ncsId: o.ncsId, answer: all.type === 'roAck' ? all.roStatus : all.type }, 'roReqAll refused; running orders not resynced');
    return null;
  }
  const report: ResyncReport = { listed: all.ros.length, replaced: [], unchanged: 0, skipped: 0, deleted: [] };
  const listed = new Set(all.ros.map((r) => r.roId));
  for (const head of all.ros) {
    const full = await o.request({ type: 'roReq', roId: head.roId });
    if (full.type !== 'roList') {
      // Listed a moment ago, unknown now: it was deleted meanwhile (its roDelete, if sent, is applied on its own).
      listed.delete(head.roId);
      continue;
    }
    const r = o.sync.reconcile(o.ncsId, full.ro, since);
    if (r === 'replaced') report.replaced.push(head.roId);
    else if (r === 'unchanged') report.unchanged += 1;
    else report.skipped += 1;
  }
  report.deleted.push(...o.sync.removeMissing(o.ncsId, listed, since));
  // Rundowns written before the gateway lost its data directory (or by a previous install) that the NRCS no longer has.
  for (const r of await o.api.listRundowns({ ncsId: o.ncsId, limit: 500 })) {
    if (listed.has(r.roId) || o.sync.has(o.ncsId, r.roId) || report.deleted.includes(r.roId)) continue;
    await o.api.deleteRundown(r.id).catch((e: unknown) => (e instanceof AppError && e.code === 'rundown.not_found' ? undefined : Promise.reject(e)));
    report.deleted.push(r.roId);
  }
  return report;
}
