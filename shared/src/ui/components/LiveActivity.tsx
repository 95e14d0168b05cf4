import { useEffect, useState } from 'react';
import type { CutawayEvent, JobName } from '../../schemas/index';
import { formatWhen } from '../archive-view';

interface JobView {
  jobId: string;
  name: JobName;
  assetId: string | null;
  percent: number;
  stage: string | null;
}

const JOB_LABEL: Partial<Record<JobName, string>> = { 'media.ingest': 'Ingest', 'archive.move': 'Tier move', 'archive.restore': 'Restore' };

interface LateView {
  assetId: string;
  title: string;
  neededBy: string;
  etaAt: string;
}

/** Ingest, enrichment and tier-move progress, newly arrived assets and late restores, from the ws event stream. */
export function LiveActivity({ subscribe, onOpenAsset }: { subscribe(fn: (e: CutawayEvent) => void): () => void; onOpenAsset(id: string): void }) {
  const [jobs, setJobs] = useState<Record<string, JobView>>({});
  const [arrived, setArrived] = useState<Array<{ id: string; title: string; status: string }>>([]);
  const [late, setLate] = useState<LateView[]>([]);

  const [titles] = useState(() => new Map<string, string>());
  useEffect(
    () =>
      subscribe((e) => {
        if (e.type === 'job.progress') {
          setJobs((j) => {
            const next = { ...j, [e.jobId]: { jobId: e.jobId, name: e.name, assetId: e.assetId, percent: e.percent, stage: e.stage } };
            if (e.percent >= 100) delete next[e.jobId];
            return next;
          });
        } else if (e.type === 'asset.created' || e.type === 'asset.ready') {
          const { id, title, status } = e.asset;
          setArrived((list) => [{ id, title, status }, ...list.filter((a) => a.id !== id)].slice(0, 5));
        } else if (e.type === 'asset.restore_late') {
          setLate((list) => [{ assetId: e.assetId, title: titles.get(e.assetId) ?? 'An archived clip', neededBy: e.neededBy, etaAt: e.etaAt }, ...list.filter((l) => l.assetId !== e.assetId)].slice(0, 3));
        } else if (e.type === 'asset.updated') {
          // The service saves the asset just before it warns, so the title is known by the time the warning comes.
          titles.set(e.asset.id, e.asset.title || e.asset.fileName);
          // A move's last progress event may stop short of 100 (a failure, a rounded copy): the asset says it is over.
          if (!e.asset.tierMove) {
            setJobs((j) => (Object.values(j).some((x) => x.name === 'archive.move' && x.assetId === e.asset.id) ? Object.fromEntries(Object.entries(j).filter(([, x]) => !(x.name === 'archive.move' && x.assetId === e.asset.id))) : j));
          }
          const r = e.asset.restore.state;
          if (r !== 'requested' && r !== 'in_progress') setLate((list) => (list.some((l) => l.assetId === e.asset.id) ? list.filter((l) => l.assetId !== e.asset.id) : list));
        }
      }),
    [subscribe, titles],
  );

  const running = Object.values(jobs);
  if (running.length === 0 && arrived.length === 0 && late.length === 0) return null;
  return (
    <div className="cw-live" aria-label="Live activity">
      {late.map((l) => (
        <div key={l.assetId} className="cw-late cw-row" role="alert" data-asset-id={l.assetId}>
          <span className="cw-grow">
            <b>Restore late:</b> {l.title} is needed by {formatWhen(l.neededBy)}, expected {formatWhen(l.etaAt)}.
          </span>
          <button type="button" className="cw-button cw-small cw-ml" onClick={() => onOpenAsset(l.assetId)}>
            Open
          </button>
        </div>
      ))}
      {running.map((j) => (
        <div key={j.jobId} className="cw-job">
          <div className="cw-row">
            <span className="cw-grow cw-muted">
              {JOB_LABEL[j.name] ?? 'Enrichment'}
              {j.stage ? ` · ${j.stage}` : ''}
            </span>
            <span className="cw-muted">{Math.round(j.percent)}%</span>
          </div>
          <div className="cw-progress">
            <div className="cw-progress-fill" style={{ width: `${j.percent}%` }} />
          </div>
        </div>
      ))}
      {arrived.length > 0 && (
        <div className="cw-row cw-wrap">
          <span className="cw-muted cw-chips-lead">New:</span>
          {arrived.map((a) => (
            <button key={a.id} type="button" className="cw-chip" onClick={() => onOpenAsset(a.id)}>
              {a.status === 'ready' ? a.title : `${a.title} (${a.status})`}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
