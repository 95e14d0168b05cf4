import type { ArchiveService } from '../services/archive-service';
import type { ArchivePolicyService } from '../services/archive/policy-service';
import type { EnrichmentService } from '../services/enrichment/enrichment-service';
import type { MediaIngestService } from '../services/media-ingest-service';
import type { DeliveryService } from '../services/delivery/index';
import type { HandlerTable } from './types';

/** One handler per job name; the table's type makes a missing handler a compile error. */
export function createHandlers(deps: { mediaIngest: MediaIngestService; enrichment: EnrichmentService | null; archive: ArchiveService; archivePolicies: ArchivePolicyService; delivery?: DeliveryService | null }): HandlerTable {
  const { enrichment, delivery } = deps;
  return {
    'media.ingest': async (payload, ctx) => {
      const asset = await deps.mediaIngest.run(payload.assetId, (percent, stage) => ctx.progress(percent, stage), ctx.signal);
      if (asset && deps.enrichment) await deps.enrichment.afterIngest(asset, ctx.job.priority + 10);
    },
    'archive.restore': (payload) => deps.archive.poll(payload.assetId),
    'archive.move': (payload, ctx) => deps.archive.move(payload.assetId, payload.tier, (percent) => ctx.progress(percent, 'copy')),
    'archive.policies': async () => void (await deps.archivePolicies.runDue()),
    'delivery.render': delivery ? (payload, ctx) => delivery.runRender(payload.renderId, (percent, stage) => ctx.progress(percent, stage), ctx.signal) : null,
    // Without enrichment (CUTAWAY_ENRICH=off) this process leaves enrich.step jobs to one that has it.
    'enrich.step': enrichment
      ? (payload, ctx) => enrichment.run(payload.assetId, payload.step, (percent, stage) => ctx.progress(percent, stage), ctx.signal)
      : null,
  };
}
