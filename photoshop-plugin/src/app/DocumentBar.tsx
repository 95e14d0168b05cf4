import { useState } from 'react';
import type { AssetVersions } from '@cutaway/shared/schemas';
import type { DocumentInfo, ExportFormat } from '../host/types';

export interface DocumentBarProps {
  doc: DocumentInfo | null;
  /** Title of the linked asset, once the app has looked it up. */
  linkedTitle: string | null;
  busy: boolean;
  lastPush: { title: string; versions: AssetVersions; assetId: string } | null;
  onRefresh(): void;
  onPush(opts: { format: ExportFormat; as: 'version' | 'new' }): void;
}

/** The open document, what it is linked to (its XMP), and "push back" as a new version or a new asset. */
export function DocumentBar({ doc, linkedTitle, busy, lastPush, onRefresh, onPush }: DocumentBarProps) {
  const [format, setFormat] = useState<ExportFormat>('png');
  return (
    <section className="ps-doc" aria-label="Active document">
      <div className="cw-row">
        <span className="ps-doc-title cw-grow" data-testid="doc-title">
          {doc ? `${doc.title} · ${doc.width}×${doc.height}` : 'No document open'}
        </span>
        <button type="button" className="cw-button cw-small" onClick={onRefresh}>
          Refresh
        </button>
      </div>
      <div className="cw-muted ps-doc-link" data-testid="doc-link" data-asset-id={doc?.link?.assetId ?? ''}>
        {doc?.link
          ? `Linked to v${doc.link.version} of “${linkedTitle ?? doc.link.assetId}”${doc.link.timecode ? ` · frame ${doc.link.timecode}` : ''}`
          : doc
            ? 'Not linked to a Cutaway asset'
            : 'Open or create a document to place frames and push edits back.'}
      </div>
      {doc && (
        <div className="cw-row cw-wrap ps-push">
          <div className="cw-chips" role="group" aria-label="Export format">
            {(['png', 'jpeg'] as const).map((f) => (
              <button key={f} type="button" className={`cw-chip${format === f ? ' cw-on' : ''}`} aria-pressed={format === f} onClick={() => setFormat(f)}>
                {f.toUpperCase()}
              </button>
            ))}
          </div>
          <button type="button" className="cw-button cw-small cw-primary" disabled={busy || !doc.link} onClick={() => onPush({ format, as: 'version' })}>
            Push as new version
          </button>
          <button type="button" className="cw-button cw-small" disabled={busy} onClick={() => onPush({ format, as: 'new' })}>
            Push as new asset
          </button>
        </div>
      )}
      {lastPush && (
        <div className="ps-versions" data-testid="versions">
          <div className="cw-ok">
            {lastPush.title}: v{lastPush.versions.items.find((a) => a.id === lastPush.assetId)?.version} of {lastPush.versions.count}
          </div>
          <ol className="ps-version-list">
            {lastPush.versions.items.map((a) => (
              <li key={a.id} className={a.id === lastPush.assetId ? 'ps-current' : ''}>
                v{a.version} · {a.fileName} · {a.origin.kind} · {a.status}
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
