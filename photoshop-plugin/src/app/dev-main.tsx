// Browser build over the recording fake Photoshop (dist/photoshop-plugin-dev/): for development without
// Photoshop and for the headless-Chromium tests, which read window.cutawayFake to see what "Photoshop" did.
import { createWebStorageSettings } from '@cutaway/shared/ui/host';
import { createFakePhotoshop, type FakeDocument } from '../host/fake-photoshop';
import { createPhotoshopHost } from '../host/uxp-photoshop';
import type { FetchFn } from './stills-actions';
import { renderPlugin } from './render';

/** A blank "designer's canvas" as a real PNG, drawn by the browser, so Save a copy has real bytes to upload. */
async function canvasPng(width: number, height: number, label: string): Promise<Uint8Array> {
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  const g = c.getContext('2d')!;
  g.fillStyle = '#20304a';
  g.fillRect(0, 0, width, height);
  g.fillStyle = '#ffffff';
  g.font = `bold ${Math.round(height / 8)}px sans-serif`;
  g.fillText(label, width / 16, height / 2);
  const blob = await new Promise<Blob>((ok, fail) => c.toBlob((b) => (b ? ok(b) : fail(new Error('toBlob failed'))), 'image/png'));
  return new Uint8Array(await blob.arrayBuffer());
}

// The bundle is a classic script (no top-level await), so start-up runs in an async function.
void (async () => {
  const params = new URLSearchParams(location.hash.slice(1));
  const docs: Array<Partial<FakeDocument> & { title: string }> = params.get('doc') === 'none' ? [] : [{ title: 'Thumbnail.psd', width: 1280, height: 720, renderings: { png: await canvasPng(1280, 720, 'THUMBNAIL') } }];
  const fake = createFakePhotoshop({ documents: docs });
  const host = { kind: 'photoshop-fake', label: 'Photoshop (fake)', settings: createWebStorageSettings(window.sessionStorage) };
  if (params.get('server') && params.get('token')) {
    await host.settings.saveConnection({ serverUrl: params.get('server')!, token: params.get('token')! });
    history.replaceState(null, '', location.pathname);
  }
  (window as unknown as { cutawayFake: unknown }).cutawayFake = {
    calls: fake.calls,
    documents: fake.documents,
    active: () => fake.active,
    /** Stands for the designer's edit: what the next "Save a copy" writes. */
    setRendering: (format: 'png' | 'jpg', bytes: number[]) => {
      if (fake.active) fake.active.renderings[format] = new Uint8Array(bytes);
    },
  };
  renderPlugin(host, createPhotoshopHost(fake.photoshop, fake.uxp), ((url, init) => fetch(url, init)) as FetchFn, 'Running in a browser: the page must reach the server (same origin or CORS).');
})();
