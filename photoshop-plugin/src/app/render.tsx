import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { Host } from '@cutaway/shared/ui/host';
import '@cutaway/shared/ui/styles.css';
import type { PhotoshopHost } from '../host/types';
import { PhotoshopApp } from './PhotoshopApp';
import type { FetchFn } from './stills-actions';
import './plugin.css';

/** Mounts the app over whichever host the entry built; the app itself never sees host globals. */
export function renderPlugin(host: Host, photoshop: PhotoshopHost, fetch: FetchFn, networkHint?: string): void {
  const el = document.getElementById('root');
  if (!el) throw new Error('#root missing');
  createRoot(el).render(
    <StrictMode>
      <PhotoshopApp host={host} photoshop={photoshop} fetch={fetch} {...(networkHint ? { networkHint } : {})} />
    </StrictMode>,
  );
}
