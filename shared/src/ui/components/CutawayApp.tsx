import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Asset, Moment } from '../../schemas/index';
import { createActions, type Rendition } from '../actions/cutaway-actions';
import type { Host, NleItemRef } from '../host/host';
import { useConnection } from '../hooks/use-connection';
import { EMPTY_FILTERS, useSearch, type SavedSearch, type SearchFilters } from '../hooks/use-search';
import { userMessage } from '../errors';
import { AssetDetail } from './AssetDetail';
import { ConnectionBadge, ConnectionForm } from './ConnectionForm';
import { LiveActivity } from './LiveActivity';
import { LiveCuePanel } from './LiveCuePanel';
import { ResultsList, type MomentAction } from './ResultsList';
import { SearchBar } from './SearchBar';

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
}

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

type Op = { state: 'idle' } | { state: 'busy'; label: string; percent: number | null } | { state: 'done'; message: string } | { state: 'error'; message: string };

/** The whole UI over one injected host. Every action goes through createActions(host, client). */
export function CutawayApp({ host, networkHint, debounceMs = 250, defaultServerUrl, signInHint }: CutawayAppProps) {
  const conn = useConnection(host, networkHint);
  const { result, run } = useSearch(conn.client, conn.settings?.serverUrl);
  const [q, setQ] = useState('');
  const [filters, setFilters] = useState<SearchFilters>(EMPTY_FILTERS);
  const [saved, setSaved] = useState<SavedSearch[]>([]);
  const [prefs, setPrefs] = useState<ImportPrefs>(() => defaultPrefs(host));
  const [showSettings, setShowSettings] = useState(false);
  const [selected, setSelected] = useState<{ assetId: string; momentIndex: number } | null>(null);
  const [open, setOpen] = useState<{ asset: Asset; moment: Moment | null } | null>(null);
  const [op, setOp] = useState<Op>({ state: 'idle' });
  /** Whole files already on this machine, by asset: what can be dragged straight into the timeline. */
  const [local, setLocal] = useState<Record<string, { nativePath: string; name: string; mime: string }>>({});
  /** Clips imported in this session, by asset: where new review markers go when they arrive live. */
  const imported = useRef(new Map<string, { asset: Asset; item: NleItemRef; originMs: number }>());
  const searchInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void host.settings.load<SavedSearch[]>('savedSearches').then((s) => s && setSaved(s));
    void host.settings.load<ImportPrefs>('importPrefs').then((p) => p && setPrefs({ ...defaultPrefs(host), ...p }));
  }, [host]);

  useEffect(() => {
    const t = setTimeout(() => void run(q, filters), debounceMs);
    return () => clearTimeout(t);
  }, [q, filters, run, debounceMs]);

  const actions = useMemo(() => (conn.client && conn.settings ? createActions({ host, client: conn.client, connection: conn.settings }) : null), [host, conn.client, conn.settings]);

  const perform = useCallback(
    async (label: string, fn: (progress: (r: number, t: number | null) => void) => Promise<string>) => {
      setOp({ state: 'busy', label, percent: null });
      try {
        const message = await fn((r, t) => setOp({ state: 'busy', label, percent: t ? Math.round((r / t) * 100) : null }));
        setOp({ state: 'done', message });
      } catch (err) {
        setOp({ state: 'error', message: userMessage(err, conn.settings ? { serverUrl: conn.settings.serverUrl } : {}) });
      }
    },
    [conn.settings],
  );

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

  const hits = result.state === 'done' ? result.hits : [];
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
  const saveSearches = (list: SavedSearch[]) => {
    setSaved(list);
    void host.settings.save('savedSearches', list);
  };

  const connected = conn.status.state === 'ok' && conn.client;
  return (
    <div className="cw-app" onKeyDown={onKeyDown}>
      <header className="cw-header cw-row">
        <span className="cw-brand">Cutaway</span>
        <span className="cw-muted cw-ml cw-host">{host.label}</span>
        <span className="cw-grow" />
        <ConnectionBadge status={conn.status} />
        <button type="button" className="cw-button cw-small cw-ml" aria-expanded={showSettings || !connected} onClick={() => setShowSettings(!showSettings)}>
          Settings
        </button>
      </header>
      {(showSettings || (!connected && conn.status.state !== 'checking')) && (
        <div className="cw-panel">
          <ConnectionForm key={conn.settings?.serverUrl ?? 'new'} settings={conn.settings} status={conn.status} {...(defaultServerUrl ? { defaultServerUrl } : {})} onSave={(s) => void conn.save(s).then((r) => r.state === 'ok' && setShowSettings(false))} />
          {signInHint && conn.status.state !== 'ok' && <p className="cw-muted cw-hint">{signInHint}</p>}
          <ImportPrefsForm prefs={prefs} onChange={savePrefs} nle={Boolean(host.nle)} />
        </div>
      )}
      {connected && conn.client && (
        <>
          <SearchBar
            q={q}
            filters={filters}
            saved={saved}
            inputRef={searchInput}
            onQuery={setQ}
            onFilters={setFilters}
            onSave={(name) => saveSearches([...saved.filter((s) => s.name !== name), { name, q, filters }])}
            onOpenSaved={(s) => (setQ(s.q), setFilters(s.filters))}
            onDeleteSaved={(name) => saveSearches(saved.filter((s) => s.name !== name))}
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
              <AssetDetail key={open.asset.id} asset={open.asset} client={conn.client} moment={open.moment} actions={momentActions} onBack={() => setOpen(null)} />
            ) : result.state === 'idle' ? (
              <div className="cw-empty">Type what was said, shown or tagged — for example a name, a place or a quote. Press / to search, ↓ to walk the moments, Enter to {host.nle ? 'insert' : 'download'}.</div>
            ) : result.state === 'loading' && hits.length === 0 ? (
              <div className="cw-empty">Searching “{result.q}”…</div>
            ) : result.state === 'error' ? (
              <div className="cw-error" role="alert">
                {result.message}
              </div>
            ) : hits.length === 0 ? (
              <div className="cw-empty">Nothing matches “{result.q}”. Try fewer words, a prefix such as elec*, or clear the filters.</div>
            ) : (
              <ResultsList
                hits={hits}
                client={conn.client}
                actions={momentActions}
                selected={selected}
                onSelect={(assetId, momentIndex) => setSelected({ assetId, momentIndex })}
                onOpen={(asset, moment) => setOpen({ asset, moment })}
                dragData={(asset) => (host.nle && local[asset.id] ? host.nle.dragData(local[asset.id]!) : null)}
              />
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
    <div className={op.state === 'error' ? 'cw-error' : 'cw-op cw-ok'} role={op.state === 'error' ? 'alert' : 'status'}>
      {op.message}
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
