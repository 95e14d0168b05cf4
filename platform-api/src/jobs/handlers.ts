import type { MediaIngestService } from '../services/media-ingest-service';
import type { HandlerTable } from './types';

/** One handler per job name; the table's type makes a missing handler a compile error. */
export function createHandlers(deps: { mediaIngest: MediaIngestService }): HandlerTable {
  return {
    'media.ingest': (payload, ctx) => deps.mediaIngest.run(payload.assetId, (percent, stage) => ctx.progress(percent, stage), ctx.signal),
  };
}
