import { useCallback, useEffect, useState } from 'react';
import type { CutawayClient } from '../../client/index';
import { roleAllows, type ArchivePolicy, type CutawayEvent, type PolicyRun, type Role } from '../../schemas/index';
import { formatCount, formatSize, formatWhen } from '../archive-view';
import { userMessage } from '../errors';
import { describePolicy } from '../policy-form';
import { ViewHeader } from './AppChrome';
import { DryRun, PolicyForm } from './PolicyForm';

export interface PoliciesViewProps {
  client: CutawayClient;
  subscribe(fn: (e: CutawayEvent) => void): () => void;
  /**
   * The token's role (GET /me): only admins write policies. null while /me has not answered: no write
   * buttons yet (they would flash for editors). Left out (a host that does not know roles): the buttons
   * are offered and the server refuses whom it must.
   */
  role?: Role | null;
}

export { describeRules } from '../policy-form';

/**
 * Lifecycle policies (/api/v1/archive/policies): what each moves, a dry run with the bytes; for admins also
 * New policy, Edit (the form in place of the row), enable/disable and Delete with a confirm step.
 */
export function PoliciesView({ client, subscribe, role }: PoliciesViewProps) {
  const [policies, setPolicies] = useState<ArchivePolicy[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [dry, setDry] = useState<Record<string, PolicyRun | 'running'>>({});
  /** The policy being edited, 'new', or nothing: one form at a time. */
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const canWrite = role === undefined || (role !== null && roleAllows(role, 'admin'));

  const load = useCallback(async () => {
    try {
      setPolicies(await client.listArchivePolicies());
      setError(null);
    } catch (err) {
      setError(userMessage(err));
    }
  }, [client]);

  useEffect(() => {
    void load();
    return subscribe((e) => {
      if (e.type === 'archive.policy_ran') void load();
    });
  }, [load, subscribe]);

  const saved = (p: ArchivePolicy, created: boolean) => {
    setPolicies((list) => (created ? [...(list ?? []), p] : (list?.map((x) => (x.id === p.id ? p : x)) ?? [p])));
    // The old dry run described the policy before the edit.
    setDry((d) => Object.fromEntries(Object.entries(d).filter(([k]) => k !== p.id)));
    setEditing(null);
    setError(null);
    setNotice(`${created ? 'Created' : 'Saved'} “${p.name}”.`);
  };

  const remove = async (p: ArchivePolicy) => {
    try {
      await client.deleteArchivePolicy(p.id);
      setPolicies((list) => list?.filter((x) => x.id !== p.id) ?? null);
      setDeleting(null);
      setError(null);
      setNotice(`Deleted “${p.name}”. Originals it moved stay where they are.`);
    } catch (err) {
      setError(userMessage(err));
    }
  };

  const toggle = async (p: ArchivePolicy) => {
    try {
      const { name, targetTier, rules, everyMinutes, restoreOnUse } = p;
      const next = await client.replaceArchivePolicy(p.id, { name, targetTier, rules, everyMinutes, restoreOnUse, enabled: !p.enabled });
      setPolicies((list) => list?.map((x) => (x.id === next.id ? next : x)) ?? null);
      setError(null);
    } catch (err) {
      setError(userMessage(err));
    }
  };

  const dryRun = async (p: ArchivePolicy) => {
    setDry((d) => ({ ...d, [p.id]: 'running' }));
    try {
      const run = await client.dryRunArchivePolicy(p.id);
      setDry((d) => ({ ...d, [p.id]: run }));
    } catch (err) {
      setDry((d) => Object.fromEntries(Object.entries(d).filter(([k]) => k !== p.id)));
      setError(userMessage(err));
    }
  };

  /**
   * Runs the policy now, after its dry run showed what moves: one durable move job per original (the
   * same jobs a schedule queues). What moves is decided again by the server at this moment.
   */
  const runNow = async (p: ArchivePolicy) => {
    setDry((d) => ({ ...d, [p.id]: 'running' }));
    try {
      const run = await client.runArchivePolicy(p.id);
      setNotice(`Moving ${formatCount(run.assets)} original${run.assets === 1 ? '' : 's'} (${formatSize(run.bytes)}) of “${p.name}” to ${p.targetTier}: each move is a job, its progress shows on the asset.`);
      setError(null);
      void load();
    } catch (err) {
      setError(userMessage(err));
    } finally {
      setDry((d) => Object.fromEntries(Object.entries(d).filter(([k]) => k !== p.id)));
    }
  };

  return (
    <section className="cw-policies" aria-label="Lifecycle policies">
      <ViewHeader title="Lifecycle policies" error={error} onRefresh={() => void load()}>
        {canWrite && (
          <button type="button" className="cw-button cw-small cw-primary cw-ml" onClick={() => (setEditing('new'), setNotice(null))} disabled={editing === 'new'}>
            New policy
          </button>
        )}
      </ViewHeader>
      {notice && (
        <p className="cw-op cw-ok cw-policy-notice" role="status">
          {notice}
        </p>
      )}
      {role && !canWrite && <p className="cw-muted cw-pad">Only admins create, change or delete policies; you can dry-run them to see what they would move.</p>}
      {editing === 'new' && <PolicyForm client={client} policy={null} onSaved={(p) => saved(p, true)} onCancel={() => setEditing(null)} />}
      {policies === null && !error && <p className="cw-empty">Loading policies…</p>}
      {policies?.length === 0 && editing !== 'new' && <p className="cw-empty">{canWrite ? 'No policies yet. New policy creates one: which originals move to a colder tier, and when.' : 'No policies yet. An admin creates them here.'}</p>}
      <ul className="cw-results">
        {policies?.map((p) => {
          const run = dry[p.id];
          if (editing === p.id)
            return (
              <li key={p.id} className="cw-hit cw-policy cw-policy-editing" data-policy-id={p.id} data-enabled={p.enabled}>
                <PolicyForm client={client} policy={p} onSaved={(next) => saved(next, false)} onCancel={() => setEditing(null)} />
              </li>
            );
          return (
            <li key={p.id} className="cw-hit cw-policy" data-policy-id={p.id} data-enabled={p.enabled}>
              <div className="cw-row cw-wrap">
                <b className="cw-grow cw-policy-name">{p.name}</b>
                <span className={`cw-badge${p.enabled ? ' cw-badge-ok' : ''}`}>{p.enabled ? 'enabled' : 'disabled'}</span>
                <button type="button" className="cw-button cw-small cw-ml" onClick={() => void dryRun(p)} disabled={run === 'running'}>
                  Dry run
                </button>
                {canWrite && (
                  <>
                    <button type="button" className="cw-button cw-small" aria-pressed={p.enabled} onClick={() => void toggle(p)}>
                      {p.enabled ? 'Disable' : 'Enable'}
                    </button>
                    <button type="button" className="cw-button cw-small" onClick={() => (setEditing(p.id), setDeleting(null), setNotice(null))}>
                      Edit
                    </button>
                    <button type="button" className="cw-button cw-small" onClick={() => setDeleting(p.id)} aria-expanded={deleting === p.id}>
                      Delete
                    </button>
                  </>
                )}
              </div>
              <div className="cw-muted cw-policy-summary">{describePolicy(p)}</div>
              <div className="cw-muted">{p.lastRunAt ? `last run ${formatWhen(p.lastRunAt)}${p.lastRun ? `: ${formatCount(p.lastRun.assets)} original${p.lastRun.assets === 1 ? '' : 's'}, ${formatSize(p.lastRun.bytes)}` : ''}` : 'not run yet'}</div>
              {deleting === p.id && (
                <div className="cw-late cw-confirm-delete" role="alertdialog" aria-label="Delete policy">
                  <p>Delete “{p.name}”? It stops moving originals; the ones it already moved stay in their tier{p.restoreOnUse ? ' and are no longer brought back when used' : ''}.</p>
                  <button type="button" className="cw-button cw-small cw-primary" onClick={() => void remove(p)}>
                    Delete policy
                  </button>
                  <button type="button" className="cw-button cw-small cw-ml" onClick={() => setDeleting(null)}>
                    Cancel
                  </button>
                </div>
              )}
              {run === 'running' && <p className="cw-muted">Checking what would move…</p>}
              {run && run !== 'running' && <DryRun run={run} />}
              {run && run !== 'running' && canWrite && run.assets > 0 && (
                <div className="cw-row">
                  <button type="button" className="cw-button cw-small cw-primary" onClick={() => void runNow(p)}>
                    Move these now
                  </button>
                  <span className="cw-muted cw-ml">Queues one durable move per original, as the schedule would.</span>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
