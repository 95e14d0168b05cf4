import { createRoot } from 'react-dom/client';
import '@cutaway/shared/ui/styles.css';
import './plugin.css';
import { App } from './App';
import { HostLink } from './host-link';

// Served by the gateway at /plugin/; its read-only API proxy is /plugin/api/v1 and config.json names our mosID.
const base = new URL('.', window.location.href);
const config = (await fetch(new URL('config.json', base)).then((r) => r.json())) as { mosId: string };
createRoot(document.getElementById('root')!).render(<App host={HostLink.fromLocation(window)} mosId={config.mosId} apiBase={base.href.replace(/\/$/, '')} />);
