import { useCallback, useEffect, useState } from 'react';
import type { CutawayClient } from '../../client/index';
import type { AssistantChatResponse, AssistantStep, SavedPrompt } from '../../schemas/index';
import { userMessage } from '../errors';

interface Turn {
  role: 'user' | 'assistant';
  content: string;
  response?: AssistantChatResponse;
}

/**
 * The assistant chat (issue 16): one bounded run per message over the server's tool registry. It shows every tool
 * step, and when a run stops at "awaiting approval" offers the approval to whoever is looking — the server accepts
 * it only from a person other than the requester, never from an agent token.
 */
export function AssistantPanel({ client, compact = false }: { client: CutawayClient; compact?: boolean }) {
  const [turns, setTurns] = useState<Turn[]>([]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [available, setAvailable] = useState<boolean | null>(null);
  const [prompts, setPrompts] = useState<SavedPrompt[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  /** Approvals recorded from this panel, so their buttons say so instead of offering it again. */
  const [approved, setApproved] = useState<ReadonlySet<string>>(new Set());
  const [running, setRunning] = useState<string | null>(null);

  const loadPrompts = useCallback(() => void client.listSavedPrompts().then(setPrompts).catch(() => undefined), [client]);
  useEffect(() => {
    void client.assistantTools().then((t) => setAvailable(t.available)).catch(() => setAvailable(false));
    loadPrompts();
  }, [client, loadPrompts]);

  const send = async () => {
    const content = text.trim();
    if (!content || busy) return;
    const history = [...turns, { role: 'user' as const, content }];
    setTurns(history);
    setText('');
    setBusy(true);
    setError(null);
    try {
      const response = await client.assistantChat({ messages: history.slice(-20).map(({ role, content: c }) => ({ role, content: c })) });
      setTurns([...history, { role: 'assistant', content: response.reply || statusLine(response), response }]);
    } catch (err) {
      setError(userMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const approve = async (id: string) => {
    try {
      const a = await client.approveDelivery(id);
      setApproved((prev) => new Set([...prev, id]));
      setNotice(`Approved ${a.id} for ${a.destinationId} (by ${a.approvedBy?.name ?? 'you'}). It can be delivered now.`);
    } catch (err) {
      setNotice(userMessage(err));
    }
  };

  return (
    <div className={`cw-assistant${compact ? ' cw-compact' : ''}`}>
      {available === false && (
        <div className="cw-op cw-muted" role="status">
          No chat model is configured on this server (CUTAWAY_AI_BASE_URL, CUTAWAY_AI_CHAT_MODEL). Saved prompts still run on their schedule.
        </div>
      )}
      <div className="cw-chat" aria-live="polite">
        {turns.length === 0 && <div className="cw-empty">Ask for clips in plain words — for example “storm clips from tonight as a vertical for Reels, with captions and our logo”. Nothing is delivered until a second person approves.</div>}
        {turns.map((t, i) => (
          <div key={i} className={`cw-bubble cw-bubble-${t.role}`}>
            <div className="cw-bubble-text">{t.content}</div>
            {t.response && <RunDetails response={t.response} approved={approved} onApprove={(id) => void approve(id)} />}
          </div>
        ))}
        {busy && <div className="cw-bubble cw-bubble-assistant cw-muted">Working… (searching, rendering and waiting can take a minute)</div>}
      </div>
      {error && <div className="cw-error" role="alert">{error}</div>}
      {notice && <div className="cw-op" role="status">{notice}</div>}
      <div className="cw-row cw-chat-input">
        <textarea
          className="cw-input cw-grow"
          rows={compact ? 2 : 3}
          value={text}
          placeholder="Ask the assistant…"
          aria-label="Message to the assistant"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              void send();
            }
          }}
        />
        <button type="button" className="cw-button cw-primary cw-ml" disabled={busy || !text.trim() || available === false} onClick={() => void send()}>
          Send
        </button>
      </div>
      {prompts.length > 0 && (
        <div className="cw-prompts">
          <div className="cw-field-label">Saved prompts</div>
          {prompts.map((p) => (
            <div key={p.id} className="cw-row cw-prompt">
              <span className="cw-grow">
                {p.title} <span className="cw-muted">· every {p.intervalMinutes} min · {p.enabled ? 'on' : 'off (needs a person)'}</span>
                {p.lastRun && <span className={`cw-badge ${p.lastRun.status === 'failed' ? 'cw-badge-error' : 'cw-badge-wait'}`}>{p.lastRun.status.replace('_', ' ')}</span>}
              </span>
              {p.lastRun?.approvalId && p.lastRun.status === 'awaiting_approval' && (
                <button type="button" className="cw-button cw-small" onClick={() => void approve(p.lastRun!.approvalId!)}>Approve</button>
              )}
              <button
                type="button"
                className="cw-button cw-small"
                disabled={running !== null}
                onClick={() => {
                  setRunning(p.id);
                  void client.runSavedPrompt(p.id).then(loadPrompts, (err: unknown) => setNotice(userMessage(err))).finally(() => setRunning(null));
                }}
              >
                {running === p.id ? 'Running…' : 'Run now'}
              </button>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

const statusLine = (r: AssistantChatResponse) =>
  r.status === 'awaiting_approval' ? 'Awaiting approval.' : r.status === 'budget' ? 'Stopped at the run budget.' : r.status === 'failed' ? 'The run failed.' : 'Done.';

function RunDetails({ response, approved, onApprove }: { response: AssistantChatResponse; approved: ReadonlySet<string>; onApprove(id: string): void }) {
  return (
    <div className="cw-run">
      <div className="cw-row cw-wrap">
        <span className={`cw-badge ${response.status === 'awaiting_approval' ? 'cw-badge-wait' : response.status === 'answered' ? 'cw-badge-ok' : 'cw-badge-error'}`}>{response.status.replace('_', ' ')}</span>
        <span className="cw-muted cw-ml">
          {response.usage.steps} step(s) · {response.usage.tokens} tokens · {response.model}
          {response.mode === 'json_plan' ? ' · JSON-plan mode' : ''}
        </span>
      </div>
      <ol className="cw-steps">
        {response.steps.map((s, i) => (
          <li key={i} className={s.ok ? 'cw-step' : 'cw-step cw-step-failed'}>
            <span className="cw-step-tool">{s.ok ? '✓' : '✗'} {s.tool}</span> <span className="cw-muted">{summarize(s)}</span>
          </li>
        ))}
      </ol>
      {response.approvalIds.map((id) => (
        <div key={id} className="cw-row cw-approval">
          <span className="cw-grow">{approved.has(id) ? `Delivery ${id} is approved.` : `Delivery ${id} awaits a second person's approval.`}</span>
          {!approved.has(id) && <button type="button" className="cw-button cw-small" onClick={() => onApprove(id)}>Approve</button>}
        </div>
      ))}
    </div>
  );
}

/** One line per step: the ids and outcomes a producer checks, never the raw JSON. */
function summarize(s: AssistantStep): string {
  const r = (s.result ?? {}) as Record<string, unknown>;
  if (!s.ok) return String(r.message ?? r.code ?? 'failed').slice(0, 140);
  if (Array.isArray(r.items)) return `${r.items.length} result(s)`;
  if (r.status && r.jobId) return `${String(r.status)}${typeof r.percent === 'number' ? ` ${Math.round(r.percent)}%` : ''}`;
  for (const k of ['approvalId', 'deliveryId', 'jobId', 'selectionId', 'savedPromptId', 'reviewRequestId']) if (typeof r[k] === 'string') return `${k} ${r[k] as string}`;
  return '';
}
