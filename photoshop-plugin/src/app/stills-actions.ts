import type { CutawayClient } from '@cutaway/shared/client';
import { AppError } from '@cutaway/shared/errors';
import { FrameInfoSchema, type Asset, type AssetVersions, type FrameInfo, type Moment } from '@cutaway/shared/schemas';
import { safeFileName } from '@cutaway/shared/ui/host';
import type { CutawayLink, DocumentInfo, ExportFormat, PhotoshopHost } from '../host/types';

/** Only what a download needs; UXP's global fetch typing differs from the DOM's, so neither is assumed. */
export type FetchFn = (url: string, init: { headers: Record<string, string>; signal?: AbortSignal }) => Promise<Response>;

export interface StillsContext {
  host: PhotoshopHost;
  client: CutawayClient;
  token: string;
  fetch: FetchFn;
}

export type Progress = (receivedBytes: number, totalBytes: number | null) => void;

export interface GrabbedFrame {
  bytes: ArrayBuffer;
  info: FrameInfo;
  fileName: string;
}

export interface PushResult {
  asset: Asset;
  versions: AssetVersions;
  as: 'version' | 'new';
}

/** The in-point of a moment; a still or a whole asset starts at 0 (a still has no time at all). */
const atMs = (asset: Asset, moment: Pick<Moment, 'startMs'> | null) => (asset.type === 'image' ? undefined : (moment?.startMs ?? 0));

/**
 * Every Photoshop action as a plain function of (host, client): the panel's buttons, an MCP server or an
 * assistant call the same code. Nothing here touches the DOM or a Photoshop global.
 */
export function createStillsActions(ctx: StillsContext) {
  const { host, client } = ctx;

  /** A small JPEG of the exact frame at the moment's in-point, for <img> (which cannot send headers). */
  function previewUrl(asset: Asset, moment: Pick<Moment, 'startMs'> | null, width = 480): string {
    const ms = atMs(asset, moment);
    return client.frameUrl(asset.id, { ...(ms !== undefined ? { ms } : {}), width, format: 'jpeg' }, { withToken: true });
  }

  /** The exact frame at source resolution as PNG, with download progress read from the body stream. */
  async function grabFrame(asset: Asset, moment: Pick<Moment, 'startMs'> | null, onProgress?: Progress, signal?: AbortSignal): Promise<GrabbedFrame> {
    const ms = atMs(asset, moment);
    const res = await ctx.fetch(client.frameUrl(asset.id, { ...(ms !== undefined ? { ms } : {}), format: 'png' }), {
      headers: { authorization: `Bearer ${ctx.token}` },
      ...(signal ? { signal } : {}),
    });
    if (!res.ok) throw AppError.fromWire(await res.json().catch(() => null), `frame grab failed with HTTP ${res.status}`);
    const h = (name: string) => res.headers.get(name);
    const info = FrameInfoSchema.parse({
      frame: Number(h('x-cutaway-frame')), ms: Number(h('x-cutaway-frame-ms')), timecode: h('x-cutaway-timecode'),
      width: Number(h('x-cutaway-width')), height: Number(h('x-cutaway-height')), mime: h('content-type')?.split(';')[0],
    });
    const bytes = await readAll(res, onProgress);
    const stem = safeFileName(asset.fileName).replace(/\.[^.]+$/, '');
    return { bytes, info, fileName: `${stem}_v${asset.version}_f${info.frame}.png` };
  }

  const linkFor = (asset: Asset, frame: GrabbedFrame): CutawayLink => ({
    assetId: asset.id,
    version: asset.version,
    firstId: asset.versionOf ?? asset.id,
    frameMs: asset.type === 'image' ? null : frame.info.ms,
    timecode: frame.info.timecode,
  });

  /** Grab → temp file → placeEvent into the active document (linked to the asset unless it already is). */
  async function place(asset: Asset, moment: Pick<Moment, 'startMs'> | null, onProgress?: Progress) {
    if (!(await host.activeDocument())) throw new AppError('request.invalid', 'Open or create a document in Photoshop first, or use Open as document');
    const frame = await grabFrame(asset, moment, onProgress);
    const file = await host.writeTemp(frame.fileName, frame.bytes);
    const { linked } = await host.place(file, linkFor(asset, frame));
    return { frame, linked };
  }

  /** Grab → temp file → a new document linked to the asset. */
  async function openAsDocument(asset: Asset, moment: Pick<Moment, 'startMs'> | null, onProgress?: Progress): Promise<{ frame: GrabbedFrame; document: DocumentInfo }> {
    const frame = await grabFrame(asset, moment, onProgress);
    const file = await host.writeTemp(frame.fileName, frame.bytes);
    return { frame, document: await host.open(file, linkFor(asset, frame)) };
  }

  /**
   * Saves a copy of the active document and uploads it: as the next version of the asset its XMP link
   * names, or as a new asset. The document is then linked to what was uploaded, so the next push
   * continues the chain.
   */
  async function pushBack(opts: { format: ExportFormat; as: 'version' | 'new'; title?: string }): Promise<PushResult> {
    const doc = await host.activeDocument();
    if (!doc) throw new AppError('request.invalid', 'No document is open in Photoshop');
    if (opts.as === 'version' && !doc.link) throw new AppError('request.invalid', `“${doc.title}” is not linked to a Cutaway asset: push it as a new asset`);
    const out = await host.exportCopy(opts.format);
    const blob = new Blob([out.bytes], { type: out.mime });
    const title = opts.title?.trim() || undefined;
    const asset =
      opts.as === 'version' && doc.link
        ? await client.uploadVersion(doc.link.assetId, blob, { fileName: out.fileName, origin: 'photoshop', ...(title ? { title } : {}) })
        : await client.uploadAsset(blob, { fileName: out.fileName, title: title ?? doc.title.replace(/\.[^.]+$/, '') });
    await host.writeLink({ assetId: asset.id, version: asset.version, firstId: asset.versionOf ?? asset.id, frameMs: doc.link?.frameMs ?? null, timecode: doc.link?.timecode ?? null });
    return { asset, versions: await client.listVersions(asset.id), as: opts.as };
  }

  return { previewUrl, grabFrame, place, openAsDocument, pushBack, activeDocument: () => host.activeDocument() };
}
export type StillsActions = ReturnType<typeof createStillsActions>;

/** The whole body, reporting bytes as they arrive (Content-Length gives the total when the server sends it). */
async function readAll(res: Response, onProgress?: Progress): Promise<ArrayBuffer> {
  const total = Number(res.headers.get('content-length')) || null;
  if (!res.body || !onProgress) {
    const buf = await res.arrayBuffer();
    onProgress?.(buf.byteLength, total);
    return buf;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  onProgress(0, total);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.byteLength;
    onProgress(received, total);
  }
  const out = new Uint8Array(received);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out.buffer;
}
