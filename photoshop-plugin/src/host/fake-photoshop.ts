import type { ActionDescriptor } from 'photoshop/dom/CoreModules';
import type { PhotoshopModule, PsDocument, PsEntry, UxpFileEntry, UxpModule } from './modules';
import { fakeXmpModule } from './fake-xmp';

/**
 * A recording fake of the `photoshop` and `uxp` modules, typed against @types/photoshop (through the
 * Pick-ed slices in modules.ts). It keeps documents, files and XMP in memory, enforces what Photoshop
 * enforces — document changes only inside executeAsModal, one modal at a time — and records every call
 * with whether it ran modal, for tests and for the plugin's browser dev mode.
 */
export interface FakeCall {
  what: string;
  modal: boolean;
  detail?: unknown;
}

export interface FakeDocument {
  id: number;
  title: string;
  width: number;
  height: number;
  xmp: string;
  /** Smart objects placed into it, in order. */
  placed: Array<{ fileName: string; bytes: Uint8Array }>;
  /** What "Save a copy" writes, per format; a test sets these to stand for the designer's edit. */
  renderings: { png?: Uint8Array; jpg?: Uint8Array };
}

class FakeFile implements UxpFileEntry {
  bytes = new Uint8Array();
  constructor(
    readonly name: string,
    readonly nativePath: string,
  ) {}
  async write(data: ArrayBuffer) {
    this.bytes = new Uint8Array(data.slice(0));
    return this.bytes.byteLength;
  }
  async read() {
    return this.bytes.slice().buffer;
  }
}

/** Width and height from a PNG's IHDR or a JPEG's SOF marker; null when it is neither. */
export function imageSize(b: Uint8Array): { width: number; height: number } | null {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length > 24 && b[0] === 0x89 && b[1] === 0x50) return { width: dv.getUint32(16), height: dv.getUint32(20) };
  if (b[0] === 0xff && b[1] === 0xd8) {
    for (let i = 2; i + 9 < b.length; ) {
      if (b[i] !== 0xff) return null;
      const marker = b[i + 1]!;
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return { width: dv.getUint16(i + 7), height: dv.getUint16(i + 5) };
      i += 2 + dv.getUint16(i + 2);
    }
  }
  return null;
}

