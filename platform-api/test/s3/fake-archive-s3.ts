import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * The one fake S3 left, and why: every other S3 suite runs on a real engine (Ceph RGW in CI, see s3-engine.ts),
 * but RGW has no Glacier-style archive — RestoreObject answers 501 NotImplemented and DEEP_ARCHIVE objects stay
 * readable — so AWS's restore lifecycle cannot be exercised there. This small S3 endpoint on 127.0.0.1 reproduces
 * it. It implements exactly these operations, with the request and response shapes of the S3 API reference,
 * for path-style requests to one bucket; signatures are not checked:
 * - PutObject (400 BadDigest for a wrong Content-MD5, 400 InvalidStorageClass for an unknown class), and GetObject, which is 403 InvalidObjectState for a GLACIER/DEEP_ARCHIVE object without a
 *   restored copy;
 * - HeadObject: x-amz-storage-class (omitted for STANDARD, as S3 does), x-amz-meta-*, ETag, and x-amz-restore
 *   as `ongoing-request="true"` or `ongoing-request="false", expiry-date="<RFC 1123 date>"`; 404 without a body;
 * - CopyObject of an object onto itself: x-amz-metadata-directive COPY (default) or REPLACE, x-amz-storage-class
 *   (absent means STANDARD), x-amz-copy-source-if-match (412 PreconditionFailed); 400 InvalidRequest for a copy
 *   that changes nothing; 403 InvalidObjectState when the source is archived and not restored; the new object
 *   carries no restore status;
 * - RestoreObject (POST ?restore, <RestoreRequest><Days/><GlacierJobParameters><Tier/>): 202 when it starts,
 *   409 RestoreAlreadyInProgress while one runs, 200 when a restored copy exists (its expiry moves), 403
 *   InvalidObjectState for a class that needs no restore.
 * S3 takes hours to restore; `finishRestores` ends them on demand, with S3's expiry rule: now + Days, rounded
 * up to the next midnight UTC.
 */

interface FakeObject {
  body: Buffer;
  etag: string;
  storageClass: string;
  meta: Map<string, string>;
  restore?: { ongoing: true; days: number } | { ongoing: false; expiry: Date };
}

