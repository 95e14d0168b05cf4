import { createHash } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  type CompletedPart,
} from '@aws-sdk/client-s3';
import { objectKey, type S3Target } from './options';

export const CONTENT_TYPE = 'application/octet-stream';
export const md5Base64 = (data: Buffer): string => createHash('md5').update(data).digest('base64');

/**
 * One multipart upload with at most one part in flight. `send` starts a part and returns at once, so the
 * caller fills the next part while this one uploads; `ready` is where the caller waits before sending again.
 * Together that bounds memory to about two parts whatever the object size. Parts are Buffers, which the
 * SDK can resend when it retries a failed request.
 */
export class MultipartWriter {
  private readonly parts: CompletedPart[] = [];
  private inFlight: Promise<void> = Promise.resolve();
  private failure: { err: unknown } | undefined;

  private constructor(
    private readonly t: S3Target,
    private readonly key: string,
    private readonly uploadId: string,
  ) {}

  static async start(t: S3Target, key: string, metadata: Record<string, string>): Promise<MultipartWriter> {
    const out = await t.client.send(
      new CreateMultipartUploadCommand({ Bucket: t.bucket, Key: objectKey(t, key), ContentType: CONTENT_TYPE, Metadata: metadata }),
    );
    if (!out.UploadId) throw new Error(`CreateMultipartUpload for "${key}" returned no UploadId`);
    return new MultipartWriter(t, key, out.UploadId);
  }

  /** Resolves when no part is in flight; rejects with the error of a part that failed. */
  async ready(): Promise<void> {
    await this.inFlight;
    if (this.failure) throw this.failure.err;
  }

  /** Call only after `ready`. The part's error is kept (not left unhandled) and surfaces at the next `ready`. */
  send(body: Buffer): void {
    const partNumber = this.parts.length + 1;
    const part: CompletedPart = { PartNumber: partNumber };
    this.parts.push(part);
    this.inFlight = this.t.client
      .send(
        new UploadPartCommand({
          Bucket: this.t.bucket,
          Key: objectKey(this.t, this.key),
          UploadId: this.uploadId,
          PartNumber: partNumber,
          Body: body,
          ContentLength: body.length,
          ContentMD5: md5Base64(body),
        }),
      )
      .then(
        (out) => void (part.ETag = out.ETag),
        (err: unknown) => void (this.failure = { err }),
      );
  }

  /** Publishes the object; returns its ETag. Until this succeeds, readers still see the previous version. */
  async complete(): Promise<string | undefined> {
    await this.ready();
    const out = await this.t.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.t.bucket,
        Key: objectKey(this.t, this.key),
        UploadId: this.uploadId,
        MultipartUpload: { Parts: this.parts },
      }),
    );
    return out.ETag;
  }

  /**
   * Discards the parts so nothing is left (and billed). Waits for the part in flight first: S3 may keep a part
   * that finishes after the abort. Never throws, so it cannot hide the error that made the upload fail; an
   * abort that did not land is logged, and S3ObjectStorage.sweepIncompleteUploads (or a bucket lifecycle
   * rule AbortIncompleteMultipartUpload) removes it later.
   */
  async abort(): Promise<void> {
    await this.inFlight;
    try {
      await this.t.client.send(
        new AbortMultipartUploadCommand({ Bucket: this.t.bucket, Key: objectKey(this.t, this.key), UploadId: this.uploadId }),
      );
    } catch (err) {
      this.t.log?.warn({ err, key: this.key, uploadId: this.uploadId }, 'could not abort multipart upload');
    }
  }
}
