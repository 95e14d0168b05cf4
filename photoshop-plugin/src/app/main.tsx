// UXP entry (dist/photoshop-plugin/): host modules come only through src/host/uxp-runtime.ts.
import { createWebStorageSettings } from '@cutaway/shared/ui/host';
import { photoshopFromUxpRuntime } from '../host/uxp-runtime';
import type { FetchFn } from './stills-actions';
import { renderPlugin } from './render';

const host = { kind: 'photoshop-uxp', label: 'Photoshop', settings: createWebStorageSettings(window.localStorage) };
renderPlugin(
  host,
  photoshopFromUxpRuntime(),
  ((url, init) => fetch(url, init)) as FetchFn,
  'Photoshop reaches only the servers in the plugin manifest (rebuild with CUTAWAY_PLUGIN_SERVERS) and, on macOS, only over https with a trusted certificate.',
);
