import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, utimes } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import type { S3StorageOptions } from '../../src/adapters/s3/options';
import { KeyLocks, keyOf, operationOf, S3rverDisk, sendError } from './s3rver-shim';

/*
 * s3rver 3.7.1, as found by reading its source and probing it with @aws-sdk/client-s3 3.1175 on Node 20:
 * - Multipart: Create, UploadPart and Complete work; the 5 MiB minimum part size is NOT enforced (10-byte
 *   parts complete), Complete does not check part ETags, and its ETag is the md5 of the whole object, not
 *   S3's "md5-of-md5s-N". AbortMultipartUpload answers 405 MethodNotAllowed and ListMultipartUploads 501
 *   NotImplemented; unfinished uploads stay on disk in <dir>/<bucket>/._S3rver_uploads/<uploadId>/.
 * - ListObjectsV2: any truncated page is 500 InternalError on Node >= 17, because its continuation tokens
 *   are made with DES, which OpenSSL 3 refuses (ERR_OSSL_EVP_UNSUPPORTED).
 * - Ranges: `bytes=a-b` and end-past-size clamping work, start past the size is 416 InvalidRange, but
 *   `bytes=0-0` returns the whole object (it treats end 0 as "no end").
 * - Storage classes: accepts STANDARD, STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER, DEEP_ARCHIVE,
 *   REDUCED_REDUNDANCY, OUTPOSTS on PUT (GLACIER_IR is InvalidStorageClass), stores the class and returns it
 *   on HEAD, yet serves GET of a DEEP_ARCHIVE object as if it were STANDARD. CopyObject onto itself is only
 *   allowed with MetadataDirective REPLACE: a COPY that only changes the storage class is InvalidRequest.
 *   x-amz-copy-source-if-match is ignored.
 * - RestoreObject (POST ?restore) is 501 NotImplemented and HEAD never sends x-amz-restore.
 * - PutObject (and Complete) write straight into the final file: an interrupted single PUT leaves a truncated
 *   object, two concurrent writes of one key interleave into a mix, and a GET during a write sees part of it.
 *   (The adapter only sends whole Buffers in one PUT, so a failing source never reaches it.)
 * - SigV4 signatures are parsed but not verified (only V2 ones are); the access key id must be "S3RVER".
 * So the archive calls are tested against fake-archive-s3.ts, and s3rver-shim.ts answers, in front of
 * s3rver and from its files, AbortMultipartUpload, ListMultipartUploads and ListObjectsV2, and serialises
 * writes of one key (KeyLocks) so that the last write wins whole, as on S3.
 */

export interface S3rverHandle {
  endpoint: string;
  bucket: string;
  client: S3Client;
  /** "<METHOD> <operation>" of every request, in order, for asserting what the adapter sent. */
  requests: string[];
  /** Bytes of UploadPart requests s3rver has acknowledged so far. */
  partBytesStored(): number;
  /** The next request for `operation` fails with 403 AccessDenied (not retried by the SDK). */
  failNext(operation: string): void;
  options(extra: Partial<S3StorageOptions> & { scratchDir: string }): S3StorageOptions;
  /** Multipart uploads s3rver still holds on disk. */
  uploadsOnDisk(): Promise<{ key: string; uploadId: string; initiated: Date }[]>;
  /** Makes an upload look started at `at` (Initiated is its folder's mtime). */
  backdateUpload(uploadId: string, at: Date): Promise<void>;
  /** Objects under `prefix/` (relative to it) and unfinished uploads there ("upload:<key>"): what a test left behind. */
  leftovers(prefix: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function startS3rver(): Promise<S3rverHandle> {
  const dir = await mkdtemp(join(tmpdir(), 'cutaway-s3rver-'));
  const bucket = `cutaway-${randomBytes(4).toString('hex')}`;
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, vhostBuckets: false });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const disk = new S3rverDisk(join(dir, bucket), bucket);
  const requests: string[] = [];
  const failing = new Set<string>();
  let partBytes = 0;
  const locks = new KeyLocks();

  const httpServer = server.httpServer!;
  const [s3rverHandler] = httpServer.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  httpServer.removeAllListeners('request');
  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const op = operationOf(req);
    requests.push(`${req.method} ${op}`);
    if (failing.delete(op)) return void req.resume().on('end', () => sendError(res, 403, 'AccessDenied', 'Access Denied (injected)'));
    if (disk.handle(req, res, op)) return;
    if (op === 'UploadPart') res.on('finish', () => void (res.statusCode === 200 && (partBytes += Number(req.headers['content-length'] ?? 0))));
    if (KeyLocks.WRITES.has(op)) locks.run(keyOf(req), res, () => s3rverHandler!(req, res));
    else s3rverHandler!(req, res);
  });

  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));

  return {
    endpoint,
    bucket,
    client,
    requests,
    partBytesStored: () => partBytes,
    failNext: (operation) => void failing.add(operation),
    options: (extra) => ({ endpoint, region: 'us-east-1', bucket, forcePathStyle: true, ...credentials, ...extra }),
    uploadsOnDisk: () => disk.uploads(),
    backdateUpload: (uploadId, at) => utimes(disk.uploadDir(uploadId), at, at),
    async leftovers(prefix) {
      const out = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}/` }));
      const objects = (out.Contents ?? []).map((o) => o.Key!.slice(prefix.length + 1));
      const uploads = (await disk.uploads()).filter((u) => u.key.startsWith(`${prefix}/`)).map((u) => `upload:${u.key.slice(prefix.length + 1)}`);
      return [...objects, ...uploads].sort();
    },
    async close() {
      client.destroy();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
