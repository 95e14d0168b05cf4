import type { CutawayClient } from '../../client/index';
import type { Asset, Moment, SearchHit } from '../../schemas/index';
import { archiveSummary } from '../archive-view';
import { formatDuration, KIND_ICON, KIND_LABEL } from '../format';
import { Highlighted } from './Highlighted';

/** A button shown on every moment (and on the asset for the whole clip). The app decides which, per host. */
export interface MomentAction {
  id: string;
  label: string;
  primary?: boolean;
  run(asset: Asset, moment: Moment | null): void;
}

export interface ResultsListProps {
  hits: SearchHit[];
  client: CutawayClient;
  actions: MomentAction[];
  selected: { assetId: string; momentIndex: number } | null;
  onSelect(assetId: string, momentIndex: number): void;
  onOpen(asset: Asset, moment: Moment | null): void;
  /** Drag payload for a moment, or null when this host or file cannot be dragged. */
  dragData?: (asset: Asset, moment: Moment | null) => Array<{ format: string; data: string }> | null;
}

/** The server's sentence when it sends one (search-reasons.ts); older servers get the short labels. */
function why(hit: SearchHit, m: Moment): string {
  if (m.reason) return m.reason;
  if (hit.matchedAlias) return `via “${hit.matchedAlias.alias}”`;
  if (m.matchedBy === 'semantic') return 'similar meaning';
  if (m.matchedBy === 'phonetic') return 'sounds like';
  if (m.matchedBy === 'lexical') return `${KIND_LABEL[m.kind].toLowerCase()} matched`;
  return hit.matchedFields.length ? `${hit.matchedFields.join(', ')} matched` : '';
}

/** Results grouped by asset, each with its moments; rows are focusable so arrows and Enter drive it. */
export function ResultsList({ hits, client, actions, selected, onSelect, onOpen, dragData }: ResultsListProps) {
  return (
    <ul className="cw-results" aria-label="Search results">
      {hits.map((hit) => {
        const a = hit.asset;
        const hasPoster = a.renditions.some((r) => r.kind === 'poster');
        return (
          <li key={a.id} className="cw-hit" data-asset-id={a.id}>
            <div className="cw-hit-head">
              {hasPoster ? <img className="cw-poster" alt="" src={client.renditionUrl(a.id, 'poster', { withToken: true })} /> : <div className="cw-poster cw-poster-empty" />}
              <div className="cw-grow cw-hit-title-box">
                <button type="button" className="cw-link cw-hit-title" onClick={() => onOpen(a, null)}>
                  {a.title || a.fileName}
                </button>
                <div className="cw-muted">
                  {a.type} · {formatDuration(a.technical?.durationMs)}
                  {a.status !== 'ready' ? ` · ${a.status}` : ''}
                  {hit.semantic ? ' · by meaning' : ''}
                  {tierBadge(a)}
                </div>
                {hit.reason && hit.moments.length > 0 && <div className="cw-muted cw-why cw-hit-why">{hit.reason}</div>}
              </div>
            </div>
            {hit.moments.length === 0 && <div className="cw-muted cw-pad">{hit.reason ? `${hit.reason[0]!.toUpperCase()}${hit.reason.slice(1)}; no time-coded moment.` : `Matched on ${hit.matchedFields.join(', ') || 'metadata'}; no time-coded moment.`}</div>}
            <ul className="cw-moments">
              {hit.moments.map((m, i) => {
                const isSel = selected?.assetId === a.id && selected.momentIndex === i;
                const drag = dragData?.(a, m) ?? null;
                return (
                  <li
                    key={`${m.kind}-${m.startMs}-${i}`}
                    className={`cw-moment${isSel ? ' cw-selected' : ''}`}
                    data-moment-kind={m.kind}
                    tabIndex={isSel ? 0 : -1}
                    aria-selected={isSel}
                    draggable={drag !== null}
                    onDragStart={(e) => drag?.forEach((d) => e.dataTransfer.setData(d.format, d.data))}
                    onFocus={() => onSelect(a.id, i)}
                    onClick={() => onSelect(a.id, i)}
                    onDoubleClick={() => onOpen(a, m)}
                  >
                    {m.thumbnailUrl !== null && <img className="cw-thumb" alt="" src={client.renditionUrl(a.id, 'thumbnail', { withToken: true, atMs: m.startMs })} />}
                    <div className="cw-grow cw-moment-body">
                      <div className="cw-row">
                        <span className="cw-kind" title={KIND_LABEL[m.kind]} aria-label={KIND_LABEL[m.kind]}>
                          {KIND_ICON[m.kind]}
                        </span>
                        <span className="cw-tc">
                          {m.timecodeIn}–{m.timecodeOut}
                        </span>
                      </div>
                      {/* A sentence of its own line: it must stay readable in a 360 px panel. */}
                      <div className="cw-why cw-muted">{why(hit, m)}</div>
                      <div className="cw-moment-text">
                        <Highlighted text={m.highlighted} />
                      </div>
                      <div className="cw-row cw-actions">
                        {actions.map((act) => (
                          <button key={act.id} type="button" className={`cw-button cw-small${act.primary ? ' cw-primary' : ''}`} onClick={(e) => (e.stopPropagation(), act.run(a, m))}>
                            {act.label}
                          </button>
                        ))}
                        <button type="button" className="cw-button cw-small" onClick={(e) => (e.stopPropagation(), onOpen(a, m))}>
                          Preview
                        </button>
                      </div>
                    </div>
                  </li>
                );
              })}
            </ul>
          </li>
        );
      })}
    </ul>
  );
}

/** Archived, restoring or nearline originals get a badge, so nobody is surprised by a restore at insert time. */
function tierBadge(a: Asset) {
  const s = archiveSummary(a);
  return s.badge ? <span className={`cw-badge cw-tier-badge cw-tone-${s.tone}`} data-tier={a.storageTier}>{s.badge}</span> : null;
}
