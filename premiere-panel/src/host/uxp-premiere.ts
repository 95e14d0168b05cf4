import type { premierepro } from '@adobe/premierepro';
import { createWebStorageSettings, type Host, type StorageLike } from '@cutaway/shared/ui/host';
import { createPremiereNle } from './premiere-nle';
import { createUxpMediaFiles, type FetchFn, type UxpStorage } from './uxp-files';

export interface UxpDeps {
  /** require('uxp').storage */
  storage: UxpStorage;
  fetch: FetchFn;
  /** UXP's localStorage (persists per plugin). */
  localStorage: StorageLike;
}

/**
 * The only entry into Premiere: the app gets a Host and never sees `ppro` or `uxp`. The module objects are
 * passed in rather than required here, so tests drive the same code with a recording fake (adobe.md §5).
 */
export function createPremiereUxpHost(ppro: premierepro, deps: UxpDeps): Host {
  return {
    kind: 'premiere-uxp',
    label: 'Premiere Pro',
    settings: createWebStorageSettings(deps.localStorage),
    files: createUxpMediaFiles({ storage: deps.storage, fetch: deps.fetch }),
    nle: createPremiereNle(ppro),
  };
}
