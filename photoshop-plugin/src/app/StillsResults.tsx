import { useState } from 'react';
import type { Asset, Moment, SearchHit } from '@cutaway/shared/schemas';
import { formatDuration, highlightParts, KIND_LABEL } from '@cutaway/shared/ui';
import type { StillsActions } from './stills-actions';

export interface StillsResultsProps {
  hits: SearchHit[];
  actions: StillsActions;
  busy: boolean;
  onPlace(asset: Asset, moment: Moment | null): void;
  onOpen(asset: Asset, moment: Moment | null): void;
}

/**
 * Results for designers: each asset with a frame-grab preview (the exact frame at the chosen moment's
 * in-point), its version hint ("v3 of 3"), and Place / Open on the asset and on each moment.
 */
export function StillsResults({ hits, actions, busy, onPlace, onOpen }: StillsResultsProps) {
  return (
    <ul className="cw-results" aria-label="Search results">
      {hits.map((hit) => (
        <StillHit key={hit.asset.id} hit={hit} actions={actions} busy={busy} onPlace={onPlace} onOpen={onOpen} />
      ))}
    </ul>
  );
}

function StillHit({ hit, actions, busy, onPlace, onOpen }: { hit: SearchHit } & Omit<StillsResultsProps, 'hits'>) {
  const a = hit.asset;
  const [preview, setPreview] = useState<Moment | null>(hit.moments[0] ?? null);
  const buttons = (moment: Moment | null) => (
    <div className="cw-row cw-actions">
      <button type="button" className="cw-button cw-small cw-primary" disabled={busy} onClick={() => onPlace(a, moment)}>
        Place
      </button>
      <button type="button" className="cw-button cw-small" disabled={busy} onClick={() => onOpen(a, moment)}>
        Open
      </button>
    </div>
  );
  return (
    <li className="cw-hit" data-asset-id={a.id}>
      <Preview key={`${a.id}-${preview?.startMs ?? 0}`} asset={a} alt={`Frame of ${a.title}${preview ? ` at ${preview.timecodeIn}` : ''}`} src={a.status === 'ready' ? actions.previewUrl(a, preview) : null} />
      <div className="cw-row ps-hit-line">
        <span className="cw-hit-title cw-grow">{a.title || a.fileName}</span>
        {hit.version && (
          <span className="cw-badge ps-version" title={`${hit.version.count} versions`}>
            {hit.version.hint}
          </span>
        )}
      </div>
      <div className="cw-muted">
        {a.type}
        {a.type !== 'image' ? ` · ${formatDuration(a.technical?.durationMs)}` : ''}
        {a.technical?.width ? ` · ${a.technical.width}×${a.technical.height}` : ''}
        {a.status !== 'ready' ? ` · ${a.status}` : ''}
      </div>
      {buttons(null)}
      <ul className="cw-moments">
        {hit.moments.map((m, i) => (
          <li key={`${m.kind}-${m.startMs}-${i}`} className={`cw-moment${preview === m ? ' cw-selected' : ''}`} data-moment-kind={m.kind} onClick={() => setPreview(m)}>
            <div className="cw-grow cw-moment-body">
              <div className="cw-row">
                <span className="ps-kind">{KIND_LABEL[m.kind]}</span>
                {a.type !== 'image' && <span className="cw-tc">{m.timecodeIn}</span>}
              </div>
              <div className="cw-moment-text cw-hl">
                {highlightParts(m.highlighted).map((p, k) => (p.mark ? <mark key={k}>{p.text}</mark> : <span key={k}>{p.text}</span>))}
              </div>
              {buttons(m)}
            </div>
          </li>
        ))}
      </ul>
    </li>
  );
}

/** The frame grab, or why there is none yet: a processing asset has no original to grab from. */
function Preview({ asset, alt, src }: { asset: Asset; alt: string; src: string | null }) {
  const [failed, setFailed] = useState(false);
  if (!src || failed) return <div className="ps-preview ps-preview-empty">{asset.status === 'ready' ? 'No frame preview' : `Frame preview when ${asset.status === 'failed' ? 'fixed' : 'processed'}`}</div>;
  return <img className="ps-preview" alt={alt} src={src} onError={() => setFailed(true)} />;
}
