import { useCallback, useEffect, useState } from 'react';
import type { CutawayClient } from '../../client/index';
import type { ArchivePolicy, ArchiveRules, CutawayEvent, PolicyRun } from '../../schemas/index';
import { formatCount, formatSize, formatWhen } from '../archive-view';
import { userMessage } from '../errors';
import { ViewHeader } from './AppChrome';

export interface PoliciesViewProps {
  client: CutawayClient;
  subscribe(fn: (e: CutawayEvent) => void): () => void;
}

/** Lifecycle rules in words, as an editor checks them ("older than 180 days · not tagged keep"). */
export function describeRules(rules: ArchiveRules): string {
  const parts: string[] = [];
  if (rules.minAgeDays !== undefined) parts.push(`older than ${rules.minAgeDays} days`);
  if (rules.unusedForDays !== undefined) parts.push(`unused for ${rules.unusedForDays} days`);
  if (rules.types) parts.push(rules.types.join(' or '));
  if (rules.tagsAny) parts.push(`tagged ${rules.tagsAny.join(' or ')}`);
  if (rules.tagsNone) parts.push(`not tagged ${rules.tagsNone.join(', ')}`);
  if (rules.notAiringWithinDays !== undefined) parts.push(`not airing within ${rules.notAiringWithinDays} days`);
  return parts.join(' · ') || 'every asset';
}

const schedule = (p: ArchivePolicy) => (p.everyMinutes === null ? 'on request' : p.everyMinutes % 1440 === 0 ? `every ${p.everyMinutes / 1440} day(s)` : p.everyMinutes % 60 === 0 ? `every ${p.everyMinutes / 60} h` : `every ${p.everyMinutes} min`);

/** Lifecycle policies (/api/v1/archive/policies): what each moves, a dry run with the bytes, enable/disable. */
export function PoliciesView({ client, subscribe }: PoliciesViewProps) {
  const [policies, setPolicies] = useState<ArchivePolicy[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dry, setDry] = useState<Record<string, PolicyRun | 'running'>>({});

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

  return (
    <section className="cw-policies" aria-label="Lifecycle policies">
      <ViewHeader title="Lifecycle policies" error={error} onRefresh={() => void load()} />
      {policies === null && !error && <p className="cw-empty">Loading policies…</p>}
      {policies?.length === 0 && <p className="cw-empty">No policies yet. An admin creates them with POST /api/v1/archive/policies (docs/archive.md).</p>}
      <ul className="cw-results">
        {policies?.map((p) => {
          const run = dry[p.id];
          return (
            <li key={p.id} className="cw-hit cw-policy" data-policy-id={p.id} data-enabled={p.enabled}>
              <div className="cw-row">
                <b className="cw-grow cw-policy-name">{p.name}</b>
                <span className={`cw-badge${p.enabled ? ' cw-badge-ok' : ''}`}>{p.enabled ? 'enabled' : 'disabled'}</span>
                <button type="button" className="cw-button cw-small cw-ml" onClick={() => void dryRun(p)} disabled={run === 'running'}>
                  Dry run
                </button>
                <button type="button" className="cw-button cw-small" aria-pressed={p.enabled} onClick={() => void toggle(p)}>
                  {p.enabled ? 'Disable' : 'Enable'}
                </button>
              </div>
              <div className="cw-muted">
                to {p.targetTier} · {describeRules(p.rules)} · {schedule(p)}
                {p.restoreOnUse ? ' · brings back on use' : ''}
              </div>
              <div className="cw-muted">{p.lastRunAt ? `last run ${formatWhen(p.lastRunAt)}${p.lastRun ? `: ${formatCount(p.lastRun.assets)} originals, ${formatSize(p.lastRun.bytes)}` : ''}` : 'not run yet'}</div>
              {run === 'running' && <p className="cw-muted">Checking what would move…</p>}
              {run && run !== 'running' && <DryRun run={run} />}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function DryRun({ run }: { run: PolicyRun }) {
  return (
    <div className="cw-dry-run" aria-label="Dry run" data-assets={run.assets} data-bytes={run.bytes}>
      <p className="cw-dry-total">
        Would move <b>{formatCount(run.assets)}</b> original{run.assets === 1 ? '' : 's'}, <b>{formatSize(run.bytes)}</b> ({formatCount(run.bytes)} bytes).
        {run.items.length < run.assets ? ` The first ${run.items.length} are listed.` : ''}
      </p>
      {run.items.length > 0 && (
        <table className="cw-table">
          <thead>
            <tr>
              <th scope="col">Asset</th>
              <th scope="col">Move</th>
              <th scope="col" className="cw-num">Bytes</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {run.items.map((c) => (
              <tr key={c.assetId} data-asset-id={c.assetId}>
                <td>{c.title}</td>
                <td>
                  {c.fromTier} → {c.toTier}
                </td>
                <td className="cw-num">{formatCount(c.bytes)}</td>
                <td className="cw-muted">{c.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
