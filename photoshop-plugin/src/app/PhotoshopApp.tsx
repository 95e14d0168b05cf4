import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Asset, CutawayEvent, Moment } from '@cutaway/shared/schemas';
import { ConnectionBadge, ConnectionForm, EMPTY_FILTERS, SearchBar, useConnection, userMessage, useSearch, type SavedSearch, type SearchFilters } from '@cutaway/shared/ui';
import type { Host } from '@cutaway/shared/ui/host';
import type { DocumentInfo, ExportFormat, PhotoshopHost } from '../host/types';
import { DocumentBar, type DocumentBarProps } from './DocumentBar';
import { createStillsActions, type FetchFn } from './stills-actions';
import { StillsResults } from './StillsResults';

export interface PhotoshopAppProps {
  /** Settings and identity for the shared hooks (connection, saved searches). */
  host: Host;
  photoshop: PhotoshopHost;
  fetch: FetchFn;
  networkHint?: string;
  debounceMs?: number;
}

type Op = { state: 'idle' } | { state: 'busy'; label: string; percent: number | null } | { state: 'done'; message: string } | { state: 'error'; message: string };

/** The Photoshop plugin: search stills and moments, place or open exact frames, push edits back as versions. */
export function PhotoshopApp({ host, photoshop, fetch, networkHint, debounceMs = 250 }: PhotoshopAppProps) {
  const conn = useConnection(host, networkHint);
  const { result, run } = useSearch(conn.client, conn.settings?.serverUrl);
  const [q, setQ] = useState('');
  const [filters, setFilters] = useState<SearchFilters>(EMPTY_FILTERS);
  const [saved, setSaved] = useState<SavedSearch[]>([]);
  const [showSettings, setShowSettings] = useState(false);
  const [op, setOp] = useState<Op>({ state: 'idle' });
  const [doc, setDoc] = useState<DocumentInfo | null>(null);
  const [lastPush, setLastPush] = useState<DocumentBarProps['lastPush']>(null);
  const [announced, setAnnounced] = useState<string | null>(null);
  const [linkedTitle, setLinkedTitle] = useState<string | null>(null);

  useEffect(() => {
    void host.settings.load<SavedSearch[]>('savedSearches').then((s) => s && setSaved(s));
  }, [host]);
  useEffect(() => {
    const t = setTimeout(() => void run(q, filters), debounceMs);
    return () => clearTimeout(t);
  }, [q, filters, run, debounceMs]);

  const actions = useMemo(
    () => (conn.client && conn.settings ? createStillsActions({ host: photoshop, client: conn.client, token: conn.settings.token, fetch }) : null),
    [photoshop, conn.client, conn.settings, fetch],
  );
  const refreshDoc = useCallback(() => void photoshop.activeDocument().then(setDoc, () => setDoc(null)), [photoshop]);
  useEffect(refreshDoc, [refreshDoc]);

  const linkedId = doc?.link?.assetId ?? null;
  useEffect(() => {
    setLinkedTitle(null);
    if (!linkedId || !conn.client) return;
    let live = true;
    conn.client.getAsset(linkedId).then((a) => live && setLinkedTitle(a.title), () => undefined);
    return () => {
      live = false;
    };
  }, [linkedId, conn.client]);

  // New versions pushed from anywhere (another designer, the console) are announced live; a shown asset
  // that finishes processing refreshes the results, so its frame preview appears.
  const shown = useRef<{ ids: Set<string>; rerun: () => void }>({ ids: new Set(), rerun: () => undefined });
  shown.current = { ids: new Set(result.state === 'done' ? result.hits.map((h) => h.asset.id) : []), rerun: () => void run(q, filters) };
  useEffect(
    () =>
      conn.subscribe((e: CutawayEvent) => {
        if (e.type === 'asset.version_created') setAnnounced(`New version v${e.version} of “${e.asset.title}”`);
        if (e.type === 'asset.ready' && shown.current.ids.has(e.asset.id)) shown.current.rerun();
      }),
    [conn],
  );

  const perform = useCallback(
    async (label: string, fn: (progress: (r: number, t: number | null) => void) => Promise<string>) => {
      setOp({ state: 'busy', label, percent: null });
      try {
        const message = await fn((r, t) => setOp({ state: 'busy', label, percent: t ? Math.round((r / t) * 100) : null }));
        setOp({ state: 'done', message });
      } catch (err) {
        setOp({ state: 'error', message: userMessage(err, conn.settings ? { serverUrl: conn.settings.serverUrl } : {}) });
      } finally {
        refreshDoc();
      }
    },
    [conn.settings, refreshDoc],
  );

  const onPlace = (asset: Asset, moment: Moment | null) =>
    actions &&
    void perform(`Placing ${asset.title}`, async (p) => {
      const r = await actions.place(asset, moment, p);
      return `Placed frame ${r.frame.info.timecode ?? ''} of “${asset.title}” (${r.frame.info.width}×${r.frame.info.height})${r.linked ? '; document linked to it' : ''}`;
    });
  const onOpen = (asset: Asset, moment: Moment | null) =>
    actions &&
    void perform(`Opening ${asset.title}`, async (p) => {
      const r = await actions.openAsDocument(asset, moment, p);
      return `Opened “${r.document.title}” (${r.document.width}×${r.document.height})`;
    });
  const onPush = (opts: { format: ExportFormat; as: 'version' | 'new' }) =>
    actions &&
    void perform(opts.as === 'version' ? 'Pushing a new version' : 'Uploading as a new asset', async () => {
      const r = await actions.pushBack(opts);
      setLastPush({ title: r.asset.title, versions: r.versions, assetId: r.asset.id });
      return `Uploaded “${r.asset.title}” as v${r.asset.version} of ${r.versions.count}`;
    });

  const saveSearches = (list: SavedSearch[]) => {
    setSaved(list);
    void host.settings.save('savedSearches', list);
  };
  const connected = conn.status.state === 'ok' && conn.client;
  const hits = result.state === 'done' ? result.hits : [];
  return (
    <div className="cw-app">
      <header className="cw-header cw-row">
        <span className="cw-brand">Cutaway</span>
        <span className="cw-muted cw-ml">{host.label}</span>
        <span className="cw-grow" />
        <ConnectionBadge status={conn.status} />
        <button type="button" className="cw-button cw-small cw-ml" aria-expanded={showSettings || !connected} onClick={() => setShowSettings(!showSettings)}>
          Settings
        </button>
      </header>
      {(showSettings || (!connected && conn.status.state !== 'checking')) && (
        <div className="cw-panel">
          <ConnectionForm key={conn.settings?.serverUrl ?? 'new'} settings={conn.settings} status={conn.status} onSave={(s) => void conn.save(s).then((r) => r.state === 'ok' && setShowSettings(false))} />
        </div>
      )}
      {connected && actions && (
        <>
          <DocumentBar doc={doc} linkedTitle={linkedTitle} busy={op.state === 'busy'} lastPush={lastPush} onRefresh={refreshDoc} onPush={onPush} />
          <SearchBar
            q={q}
            filters={filters}
            saved={saved}
            onQuery={setQ}
            onFilters={setFilters}
            onSave={(name) => saveSearches([...saved.filter((s) => s.name !== name), { name, q, filters }])}
            onOpenSaved={(s) => (setQ(s.q), setFilters(s.filters))}
            onDeleteSaved={(name) => saveSearches(saved.filter((s) => s.name !== name))}
          />
          {announced && (
            <div className="cw-op" role="status" data-testid="announced">
              {announced}
            </div>
          )}
          <OpStatus op={op} />
          <main className="cw-main">
            {result.state === 'idle' ? (
              <div className="cw-empty">Search stills and moments — a name, a place, words on screen. Place puts the exact frame into the open document; Open starts a new one.</div>
            ) : result.state === 'loading' && hits.length === 0 ? (
              <div className="cw-empty">Searching “{result.q}”…</div>
            ) : result.state === 'error' ? (
              <div className="cw-error" role="alert">
                {result.message}
              </div>
            ) : hits.length === 0 ? (
              <div className="cw-empty">Nothing matches “{result.q}”.</div>
            ) : (
              <StillsResults hits={hits} actions={actions} busy={op.state === 'busy'} onPlace={onPlace} onOpen={onOpen} />
            )}
          </main>
        </>
      )}
    </div>
  );
}

function OpStatus({ op }: { op: Op }) {
  if (op.state === 'idle') return null;
  if (op.state === 'busy')
    return (
      <div className="cw-op" role="status">
        <span>{op.label}…</span>
        <div className="cw-progress">
          <div className="cw-progress-fill" style={{ width: `${op.percent ?? 5}%` }} />
        </div>
      </div>
    );
  return (
    <div className={op.state === 'error' ? 'cw-error' : 'cw-op cw-ok'} role={op.state === 'error' ? 'alert' : 'status'} data-testid="op-result">
      {op.message}
    </div>
  );
}
