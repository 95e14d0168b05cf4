import type { action, app, core } from 'photoshop';
import type { XmpModuleLike } from './xmp-link';

/**
 * The slices of the `photoshop` module the host uses, cut from @types/photoshop 25.0.4 with Pick, so
 * the real module satisfies them unchanged and the recording fake (fake-photoshop.ts) must keep the
 * same signatures.
 */
type Photoshop = typeof app;
type Document = Photoshop['activeDocument'];
export type PsDocument = Pick<Document, 'id' | 'title' | 'width' | 'height'> & { saveAs: Pick<Document['saveAs'], 'png' | 'jpg'> };
/** What saveAs/open take: a UXP storage File entry (typed by @types/photoshop as the global File). */
export type PsEntry = Parameters<PsDocument['saveAs']['png']>[0];

export interface PhotoshopModule {
  app: { readonly activeDocument: PsDocument | null; open(entry?: PsEntry): Promise<PsDocument> };
  core: Pick<typeof core, 'executeAsModal'>;
  action: Pick<typeof action, 'batchPlay'>;
}

/** A UXP storage File entry: only what the host calls (cc-ext-uxp-types 7.3.1 types these as `any`). */
export interface UxpFileEntry {
  readonly name: string;
  readonly nativePath: string;
  write(data: ArrayBuffer, options: { format: symbol }): Promise<unknown>;
  read(options: { format: symbol }): Promise<ArrayBuffer | string>;
}
export interface UxpFolderEntry {
  createFile(name: string, options: { overwrite?: boolean }): Promise<UxpFileEntry>;
}

/** The slices of the `uxp` module: storage (temp folder, session tokens, formats) and xmp (UXP 7.2+). */
export interface UxpModule {
  storage: {
    localFileSystem: { getTemporaryFolder(): Promise<UxpFolderEntry>; createSessionToken(entry: UxpFileEntry): string };
    formats: { binary: symbol };
  };
  xmp: XmpModuleLike;
}
