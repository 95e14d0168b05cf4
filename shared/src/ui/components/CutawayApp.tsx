import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { roleAllows, type Asset, type Moment, type Role, type TokenInfo } from '../../schemas/index';
import { createActions, type Rendition } from '../actions/cutaway-actions';
import type { Host, NleItemRef } from '../host/host';
import { useConnection } from '../hooks/use-connection';
import { useOperation } from '../hooks/use-operation';
import { useSearch } from '../hooks/use-search';
import { useSearchBox } from '../hooks/use-search-box';
import type { LateWarning } from '../archive-view';
import { AssetDetail } from './AssetDetail';
import { AppHeader, OpStatus, SearchStatus, SettingsPanel } from './AppChrome';
import { LiveActivity } from './LiveActivity';
import { LiveCuePanel } from './LiveCuePanel';
import { PeopleView } from './PeopleView';
import { PoliciesView } from './PoliciesView';
import { StorageReportView } from './StorageReportView';
import { ResultsList, type MomentAction } from './ResultsList';
import { SearchBar } from './SearchBar';
import { AssistantPanel } from './AssistantPanel';
import { AuditView } from './AuditView';
import { ApprovalsView } from './ApprovalsView';

export interface CutawayAppProps {
  host: Host;
  /** Appended to "cannot reach the server" (e.g. the manifest's network domains in UXP, CORS in a browser). */
  networkHint?: string;
  /** Search-as-you-type delay. */
  debounceMs?: number;
  /** Pre-filled server URL (the console uses its own origin). */
  defaultServerUrl?: string;
  /** Shown under the connection form while no server is connected: how to get a token here. */
  signInHint?: string;
  /** Views beside search: people (issue 17), admin views (storage, policies; the console shows both), the assistant chat, the approvals queue and the audit trail (issue 16). */
  views?: ReadonlyArray<'people' | 'storage' | 'policies' | 'assistant' | 'approvals' | 'audit'>;
  /** Open on this approval in the Approvals view (the console's `/#approvals/<id>`, the link request_approval hands out). */
  focusApprovalId?: string;
}

type View = 'search' | 'people' | 'storage' | 'policies' | 'assistant' | 'approvals' | 'audit';
/** The role each view needs (the routes it calls, docs/api.md); a view the token cannot use is not offered. */
const VIEW_ROLE: Record<Exclude<View, 'search'>, Role> = { people: 'viewer', storage: 'editor', policies: 'editor', assistant: 'editor', approvals: 'editor', audit: 'admin' };
const VIEW_LABEL: Record<View, string> = { search: 'Search', people: 'People', storage: 'Storage', policies: 'Policies', assistant: 'Assistant', approvals: 'Approvals', audit: 'Audit' };

/** The later of two copies of one asset (an HTTP answer and an event can arrive in either order). */
const newer = (a: Asset, b: Asset): Asset => (Date.parse(b.updatedAt) >= Date.parse(a.updatedAt) ? b : a);

interface ImportPrefs {
  rendition: Rendition;
  how: 'cut' | 'inout' | 'subclip';
  mode: 'insert' | 'overwrite';
  videoTrack: number;
  audioTrack: number;
  /** After importing an original, download its proxy and attach it (Premiere's Toggle Proxies). */
  attachProxy: boolean;
}
/** Editors import proxies by default (fast to fetch, Premiere can relink); a browser download gets the original. */
const defaultPrefs = (host: Host): ImportPrefs => ({ rendition: host.nle ? 'proxy' : 'original', how: 'inout', mode: 'insert', videoTrack: 0, audioTrack: 0, attachProxy: false });

