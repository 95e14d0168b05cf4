import { useEffect, useState } from 'react';
import type { CutawayClient } from '../../client/index';
import type { Asset, Moment } from '../../schemas/index';
import { formatBytes, formatDuration, KIND_ICON } from '../format';
import { userMessage } from '../errors';
import type { LateWarning } from '../archive-view';
import { ArchiveStatus } from './ArchiveStatus';
import { ProxyPlayer, type MarkRange } from './ProxyPlayer';
import type { MomentAction } from './ResultsList';

export interface AssetDetailProps {
  asset: Asset;
  client: CutawayClient;
  /** The moment the user came from: the player starts there and its range is pre-marked. */
  moment: Moment | null;
  actions: MomentAction[];
  onBack(): void;
  /** The last `asset.restore_late` event for this asset. */
  late?: LateWarning | null;
  /** Restore an archived original (absent: no Restore button). */
  onRestore?(neededBy: Date | null): Promise<void>;
}

/** One asset: player, marked-range actions, transcript (click to seek), markers, metadata, enrichment, tier. */
export function AssetDetail({ asset, client, moment, actions, onBack, late = null, onRestore }: AssetDetailProps) {
  const [moments, setMoments] = useState<Moment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [seekMs, setSeekMs] = useState<number | null>(moment?.startMs ?? null);
  const [marks, setMarks] = useState<MarkRange>({ inMs: moment?.startMs ?? null, outMs: moment?.endMs ?? null });

  useEffect(() => {
    let live = true;
    client.moments(asset.id).then(
      (m) => live && setMoments(m),
      (err: unknown) => live && setError(userMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [asset.id, client]);

  const transcript = (moments ?? []).filter((m) => m.kind === 'speech');
  const markers = (moments ?? []).filter((m) => m.kind === 'marker' || m.kind === 'ocr');
  const marked: Moment | null =
    marks.inMs !== null && marks.outMs !== null && marks.outMs > marks.inMs
      ? { assetId: asset.id, kind: moment?.kind ?? 'tag', startMs: marks.inMs, endMs: marks.outMs, timecodeIn: '', timecodeOut: '', text: moment?.text ?? asset.title, highlighted: '', score: 0, confidence: null, thumbnailUrl: null, matchedBy: 'none' }
      : null;

  return (
    <section className="cw-detail" aria-label={`Asset ${asset.title}`}>
      <div className="cw-row">
        <button type="button" className="cw-button cw-small" onClick={onBack}>
          ← Results
        </button>
        <h2 className="cw-title cw-grow">{asset.title || asset.fileName}</h2>
      </div>
      {/* Above the player: whether the original can be used decides what the buttons below can do. */}
      {(asset.storageTier !== 'online' || asset.tierMove) && <ArchiveStatus asset={asset} late={late} {...(onRestore ? { onRestore } : {})} />}
      <ProxyPlayer asset={asset} client={client} seekMs={seekMs} marks={marks} onMarks={setMarks} />
      <div className="cw-row cw-actions">
        {actions.map((a) => (
          <button key={a.id} type="button" className={`cw-button cw-small${a.primary ? ' cw-primary' : ''}`} disabled={!marked} onClick={() => marked && a.run(asset, marked)}>
            {a.label} marked range
          </button>
        ))}
        {actions.slice(0, 1).map((a) => (
          <button key={`${a.id}-whole`} type="button" className="cw-button cw-small" onClick={() => a.run(asset, null)}>
            {a.label} whole clip
          </button>
        ))}
      </div>
      {error && <p className="cw-error">{error}</p>}
      <h3 className="cw-h3">Transcript</h3>
      {moments === null ? (
        <p className="cw-muted">Loading…</p>
      ) : transcript.length === 0 ? (
        <p className="cw-muted">No transcript{asset.enrichment.speech ? ` (speech: ${asset.enrichment.speech.status})` : ' yet'}.</p>
      ) : (
        <div className="cw-transcript">
          {transcript.map((m) => (
            <button key={m.startMs} type="button" className="cw-link cw-transcript-line" onClick={() => setSeekMs(m.startMs)}>
              <span className="cw-tc">{m.timecodeIn}</span> {m.text}
            </button>
          ))}
        </div>
      )}
      {markers.length > 0 && (
        <>
          <h3 className="cw-h3">Markers and on-screen text</h3>
          {markers.map((m) => (
            <button key={`${m.kind}${m.startMs}`} type="button" className="cw-link cw-transcript-line" onClick={() => setSeekMs(m.startMs)}>
              {KIND_ICON[m.kind]} <span className="cw-tc">{m.timecodeIn}</span> {m.text}
            </button>
          ))}
        </>
      )}
      <h3 className="cw-h3">Details</h3>
      <dl className="cw-meta">
        <Meta k="Type" v={`${asset.type} · ${asset.mime}`} />
        <Meta k="Duration" v={formatDuration(asset.technical?.durationMs)} />
        <Meta k="Picture" v={asset.technical?.width ? `${asset.technical.width}×${asset.technical.height} @ ${asset.technical.rate ? (asset.technical.rate.num / asset.technical.rate.den).toFixed(3) : '?'} fps${asset.technical.dropFrame ? ' DF' : ''}` : '—'} />
        <Meta k="Size" v={formatBytes(asset.sizeBytes)} />
        <Meta k="Tags" v={asset.tags.join(', ') || '—'} />
        <Meta k="Storage tier" v={`${asset.storageTier}${asset.restore.state !== 'none' ? ` · ${RESTORE_WORDS[asset.restore.state]}` : ''}`} />
        <Meta k="Status" v={asset.status} />
        {asset.description && <Meta k="Description" v={asset.description} />}
      </dl>
      <h3 className="cw-h3">Enrichment</h3>
      <ul className="cw-enrich">
        {Object.entries(asset.enrichment).map(([step, s]) => (
          <li key={step}>
            <b>{step}</b>: {s?.status}
            {s?.engine ? ` · ${s.engine}` : ''}
            {s?.count ? ` · ${s.count}` : ''}
            {s?.note ? ` · ${s.note}` : ''}
          </li>
        ))}
        {Object.keys(asset.enrichment).length === 0 && <li className="cw-muted">Not enriched yet.</li>}
      </ul>
    </section>
  );
}

const RESTORE_WORDS: Record<Asset['restore']['state'], string> = {
  none: '', requested: 'restore requested', in_progress: 'restoring', restored: 'restored copy readable', expired: 'restored copy expired', failed: 'restore failed', not_needed: 'readable without a restore',
};

function Meta({ k, v }: { k: string; v: string }) {
  return (
    <div className="cw-meta-row">
      <dt>{k}</dt>
      <dd>{v}</dd>
    </div>
  );
}
