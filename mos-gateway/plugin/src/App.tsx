import { useEffect, useMemo, useRef, useState } from 'react';
import type { Asset, MediaLinks, Moment } from '@cutaway/shared';
import { CutawayClient } from '@cutaway/shared/client';
import { EMPTY_FILTERS, ProxyPlayer, ResultsList, SearchBar, useSearch, type SearchFilters } from '@cutaway/shared/ui';
import type { MessageOf } from '../../src/codec/index';
import type { HostLink } from './host-link';
import { buildNcsItem, ncsItemXml, type Range } from './ncs-item';
import { LiveSection } from './LiveSection';

interface Selection {
  asset: Asset;
  range: Range | null;
  label?: string;
}

/**
 * The HTML5 MOS plug-in (MOS 2.8.5 §5): search Cutaway with time-coded moments, preview the proxy,
 * pick a moment or mark in/out, then drag the item into the story (or send it). All actions go
 * through the shared client against the gateway's read-only proxy; no token lives in the page.
 */
export function App({ host, mosId, apiBase }: { host: HostLink; mosId: string; apiBase: string }) {
  const client = useMemo(() => new CutawayClient({ baseUrl: apiBase }), [apiBase]);
  const { result, run } = useSearch(client);
  const [q, setQ] = useState('');
  const [filters, setFilters] = useState<SearchFilters>(EMPTY_FILTERS);
  const [context, setContext] = useState<MessageOf<'ncsAppInfo'> | null>(null);
  const [selected, setSelected] = useState<{ assetId: string; momentIndex: number } | null>(null);
  const [pick, setPick] = useState<Selection | null>(null);
  const [marks, setMarks] = useState<{ inMs: number | null; outMs: number | null }>({ inMs: null, outMs: null });
  const [links, setLinks] = useState<Record<string, MediaLinks>>({});
  const [sent, setSent] = useState<string | null>(null);
  const pickRef = useRef<Selection | null>(null);
  pickRef.current = pick;

  // Speak first: the host queues everything until ncsReqAppInfo (§5.1.2).
  useEffect(() => {
    const off = host.on((m, reply) => {
      if (m.type === 'ncsAppInfo') setContext(m);
      else if (m.type === 'ncsItemRequest') {
        const p = pickRef.current;
        if (p) reply({ type: 'ncsItem', item: buildNcsItem({ asset: p.asset, links: linksRef.current[p.asset.id] ?? null, mosId, range: p.range, ...(p.label ? { label: p.label } : {}) }) });
        else reply({ type: 'ncsAck', status: 'ERROR', statusDescription: 'Nothing selected in the Cutaway plug-in' });
      }
    });
    host.send({ type: 'ncsReqAppInfo' });
    return off;
  }, [host, mosId]);

  const linksRef = useRef(links);
  linksRef.current = links;
  // Signed paths for every hit, fetched ahead: dragstart must build the payload synchronously.
  useEffect(() => {
    if (result.state !== 'done') return;
    for (const h of result.hits) {
      if (linksRef.current[h.asset.id]) continue;
      client.mediaLinks(h.asset.id).then((l) => setLinks((prev) => ({ ...prev, [h.asset.id]: l })), () => undefined);
    }
  }, [result, client]);

  const itemFor = (asset: Asset, range: Range | null, label?: string) => buildNcsItem({ asset, links: links[asset.id] ?? null, mosId, range, ...(label ? { label } : {}) });
  const momentRange = (m: Moment | null): Range | null => (m ? { inMs: m.startMs, outMs: Math.max(m.endMs, m.startMs + 1) } : null);
  const marked: Range | null = marks.inMs !== null && marks.outMs !== null && marks.outMs > marks.inMs ? { inMs: marks.inMs, outMs: marks.outMs } : null;
  const current: Selection | null = pick ? { ...pick, range: marked ?? pick.range } : null;

  const send = () => {
    if (!current) return;
    host.send({ type: 'ncsItem', item: itemFor(current.asset, current.range, current.label) });
    setSent(current.asset.title);
  };

  return (
    <div className="cw-app mp-app">
      <div className="cw-row cw-header">
        <span className="cw-brand">Cutaway</span>
        <span className="cw-grow cw-muted cw-ml" data-testid="context">
          {context ? `${context.product ?? 'NRCS'} · ${context.userId ?? 'user'} · ${context.runContext ?? 'BROWSE'}${context.storyId ? ` · story ${context.storyId}` : ''}` : host.embedded ? 'waiting for the newsroom system…' : 'not inside a newsroom system (open with ?origin=)'}
        </span>
      </div>
      <LiveSection client={client} host={host} mosId={mosId} context={context} />
      <div className="cw-panel">
        <SearchBar q={q} filters={filters} saved={[]} onQuery={(v) => { setQ(v); void run(v, filters); }} onFilters={(f) => { setFilters(f); void run(q, f); }} onSave={() => undefined} onOpenSaved={() => undefined} onDeleteSaved={() => undefined} />
      </div>
      <div className="cw-main">
        {result.state === 'error' && <div className="cw-pad cw-error">{result.message}</div>}
        {result.state === 'done' && result.hits.length === 0 && <div className="cw-pad cw-muted">Nothing found for “{result.q}”.</div>}
        {result.state === 'done' && (
          <ResultsList
            hits={result.hits}
            client={client}
            selected={selected}
            actions={[{ id: 'pick', label: 'Use', primary: true, run: (a, m) => { setPick({ asset: a, range: momentRange(m), ...(m ? { label: m.text.slice(0, 40) } : {}) }); setMarks({ inMs: m?.startMs ?? null, outMs: m?.endMs ?? null }); } }]}
            onSelect={(assetId, momentIndex) => setSelected({ assetId, momentIndex })}
            onOpen={(a, m) => { setPick({ asset: a, range: momentRange(m), ...(m ? { label: m.text.slice(0, 40) } : {}) }); setMarks({ inMs: m?.startMs ?? null, outMs: m?.endMs ?? null }); }}
            dragData={(a, m) => [{ format: 'text', data: ncsItemXml(itemFor(a, momentRange(m), m?.text.slice(0, 40))) }]}
          />
        )}
      </div>
      {current && (
        <div className="cw-panel mp-pick" data-testid="pick">
          <ProxyPlayer asset={current.asset} client={client} seekMs={current.range?.inMs ?? null} marks={marks} onMarks={setMarks} />
          <div className="cw-row mp-drag-row">
            <div
              className="mp-drag"
              draggable
              data-testid="drag"
              onDragStart={(e) => {
                e.dataTransfer.effectAllowed = 'copy';
                e.dataTransfer.setData('text', ncsItemXml(itemFor(current.asset, current.range, current.label)));
              }}
            >
              ⠿ Drag “{current.asset.title}”{current.range ? ` ${(current.range.inMs / 1000).toFixed(1)}–${(current.range.outMs / 1000).toFixed(1)} s` : ''} into the story
            </div>
            <button type="button" className="cw-button cw-primary cw-ml" disabled={!host.embedded} onClick={send} data-testid="send">Send to story</button>
          </div>
          {sent && <div className="cw-muted cw-pad">Sent “{sent}” to the story.</div>}
        </div>
      )}
    </div>
  );
}
