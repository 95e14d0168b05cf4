import type { DeliveryMetadata, Destination } from '@cutaway/shared';

/** What a destination receives: the verified render (local files) and what the approval bound. */
export interface OutgoingDelivery {
  deliveryId: string;
  renderId: string;
  /** A generated name, `<renderId>.mp4`: caller text never becomes a file name or key. */
  fileName: string;
  videoPath: string;
  srtPath: string | null;
  vttPath: string | null;
  sha256: string;
  bytes: number;
  metadata: DeliveryMetadata;
}

/** One operator-configured destination. Sending twice with the same deliveryId must not duplicate. */
export interface DestinationSender {
  readonly info: Destination;
  /** Resolves with a receipt (file name, object key, HTTP status) once the destination has the file. */
  send(d: OutgoingDelivery, signal?: AbortSignal): Promise<string>;
}
