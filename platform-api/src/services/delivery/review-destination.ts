import { AppError, type Destination } from '@cutaway/shared';
import type { AssetStore } from '../../ports/asset-store';
import type { DestinationSender, OutgoingDelivery } from '../../ports/delivery-destination';
import type { IngestService } from '../ingest-service';
import type { ReviewService } from '../review-service';

export interface ReviewDestinationDeps {
  ingest: IngestService;
  review: ReviewService;
  assets: AssetStore;
  /** The Frame.io review destination (POST /review-destinations) this delivery destination pushes to. */
  reviewDestinationId: string;
  sleep?: (ms: number) => Promise<void>;
  /** How long to wait for the render's own ingest (proxy, probe) before giving up; the delivery can be retried. */
  readyTimeoutMs?: number;
}

/**
 * Frame.io through the existing review path (docs/frameio.md): the verified render becomes an asset (its
 * bytes, so the same render is one asset however often it is sent), and once that asset is ready a durable
 * review request for its original is queued; frameio-bridge carries it out. The receipt names the request,
 * whose progress GET /assets/:id/review shows.
 */
export class ReviewPushDestination implements DestinationSender {
  constructor(readonly info: Destination, private readonly deps: ReviewDestinationDeps) {}

  async send(d: OutgoingDelivery): Promise<string> {
    const { asset } = await this.deps.ingest.ingestFile(d.videoPath, {
      fileName: d.fileName,
      meta: { title: d.metadata.title, description: d.metadata.description, tags: d.metadata.tags },
      origin: { kind: 'upload', ref: `delivery:${d.deliveryId}` },
    }, { move: false, skipDuplicates: true });
    const sleep = this.deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const deadline = Date.now() + (this.deps.readyTimeoutMs ?? 300_000);
    for (;;) {
      const a = await this.deps.assets.get(asset.id);
      if (a?.status === 'ready') break;
      if (!a || a.status === 'failed') throw new AppError('delivery.failed', `The render could not be catalogued for review: ${a?.failure?.message ?? 'asset gone'}`, { assetId: asset.id });
      if (Date.now() > deadline) throw new AppError('delivery.failed', `The render's asset ${asset.id} is still ${a.status}; deliver again to retry`, { assetId: asset.id });
      await sleep(250);
    }
    const existing = (await this.deps.review.summary(asset.id)).requests.find((r) => r.destinationId === this.deps.reviewDestinationId && r.state !== 'failed');
    const request = existing ?? (await this.deps.review.requestReview(asset.id, { destination: this.deps.reviewDestinationId, rendition: 'original' }));
    return `asset ${asset.id}, review request ${request.id}`;
  }
}
