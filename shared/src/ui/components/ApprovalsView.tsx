import { useCallback, useEffect, useRef, useState } from 'react';
import type { CutawayClient } from '../../client/index';
import type { ApprovalListStatus, ApprovalQueueItem, CutawayEvent, TokenInfo } from '../../schemas/index';
import { decisionFor, expiresIn, pendingFirst } from '../approvals-view';
import { formatWhen } from '../archive-view';
import { userMessage } from '../errors';
import { formatBytes, formatDuration } from '../format';
import { ViewHeader } from './AppChrome';

const FILTERS: Array<{ status: ApprovalListStatus; label: string }> = [
  { status: 'pending', label: 'Waiting' },
  { status: 'approved', label: 'Approved' },
  { status: 'declined', label: 'Declined' },
  { status: 'expired', label: 'Expired' },
  { status: 'all', label: 'All' },
];

const STATUS_BADGE: Record<ApprovalQueueItem['status'], string> = { pending: ' cw-badge-wait', approved: ' cw-badge-ok', declined: ' cw-badge-error', expired: '' };

/**
 * The approvals queue (issue 16 "People stay in charge"): what waits for a second person, with the
 * verified file to watch, where it goes and with which metadata. Approve and Decline are offered only
 * where the server would accept them; on your own request the view says why before anyone clicks.
 * The list reloads on `approval.updated` (a request, approval or decline by anyone), after each decision
 * here, and on Refresh.
 */
export interface ApprovalsViewProps {
  client: CutawayClient;
  /** The token the app signed in with (GET /me, asked once by the app); null until it answers. */
  me: TokenInfo | null;
  subscribe?: (fn: (e: CutawayEvent) => void) => () => void;
  focusId?: string;
}

