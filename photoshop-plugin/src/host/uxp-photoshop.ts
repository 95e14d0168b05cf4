import { AppError } from '@cutaway/shared/errors';
import type { CutawayLink, DocumentInfo, ExportFormat, ExportedImage, PhotoshopHost, TempFile } from './types';
import type { PhotoshopModule, PsDocument, PsEntry, UxpFileEntry, UxpModule } from './modules';
import { CUTAWAY_XMP_NS, CUTAWAY_XMP_PREFIX, readLink, writeLink } from './xmp-link';

/** The active document, addressed the way every batchPlay sample does (PS-DOCS batchPlay "targetEnum"). */
const ACTIVE_DOC = { _ref: 'document', _enum: 'ordinal', _value: 'targetEnum' } as const;

/** File names the plugin writes: generated, never taken from a server header. */
const tempName = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '').slice(-100) || 'cutaway.bin';

/**
 * The Photoshop host over the real `photoshop` and `uxp` modules (passed in, never required here, so a
 * test can hand in the recording fake). Every state change runs inside core.executeAsModal, which
 * Photoshop requires for anything that edits a document (PS-DOCS "executeAsModal"); reads run outside it.
 */
export function createPhotoshopHost(ps: PhotoshopModule, uxp: UxpModule): PhotoshopHost {
  const entries = new Map<string, UxpFileEntry>();
  uxp.xmp.XMPMeta.registerNamespace(CUTAWAY_XMP_NS, CUTAWAY_XMP_PREFIX);

  const modal = <T>(commandName: string, fn: () => Promise<T>) => ps.core.executeAsModal(async () => fn(), { commandName });

  const doc = (): PsDocument => {
    const d = ps.app.activeDocument;
    if (!d) throw new AppError('request.invalid', 'Open a document in Photoshop first');
    return d;
  };

  /** XMPMetadataAsUTF8 of the active document (a `get` needs no modal state). */
  async function xmpPacket(): Promise<string> {
    const [result] = await ps.action.batchPlay([{ _obj: 'get', _target: [{ _property: 'XMPMetadataAsUTF8' }, ACTIVE_DOC] }], {});
    const packet = (result as { XMPMetadataAsUTF8?: unknown } | undefined)?.XMPMetadataAsUTF8;
    return typeof packet === 'string' ? packet : '';
  }

  async function currentLink(): Promise<CutawayLink | null> {
    const packet = await xmpPacket();
    return packet ? readLink(new uxp.xmp.XMPMeta(packet)) : null;
  }

  /** Must run inside executeAsModal: a `set` of the document's XMP is a document change. */
  async function setLink(link: CutawayLink): Promise<void> {
    const packet = await xmpPacket();
    const meta = new uxp.xmp.XMPMeta(packet || undefined);
    writeLink(meta, link);
    await ps.action.batchPlay([{ _obj: 'set', _target: [{ _property: 'XMPMetadataAsUTF8' }, ACTIVE_DOC], to: { _obj: 'document', XMPMetadataAsUTF8: meta.serialize() } }], {});
  }

  const entryOf = (file: TempFile): UxpFileEntry => {
    const e = entries.get(file.nativePath);
    if (!e) throw new AppError('request.invalid', `${file.name} was not written by this plugin session`);
    return e;
  };

  const info = async (d: PsDocument): Promise<DocumentInfo> => ({ id: d.id, title: d.title, width: d.width, height: d.height, link: await currentLink() });

  return {
    kind: 'photoshop-uxp',
    label: 'Photoshop',

    async activeDocument() {
      const d = ps.app.activeDocument;
      return d ? info(d) : null;
    },

    async writeTemp(fileName, bytes) {
      const folder = await uxp.storage.localFileSystem.getTemporaryFolder();
      const entry = await folder.createFile(tempName(fileName), { overwrite: true });
      await entry.write(bytes, { format: uxp.storage.formats.binary });
      entries.set(entry.nativePath, entry);
      return { name: entry.name, nativePath: entry.nativePath };
    },

    async place(file, link) {
      doc();
      const token = uxp.storage.localFileSystem.createSessionToken(entryOf(file));
      return modal('Place Cutaway frame', async () => {
        // placeEvent ("Place Embedded") takes the file as a session token (PS-DOCS eventcodes; uxp-storage createSessionToken).
        await ps.action.batchPlay([{ _obj: 'placeEvent', null: { _path: token, _kind: 'local' }, linked: false }], {});
        if (await currentLink()) return { linked: false };
        await setLink(link);
        return { linked: true };
      });
    },

    async open(file, link) {
      const entry = entryOf(file);
      return modal('Open Cutaway frame', async () => {
        const d = await ps.app.open(entry as unknown as PsEntry);
        await setLink(link);
        return info(d);
      });
    },

    readLink: () => currentLink(),

    async writeLink(link) {
      doc();
      await modal('Link to Cutaway asset', () => setLink(link));
    },

    async exportCopy(format: ExportFormat): Promise<ExportedImage> {
      const d = doc();
      const ext = format === 'png' ? 'png' : 'jpg';
      const folder = await uxp.storage.localFileSystem.getTemporaryFolder();
      const entry = await folder.createFile(tempName(`${d.title.replace(/\.[^.]+$/, '')}.${ext}`), { overwrite: true });
      // asCopy = true: the document keeps its own file and stays unmodified (PS-DOCS Document.saveAs).
      await modal('Export copy for Cutaway', () =>
        format === 'png' ? d.saveAs.png(entry as unknown as PsEntry, undefined, true) : d.saveAs.jpg(entry as unknown as PsEntry, undefined, true));
      const bytes = await entry.read({ format: uxp.storage.formats.binary });
      if (typeof bytes === 'string') throw new AppError('internal', 'Photoshop returned text for a binary read');
      return { bytes, fileName: entry.name, mime: format === 'png' ? 'image/png' : 'image/jpeg' };
    },
  };
}
