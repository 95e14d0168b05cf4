// UXP entry (dist/photoshop-plugin/): the only place the real `photoshop` and `uxp` modules are required.
import { createWebStorageSettings } from '@cutaway/shared/ui/host';
import { createPhotoshopHost } from '../host/uxp-photoshop';
import type { PhotoshopModule, UxpModule } from '../host/modules';
import type { FetchFn } from './stills-actions';
import { renderPlugin } from './render';

declare const require: (name: string) => unknown;

const photoshop = createPhotoshopHost(require('photoshop') as PhotoshopModule, require('uxp') as UxpModule);
const host = { kind: 'photoshop-uxp', label: 'Photoshop', settings: createWebStorageSettings(window.localStorage) };
renderPlugin(host, photoshop, ((url, init) => fetch(url, init)) as FetchFn, 'Photoshop only reaches servers listed in the plugin manifest (CUTAWAY_PLUGIN_SERVERS at build time).');