export function ApprovalsView({ client, me, subscribe, focusId }: ApprovalsViewProps) {
  const [status, setStatus] = useState<ApprovalListStatus>('pending');
  const [items, setItems] = useState<ApprovalQueueItem[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [declining, setDeclining] = useState<{ id: string; reason: string } | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(
    async (more: string | null) => {
      try {
        const page = await client.listDeliveryApprovals({ status, limit: 20, ...(more ? { cursor: more } : {}) });
        setItems((prev) => (more && prev ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setError(null);
      } catch (err) {
        setError(userMessage(err));
      }
    },
    [client, status],
  );
  useEffect(() => void load(null), [load]);
  useEffect(() => subscribe?.((e) => {
    if (e.type === 'approval.updated') void load(null);
  }), [load, subscribe]);

  // A link to one approval (`/#approvals/<id>`): scroll to it when it waits; otherwise say what became of it.
  const [focusNote, setFocusNote] = useState<string | null>(null);
  const focused = useRef<HTMLLIElement | null>(null);
  const listed = items?.some((a) => a.id === focusId) ?? false;
  useEffect(() => {
    if (!focusId || items === null) return;
    if (listed) {
      focused.current?.scrollIntoView?.({ block: 'nearest' });
      setFocusNote(null);
      return;
    }
    let current = true;
    client.getDeliveryApproval(focusId).then(
      (a) => current && setFocusNote(`“${a.metadata.title}” is ${a.status}${a.approvedBy ? ` (approved by ${a.approvedBy.name})` : a.declinedBy ? ` (declined by ${a.declinedBy.name})` : ''}.`),
      (err: unknown) => current && setFocusNote(userMessage(err)),
    );
    return () => {
      current = false;
    };
  }, [client, focusId, items, listed]);

  const decide = async (item: ApprovalQueueItem, how: 'approve' | 'decline', reason?: string) => {
    setBusy(item.id);
    try {
      const next = how === 'approve' ? await client.approveDelivery(item.id) : await client.declineDelivery(item.id, reason);
      setDone(`${how === 'approve' ? 'Approved' : 'Declined'} “${next.metadata.title}” for ${item.destinationName ?? item.destinationId}.`);
      setDeclining(null);
      await load(null);
    } catch (err) {
      setError(userMessage(err));
      setDone(null);
    } finally {
      setBusy(null);
    }
  };

  const list = items ? pendingFirst(items) : null;
  return (
    <section className="cw-approvals" aria-label="Approvals">
      <ViewHeader title="Approvals" error={error} onRefresh={() => void load(null)} />
      <div className="cw-chips cw-pad">
        {FILTERS.map((f) => (
          <button key={f.status} type="button" className={`cw-chip${status === f.status ? ' cw-on' : ''}`} aria-pressed={status === f.status} onClick={() => setStatus(f.status)}>
            {f.label}
          </button>
        ))}
      </div>
      {done && (
        <p className="cw-ok cw-aq-done" role="status">
          {done}
        </p>
      )}
      {focusNote && <p className="cw-aq-why cw-aq-focus-note">{focusNote}</p>}
      {list === null && !error && <p className="cw-empty">Loading approvals…</p>}
      {list?.length === 0 && <p className="cw-empty">{status === 'pending' ? 'Nothing waits for a decision.' : 'No approvals here.'}</p>}
      <ul className="cw-results">
        {list?.map((a) => {
          const d = decisionFor(a, me);
          const r = a.render;
          return (
            <li key={a.id} ref={a.id === focusId ? focused : undefined} className={`cw-hit cw-aq-item${a.id === focusId ? ' cw-aq-focus' : ''}`} data-approval-id={a.id} data-status={a.status}>
              <div className="cw-aq-player">
                {r ? (
                  // #t=0.1: a media fragment, so the player shows a frame of the file before anyone presses play.
                  <video className="cw-aq-video" aria-label={`Render of ${a.metadata.title}`} controls preload="metadata" src={`${client.renderFileUrl(a.renderId, { withToken: true })}#t=0.1`} />
                ) : (
                  <div className="cw-aq-video cw-aq-missing cw-muted">The render is gone</div>
                )}
              </div>
              <div className="cw-aq-body">
                <div className="cw-row cw-wrap">
                  <b className="cw-grow cw-aq-title">{a.metadata.title}</b>
                  {d.mine && <span className="cw-badge">your request</span>}
                  <span className={`cw-badge${STATUS_BADGE[a.status]}`}>{a.status === 'pending' ? 'waiting' : a.status}</span>
                </div>
                <div className="cw-aq-line">
                  to <b>{a.destinationName ?? a.destinationId}</b>
                  {a.destinationName && <span className="cw-muted"> ({a.destinationId})</span>}
                </div>
                {r && (
                  <div className="cw-muted cw-aq-line">
                    {r.profileId} · {r.width}×{r.height} · {Math.round(r.fps * 100) / 100} fps · {formatDuration(r.durationMs)} · {formatBytes(r.bytes)}
                  </div>
                )}
                {a.metadata.description && <div className="cw-aq-line cw-aq-desc">{a.metadata.description}</div>}
                {a.metadata.tags.length > 0 && (
                  <div className="cw-chips">
                    {a.metadata.tags.map((t) => (
                      <span key={t} className="cw-badge cw-aq-tag">
                        {t}
                      </span>
                    ))}
                  </div>
                )}
                <div className="cw-muted cw-aq-line">
                  requested by {a.requestedBy.name} at {formatWhen(a.createdAt)}
                  {a.status === 'pending' && ` · ${expiresIn(a.expiresAt)}`}
                  {a.status === 'expired' && ` · expired at ${formatWhen(a.expiresAt)}`}
                </div>
                {a.approvedBy && <div className="cw-aq-line cw-ok">approved by {a.approvedBy.name} at {formatWhen(a.approvedAt)}</div>}
                {a.declinedBy && (
                  <div className="cw-aq-line cw-aq-declined">
                    declined by {a.declinedBy.name} at {formatWhen(a.declinedAt)}
                    {a.declineReason ? `: ${a.declineReason}` : ''}
                  </div>
                )}
                <div className="cw-muted cw-aq-hash" title={`Binding: sha256 over the file's sha256 ${a.renderSha256}, the destination and this metadata`}>
                  binding {a.binding.slice(0, 16)}…
                </div>
                {d.why && <p className="cw-aq-why">{d.why}</p>}
                {d.canDecide && declining?.id !== a.id && (
                  <div className="cw-row cw-aq-actions">
                    <button type="button" className="cw-button cw-primary" disabled={busy !== null} onClick={() => void decide(a, 'approve')}>
                      Approve
                    </button>
                    <button type="button" className="cw-button" disabled={busy !== null} onClick={() => setDeclining({ id: a.id, reason: '' })}>
                      Decline
                    </button>
                  </div>
                )}
                {d.canDecide && declining?.id === a.id && (
                  <form
                    className="cw-row cw-aq-actions"
                    onSubmit={(e) => {
                      e.preventDefault();
                      void decide(a, 'decline', declining.reason.trim() || undefined);
                    }}
                  >
                    <input className="cw-input cw-grow" aria-label="Why (optional, the requester sees it)" placeholder="Why (optional)" maxLength={500} value={declining.reason} onChange={(e) => setDeclining({ id: a.id, reason: e.target.value })} />
                    <button type="submit" className="cw-button" disabled={busy !== null}>
                      Decline
                    </button>
                    <button type="button" className="cw-button" onClick={() => setDeclining(null)}>
                      Cancel
                    </button>
                  </form>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      {cursor && (
        <div className="cw-pad">
          <button type="button" className="cw-button cw-small" onClick={() => void load(cursor)}>
            Older
          </button>
        </div>
      )}
    </section>
  );
}
