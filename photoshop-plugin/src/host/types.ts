/**
 * What the Photoshop plugin needs from Photoshop. The app talks to this interface only; the one
 * implementation over the real `photoshop` and `uxp` modules is createPhotoshopHost (uxp-photoshop.ts).
 */

/** The link between an open document and the Cutaway asset it came from, kept in the document's XMP. */
export interface CutawayLink {
  assetId: string;
  version: number;
  /** v1's id: pushes continue this chain. */
  firstId: string;
  /** Media time of the grabbed frame; null for a still. */
  frameMs: number | null;
  /** The frame's label in the asset's own timecode; null for a still. */
  timecode: string | null;
}

export interface DocumentInfo {
  id: number;
  title: string;
  width: number;
  height: number;
  link: CutawayLink | null;
}

/** A file the plugin wrote into its temporary folder; `token` is opaque to the app. */
export interface TempFile {
  name: string;
  nativePath: string;
}

export type ExportFormat = 'png' | 'jpeg';

export interface ExportedImage {
  bytes: ArrayBuffer;
  fileName: string;
  mime: 'image/png' | 'image/jpeg';
}

export interface PhotoshopHost {
  readonly kind: 'photoshop-uxp';
  readonly label: string;
  /** Null when no document is open. */
  activeDocument(): Promise<DocumentInfo | null>;
  /** Writes downloaded bytes into the plugin's temporary folder (UXP's plugin-temp:/). */
  writeTemp(fileName: string, bytes: ArrayBuffer): Promise<TempFile>;
  /**
   * Places the file into the active document as a smart object (placeEvent with a session token,
   * inside executeAsModal). Links the document to `link` unless it is already linked; returns whether it did.
   */
  place(file: TempFile, link: CutawayLink): Promise<{ linked: boolean }>;
  /** Opens the file as a new document and links it to `link`. */
  open(file: TempFile, link: CutawayLink): Promise<DocumentInfo>;
  /** The active document's Cutaway link, read from its XMP. */
  readLink(): Promise<CutawayLink | null>;
  writeLink(link: CutawayLink): Promise<void>;
  /** Saves a copy of the active document (the document stays as it is) and returns its bytes. */
  exportCopy(format: ExportFormat): Promise<ExportedImage>;
}
