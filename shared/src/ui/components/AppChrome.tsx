import type { ReactNode } from 'react';
import type { Connection } from '../hooks/use-connection';
import type { Op } from '../hooks/use-operation';
import type { SearchHit } from '../../schemas/index';
import type { SearchState } from '../hooks/use-search';
import { ConnectionBadge, ConnectionForm } from './ConnectionForm';

/** Brand, host name, anything the app adds (view chips), the connection badge and the Settings toggle. */
export function AppHeader({ hostLabel, conn, settingsOpen, onToggleSettings, children }: { hostLabel: string; conn: Connection; settingsOpen: boolean; onToggleSettings(): void; children?: ReactNode }) {
  const connected = conn.status.state === 'ok' && conn.client;
  return (
    <header className="cw-header cw-row">
      <span className="cw-brand">Cutaway</span>
      <span className="cw-muted cw-ml cw-host">{hostLabel}</span>
      <span className="cw-grow" />
      {children}
      <ConnectionBadge status={conn.status} />
      <button type="button" className="cw-button cw-small cw-ml" aria-expanded={settingsOpen || !connected} onClick={onToggleSettings}>
        Settings
      </button>
    </header>
  );
}

/**
 * The connection form (open on request, and by itself while not connected), an optional sign-in hint and
 * whatever settings the app adds below it. Closes after a connection that works.
 */
export function SettingsPanel({ conn, open, onClose, defaultServerUrl, signInHint, children }: { conn: Connection; open: boolean; onClose(): void; defaultServerUrl?: string; signInHint?: string; children?: ReactNode }) {
  const connected = conn.status.state === 'ok' && conn.client;
  if (!open && (connected || conn.status.state === 'checking')) return null;
  return (
    <div className="cw-panel">
      <ConnectionForm key={conn.settings?.serverUrl ?? 'new'} settings={conn.settings} status={conn.status} {...(defaultServerUrl ? { defaultServerUrl } : {})} onSave={(s) => void conn.save(s).then((r) => r.state === 'ok' && onClose())} />
      {signInHint && conn.status.state !== 'ok' && <p className="cw-muted cw-hint">{signInHint}</p>}
      {children}
    </div>
  );
}

/** The running action's progress bar, or how it ended. */
export function OpStatus({ op }: { op: Op }) {
  if (op.state === 'idle') return null;
  if (op.state === 'busy')
    return (
      <div className="cw-op" role="status">
        <span>{op.label}…</span>
        <div className="cw-progress">
          <div className="cw-progress-fill" style={{ width: `${op.percent ?? 5}%` }} />
        </div>
      </div>
    );
  return (
    <div className={op.state === 'error' ? 'cw-error' : 'cw-op cw-ok'} role={op.state === 'error' ? 'alert' : 'status'} data-testid="op-result">
      {op.message}
    </div>
  );
}

/** What the results area says before, while and instead of results; `children` renders the hits. */
export function SearchStatus({ result, idle, noMatch, children }: { result: SearchState; idle: ReactNode; noMatch(q: string): ReactNode; children(hits: SearchHit[]): ReactNode }) {
  const hits = result.state === 'done' ? result.hits : [];
  if (result.state === 'idle') return <div className="cw-empty">{idle}</div>;
  if (result.state === 'loading') return <div className="cw-empty">Searching “{result.q}”…</div>;
  if (result.state === 'error')
    return (
      <div className="cw-error" role="alert">
        {result.message}
      </div>
    );
  if (hits.length === 0) return <div className="cw-empty">{noMatch(result.q)}</div>;
  return <>{children(hits)}</>;
}

/** A view's title row with its Refresh button (and whatever else the view puts beside it), then its error. */
export function ViewHeader({ title, error, refreshing, onRefresh, children }: { title: string; error: string | null; refreshing?: boolean; onRefresh(): void; children?: ReactNode }) {
  return (
    <>
      <div className="cw-row cw-storage-head">
        <h2 className="cw-title cw-grow">{title}</h2>
        <button type="button" className="cw-button cw-small cw-ml" onClick={onRefresh} disabled={refreshing}>
          Refresh
        </button>
        {children}
      </div>
      {error && (
        <p className="cw-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
