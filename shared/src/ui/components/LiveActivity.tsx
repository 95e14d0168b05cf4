import { useEffect, useState } from 'react';
import type { CutawayEvent } from '../../schemas/index';

interface JobView {
  jobId: string;
  name: string;
  assetId: string | null;
  percent: number;
  stage: string | null;
}

/** Ingest and enrichment progress bars and newly arrived assets, from the ws event stream. */
export function LiveActivity({ subscribe, onOpenAsset }: { subscribe(fn: (e: CutawayEvent) => void): () => void; onOpenAsset(id: string): void }) {
  const [jobs, setJobs] = useState<Record<string, JobView>>({});
  const [arrived, setArrived] = useState<Array<{ id: string; title: string; status: string }>>([]);

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
        }
      }),
    [subscribe],
  );

  const running = Object.values(jobs);
  if (running.length === 0 && arrived.length === 0) return null;
  return (
    <div className="cw-live" aria-label="Live activity">
      {running.map((j) => (
        <div key={j.jobId} className="cw-job">
          <div className="cw-row">
            <span className="cw-grow cw-muted">
              {j.name === 'media.ingest' ? 'Ingest' : 'Enrichment'}
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
          <span className="cw-muted">New:</span>
          {arrived.map((a) => (
            <button key={a.id} type="button" className="cw-chip" onClick={() => onOpenAsset(a.id)}>
              {a.title} {a.status === 'ready' ? '' : `(${a.status})`}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