/** The whole UI over one injected host. Every action goes through createActions(host, client). */
export function CutawayApp({ host, networkHint, debounceMs = 250, defaultServerUrl, signInHint, views = [], focusApprovalId }: CutawayAppProps) {
  const conn = useConnection(host, networkHint);
  const { result, run } = useSearch(conn.client, conn.settings?.serverUrl);
  const box = useSearchBox(host.settings, run, debounceMs);
  const [prefs, setPrefs] = useState<ImportPrefs>(() => defaultPrefs(host));
  const [showSettings, setShowSettings] = useState(false);
  const [selected, setSelected] = useState<{ assetId: string; momentIndex: number } | null>(null);
  const [open, setOpen] = useState<{ asset: Asset; moment: Moment | null } | null>(null);
  const { op, perform } = useOperation(conn.settings);
  /** Whole files already on this machine, by asset: what can be dragged straight into the timeline. */
  const [local, setLocal] = useState<Record<string, { nativePath: string; name: string; mime: string }>>({});
  /** Clips imported in this session, by asset: where new review markers go when they arrive live. */
  const imported = useRef(new Map<string, { asset: Asset; item: NleItemRef; originMs: number }>());
  const searchInput = useRef<HTMLInputElement>(null);
  const [view, setView] = useState<View>(focusApprovalId !== undefined && views.includes('approvals') ? 'approvals' : 'search');
  /** The view an asset was opened from (a face in People): Back returns there. */
  const [openedFrom, setOpenedFrom] = useState<View | null>(null);
  /** Assets as the event stream last reported them (tier, restore progress), by id. */
  const [fresh, setFresh] = useState<Record<string, Asset>>({});
  /** The last `asset.restore_late` warning per asset. */
  const [late, setLate] = useState<Record<string, LateWarning>>({});

  useEffect(() => {
    void host.settings.load<ImportPrefs>('importPrefs').then((p) => p && setPrefs({ ...defaultPrefs(host), ...p }));
  }, [host]);

  // Who the token is (GET /me): views it may not use are hidden. Unknown (an older server) shows them all and the
  // server's own refusal says why.
  const [me, setMe] = useState<TokenInfo | null>(null);
  const role = me?.role ?? null;
  useEffect(() => {
    setMe(null);
    if (!conn.client) return;
    let current = true;
    conn.client.me().then((t) => current && setMe(t), () => undefined);
    return () => {
      current = false;
    };
  }, [conn.client]);
  const offered = views.filter((v) => role === null || roleAllows(role, VIEW_ROLE[v]));

  const actions = useMemo(() => (conn.client && conn.settings ? createActions({ host, client: conn.client, connection: conn.settings }) : null), [host, conn.client, conn.settings]);

  const momentActions: MomentAction[] = useMemo(() => {
    if (!actions) return [];
    const list: MomentAction[] = [];
    if (host.nle) {
      const importThen = async (asset: Asset, moment: Moment | null, onProgress: (r: number, t: number | null) => void, place: boolean) => {
        const opts = { rendition: prefs.rendition, how: prefs.how, onProgress };
        const r = place ? await actions.importAndPlace(asset, moment, { ...opts, place: { mode: prefs.mode, videoTrack: prefs.videoTrack, audioTrack: prefs.audioTrack } }) : await actions.importMoment(asset, moment, opts);
        imported.current.set(asset.id, { asset, item: r.item, originMs: r.media.originMs });
        if (r.media.nativePath && (prefs.how !== 'cut' || !moment)) {
          const file = { nativePath: r.media.nativePath, name: r.media.fileName, mime: prefs.rendition === 'proxy' ? 'video/mp4' : asset.mime };
          setLocal((l) => ({ ...l, [asset.id]: file }));
        }
        if (prefs.attachProxy && prefs.rendition === 'original' && asset.renditions.some((x) => x.kind === 'proxy')) await actions.attachProxy(asset, r.item, onProgress);
        return r;
      };
      list.push({
        id: 'insert',
        label: prefs.mode === 'insert' ? 'Insert' : 'Overwrite',
        primary: true,
        run: (asset, moment) =>
          void perform(`Placing ${asset.title}`, async (onProgress) => {
            const r = await importThen(asset, moment, onProgress, true);
            return `${prefs.mode === 'insert' ? 'Inserted' : 'Overwrote'} “${r.item.name}” at the playhead`;
          }),
      });
      list.push({
        id: 'import',
        label: 'Import',
        run: (asset, moment) =>
          void perform(`Importing ${asset.title}`, async (onProgress) => {
            const r = await importThen(asset, moment, onProgress, false);
            return `Imported “${r.item.name}” into the Cutaway bin${moment ? ' with in/out set' : ''}`;
          }),
      });
      list.push({
        id: 'marker',
        label: 'Marker',
        run: (asset, moment) =>
          void perform('Adding a marker', async () => {
            if (!moment) throw new Error('Choose a moment to mark');
            await actions.markAtPlayhead(asset, moment);
            return `Marked “${moment.text.slice(0, 40)}” at the playhead`;
          }),
      });
    } else if (host.files) {
      list.push({
        id: 'download',
        label: 'Download',
        primary: true,
        run: (asset, moment) =>
          void perform(`Downloading ${asset.title}`, async (onProgress) => {
            const r = await actions.download(asset, { rendition: prefs.rendition, ...(moment ? { range: { startMs: moment.startMs, endMs: moment.endMs } } : {}), onProgress });
            return `Downloaded ${r.fileName}`;
          }),
      });
    }
    return list;
  }, [actions, host, prefs, perform]);

  // New review notes (Frame.io comments) become clip markers on clips already imported from that asset.
  useEffect(() => {
    if (!actions || !host.nle) return;
    return conn.subscribe((e) => {
      if (e.type !== 'review.marker' || e.deleted) return;
      const target = imported.current.get(e.assetId);
      if (!target) return;
      void perform('Adding a review note', async () => {
        const added = await actions.addLiveReviewMarker(target.asset, e.marker, target);
        return added ? `Review note from ${e.marker.author || 'a reviewer'} added to “${target.item.name}”` : 'A review note arrived for a part of the clip that is not imported';
      });
    });
  }, [actions, host, conn, perform]);

  // Tier moves and restore progress arrive as asset.updated; late restores as asset.restore_late. Only
  // assets on screen are kept (a busy library sends updates for thousands of others).
  const onScreen = useRef(new Set<string>());
  onScreen.current = new Set([...(result.state === 'done' ? result.hits.map((h) => h.asset.id) : []), ...(open ? [open.asset.id] : [])]);
  useEffect(
    () =>
      conn.subscribe((e) => {
        if (e.type === 'asset.updated') {
          if (onScreen.current.has(e.asset.id)) setFresh((f) => ({ ...f, [e.asset.id]: f[e.asset.id] ? newer(f[e.asset.id]!, e.asset) : e.asset }));
          setOpen((o) => (o && o.asset.id === e.asset.id ? { ...o, asset: newer(o.asset, e.asset) } : o));
        } else if (e.type === 'asset.restore_late') {
          setLate((l) => ({ ...l, [e.assetId]: { neededBy: e.neededBy, etaAt: e.etaAt, reason: e.reason } }));
        }
      }),
    [conn],
  );

  // Who a face is changed (named, merged, rejected…) for an asset on screen: search again, so "seen: <name>" is current.
  const lastQuery = useRef({ q: box.q, filters: box.filters });
  lastQuery.current = { q: box.q, filters: box.filters };
  useEffect(
    () =>
      conn.subscribe((e) => {
        if (e.type === 'person.updated' && lastQuery.current.q.trim() && e.assetIds.some((id) => onScreen.current.has(id))) void run(lastQuery.current.q, lastQuery.current.filters);
      }),
    [conn, run],
  );

  const restore = useCallback(
    async (asset: Asset, neededBy: Date | null) => {
      if (!actions) return;
      const updated = await actions.restore(asset, { neededBy });
      setOpen((o) => (o && o.asset.id === updated.id ? { ...o, asset: newer(o.asset, updated) } : o));
      setFresh((f) => ({ ...f, [updated.id]: f[updated.id] ? newer(f[updated.id]!, updated) : updated }));
    },
    [actions],
  );

  const searched = result.state === 'done' ? result.hits : [];
  const hits = useMemo(() => searched.map((h) => (fresh[h.asset.id] ? { ...h, asset: newer(h.asset, fresh[h.asset.id]!) } : h)), [searched, fresh]);
  const flat = useMemo(() => hits.flatMap((h) => h.moments.map((m, i) => ({ asset: h.asset, moment: m, i }))), [hits]);

  const move = (delta: number) => {
    if (flat.length === 0) return;
    const cur = selected ? flat.findIndex((f) => f.asset.id === selected.assetId && f.i === selected.momentIndex) : -1;
    const next = flat[Math.max(0, Math.min(flat.length - 1, cur + delta))]!;
    setSelected({ assetId: next.asset.id, momentIndex: next.i });
    requestAnimationFrame(() => document.querySelector<HTMLElement>('.cw-moment.cw-selected')?.focus());
  };

  // Keyboard-first: "/" focuses search, arrows walk the moments, Enter runs the primary action, Space previews.
  const onKeyDown = (e: React.KeyboardEvent) => {
    const target = e.target as HTMLElement;
    const typing = target.tagName === 'INPUT' && target !== searchInput.current;
    if (typing || open) return;
    if (e.key === '/' && target !== searchInput.current) {
      e.preventDefault();
      searchInput.current?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      move(e.key === 'ArrowDown' ? 1 : -1);
    } else if ((e.key === 'Enter' || e.key === ' ') && target !== searchInput.current && selected) {
      const cur = flat.find((f) => f.asset.id === selected.assetId && f.i === selected.momentIndex);
      if (!cur) return;
      e.preventDefault();
      if (e.key === ' ') setOpen({ asset: cur.asset, moment: cur.moment });
      else momentActions.find((a) => a.primary)?.run(cur.asset, cur.moment);
    }
  };

  const savePrefs = (p: ImportPrefs) => {
    setPrefs(p);
    void host.settings.save('importPrefs', p);
  };

  const connected = conn.status.state === 'ok' && conn.client;
  return (
    <div className="cw-app" onKeyDown={onKeyDown}>
      <AppHeader hostLabel={host.label} conn={conn} settingsOpen={showSettings} onToggleSettings={() => setShowSettings(!showSettings)}>
        {offered.length > 0 && connected && (
          <nav className="cw-row cw-nav" aria-label="Views">
            {(['search', ...offered] as View[]).map((v) => (
              <button key={v} type="button" className={`cw-chip${view === v ? ' cw-on' : ''}`} aria-pressed={view === v} onClick={() => (setView(v), setOpenedFrom(null))}>
                {VIEW_LABEL[v]}
              </button>
            ))}
          </nav>
        )}
      </AppHeader>
      <SettingsPanel conn={conn} open={showSettings} onClose={() => setShowSettings(false)} {...(defaultServerUrl ? { defaultServerUrl } : {})} {...(signInHint ? { signInHint } : {})}>
        <ImportPrefsForm prefs={prefs} onChange={savePrefs} nle={Boolean(host.nle)} />
      </SettingsPanel>
      {connected && conn.client && view === 'storage' && (
        <main className="cw-main">
          <OpStatus op={op} />
          <StorageReportView
            client={conn.client}
            subscribe={conn.subscribe}
            {...(actions && host.files ? { onDownloadCsv: () => void perform('Downloading the storage report', async () => `Downloaded ${(await actions.downloadStorageReport()).fileName}`) } : {})}
          />
        </main>
      )}
      {connected && conn.client && actions && view === 'people' && (
        <main className="cw-main">
          <PeopleView
            client={conn.client}
            people={actions.people}
            subscribe={conn.subscribe}
            onOpenMoment={(asset, moment) => {
              setOpen({ asset, moment });
              setOpenedFrom('people');
              setView('search');
            }}
          />
        </main>
      )}
      {connected && conn.client && view === 'assistant' && (
        <main className="cw-main">
          <AssistantPanel client={conn.client} compact={Boolean(host.nle)} />
        </main>
      )}
      {connected && conn.client && view === 'approvals' && (
        <main className="cw-main">
          <ApprovalsView client={conn.client} me={me} subscribe={conn.subscribe} {...(focusApprovalId ? { focusId: focusApprovalId } : {})} />
        </main>
      )}
      {connected && conn.client && view === 'audit' && (
        <main className="cw-main">
          <AuditView client={conn.client} />
        </main>
      )}
      {connected && conn.client && view === 'policies' && (
        <main className="cw-main">
          <PoliciesView client={conn.client} subscribe={conn.subscribe} role={role} />
        </main>
      )}
      {connected && conn.client && view === 'search' && (
        <>
          <SearchBar
            {...box.barProps}
            inputRef={searchInput}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                move(selected ? 1 : 0);
              }
            }}
          />
          <LiveActivity subscribe={conn.subscribe} onOpenAsset={(id) => void conn.client?.getAsset(id).then((asset) => setOpen({ asset, moment: null }))} />
          <LiveCuePanel client={conn.client} subscribe={conn.subscribe} />
          <OpStatus op={op} />
          <main className="cw-main">
            {open ? (
              <AssetDetail
                key={open.asset.id}
                asset={open.asset}
                client={conn.client}
                moment={open.moment}
                actions={momentActions}
                onBack={() => {
                  setOpen(null);
                  if (openedFrom) setView(openedFrom);
                  setOpenedFrom(null);
                }}
                late={late[open.asset.id] ?? null}
                onRestore={(neededBy) => restore(open.asset, neededBy)}
              />
            ) : (
              <SearchStatus
                result={result}
                idle={`Type what was said, shown or tagged — for example a name, a place or a quote. Press / to search, ↓ to walk the moments, Enter to ${host.nle ? 'insert' : 'download'}.`}
                noMatch={(q) => `Nothing matches “${q}”. Try fewer words, a prefix such as elec*, or clear the filters.`}
              >
                {() => (
                  <ResultsList
                    hits={hits}
                    client={conn.client!}
                    actions={momentActions}
                    selected={selected}
                    onSelect={(assetId, momentIndex) => setSelected({ assetId, momentIndex })}
                    onOpen={(asset, moment) => setOpen({ asset, moment })}
                    dragData={(asset) => (host.nle && local[asset.id] ? host.nle.dragData(local[asset.id]!) : null)}
                  />
                )}
              </SearchStatus>
            )}
          </main>
        </>
      )}
    </div>
  );
}

