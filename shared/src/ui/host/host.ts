import type { Rate } from '../../schemas/index';

/**
 * What a UI needs from the application it runs in. The app talks to this interface only, never to
 * host globals (ARCHITECTURE.md: host code lives in one adapter per app). Each capability is optional:
 * a browser has `files` only, Premiere has `files` + `nle`, Photoshop has `files` + `stills`.
 */
export interface Host {
  /** Stable id for logs and tests: 'web', 'premiere-uxp', 'premiere-cep', 'photoshop-uxp', 'mos-plugin'… */
  readonly kind: string;
  /** Shown in the header: "Premiere Pro", "Browser". */
  readonly label: string;
  /** Connection settings and small UI state; kept by the host (UXP localStorage, sessionStorage in a browser). */
  readonly settings: SettingsStore;
  readonly files?: MediaFiles;
  readonly nle?: NleHost;
  readonly stills?: StillsHost;
}

export interface ConnectionSettings {
  serverUrl: string;
  token: string;
}

export interface SettingsStore {
  loadConnection(): Promise<ConnectionSettings | null>;
  saveConnection(settings: ConnectionSettings): Promise<void>;
  /** Free-form JSON values by key (saved searches, last filters). */
  load<T>(key: string): Promise<T | null>;
  save(key: string, value: unknown): Promise<void>;
}

export interface DownloadRequest {
  /** Absolute URL, already carrying any auth the server needs. */
  url: string;
  headers: Record<string, string>;
  /** Sanitised by the caller; the host may add a suffix to keep it unique. */
  fileName: string;
  onProgress?: (receivedBytes: number, totalBytes: number | null) => void;
  signal?: AbortSignal;
}

export interface LocalMedia {
  /** OS path as the NLE wants it (UXP entry.nativePath, ExtendScript File.fsName); null in a browser. */
  nativePath: string | null;
  bytes: number;
  /** Lower-case response headers (X-Cutaway-In-Ms tells where a cut really starts). */
  headers: Record<string, string>;
}

export interface MediaFiles {
  /** Fetches a rendition into the host's media cache (or, in a browser, hands it to the user as a download). */
  download(req: DownloadRequest): Promise<LocalMedia>;
}

/** A project item the host found after import; `id` is opaque and only meaningful to the same host. */
export interface NleItemRef {
  id: string;
  name: string;
  mediaPath: string;
}

export interface SequenceInfo {
  name: string;
  /** Ticks per second / ticks per frame, as a rational. */
  rate: Rate;
  /** Premiere ticks as a decimal string. */
  playheadTicks: string;
  videoTracks: number;
  audioTracks: number;
}

export interface MarkerSpec {
  name: string;
  comments: string;
  startTicks: string;
  durationTicks: string;
}

export interface PlaceOptions {
  mode: 'insert' | 'overwrite';
  /** 0-based: 0 is V1/A1. */
  videoTrack: number;
  audioTrack: number;
}

/** An editing application (Premiere UXP or CEP). All times are Premiere ticks as decimal strings. */
export interface NleHost {
  /** Imports into the named bin (created when missing) and returns the item found by reading the bin back. */
  importFile(nativePath: string, opts: { binName: string }): Promise<NleItemRef>;
  setInOut(item: NleItemRef, inTicks: string, outTicks: string): Promise<void>;
  createSubclip(item: NleItemRef, name: string, inTicks: string, outTicks: string): Promise<NleItemRef>;
  /** Null when no sequence is open. */
  activeSequence(): Promise<SequenceInfo | null>;
  place(item: NleItemRef, opts: PlaceOptions): Promise<{ atTicks: string }>;
  addMarkers(target: { kind: 'sequence' } | { kind: 'clip'; item: NleItemRef }, markers: MarkerSpec[]): Promise<void>;
  attachProxy(item: NleItemRef, proxyPath: string): Promise<void>;
  /** The drag-and-drop payload for a local file, or null when this host cannot take drops. */
  dragData(media: { nativePath: string; name: string; mime: string }): Array<{ format: string; data: string }> | null;
}

/** A still-image application (Photoshop): place a downloaded file into the open document. */
export interface StillsHost {
  place(nativePath: string): Promise<void>;
}
