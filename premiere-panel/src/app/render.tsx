import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CutawayApp } from '@cutaway/shared/ui';
import type { Host } from '@cutaway/shared/ui/host';
import '@cutaway/shared/ui/styles.css';
import './panel.css';

/** Mounts the shared app over whichever host the entry built; the app itself never sees host globals. */
export function renderPanel(host: Host, networkHint?: string): void {
  const el = document.getElementById('root');
  if (!el) throw new Error('#root missing');
  createRoot(el).render(
    <StrictMode>
      <CutawayApp host={host} views={['assistant']} {...(networkHint ? { networkHint } : {})} />
    </StrictMode>,
  );
}
