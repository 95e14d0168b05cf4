import { useState } from 'react';
import type { AssetType, MomentKind } from '../../schemas/index';
import { KIND_LABEL } from '../format';
import type { SavedSearch, SearchFilters } from '../hooks/use-search';

const KINDS: MomentKind[] = ['speech', 'ocr', 'shot', 'tag', 'marker'];
const TYPES: AssetType[] = ['video', 'audio', 'image', 'document'];

export interface SearchBarProps {
  q: string;
  filters: SearchFilters;
  saved: SavedSearch[];
  onQuery(q: string): void;
  onFilters(f: SearchFilters): void;
  onSave(name: string): void;
  onOpenSaved(s: SavedSearch): void;
  onDeleteSaved(name: string): void;
  inputRef?: React.Ref<HTMLInputElement>;
  onKeyDown?: (e: React.KeyboardEvent<HTMLInputElement>) => void;
}

const toggle = <T,>(list: T[], v: T): T[] => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);

/**
 * The search field plus filters. Chips instead of <select>: UXP ignores <select value> (adobe.md
 * "UXP is not a browser"), and chips are one keystroke each.
 */
export function SearchBar(p: SearchBarProps) {
  const [open, setOpen] = useState(false);
  const active = p.filters.kind.length + p.filters.type.length + p.filters.tags.length + (p.filters.from ? 1 : 0) + (p.filters.to ? 1 : 0);
  return (
    <div className="cw-search">
      <div className="cw-row">
        <input
          ref={p.inputRef}
          className="cw-input cw-grow"
          type="search"
          aria-label="Search the archive"
          placeholder="Search what was said, shown or tagged…  ( / )"
          value={p.q}
          onChange={(e) => p.onQuery(e.target.value)}
          onKeyDown={p.onKeyDown}
        />
        <button className="cw-button" type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          Filters{active ? ` (${active})` : ''}
        </button>
      </div>
      {open && (
        <div className="cw-filters" aria-label="Filters">
          <div className="cw-chips" role="group" aria-label="Moment kind">
            {KINDS.map((k) => (
              <button key={k} type="button" className={`cw-chip${p.filters.kind.includes(k) ? ' cw-on' : ''}`} aria-pressed={p.filters.kind.includes(k)} onClick={() => p.onFilters({ ...p.filters, kind: toggle(p.filters.kind, k) })}>
                {KIND_LABEL[k]}
              </button>
            ))}
          </div>
          <div className="cw-chips" role="group" aria-label="Asset type">
            {TYPES.map((t) => (
              <button key={t} type="button" className={`cw-chip${p.filters.type.includes(t) ? ' cw-on' : ''}`} aria-pressed={p.filters.type.includes(t)} onClick={() => p.onFilters({ ...p.filters, type: toggle(p.filters.type, t) })}>
                {t}
              </button>
            ))}
          </div>
          <div className="cw-row">
            <input className="cw-input cw-grow" aria-label="Tags (comma separated)" placeholder="tags, comma separated" value={p.filters.tags.join(', ')} onChange={(e) => p.onFilters({ ...p.filters, tags: e.target.value.split(',').map((t) => t.trim()).filter(Boolean) })} />
          </div>
          <div className="cw-row">
            <input className="cw-input cw-grow" aria-label="From date" placeholder="from yyyy-mm-dd" value={p.filters.from} onChange={(e) => p.onFilters({ ...p.filters, from: e.target.value })} />
            <input className="cw-input cw-grow cw-ml" aria-label="To date" placeholder="to yyyy-mm-dd" value={p.filters.to} onChange={(e) => p.onFilters({ ...p.filters, to: e.target.value })} />
          </div>
          <div className="cw-row">
            <button className="cw-button" type="button" disabled={!p.q.trim()} onClick={() => p.onSave(p.q.trim())}>
              Save this search
            </button>
          </div>
        </div>
      )}
      {p.saved.length > 0 && (
        <div className="cw-chips" aria-label="Saved searches">
          {p.saved.map((s) => (
            <span key={s.name} className="cw-saved">
              <button type="button" className="cw-chip" onClick={() => p.onOpenSaved(s)}>
                ★ {s.name}
              </button>
              <button type="button" className="cw-chip cw-chip-x" aria-label={`Delete saved search ${s.name}`} onClick={() => p.onDeleteSaved(s.name)}>
                ×
              </button>
            </span>
          ))}
        </div>
      )}
    </div>
  );
}
