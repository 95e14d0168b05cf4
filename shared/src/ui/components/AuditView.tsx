import { useCallback, useEffect, useState } from 'react';
import type { CutawayClient } from '../../client/index';
import type { AuditChannel, AuditRecord } from '../../schemas/index';
import { userMessage } from '../errors';

const CHANNELS: Array<AuditChannel | 'all'> = ['all', 'assistant', 'mcp', 'http'];

/** The audit trail (admin tokens): every write and every tool call, with run, tool, approval and model for agents. */
export function AuditView({ client }: { client: CutawayClient }) {
  const [channel, setChannel] = useState<AuditChannel | 'all'>('all');
  const [items, setItems] = useState<AuditRecord[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (more: string | null) => {
      try {
        const page = await client.listAudit({ limit: 50, ...(channel === 'all' ? {} : { channel }), ...(more ? { cursor: more } : {}) });
        setItems((prev) => (more ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setError(null);
      } catch (err) {
        setError(userMessage(err));
      }
    },
    [client, channel],
  );
  useEffect(() => void load(null), [load]);

  return (
    <div className="cw-audit">
      <div className="cw-chips cw-pad">
        <span className="cw-muted cw-chip-label">Channel</span>
        {CHANNELS.map((c) => (
          <button key={c} type="button" className={`cw-chip${channel === c ? ' cw-on' : ''}`} aria-pressed={channel === c} onClick={() => setChannel(c)}>
            {c}
          </button>
        ))}
        <button type="button" className="cw-chip" onClick={() => void load(null)}>Refresh</button>
      </div>
      {error && <div className="cw-error" role="alert">{error}</div>}
      <table className="cw-audit-table">
        <thead>
          <tr>
            <th>When</th><th>Who</th><th>Channel</th><th>Action</th><th>Status</th><th>Run · approval · model</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => {
            const d = (a.details ?? {}) as Record<string, unknown>;
            return (
              <tr key={a.id} className={a.status !== null && a.status >= 400 ? 'cw-audit-failed' : ''}>
                <td className="cw-nowrap">{a.at.replace('T', ' ').slice(0, 19)}</td>
                <td>{a.tokenName ?? 'system'}</td>
                <td>{a.channel}</td>
                <td>
                  {a.action}
                  {d.arguments ? <div className="cw-muted cw-audit-args">{JSON.stringify(d.arguments).slice(0, 160)}</div> : null}
                </td>
                <td>{a.status ?? ''}{typeof d.error === 'string' ? ` ${d.error}` : ''}</td>
                <td className="cw-muted">{[d.runId, d.approvalId, d.model].filter((x) => typeof x === 'string').join(' · ')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {items.length === 0 && !error && <div className="cw-empty">Nothing recorded yet.</div>}
      {cursor && (
        <div className="cw-pad">
          <button type="button" className="cw-button cw-small" onClick={() => void load(cursor)}>Older</button>
        </div>
      )}
    </div>
  );
}