export interface FakeRequest {
  method: string;
  key: string;
  query: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const ARCHIVE_CLASSES = new Set(['GLACIER', 'DEEP_ARCHIVE']);
const CLASSES = new Set(['STANDARD', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE', 'REDUCED_REDUNDANCY']);
const DAY_MS = 86_400_000;

export interface FakeArchiveS3 {
  endpoint: string;
  bucket: string;
  requests: FakeRequest[];
  objects: Map<string, FakeObject>;
  /** Called after each HeadObject is answered: lets a test change the object between a HEAD and what follows. */
  afterHead?: (key: string) => void;
  finishRestores(now?: Date): void;
  close(): Promise<void>;
}

function error(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>fake</RequestId></Error>`);
}

const readable = (o: FakeObject): boolean => !ARCHIVE_CLASSES.has(o.storageClass) || o.restore?.ongoing === false;
const tag = (xml: string, name: string): string | undefined => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
const metaOf = (headers: IncomingMessage['headers']): Map<string, string> =>
  new Map(Object.entries(headers).flatMap(([k, v]) => (k.startsWith('x-amz-meta-') && typeof v === 'string' ? [[k.slice(11), v]] : [])));

/**
 * `restores: 'none'` plays an engine with neither Glacier restores nor readable archive classes: RestoreObject is
 * 501 NotImplemented with an empty message (as RGW words it) while archived objects stay unreadable.
 */
export async function startFakeArchiveS3(bucket = 'archive', options: { restores?: 'glacier' | 'none' } = {}): Promise<FakeArchiveS3> {
  const objects = new Map<string, FakeObject>();
  const requests: FakeRequest[] = [];

  const handle = (req: IncomingMessage, res: ServerResponse, raw: Buffer): void => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const [b, ...rest] = url.pathname.slice(1).split('/');
    const key = decodeURIComponent(rest.join('/'));
    requests.push({ method: req.method!, key, query: url.search, headers: req.headers, body: raw.toString('utf8') });
    if (b !== bucket || !key) return error(res, 501, 'NotImplemented', 'Only object calls on the one bucket');
    const obj = objects.get(key);
    const h = req.headers;

    const storageClassHeader = h['x-amz-storage-class'];
    if (typeof storageClassHeader === 'string' && !CLASSES.has(storageClassHeader)) return error(res, 400, 'InvalidStorageClass', 'The storage class you specified is not valid');
    if (req.method === 'PUT' && !h['x-amz-copy-source']) {
      const md5 = h['content-md5'];
      if (md5 && md5 !== createHash('md5').update(raw).digest('base64')) return error(res, 400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
      const etag = `"${createHash('md5').update(raw).digest('hex')}"`;
      objects.set(key, { body: raw, etag, storageClass: String(h['x-amz-storage-class'] ?? 'STANDARD'), meta: metaOf(h) });
      return void res.writeHead(200, { etag }).end();
    }
    if (!obj) return req.method === 'HEAD' ? void res.writeHead(404).end() : error(res, 404, 'NoSuchKey', 'The specified key does not exist.');

    if (req.method === 'HEAD' || req.method === 'GET') {
      if (req.method === 'GET' && !readable(obj)) return error(res, 403, 'InvalidObjectState', 'The operation is not valid for the object\'s storage class');
      const headers: Record<string, string | number> = { etag: obj.etag, 'content-length': obj.body.length, 'content-type': 'application/octet-stream' };
      if (obj.storageClass !== 'STANDARD') headers['x-amz-storage-class'] = obj.storageClass;
      for (const [k, v] of obj.meta) headers[`x-amz-meta-${k}`] = v;
      if (obj.restore?.ongoing) headers['x-amz-restore'] = 'ongoing-request="true"';
      else if (obj.restore) headers['x-amz-restore'] = `ongoing-request="false", expiry-date="${obj.restore.expiry.toUTCString()}"`;
      res.writeHead(200, headers);
      res.end(req.method === 'GET' ? obj.body : undefined);
      if (req.method === 'HEAD') fake.afterHead?.(key);
      return;
    }

    if (req.method === 'PUT') {
      const source = decodeURIComponent(String(h['x-amz-copy-source'])).replace(/^\//, '');
      if (source !== `${bucket}/${key}`) return error(res, 501, 'NotImplemented', 'Only copies of an object onto itself');
      if (h['x-amz-copy-source-if-match'] && h['x-amz-copy-source-if-match'] !== obj.etag) return error(res, 412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
      const replace = h['x-amz-metadata-directive'] === 'REPLACE';
      const storageClass = String(h['x-amz-storage-class'] ?? 'STANDARD');
      if (!replace && storageClass === obj.storageClass) {
        return error(res, 400, 'InvalidRequest', "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
      }
      if (!readable(obj)) return error(res, 403, 'InvalidObjectState', 'Operation is not valid for the source object\'s storage class');
      objects.set(key, { body: obj.body, etag: obj.etag, storageClass, meta: replace ? metaOf(h) : obj.meta });
      res.writeHead(200, { 'content-type': 'application/xml' });
      return void res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<CopyObjectResult><LastModified>${new Date().toISOString()}</LastModified><ETag>${obj.etag}</ETag></CopyObjectResult>`);
    }

    if (req.method === 'POST' && url.searchParams.has('restore')) {
      if (options.restores === 'none') return error(res, 501, 'NotImplemented', '');
      const xml = raw.toString('utf8');
      const days = Number(tag(xml, 'Days'));
      const tier = tag(xml, 'Tier') ?? 'Standard';
      if (!Number.isInteger(days) || days < 1 || !['Standard', 'Bulk'].includes(tier)) return error(res, 400, 'MalformedXML', 'The XML you provided was not well-formed');
      if (!ARCHIVE_CLASSES.has(obj.storageClass)) return error(res, 403, 'InvalidObjectState', 'Restore is not allowed for the object\'s current storage class');
      if (obj.restore?.ongoing) return error(res, 409, 'RestoreAlreadyInProgress', 'Object restore is already in progress');
      if (obj.restore) {
        obj.restore = { ongoing: false, expiry: expiryAfter(new Date(), days) };
        return void res.writeHead(200).end();
      }
      obj.restore = { ongoing: true, days };
      return void res.writeHead(202).end();
    }
    error(res, 501, 'NotImplemented', 'Not implemented by the fake');
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeArchiveS3 = {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    requests,
    objects,
    finishRestores(now = new Date()) {
      for (const o of objects.values()) if (o.restore?.ongoing) o.restore = { ongoing: false, expiry: expiryAfter(now, o.restore.days) };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return fake;
}

/** S3: "adding the number of days … to the current time and then rounding the resulting time to the next day midnight UTC". */
function expiryAfter(now: Date, days: number): Date {
  return new Date(Math.ceil((now.getTime() + days * DAY_MS) / DAY_MS) * DAY_MS);
}
