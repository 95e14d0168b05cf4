import type { Host, StorageLike } from '@cutaway/shared/ui/host';
import { createFakePremiere, type FakePremiere, type FakePremiereOptions } from './fake-ppro';
import { createPremiereUxpHost } from './uxp-premiere';
import type { FetchFn, UxpFile, UxpFolder, UxpStorage } from './uxp-files';

export interface FakeFile {
  nativePath: string;
  bytes: number;
}

/** An in-memory UXP data folder: files get a realistic macOS nativePath and keep their size. */
export function createFakeUxpStorage(base = '/Users/editor/Library/Application Support/Adobe/UXP/PluginsStorage/PPRO/26/Developer/io.cutaway.premiere/PluginData') {
  const files = new Map<string, FakeFile>();
  const binary = Symbol('binary');
  const folder = (path: string): UxpFolder => ({
    nativePath: path,
    createFolder: async (name) => folder(`${path}/${name}`),
    getEntry: async (name) => {
      const p = `${path}/${name}`;
      if (!files.has(p) && ![...files.keys()].some((k) => k.startsWith(`${p}/`))) throw new Error(`Could not find an entry of '${name}'`);
      return folder(p);
    },
    createFile: async (name): Promise<UxpFile> => {
      const nativePath = `${path}/${name}`;
      return {
        nativePath,
        write: (async (data: string | ArrayBuffer) => {
          const bytes = typeof data === 'string' ? data.length : data.byteLength;
          files.set(nativePath, { nativePath, bytes });
          return bytes;
        }) as UxpFile['write'],
      };
    },
  });
  const storage: UxpStorage = { localFileSystem: { getDataFolder: async () => folder(base) }, formats: { binary } };
  return { storage, files };
}

/**
 * The browser/test stand-in for Premiere: the REAL adapter (createPremiereUxpHost) over a recording fake
 * `premierepro` and an in-memory data folder, with the page's own fetch. What the app did to "Premiere"
 * is in `fake.calls`, `fake.timeline`, `fake.markers`.
 */
export function createFakePremiereHost(opts: FakePremiereOptions & { fetch?: FetchFn; localStorage?: StorageLike } = {}): { host: Host; fake: FakePremiere; files: Map<string, FakeFile> } {
  const { storage, files } = createFakeUxpStorage();
  const fake = createFakePremiere({ exists: (p) => files.has(p), ...opts });
  const fetchImpl: FetchFn = opts.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const memory = new Map<string, string>();
  const localStorage = opts.localStorage ?? { getItem: (k: string) => memory.get(k) ?? null, setItem: (k: string, v: string) => void memory.set(k, v) };
  const host = createPremiereUxpHost(fake.ppro, { storage, fetch: fetchImpl, localStorage });
  return { host: { ...host, kind: 'premiere-fake', label: 'Premiere Pro (fake host)' }, fake, files };
}
