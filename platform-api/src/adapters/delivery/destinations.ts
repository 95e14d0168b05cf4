import { createHmac } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { AppError, type Destination } from '@cutaway/shared';
import type { DestinationSender, OutgoingDelivery } from '../../ports/delivery-destination';
import type { ObjectStorage } from '../../ports/object-storage';

/** The sidecar metadata written next to the file: what the approver saw and approved. */
const manifest = (d: OutgoingDelivery) => JSON.stringify({ deliveryId: d.deliveryId, renderId: d.renderId, file: d.fileName, sha256: d.sha256, bytes: d.bytes, metadata: d.metadata }, null, 2);
const stem = (d: OutgoingDelivery) => d.fileName.replace(/\.mp4$/, '');

/** A folder on a disk or share the operator named; files land whole (written aside, then renamed). */
export class FolderDestination implements DestinationSender {
  constructor(readonly info: Destination, private readonly root: string) {}

  async send(d: OutgoingDelivery): Promise<string> {
    const dir = resolve(this.root);
    await mkdir(dir, { recursive: true });
    const files: [string, string | null][] = [[d.fileName, d.videoPath], [`${stem(d)}.srt`, d.srtPath], [`${stem(d)}.vtt`, d.vttPath]];
    for (const [name, from] of files) {
      if (!from) continue;
      const to = join(dir, name);
      // Same delivery again (a retry): the file is already there with the same size.
      const existing = await stat(to).catch(() => null);
      if (existing && existing.size === (await stat(from)).size) continue;
      const part = `${to}.${d.deliveryId}.partial`;
      await copyFile(from, part);
      await rename(part, to);
    }
    await writeFile(join(dir, `${stem(d)}.json`), manifest(d));
    return d.fileName;
  }
}

/** An S3 bucket (any S3-compatible engine) through the ObjectStorage port; keys are generated. */
export class ObjectStorageDestination implements DestinationSender {
  constructor(readonly info: Destination, private readonly storage: ObjectStorage) {}

  async send(d: OutgoingDelivery): Promise<string> {
    const key = `deliveries/${d.renderId}`;
    const stored = await this.storage.putFile(`${key}/${d.fileName}`, d.videoPath);
    if (stored.sha256 !== d.sha256) throw new AppError('delivery.failed', `The bucket holds a different file (sha256 ${stored.sha256})`);
    if (d.srtPath) await this.storage.putFile(`${key}/${stem(d)}.srt`, d.srtPath);
    if (d.vttPath) await this.storage.putFile(`${key}/${stem(d)}.vtt`, d.vttPath);
    await this.storage.put(`${key}/${stem(d)}.json`, Readable.from([Buffer.from(manifest(d))]));
    return `${key}/${d.fileName}`;
  }
}

/**
 * A signed webhook: the file is POSTed with its sha256, the metadata (base64url JSON) and an HMAC-SHA256
 * over `timestamp.deliveryId.sha256.metadata` (the Stripe/GitHub pattern: the receiver recomputes it with
 * the shared secret, rejects old timestamps, then checks the body against the sha256).
 */
export class WebhookDestination implements DestinationSender {
  constructor(readonly info: Destination, private readonly url: string, private readonly secret: string, private readonly now: () => Date = () => new Date()) {}

  async send(d: OutgoingDelivery, signal?: AbortSignal): Promise<string> {
    const ts = String(Math.floor(this.now().getTime() / 1000));
    const meta = Buffer.from(JSON.stringify(d.metadata)).toString('base64url');
    const signature = webhookSignature(this.secret, ts, d.deliveryId, d.sha256, meta);
    const res = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'video/mp4', 'content-length': String(d.bytes), 'idempotency-key': d.deliveryId,
        'x-cutaway-delivery': d.deliveryId, 'x-cutaway-render': d.renderId, 'x-cutaway-timestamp': ts, 'x-cutaway-content-sha256': d.sha256,
        'x-cutaway-metadata': meta, 'x-cutaway-signature': `v1=${signature}`,
      },
      body: Readable.toWeb(createReadStream(d.videoPath)) as ReadableStream,
      duplex: 'half',
      redirect: 'error',
      signal: signal ?? AbortSignal.timeout(600_000),
    } as RequestInit).catch((err: unknown) => {
      throw new AppError('delivery.failed', `Webhook ${this.info.id} unreachable`, { destinationId: this.info.id }, { cause: err });
    });
    await res.body?.cancel();
    if (!res.ok) throw new AppError('delivery.failed', `Webhook ${this.info.id} answered ${res.status}`, { destinationId: this.info.id, status: res.status });
    return `HTTP ${res.status}`;
  }
}

export function webhookSignature(secret: string, ts: string, deliveryId: string, sha256: string, metadataB64: string): string {
  return createHmac('sha256', secret).update(`${ts}.${deliveryId}.${sha256}.${metadataB64}`).digest('hex');
}
