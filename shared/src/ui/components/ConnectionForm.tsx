import { useState } from 'react';
import type { ConnectionSettings } from '../host/host';
import type { ConnectionStatus } from '../hooks/use-connection';

export interface ConnectionFormProps {
  settings: ConnectionSettings | null;
  status: ConnectionStatus;
  onSave(settings: ConnectionSettings): void;
  /** A browser console gets its token from the sign-in link; it may hide the server field. */
  showServerUrl?: boolean;
  defaultServerUrl?: string;
}

/** Server URL and token; the host keeps them (UXP localStorage, a browser tab's sessionStorage). */
export function ConnectionForm({ settings, status, onSave, showServerUrl = true, defaultServerUrl = 'https://127.0.0.1:8750' }: ConnectionFormProps) {
  const [serverUrl, setServerUrl] = useState(settings?.serverUrl ?? defaultServerUrl);
  const [token, setToken] = useState(settings?.token ?? '');
  const submit = () => onSave({ serverUrl: serverUrl.trim(), token: token.trim() });
  return (
    <form
      className="cw-connection"
      aria-label="Connection settings"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {showServerUrl && (
        <div className="cw-field">
          <span className="cw-field-label">Server URL</span>
          <input className="cw-input" aria-label="Server URL" value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} placeholder="https://cutaway.example:8750" />
        </div>
      )}
      <div className="cw-field">
        <span className="cw-field-label">Token</span>
        <input className="cw-input" aria-label="Token" type="password" value={token} onChange={(e) => setToken(e.target.value)} placeholder="paste the token an admin gave you" />
      </div>
      <div className="cw-row">
        <button className="cw-button cw-primary" type="submit" disabled={!token.trim() || status.state === 'checking'}>
          {status.state === 'checking' ? 'Checking…' : 'Connect'}
        </button>
        <ConnectionBadge status={status} />
      </div>
      {status.state === 'error' && (
        <p className="cw-error" role="alert">
          {status.message}
        </p>
      )}
    </form>
  );
}

export function ConnectionBadge({ status }: { status: ConnectionStatus }) {
  const text = status.state === 'ok' ? `Connected (v${status.version})` : status.state === 'checking' ? 'Checking…' : status.state === 'unset' ? 'Not connected' : 'Connection failed';
  return <span className={`cw-badge cw-badge-${status.state}`}>{text}</span>;
}
