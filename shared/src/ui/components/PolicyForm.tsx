import { useState, type ReactNode } from 'react';
import type { CutawayClient } from '../../client/index';
import type { ArchivePolicy, ArchivePolicyCreate, PolicyRun } from '../../schemas/index';
import { formatCount, formatSize } from '../archive-view';
import { userMessage } from '../errors';
import { ASSET_TYPES, describePolicy, formToPolicy, newPolicyForm, parseTags, policyToForm, serverErrors, type DaysRule, type PolicyField, type PolicyFormErrors, type PolicyFormState, type ScheduleUnit } from '../policy-form';

export interface PolicyFormProps {
  client: CutawayClient;
  /** The policy to edit; null for a new one. */
  policy: ArchivePolicy | null;
  onSaved(policy: ArchivePolicy): void;
  onCancel(): void;
}

const TYPE_LABEL = { video: 'Video', audio: 'Audio', image: 'Images', document: 'Documents' } as const;
const UNIT_LABEL: Record<ScheduleUnit, string> = { minutes: 'minutes', hours: 'hours', days: 'days' };

/**
 * New or edit a lifecycle policy: every field of ArchivePolicyCreate in words, the schema's messages beside
 * their fields, a dry run of the unsaved policy, Save and Cancel. The conversions are in `policy-form.ts`.
 */