function ImportPrefsForm({ prefs, onChange, nle }: { prefs: ImportPrefs; onChange(p: ImportPrefs): void; nle: boolean }) {
  const chip = <K extends keyof ImportPrefs>(key: K, value: ImportPrefs[K], label: string) => (
    <button type="button" className={`cw-chip${prefs[key] === value ? ' cw-on' : ''}`} aria-pressed={prefs[key] === value} onClick={() => onChange({ ...prefs, [key]: value })}>
      {label}
    </button>
  );
  return (
    <div className="cw-prefs" aria-label="Import options">
      <div className="cw-chips">
        <span className="cw-muted cw-chip-label">{nle ? 'Import' : 'Download'}</span>
        {chip('rendition', 'proxy', 'Proxy')}
        {chip('rendition', 'original', 'Original')}
      </div>
      {nle && (
        <>
          <div className="cw-chips">
            <span className="cw-muted cw-chip-label">Range</span>
            {chip('how', 'inout', 'Whole file + in/out')}
            {chip('how', 'cut', 'Only the moment')}
            {chip('how', 'subclip', 'Subclip')}
          </div>
          <div className="cw-chips">
            <span className="cw-muted cw-chip-label">Edit</span>
            {chip('mode', 'insert', 'Insert')}
            {chip('mode', 'overwrite', 'Overwrite')}
            {chip('videoTrack', 0, 'V1/A1')}
            {chip('videoTrack', 1, 'V2')}
          </div>
          <div className="cw-chips">
            <span className="cw-muted cw-chip-label">Proxy</span>
            {chip('attachProxy', false, 'No proxy')}
            {chip('attachProxy', true, 'Attach proxy to originals')}
          </div>
        </>
      )}
    </div>
  );
}
