import type { CutawayClient } from '../../client/index';
import { AppError } from '../../errors/index';
import type { Asset, Moment } from '../../schemas/index';
import { framesToTicks, msToFrames, parseTicks } from '../../timecode/index';
import type { ConnectionSettings, Host, LocalMedia, MarkerSpec, NleHost, NleItemRef, PlaceOptions } from '../host/host';
import { safeFileName } from '../host/paths';
import { assetRate, momentTicks } from './moment-ticks';
import { createPeopleActions } from './people-actions';

export interface ActionContext {
  host: Host;
  client: CutawayClient;
  connection: ConnectionSettings;
}

export type Rendition = 'original' | 'proxy';

export interface DownloadOptions {
  rendition: Rendition;
  /** Only this range, cut by the server (widened to keyframes; the real bounds come back in headers). */
  range?: { startMs: number; endMs: number };
  onProgress?: (received: number, total: number | null) => void;
  signal?: AbortSignal;
}

export interface DownloadedMedia extends LocalMedia {
  /** Where the file starts in the asset (ms): 0 for a whole file, X-Cutaway-In-Ms for a cut. */
  originMs: number;
  fileName: string;
}

export interface ImportOptions extends Omit<DownloadOptions, 'range'> {
  /**
   * `cut`: download only the moment (sub-range file) and set in/out inside it;
   * `inout`: download the whole file and set in/out at the moment; `subclip`: whole file plus a named subclip.
   */
  how: 'cut' | 'inout' | 'subclip';
  binName?: string;
  /** Put the asset's review markers (moments of kind `marker`) on the imported clip. Default true. */
  reviewMarkers?: boolean;
}

export interface ImportedMoment {
  item: NleItemRef;
  media: DownloadedMedia;
  inTicks: string;
  outTicks: string;
}

/**
 * Every user action as a plain function of (host, client): the React app, an MCP server or an assistant
 * call the same code. Nothing here touches the DOM or a host global.
 */
