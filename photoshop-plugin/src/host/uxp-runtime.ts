import type { PhotoshopModule, UxpModule } from './modules';
import type { PhotoshopHost } from './types';
import { createPhotoshopHost } from './uxp-photoshop';

/** UXP's module loader, read from the global so the bundler does not try to resolve host modules. */
function uxpRequire(id: string): unknown {
  const req = (globalThis as { require?: (id: string) => unknown }).require;
  if (typeof req !== 'function') throw new Error('Not running inside UXP: require() is missing');
  return req(id);
}

/** The one place the UXP build reaches for host modules (adobe.md §3: require('photoshop'), require('uxp')). */
export function photoshopFromUxpRuntime(): PhotoshopHost {
  return createPhotoshopHost(uxpRequire('photoshop') as PhotoshopModule, uxpRequire('uxp') as UxpModule);
}
