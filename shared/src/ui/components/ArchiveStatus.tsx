import { useState } from 'react';
import type { Asset } from '../../schemas/index';
import { userMessage } from '../errors';
import { archiveSummary, formatWhen, lateWarning, parseNeededBy, type LateWarning } from '../archive-view';

export interface ArchiveStatusProps {
  asset: Asset;
  /** The last `asset.restore_late` event for this asset, if one came in. */
  late: LateWarning | null;
  /** Asks for the restore; resolves when the server accepted it (progress then arrives as events). */
  onRestore?(neededBy: Date | null): Promise<void>;
}

/** Tier and restore state of one asset's original, the late-restore warning, and the Restore action. */
export function ArchiveStatus({ asset, late, onRestore }: ArchiveStatusProps) {
  const s = archiveSummary(asset);
  const warning = lateWarning(asset, late);
  const [neededBy, setNeededBy] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    let when: Date | null;
    try {
      when = parseNeededBy(neededBy);
    } catch (err) {
      setProblem((err as Error).message);
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      await onRestore?.(when);
      setNeededBy('');
    } catch (err) {
      setProblem(userMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className={`cw-archive cw-tone-${s.tone}`} aria-label="Storage tier and restore" data-tier={asset.storageTier} data-restore-state={asset.restore.state}>
      <div className="cw-row">
        <span className="cw-tier">{asset.storageTier.toUpperCase()}</span>
        <span className="cw-grow cw-ml cw-archive-label" role="status">
          {s.label}
        </span>
      </div>
      {s.percent !== null && s.percent < 100 && (
        <div className="cw-progress" role="progressbar" aria-label="Restore progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(s.percent)}>
          <div className="cw-progress-fill" style={{ width: `${Math.max(2, s.percent)}%` }} />
        </div>
      )}
      {warning && (
        <div className="cw-late" role="alert" data-needed-by={warning.neededBy} data-eta={warning.etaAt} {...(warning.reason ? { title: warning.reason } : {})}>
          <b>Restore will be late.</b> Needed by {formatWhen(warning.neededBy)}, expected {formatWhen(warning.etaAt)}. Rundown items using it show NOT READY until the original is back.
        </div>
      )}
      {s.canRestore && onRestore && (
        <form
          className="cw-row cw-wrap cw-restore-form"
          aria-label="Restore the original"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label className="cw-muted cw-restore-label" htmlFor={`needed-by-${asset.id}`}>
            Needed by
          </label>
          <input id={`needed-by-${asset.id}`} className="cw-input cw-needed-by" value={neededBy} placeholder="18:30 or 2026-12-07 09:00 (optional)" onChange={(e) => setNeededBy(e.target.value)} />
          <button type="submit" className="cw-button cw-small cw-primary cw-ml" disabled={busy}>
            {asset.restore.state === 'requested' || asset.restore.state === 'in_progress' ? 'Update deadline' : 'Restore'}
          </button>
        </form>
      )}
      {problem && (
        <p className="cw-error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