export function createActions(ctx: ActionContext) {
  const { host, client, connection } = ctx;

  const nle = (): NleHost => {
    if (!host.nle) throw new AppError('request.invalid', `${host.label} cannot import into an editing project`);
    return host.nle;
  };

  async function download(asset: Asset, opts: DownloadOptions): Promise<DownloadedMedia> {
    if (!host.files) throw new AppError('request.invalid', `${host.label} cannot download media`);
    const range = opts.range ? { inMs: opts.range.startMs, outMs: opts.range.endMs } : {};
    const url = client.mediaUrl(asset.id, { rendition: opts.rendition, ...range });
    const fileName = mediaFileName(asset, opts.rendition, opts.range);
    const local = await host.files.download({
      url,
      headers: { authorization: `Bearer ${connection.token}` },
      fileName,
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const cutIn = Number(local.headers['x-cutaway-in-ms']);
    return { ...local, fileName, originMs: opts.range && Number.isFinite(cutIn) ? cutIn : 0 };
  }

  /** Download → import into the bin → in/out (or subclip) on the item the host read back from the bin. */
  async function importMoment(asset: Asset, moment: Pick<Moment, 'startMs' | 'endMs' | 'text' | 'kind'> | null, opts: ImportOptions): Promise<ImportedMoment> {
    const editor = nle();
    const range = moment ? { startMs: moment.startMs, endMs: moment.endMs } : undefined;
    const media = await download(asset, { ...opts, ...(opts.how === 'cut' && range ? { range } : {}) });
    if (!media.nativePath) throw new AppError('internal', `${host.label} returned no local path for ${media.fileName}`);
    let item = await editor.importFile(media.nativePath, { binName: opts.binName ?? 'Cutaway' });
    if (opts.reviewMarkers !== false) {
      const notes = (await client.moments(asset.id, 'marker')).filter((m) => m.endMs > media.originMs);
      if (notes.length) await addMomentMarkers(asset, notes, { kind: 'clip', item, originMs: media.originMs });
    }
    if (!range) return { item, media, inTicks: '0', outTicks: durationTicks(asset) };
    const t = momentTicks(range, assetRate(asset), media.originMs);
    if (opts.how === 'subclip') item = await editor.createSubclip(item, subclipName(asset, moment!), t.inTicks, t.outTicks);
    else await editor.setInOut(item, t.inTicks, t.outTicks);
    return { item, media, inTicks: t.inTicks, outTicks: t.outTicks };
  }

  /** Insert or overwrite at the playhead; the item's in/out decide what lands (SequenceEditor takes no range). */
  async function placeAtPlayhead(item: NleItemRef, opts: PlaceOptions) {
    const editor = nle();
    const seq = await editor.activeSequence();
    if (!seq) throw new AppError('request.invalid', 'Open a sequence first: there is no active sequence to insert into');
    return editor.place(item, opts);
  }

  /** The one-click flow: import the moment with in/out, then insert it at the playhead. */
  async function importAndPlace(asset: Asset, moment: Moment | null, opts: ImportOptions & { place: PlaceOptions }) {
    const imported = await importMoment(asset, moment, opts);
    const placed = await placeAtPlayhead(imported.item, opts.place);
    return { ...imported, placed };
  }

  /** Moments as clip markers (media time of the imported file) or sequence markers (from the playhead). */
  async function addMomentMarkers(asset: Asset, moments: Array<Pick<Moment, 'kind' | 'text' | 'startMs' | 'endMs'>>, target: { kind: 'sequence'; atTicks: string; originMs: number } | { kind: 'clip'; item: NleItemRef; originMs: number }) {
    const editor = nle();
    const rate = assetRate(asset);
    const base = target.kind === 'sequence' ? parseTicks(target.atTicks) : 0n;
    const markers: MarkerSpec[] = moments.map((m) => {
      const t = momentTicks(m, rate, target.originMs);
      return {
        name: m.kind === 'marker' ? m.text.slice(0, 60) : `${m.kind}: ${m.text.slice(0, 50)}`,
        comments: m.text,
        startTicks: (base + parseTicks(t.inTicks)).toString(),
        durationTicks: (parseTicks(t.outTicks) - parseTicks(t.inTicks)).toString(),
      };
    });
    await editor.addMarkers(target.kind === 'sequence' ? { kind: 'sequence' } : { kind: 'clip', item: target.item }, markers);
    return markers;
  }

  /**
   * A review marker that arrived live (ws `review.marker`) onto the clip imported earlier from the same asset,
   * in that file's media time. Null when the note lies before the imported cut.
   */
  async function addLiveReviewMarker(asset: Asset, marker: { author: string; text: string; startMs: number; endMs: number }, imported: { item: NleItemRef; originMs: number }) {
    if (Math.max(marker.endMs, marker.startMs + 1) <= imported.originMs) return null;
    const note = { kind: 'marker' as const, text: marker.author ? `${marker.author}: ${marker.text}` : marker.text, startMs: Math.max(marker.startMs, imported.originMs), endMs: Math.max(marker.endMs, marker.startMs + 1) };
    return addMomentMarkers(asset, [note], { kind: 'clip', item: imported.item, originMs: imported.originMs });
  }

  /** The moment as a sequence marker at the playhead, lasting as long as the moment. */
  async function markAtPlayhead(asset: Asset, moment: Moment) {
    const seq = await nle().activeSequence();
    if (!seq) throw new AppError('request.invalid', 'Open a sequence first: there is no active sequence to mark');
    return addMomentMarkers(asset, [moment], { kind: 'sequence', atTicks: seq.playheadTicks, originMs: moment.startMs });
  }

  /** When the original is imported and the proxy exists, download the proxy and attach it (Toggle Proxies). */
  async function attachProxy(asset: Asset, original: NleItemRef, onProgress?: DownloadOptions['onProgress']) {
    if (!asset.renditions.some((r) => r.kind === 'proxy')) throw new AppError('asset.rendition_missing', `${asset.title} has no proxy`);
    const proxy = await download(asset, { rendition: 'proxy', ...(onProgress ? { onProgress } : {}) });
    if (!proxy.nativePath) throw new AppError('internal', 'no local path for the proxy');
    await nle().attachProxy(original, proxy.nativePath);
    return proxy;
  }

  /** Asks for an archived original back; `neededBy` (an air time) sets the priority and warns when the ETA misses it. */
  async function restore(asset: Asset, opts: { neededBy?: Date | null; days?: number; speed?: 'standard' | 'bulk' } = {}): Promise<Asset> {
    return client.restore(asset.id, {
      ...(opts.days ? { days: opts.days } : {}),
      ...(opts.speed ? { speed: opts.speed } : {}),
      ...(opts.neededBy ? { neededBy: opts.neededBy.toISOString() } : {}),
    });
  }

  /** The storage report as CSV, saved the way the host saves files (a browser download in the console). */
  async function downloadStorageReport(now: Date = new Date()): Promise<LocalMedia & { fileName: string }> {
    if (!host.files) throw new AppError('request.invalid', `${host.label} cannot save files`);
    const fileName = `cutaway-storage-report-${now.toISOString().slice(0, 10)}.csv`;
    const local = await host.files.download({ url: client.storageReportUrl('csv'), headers: { authorization: `Bearer ${connection.token}` }, fileName });
    return { ...local, fileName };
  }

  /** The People screen's actions (name, confirm, reject, merge, split, delete): they need only the client. */
  const people = createPeopleActions(client);

  return { download, importMoment, placeAtPlayhead, importAndPlace, addMomentMarkers, addLiveReviewMarker, markAtPlayhead, attachProxy, restore, downloadStorageReport, people };
}

export type CutawayActions = ReturnType<typeof createActions>;

function durationTicks(asset: Asset): string {
  const ms = asset.technical?.durationMs ?? 0;
  const rate = assetRate(asset);
  return framesToTicks(msToFrames(ms, rate, 'ceil'), rate);
}

function subclipName(asset: Asset, moment: Pick<Moment, 'text' | 'kind'>): string {
  return `${asset.title} — ${moment.text}`.slice(0, 80);
}

/** `<title>[_<in>-<out>ms].<ext>`: readable in the bin, distinct per range and rendition. */
export function mediaFileName(asset: Asset, rendition: Rendition, range?: { startMs: number; endMs: number }): string {
  const ext = rendition === 'proxy' ? 'mp4' : (/\.([A-Za-z0-9]{1,5})$/.exec(asset.fileName)?.[1] ?? 'mp4');
  const span = range ? `_${range.startMs}-${range.endMs}ms` : '';
  const tag = rendition === 'proxy' ? '_proxy' : '';
  return `${safeFileName(asset.title || asset.fileName).replace(/\.[A-Za-z0-9]{1,5}$/, '')}_${asset.id.slice(0, 8)}${span}${tag}.${ext}`;
}
