import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CutawayApp } from '@cutaway/shared/ui';
import '@cutaway/shared/ui/styles.css';
import './console.css';
import { createWebHost, takeTokenFromFragment } from './web-host';

// `/#approvals/<id>` (the link the request_approval tool hands out) opens that approval; read before the
// sign-in fragment is taken off the address.
const approvalLink = /^#approvals(?:\/([A-Za-z0-9_-]{1,64}))?(?:&|$)/.exec(location.hash);
const host = createWebHost({ storage: window.sessionStorage, fetch: (input, init) => window.fetch(input, init), document });
void Promise.resolve(takeTokenFromFragment(location, history, host, location.origin)).then(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <CutawayApp
        host={host}
        defaultServerUrl={location.origin}
        networkHint="Open the sign-in link that `npm start` printed, or paste a token in Settings."
        views={['people', 'storage', 'policies', 'assistant', 'approvals', 'audit']}
        {...(approvalLink ? { focusApprovalId: approvalLink[1] ?? '' } : {})}
        signInHint="Open the sign-in link that `npm start` printed (…/#token=…), or paste a token an admin created for you. The token is kept for this tab only."
      />
    </StrictMode>,
  );
});
