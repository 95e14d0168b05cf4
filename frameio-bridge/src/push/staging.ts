import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import { AppError } from '@cutaway/shared';
import type { CutawayClient } from '@cutaway/shared/client';

export interface Staged {
  path: string;
  sizeBytes: number;
  /** The cut's real in point (keyframe-widened), 0 for a whole file. */
  cutInMs: number;
}

/**
 * Copies the rendition (or its cut) from platform-api to the bridge's staging dir, so the file size is
 * known before Frame.io is asked for upload URLs and every part can be re-read for a retry or a resume.
 */
export async function stageRendition(
  client: CutawayClient,
  dir: string,
  requestId: string,
  opts: { assetId: string; rendition: 'original' | 'proxy'; inMs: number | null; outMs: number | null },
): Promise<Staged> {
  const path = join(dir, `${requestId}.media`);
  const partial = `${path}.partial`;
  const dl = await client.downloadMedia(opts.assetId, {
    rendition: opts.rendition,
    ...(opts.inMs !== null && opts.outMs !== null ? { inMs: opts.inMs, outMs: opts.outMs } : {}),
  });
  const body = dl.body as WebReadableStream<Uint8Array> | NodeJS.ReadableStream | null;
  if (!body) throw new AppError('upload.failed', `platform-api sent no bytes for ${opts.assetId}`);
  const source = body instanceof Readable ? body : Readable.fromWeb(body as WebReadableStream<Uint8Array>);
  try {
    await pipeline(source, createWriteStream(partial));
  } catch (cause) {
    await rm(partial, { force: true });
    throw new AppError('upload.truncated', `Download of ${opts.assetId} broke off`, { assetId: opts.assetId }, { cause });
  }
  const { size } = await stat(partial);
  if (dl.sizeBytes !== null && size !== dl.sizeBytes) {
    await rm(partial, { force: true });
    throw new AppError('upload.truncated', `Got ${size} of ${dl.sizeBytes} bytes of ${opts.assetId}`, { assetId: opts.assetId });
  }
  await rename(partial, path);
  return { path, sizeBytes: size, cutInMs: dl.inMs ?? opts.inMs ?? 0 };
}

export async function stagedSize(path: string | null): Promise<number | null> {
  if (!path) return null;
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}
