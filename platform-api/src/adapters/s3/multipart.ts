import { createHash } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  UploadPartCommand,
  type CompletedPart,
} from '@aws-sdk/client-s3';
import { objectKey, type S3Target } from './options';

export const CONTENT_TYPE = 'application/octet-stream';
export const md5Base64 = (data: Buffer): string => createHash('md5').update(data).digest('base64');

/** What a completed upload published: its ETag, and whether that ETag is the one these parts make. */
export interface CompletedUpload {
  etag: string | undefined;
  /** False when the object's ETag is not the multipart ETag of our parts: another put replaced it since. */
  ours: boolean;
}

/**
 * One multipart upload with at most one part in flight. `send` starts a part and returns at once, so the
 * caller fills the next part while this one uploads; `ready` is where the caller waits before sending again.
 * Together that bounds memory to about two parts whatever the object size. Parts are Buffers, which the
 * SDK can resend when it retries a failed request.
 */
export class MultipartWriter {
  private readonly parts: CompletedPart[] = [];
  /** md5 of each part, in order: S3's multipart ETag is md5(md5(part 1) ‖ … ‖ md5(part N)) + "-N". */
  private readonly partMd5s: Buffer[] = [];
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
    const md5 = createHash('md5').update(body).digest();
    this.partMd5s.push(md5);
    this.inFlight = this.t.client
      .send(
        new UploadPartCommand({
          Bucket: this.t.bucket,
          Key: objectKey(this.t, this.key),
          UploadId: this.uploadId,
          PartNumber: partNumber,
          Body: body,
          ContentLength: body.length,
          ContentMD5: md5.toString('base64'),
        }),
      )
      .then(
        (out) => void (part.ETag = out.ETag),
        (err: unknown) => void (this.failure = { err }),
      );
  }

  /** The multipart ETag S3 gives an object made of exactly these parts (not documented by AWS, but what S3 and RGW compute). */
  expectedEtag(): string {
    const md5 = createHash('md5').update(Buffer.concat(this.partMd5s)).digest('hex');
    return `"${md5}-${this.partMd5s.length}"`;
  }

  /** Publishes the object. Until this succeeds, readers still see the previous version. */
  async complete(): Promise<CompletedUpload> {
    await this.ready();
    const out = await this.t.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.t.bucket,
        Key: objectKey(this.t, this.key),
        UploadId: this.uploadId,
        MultipartUpload: { Parts: this.parts },
      }),
    );
    if (out.ETag) return { etag: out.ETag, ours: true };
    // Ceph RGW 16 answers CompleteMultipartUpload with an empty <ETag> (a known RGW bug; measured in
    // docs/s3-ceph.md); read it with HEAD. A put racing ours may have replaced the object in between, so the ETag
    // read counts as ours only when it is the one our parts make.
    const head = await this.t.client.send(new HeadObjectCommand({ Bucket: this.t.bucket, Key: objectKey(this.t, this.key) }));
    return { etag: head.ETag, ours: head.ETag === this.expectedEtag() };
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
