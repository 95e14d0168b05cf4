import { randomBytes } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import type { S3StorageOptions } from '../../src/adapters/s3/options';

/*
 * The S3 engine the S3 suites run against: a real one, named by the environment. CI starts Ceph's RADOS Gateway
 * with scripts/ceph-rgw.sh (single node on 127.0.0.1) and exports these variables; locally, run
 *   scripts/ceph-rgw.sh start && eval "$(scripts/ceph-rgw.sh env)"
 * Unset, the suites are skipped with S3_SKIP_REASON printed; with CI set, a missing engine is an error instead.
 */
export interface S3Engine {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** What runs behind the endpoint (ceph-rgw from the script); tests branch on it only where engines differ by design. */
  name: string;
}

function engineFromEnv(env: NodeJS.ProcessEnv): S3Engine | null {
  const endpoint = env.CUTAWAY_TEST_S3_ENDPOINT;
  if (!endpoint) return null;
  return {
    endpoint,
    region: env.CUTAWAY_TEST_S3_REGION ?? 'us-east-1',
    accessKeyId: env.CUTAWAY_TEST_S3_ACCESS_KEY_ID ?? '',
    secretAccessKey: env.CUTAWAY_TEST_S3_SECRET_ACCESS_KEY ?? '',
    name: env.CUTAWAY_TEST_S3_ENGINE ?? 'unknown',
  };
}

export const S3_ENGINE = engineFromEnv(process.env);
export const S3_SKIP_REASON =
  'CUTAWAY_TEST_S3_ENDPOINT is not set: S3 suites skipped (CI starts Ceph RGW with scripts/ceph-rgw.sh and sets it; locally: scripts/ceph-rgw.sh start && eval "$(scripts/ceph-rgw.sh env)")';
if (!S3_ENGINE) {
  if (process.env.CI) throw new Error(`CI is set but ${S3_SKIP_REASON}`);
  console.warn(S3_SKIP_REASON);
}

export interface TestBucket {
  engine: S3Engine;
  bucket: string;
  /** A client of our own, for looking behind the adapter's back. */
  client: S3Client;
  /** Adapter options for this bucket; `endpoint` may be overridden (the recording proxy). */
  options(extra: Partial<S3StorageOptions> & { scratchDir: string }): S3StorageOptions;
  /** Objects under `prefix/` (relative to it) and unfinished uploads there ("upload:<key>"): what a test left behind. */
  leftovers(prefix: string): Promise<string[]>;
  /** Unfinished multipart uploads whose key starts with `prefix`. */
  uploads(prefix?: string): Promise<{ key: string; uploadId: string; initiated: Date }[]>;
  /** Empties and removes the bucket. */
  close(): Promise<void>;
}

export function s3Client(engine: S3Engine, endpoint = engine.endpoint): S3Client {
  return new S3Client({
    endpoint,
    region: engine.region,
    // An IP endpoint has no DNS for <bucket>.host, so path-style; RGW and the SDK agree on it.
    forcePathStyle: true,
    credentials: { accessKeyId: engine.accessKeyId, secretAccessKey: engine.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** A fresh bucket with a random name on the engine, so suites and engineers never share one. */
export async function tempBucket(label = 't'): Promise<TestBucket> {
  const engine = S3_ENGINE;
  if (!engine) throw new Error(S3_SKIP_REASON);
  const bucket = `cutaway-${label}-${randomBytes(5).toString('hex')}`;
  const client = s3Client(engine);
  await client.send(new CreateBucketCommand({ Bucket: bucket }));

  const uploads = async (prefix = ''): Promise<{ key: string; uploadId: string; initiated: Date }[]> => {
    const out: { key: string; uploadId: string; initiated: Date }[] = [];
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    for (let page = 0; page < 100; page++) {
      const res = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix || undefined, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }));
      for (const u of res.Uploads ?? []) out.push({ key: u.Key!, uploadId: u.UploadId!, initiated: u.Initiated! });
      if (!res.IsTruncated) break;
      [keyMarker, uploadIdMarker] = [res.NextKeyMarker, res.NextUploadIdMarker];
    }
    return out;
  };
  const objects = async (prefix = ''): Promise<string[]> => {
    const keys: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 1000; page++) {
      const res = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token }));
      keys.push(...(res.Contents ?? []).map((o) => o.Key!));
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
      if (!token) break;
    }
    return keys;
  };

  return {
    engine,
    bucket,
    client,
    options: (extra) => ({ endpoint: engine.endpoint, region: engine.region, bucket, forcePathStyle: true, accessKeyId: engine.accessKeyId, secretAccessKey: engine.secretAccessKey, ...extra }),
    async leftovers(prefix) {
      const found = (await objects(`${prefix}/`)).map((k) => k.slice(prefix.length + 1));
      const open = (await uploads(`${prefix}/`)).map((u) => `upload:${u.key.slice(prefix.length + 1)}`);
      return [...found, ...open].sort();
    },
    uploads,
    async close() {
      for (const u of await uploads()) await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: u.key, UploadId: u.uploadId })).catch(() => undefined);
      const keys = await objects();
      for (let i = 0; i < keys.length; i += 1000) {
        await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } }));
      }
      await client.send(new DeleteBucketCommand({ Bucket: bucket }));
      client.destroy();
    },
  };
}