export function createFakePhotoshop(init: { documents?: Array<Partial<FakeDocument> & { title: string }> } = {}) {
  const calls: FakeCall[] = [];
  const files = new Map<string, FakeFile>();
  const tokens = new Map<string, FakeFile>();
  let modal = false;
  let nextId = 1;
  const documents: FakeDocument[] = (init.documents ?? []).map((d) => ({ id: nextId++, width: 1920, height: 1080, xmp: '', placed: [], renderings: {}, ...d }));
  let active: FakeDocument | null = documents.at(-1) ?? null;

  const record = (what: string, detail?: unknown) => calls.push({ what, modal, ...(detail === undefined ? {} : { detail }) });
  const requireModal = (what: string) => {
    // Photoshop refuses document changes outside a modal scope (PS-DOCS executeAsModal).
    if (!modal) throw new Error(`${what}: this API requires a modal scope (executeAsModal)`);
  };
  const fileOf = (entry: unknown): FakeFile => {
    const f = files.get((entry as { nativePath?: string }).nativePath ?? '');
    if (!f) throw new Error('not a file entry of this fake');
    return f;
  };

  const view = (d: FakeDocument): PsDocument => {
    const save = (format: 'png' | 'jpg') => async (entry: PsEntry, _options?: unknown, asCopy?: boolean) => {
      record(`saveAs.${format}`, { file: fileOf(entry).name, asCopy: asCopy === true });
      requireModal(`saveAs.${format}`);
      const bytes = d.renderings[format];
      if (!bytes) throw new Error(`the fake document "${d.title}" has no ${format} rendering`);
      await fileOf(entry).write(bytes.slice().buffer);
    };
    return {
      get id() { return d.id; },
      get title() { return d.title; },
      get width() { return d.width; },
      get height() { return d.height; },
      saveAs: { png: save('png'), jpg: save('jpg') },
    } as PsDocument;
  };

  const batchPlay = async (commands: ActionDescriptor[]): Promise<ActionDescriptor[]> => {
    const out: ActionDescriptor[] = [];
    for (const c of commands) {
      const cmd = c as ActionDescriptor & { _target?: Array<{ _property?: string; _ref?: string }>; null?: { _path?: string; _kind?: string }; to?: { XMPMetadataAsUTF8?: string } };
      record(`batchPlay:${cmd._obj}`, cmd);
      if (!active) throw new Error('no document open');
      const xmpTarget = cmd._target?.some((t) => t._property === 'XMPMetadataAsUTF8') && cmd._target.some((t) => t._ref === 'document');
      if (cmd._obj === 'get' && xmpTarget) out.push({ _obj: 'document', XMPMetadataAsUTF8: active.xmp } as unknown as ActionDescriptor);
      else if (cmd._obj === 'set' && xmpTarget) {
        requireModal('set XMPMetadataAsUTF8');
        active.xmp = String(cmd.to?.XMPMetadataAsUTF8 ?? '');
        out.push({} as ActionDescriptor);
      } else if (cmd._obj === 'placeEvent') {
        requireModal('placeEvent');
        const file = tokens.get(cmd.null?._path ?? '');
        if (!file || cmd.null?._kind !== 'local') throw new Error('placeEvent needs a session token of a local file');
        active.placed.push({ fileName: file.name, bytes: file.bytes });
        out.push({} as ActionDescriptor);
      } else throw new Error(`the fake does not know ${String(cmd._obj)}`);
    }
    return out;
  };

  const photoshop: PhotoshopModule = {
    app: {
      get activeDocument() {
        return active ? view(active) : null;
      },
      async open(entry?: PsEntry) {
        record('app.open', { file: entry ? fileOf(entry).name : null });
        requireModal('app.open');
        const f = fileOf(entry);
        const size = imageSize(f.bytes);
        if (!size) throw new Error(`could not open ${f.name}: not a PNG or JPEG`);
        const d: FakeDocument = { id: nextId++, title: f.name, ...size, xmp: '', placed: [], renderings: { [f.bytes[0] === 0x89 ? 'png' : 'jpg']: f.bytes } };
        documents.push(d);
        active = d;
        return view(d);
      },
    },
    core: {
      executeAsModal: (async (fn: (ctx: never, descriptor?: object) => Promise<unknown>, options: { commandName: string }) => {
        record('executeAsModal', { commandName: options.commandName });
        // Only one modal scope at a time; Photoshop reports error code 9 for a busy modal state.
        if (modal) throw Object.assign(new Error('host is in a modal state'), { number: 9 });
        modal = true;
        try {
          return await fn({} as never);
        } finally {
          modal = false;
        }
      }) as PhotoshopModule['core']['executeAsModal'],
    },
    action: { batchPlay: batchPlay as PhotoshopModule['action']['batchPlay'] },
  };

  const uxp: UxpModule = {
    storage: {
      localFileSystem: {
        async getTemporaryFolder() {
          return {
            async createFile(name: string) {
              const path = `/tmp/uxp-plugin-temp/${name}`;
              const f = files.get(path) ?? new FakeFile(name, path);
              files.set(path, f);
              return f;
            },
          };
        },
        createSessionToken(entry: UxpFileEntry) {
          const token = `session-token-${tokens.size + 1}`;
          tokens.set(token, fileOf(entry));
          record('createSessionToken', { file: entry.name, token });
          return token;
        },
      },
      formats: { binary: Symbol('binary') },
    },
    xmp: fakeXmpModule,
  };

  return { photoshop, uxp, calls, documents, files, get active() { return active; }, set active(d: FakeDocument | null) { active = d; } };
}
export type FakePhotoshop = ReturnType<typeof createFakePhotoshop>;
