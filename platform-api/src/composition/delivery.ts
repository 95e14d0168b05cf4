import { join } from 'node:path';
import type { Destination } from '@cutaway/shared';
import { SaliencySubjectDetector } from '../adapters/delivery/detector';
import { FaceSubjectDetector } from '../adapters/delivery/face-detector';
import { FolderDestination, ObjectStorageDestination, WebhookDestination } from '../adapters/delivery/destinations';
import { FfmpegDeliveryRenderer } from '../adapters/delivery/renderer';
import { S3ObjectStorage } from '../adapters/s3/s3-object-storage';
import type { Config } from '../config';
import type { DestinationConfig } from '../config-delivery';
import type { DestinationSender } from '../ports/delivery-destination';
import type { FrameFaceDetector } from '../ports/delivery-renderer';

/** The default when the operator configured none: one folder under the data dir. */
export const DEFAULT_FOLDER_ID = 'local-folder';

/** Builds the destination allowlist, the watermarks and the renderer from the configuration. */
export function buildDelivery(config: Config, dataDir: string, review: (info: Destination, reviewDestinationId: string) => DestinationSender, faces?: FrameFaceDetector) {
  const list: DestinationConfig[] = config.delivery.destinations
    ? [...config.delivery.destinations]
    : [{ id: DEFAULT_FOLDER_ID, kind: 'folder', name: 'Deliveries folder in the data directory', path: join(dataDir, 'deliveries') }];
  const destinations: DestinationSender[] = list.map((d) => {
    const info: Destination = { id: d.id, kind: d.kind, name: d.name };
    switch (d.kind) {
      case 'folder':
        return new FolderDestination(info, d.path);
      case 's3':
        return new ObjectStorageDestination(info, new S3ObjectStorage({
          endpoint: d.endpoint, region: d.region, bucket: d.bucket, accessKeyId: d.accessKeyId, secretAccessKey: d.secretAccessKey,
          forcePathStyle: d.forcePathStyle, ...(d.prefix ? { prefix: d.prefix } : {}), scratchDir: join(dataDir, 'tmp'),
        }));
      case 'webhook':
        return new WebhookDestination(info, d.url, d.secret);
      case 'frameio':
        return review(info, d.reviewDestinationId);
    }
  });
  // Faces when the vision step runs (CUTAWAY_VISION, one model pool for both), motion/saliency otherwise.
  const saliency = new SaliencySubjectDetector(config.ffmpegPath);
  const detector = faces ? new FaceSubjectDetector({ ffmpeg: config.ffmpegPath, ffprobe: config.ffprobePath, faces, fallback: saliency }) : saliency;
  const renderer = new FfmpegDeliveryRenderer({ ffmpeg: config.ffmpegPath, ffprobe: config.ffprobePath, detector });
  return { destinations, renderer, watermarks: config.delivery.watermarks.map((w) => ({ ...w })), approvalTtlMs: config.delivery.approvalTtlMs };
}
