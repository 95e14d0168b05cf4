import { readdir, readFile, rm, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, relative } from 'node:path';

/*
 * Answers, from s3rver's own files, the calls s3rver 3.7.1 lacks or cannot serve on Node >= 17 (see
 * s3rver-harness.ts), with the request and response shapes of the S3 API reference:
 * AbortMultipartUpload, ListMultipartUploads (one page) and ListObjectsV2 (no delimiter). Their signatures are
 * not checked. s3rver's layout: <dir>/<bucket>/<key>._S3rver_object (+ .md5, ._S3rver_metadata.json) and
 * <dir>/<bucket>/._S3rver_uploads/<uploadId>/{key,metadata,<partNumber>}.
 */

const OBJECT_SUFFIX = '._S3rver_object';
const UPLOADS = '._S3rver_uploads';

export function operationOf(req: IncomingMessage): string {
  const url = new URL(req.url ?? '/', 'http://x');
  const q = url.searchParams;
  const isObject = url.pathname.split('/').filter(Boolean).length > 1;
  const m = req.method;
  if (m === 'PUT' && q.has('uploadId')) return 'UploadPart';
  if (m === 'PUT' && req.headers['x-amz-copy-source']) return 'CopyObject';
  if (m === 'PUT') return isObject ? 'PutObject' : 'CreateBucket';
  if (m === 'POST' && q.has('uploads')) return 'CreateMultipartUpload';
  if (m === 'POST' && q.has('uploadId')) return 'CompleteMultipartUpload';
  if (m === 'POST' && q.has('delete')) return 'DeleteObjects';
  if (m === 'POST' && q.has('restore')) return 'RestoreObject';
  if (m === 'DELETE' && q.has('uploadId')) return 'AbortMultipartUpload';
  if (m === 'DELETE') return 'DeleteObject';
  if (m === 'GET' && q.has('uploads')) return 'ListMultipartUploads';
  if (m === 'GET' && !isObject) return 'ListObjects';
  if (m === 'HEAD') return isObject ? 'HeadObject' : 'HeadBucket';
  return 'GetObject';
}

/**
 * s3rver writes an object straight into its final file, so two writes of one key at once interleave into a
 * mix of both (measured: half of 100 racing pairs of PutObjects). S3 documents the opposite: it never adds a
 * partial object and the latest write wins whole. Holding each write of a key until the previous one has been
 * answered restores that, and is all the harness changes about how s3rver stores objects.
 */
export class KeyLocks {
  private readonly tails = new Map<string, Promise<void>>();

  static readonly WRITES = new Set(['PutObject', 'CompleteMultipartUpload', 'CopyObject']);

  run(key: string, res: ServerResponse, handler: () => void): void {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const mine = new Promise<void>((release) => res.on('close', release));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    void previous.then(handler);
    void tail.then(() => this.tails.get(key) === tail && this.tails.delete(key));
  }
}

export const keyOf = (req: IncomingMessage): string => new URL(req.url ?? '/', 'http://x').pathname;

const xmlEscape = (s: string): string => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>shim</RequestId></Error>`);
}

function sendXml(res: ServerResponse, xml: string): void {
  res.writeHead(200, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`);
}

export class S3rverDisk {
  constructor(
    private readonly bucketDir: string,
    readonly bucket: string,
  ) {}

  async uploads(): Promise<{ key: string; uploadId: string; initiated: Date }[]> {
    const dir = join(this.bucketDir, UPLOADS);
    const ids = await readdir(dir).catch(() => [] as string[]);
    return Promise.all(
      ids.map(async (uploadId) => ({
        uploadId,
        key: await readFile(join(dir, uploadId, 'key'), 'utf8'),
        initiated: (await stat(join(dir, uploadId))).mtime,
      })),
    );
  }

  uploadDir(uploadId: string): string {
    return join(this.bucketDir, UPLOADS, uploadId);
  }

  /** Every object key, in S3's (byte) order. */
  async keys(): Promise<string[]> {
    const entries = await readdir(this.bucketDir, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && e.name.endsWith(OBJECT_SUFFIX))
      .map((e) => relative(this.bucketDir, join(e.parentPath ?? e.path, e.name)).slice(0, -OBJECT_SUFFIX.length))
      .filter((k) => !k.startsWith(`${UPLOADS}/`))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Handles the call if it is one s3rver cannot; returns false to let s3rver answer. */
  handle(req: IncomingMessage, res: ServerResponse, op: string): boolean {
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    if (op === 'AbortMultipartUpload') void this.abort(q.get('uploadId') ?? '', res);
    else if (op === 'ListMultipartUploads') void this.listUploads(q.get('prefix') ?? '', res);
    else if (op === 'ListObjects' && q.get('list-type') === '2') void this.listObjects(q, res);
    else return false;
    return true;
  }

  private async abort(uploadId: string, res: ServerResponse): Promise<void> {
    const exists = /^[0-9a-f]+$/.test(uploadId) && (await stat(this.uploadDir(uploadId)).then(() => true, () => false));
    if (!exists) return sendError(res, 404, 'NoSuchUpload', 'The specified upload does not exist.');
    await rm(this.uploadDir(uploadId), { recursive: true, force: true });
    res.writeHead(204).end();
  }

  private async listUploads(prefix: string, res: ServerResponse): Promise<void> {
    const uploads = (await this.uploads()).filter((u) => u.key.startsWith(prefix)).sort((a, b) => (a.key < b.key ? -1 : 1));
    const items = uploads.map((u) => `<Upload><Key>${xmlEscape(u.key)}</Key><UploadId>${u.uploadId}</UploadId><Initiated>${u.initiated.toISOString()}</Initiated></Upload>`);
    sendXml(res, `<ListMultipartUploadsResult><Bucket>${this.bucket}</Bucket><Prefix>${xmlEscape(prefix)}</Prefix><IsTruncated>false</IsTruncated>${items.join('')}</ListMultipartUploadsResult>`);
  }

  /** s3rver makes continuation tokens with DES, which OpenSSL 3 refuses; ours are the last key, base64url. */
  private async listObjects(q: URLSearchParams, res: ServerResponse): Promise<void> {
    if (q.has('delimiter')) return sendError(res, 501, 'NotImplemented', 'The shim lists without a delimiter only');
    const prefix = q.get('prefix') ?? '';
    const maxKeys = Math.min(Number(q.get('max-keys') ?? 1000), 1000);
    const token = q.get('continuation-token');
    const after = token ? Buffer.from(token, 'base64url').toString('utf8') : (q.get('start-after') ?? '');
    const matching = (await this.keys()).filter((k) => k.startsWith(prefix) && k > after);
    const page = matching.slice(0, maxKeys);
    const truncated = matching.length > page.length;
    const contents = await Promise.all(
      page.map(async (key) => {
        const info = await stat(join(this.bucketDir, `${key}${OBJECT_SUFFIX}`));
        return `<Contents><Key>${xmlEscape(key)}</Key><LastModified>${info.mtime.toISOString()}</LastModified><Size>${info.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
      }),
    );
    const next = truncated ? `<NextContinuationToken>${Buffer.from(page.at(-1)!).toString('base64url')}</NextContinuationToken>` : '';
    sendXml(
      res,
      `<ListBucketResult><Name>${this.bucket}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${next}${contents.join('')}</ListBucketResult>`,
    );
  }
}