export function PolicyForm({ client, policy, onSaved, onCancel }: PolicyFormProps) {
  const [form, setForm] = useState<PolicyFormState>(() => (policy ? policyToForm(policy) : newPolicyForm()));
  /** Field messages show once Save or Dry run was tried, then follow the typing; the server's stay until the next change. */
  const [tried, setTried] = useState(false);
  const [refused, setRefused] = useState<PolicyFormErrors>({});
  const [busy, setBusy] = useState<'save' | 'dry' | null>(null);
  const [dry, setDry] = useState<PolicyRun | null>(null);
  const idp = `policy-${policy?.id ?? 'new'}`;

  const checked = formToPolicy(form);
  const errors: PolicyFormErrors = { ...(tried && !checked.ok ? checked.errors : {}), ...refused };
  const set = (patch: Partial<PolicyFormState>) => {
    setForm((f) => ({ ...f, ...patch }));
    setRefused({});
    // A changed policy makes the last dry run stale.
    setDry(null);
  };

  /** Sends the valid policy with `call`; invalid fields or a refusal show beside their fields instead. */
  const attempt = async (kind: 'save' | 'dry', call: (value: ArchivePolicyCreate) => Promise<void>) => {
    setTried(true);
    if (!checked.ok) return;
    setBusy(kind);
    try {
      await call(checked.value);
      setRefused({});
    } catch (err) {
      setRefused(serverErrors(err, form, userMessage));
    } finally {
      setBusy(null);
    }
  };
  const save = () => attempt('save', async (value) => onSaved(policy ? await client.replaceArchivePolicy(policy.id, value) : await client.createArchivePolicy(value)));
  const dryRun = () => attempt('dry', async (value) => setDry(await client.dryRunArchivePolicyDraft(value)));

  const field = (name: PolicyField, label: ReactNode, control: ReactNode, hint?: string) => (
    <div className={`cw-policy-field${errors[name] ? ' cw-invalid' : ''}`} data-field={name}>
      <div className="cw-row cw-wrap">{label}{control}</div>
      {hint && <div className="cw-muted cw-policy-hint">{hint}</div>}
      {errors[name] && (
        <div className="cw-error-text cw-field-error" id={`${idp}-${name}-error`}>
          {errors[name]}
        </div>
      )}
    </div>
  );
  const describedBy = (name: PolicyField) => (errors[name] ? { 'aria-invalid': true, 'aria-describedby': `${idp}-${name}-error` } : {});

  /** "[x] older than [90] days": the tick turns the rule on; the days are kept while it is off. */
  const daysRule = (name: 'minAge' | 'unused' | 'notAiring', before: string, after: string, hint?: string) => {
    const r: DaysRule = form[name];
    return field(
      name,
      <label className="cw-policy-check cw-policy-rule-check">
        <input type="checkbox" checked={r.on} onChange={(e) => set({ [name]: { ...r, on: e.target.checked } })} /> {before}
      </label>,
      <>
        <input
          type="text"
          inputMode="numeric"
          className="cw-input cw-days"
          aria-label={`${before} (days)`}
          value={r.days}
          disabled={!r.on}
          onChange={(e) => set({ [name]: { ...r, days: e.target.value } })}
          {...describedBy(name)}
        />
        <span className="cw-policy-after">{after}</span>
      </>,
      hint,
    );
  };

  const tags = (name: 'tagsAny' | 'tagsNone', label: string, placeholder: string) =>
    field(
      name,
      <label className="cw-policy-label" htmlFor={`${idp}-${name}`}>
        {label}
      </label>,
      <>
        <input id={`${idp}-${name}`} className="cw-input cw-grow cw-tags-input" placeholder={placeholder} value={form[name]} onChange={(e) => set({ [name]: e.target.value })} {...describedBy(name)} />
        <span className="cw-tag-chips" aria-hidden="true">
          {parseTags(form[name]).map((t) => (
            <span key={t} className="cw-chip cw-tag-chip">
              {t}
            </span>
          ))}
        </span>
      </>,
    );

  return (
    <form className="cw-policy-form" aria-label={policy ? `Edit ${policy.name}` : 'New policy'} noValidate onSubmit={(e) => (e.preventDefault(), void save())}
      onKeyDown={(e) => {
        // Escape leaves the form as Cancel does (nothing is saved), unless a save is under way.
        if (e.key === 'Escape' && busy !== 'save') onCancel();
      }}>
      <h3 className="cw-policy-form-title">{policy ? `Edit “${policy.name}”` : 'New lifecycle policy'}</h3>
      {errors.form && (
        <p className="cw-error cw-form-error" role="alert">
          {errors.form}
        </p>
      )}
      {field(
        'name',
        <label className="cw-policy-label" htmlFor={`${idp}-name`}>
          Name
        </label>,
        <input id={`${idp}-name`} autoFocus={!policy} className="cw-input cw-grow" placeholder="e.g. Old footage to archive" value={form.name} onChange={(e) => set({ name: e.target.value })} {...describedBy('name')} />,
      )}
      {field(
        'targetTier',
        <span className="cw-policy-label">Move originals to</span>,
        <span className="cw-chips" role="group" aria-label="Move originals to">
          {(['nearline', 'archive'] as const).map((t) => (
            <button key={t} type="button" className={`cw-chip${form.targetTier === t ? ' cw-on' : ''}`} aria-pressed={form.targetTier === t} onClick={() => set({ targetTier: t })}>
              {t === 'nearline' ? 'Nearline' : 'Archive'}
            </button>
          ))}
        </span>,
        form.targetTier === 'nearline' ? 'Nearline: cheaper storage, the original stays readable at once.' : 'Archive: cheapest, but the original needs a restore (hours) before download or an exact cut. Proxies always stay online.',
      )}

      <fieldset className="cw-policy-rules">
        <legend className="cw-muted">Which originals — every ticked rule must hold</legend>
        {daysRule('minAge', 'Older than', 'days')}
        {daysRule('unused', 'Not used for', 'days', 'Used = downloaded, linked into a rundown or sent for review.')}
        {daysRule('notAiring', 'Not in a rundown airing within', 'days')}
        {field(
          'types',
          <span className="cw-policy-label">Only these types</span>,
          <span role="group" aria-label="Only these types" className="cw-row cw-wrap">
            {ASSET_TYPES.map((t) => (
              <label key={t} className="cw-policy-check">
                <input type="checkbox" checked={form.types.includes(t)} onChange={(e) => set({ types: e.target.checked ? [...form.types, t] : form.types.filter((x) => x !== t) })} /> {TYPE_LABEL[t]}
              </label>
            ))}
          </span>,
          form.types.length === 0 ? 'None ticked: every type.' : undefined,
        )}
        {tags('tagsAny', 'Tagged with any of', 'any tag (comma between tags)')}
        {tags('tagsNone', 'Never when tagged', 'keep, evergreen')}
      </fieldset>

      {field(
        'every',
        <span className="cw-policy-label">Runs</span>,
        <>
          <span className="cw-chips" role="group" aria-label="Runs">
            <button type="button" className={`cw-chip${form.scheduled ? '' : ' cw-on'}`} aria-pressed={!form.scheduled} onClick={() => set({ scheduled: false })}>
              Only when asked
            </button>
            <button type="button" className={`cw-chip${form.scheduled ? ' cw-on' : ''}`} aria-pressed={form.scheduled} onClick={() => set({ scheduled: true })}>
              On a schedule
            </button>
          </span>
          {form.scheduled && (
            <>
              <span className="cw-policy-after">every</span>
              <input type="text" inputMode="numeric" className="cw-input cw-days" aria-label="Every" value={form.every} onChange={(e) => set({ every: e.target.value })} {...describedBy('every')} />
              <span className="cw-chips cw-ml" role="group" aria-label="Unit">
                {(['minutes', 'hours', 'days'] as const).map((u) => (
                  <button key={u} type="button" className={`cw-chip${form.unit === u ? ' cw-on' : ''}`} aria-pressed={form.unit === u} onClick={() => set({ unit: u })}>
                    {UNIT_LABEL[u]}
                  </button>
                ))}
              </span>
            </>
          )}
        </>,
      )}
      <label className="cw-policy-check cw-policy-line">
        <input type="checkbox" checked={form.restoreOnUse} onChange={(e) => set({ restoreOnUse: e.target.checked })} /> Bring an original back when someone uses it (restored from archive, moved back online from nearline)
      </label>
      <label className="cw-policy-check cw-policy-line">
        <input type="checkbox" checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> Enabled (on a schedule it first runs within a minute of saving; a disabled policy never runs by itself)
      </label>

      <p className="cw-muted cw-policy-summary" data-testid="policy-summary">
        {checked.ok ? `Moves ${describePolicy(checked.value).replace(/^to /, 'originals to ')}` : 'Fix the fields marked in red to see what this policy does.'}
      </p>
      <div className="cw-row cw-wrap cw-policy-actions">
        <button type="submit" className="cw-button cw-primary" disabled={busy !== null}>
          {busy === 'save' ? 'Saving…' : policy ? 'Save changes' : 'Save policy'}
        </button>
        <button type="button" className="cw-button cw-ml" onClick={() => void dryRun()} disabled={busy !== null}>
          {busy === 'dry' ? 'Checking…' : 'Dry run'}
        </button>
        <button type="button" className="cw-button cw-ml" onClick={onCancel} disabled={busy === 'save'}>
          Cancel
        </button>
        <span className="cw-muted cw-ml cw-policy-hint">Dry run checks the library now and moves nothing.</span>
      </div>
      {dry && <DryRun run={dry} />}
    </form>
  );
}

/** What a run would move: the totals and the first candidates with their reason. */
export function DryRun({ run }: { run: PolicyRun }) {
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
              <th scope="col" className="cw-num">
                Bytes
              </th>
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
