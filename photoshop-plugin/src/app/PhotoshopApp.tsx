import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Asset, CutawayEvent, Moment } from '@cutaway/shared/schemas';
import { AppHeader, OpStatus, SearchBar, SearchStatus, SettingsPanel, useConnection, useOperation, useSearch, useSearchBox } from '@cutaway/shared/ui';
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

/** The Photoshop plugin: search stills and moments, place or open exact frames, push edits back as versions. */
export function PhotoshopApp({ host, photoshop, fetch, networkHint, debounceMs = 250 }: PhotoshopAppProps) {
  const conn = useConnection(host, networkHint);
  const { result, run } = useSearch(conn.client, conn.settings?.serverUrl);
  const box = useSearchBox(host.settings, run, debounceMs);
  const [showSettings, setShowSettings] = useState(false);
  const [doc, setDoc] = useState<DocumentInfo | null>(null);
  const [lastPush, setLastPush] = useState<DocumentBarProps['lastPush']>(null);
  const [announced, setAnnounced] = useState<string | null>(null);
  const [linkedTitle, setLinkedTitle] = useState<string | null>(null);

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
  shown.current = { ids: new Set(result.state === 'done' ? result.hits.map((h) => h.asset.id) : []), rerun: () => void run(box.q, box.filters) };
  useEffect(
    () =>
      conn.subscribe((e: CutawayEvent) => {
        if (e.type === 'asset.version_created') setAnnounced(`New version v${e.version} of “${e.asset.title}”`);
        if (e.type === 'asset.ready' && shown.current.ids.has(e.asset.id)) shown.current.rerun();
      }),
    [conn],
  );

  // The document may have changed whatever happened: read it again after every action.
  const { op, perform } = useOperation(conn.settings, refreshDoc);

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

  const connected = conn.status.state === 'ok' && conn.client;
  return (
    <div className="cw-app">
      <AppHeader hostLabel={host.label} conn={conn} settingsOpen={showSettings} onToggleSettings={() => setShowSettings(!showSettings)} />
      <SettingsPanel conn={conn} open={showSettings} onClose={() => setShowSettings(false)} />
      {connected && actions && (
        <>
          <DocumentBar doc={doc} linkedTitle={linkedTitle} busy={op.state === 'busy'} lastPush={lastPush} onRefresh={refreshDoc} onPush={onPush} />
          <SearchBar {...box.barProps} />
          {announced && (
            <div className="cw-op" role="status" data-testid="announced">
              {announced}
            </div>
          )}
          <OpStatus op={op} />
          <main className="cw-main">
            <SearchStatus result={result} idle="Search stills and moments — a name, a place, words on screen. Place puts the exact frame into the open document; Open starts a new one." noMatch={(q) => `Nothing matches “${q}”.`}>
              {(hits) => <StillsResults hits={hits} actions={actions} busy={op.state === 'busy'} onPlace={onPlace} onOpen={onOpen} />}
            </SearchStatus>
          </main>
        </>
      )}
    </div>
  );
}
