import type { premierepro } from '@adobe/premierepro';
import type { Host } from '@cutaway/shared/ui/host';
import { createPremiereUxpHost } from './uxp-premiere';
import type { UxpStorage } from './uxp-files';

/** UXP's module loader, read from the global so the bundler does not try to resolve host modules. */
function uxpRequire(id: string): unknown {
  const req = (globalThis as { require?: (id: string) => unknown }).require;
  if (typeof req !== 'function') throw new Error('Not running inside UXP: require() is missing');
  return req(id);
}

/** The one place the UXP build reaches for host modules (adobe.md §1 "Key calls": require('premierepro')). */
export function hostFromUxpRuntime(): Host {
  const ppro = uxpRequire('premierepro') as premierepro;
  const uxp = uxpRequire('uxp') as { storage: UxpStorage };
  return createPremiereUxpHost(ppro, { storage: uxp.storage, fetch: (url, init) => fetch(url, init), localStorage: window.localStorage });
}

export const UXP_NETWORK_HINT =
  'In Premiere the server must be listed in the plugin’s network domains (rebuild with CUTAWAY_PANEL_SERVERS) and, on macOS, use https with a trusted certificate.';
