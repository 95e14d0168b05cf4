import { useEffect, useState } from 'react';
import type { SettingsStore } from '../host/host';
import { EMPTY_FILTERS, type SavedSearch, type SearchFilters } from './use-search';

/**
 * The search box's state every app has: query, filters, saved searches (kept in the host's settings) and
 * search-as-you-type after `debounceMs`.
 */
export function useSearchBox(settings: SettingsStore, run: (q: string, filters: SearchFilters) => unknown, debounceMs: number) {
  const [q, setQ] = useState('');
  const [filters, setFilters] = useState<SearchFilters>(EMPTY_FILTERS);
  const [saved, setSaved] = useState<SavedSearch[]>([]);

  useEffect(() => {
    void settings.load<SavedSearch[]>('savedSearches').then((s) => s && setSaved(s));
  }, [settings]);
  useEffect(() => {
    const t = setTimeout(() => void run(q, filters), debounceMs);
    return () => clearTimeout(t);
  }, [q, filters, run, debounceMs]);

  const keep = (list: SavedSearch[]) => {
    setSaved(list);
    void settings.save('savedSearches', list);
  };
  /** The props SearchBar takes for query, filters and saved searches. */
  const barProps = {
    q,
    filters,
    saved,
    onQuery: setQ,
    onFilters: setFilters,
    onSave: (name: string) => keep([...saved.filter((s) => s.name !== name), { name, q, filters }]),
    onOpenSaved: (s: SavedSearch) => {
      setQ(s.q);
      setFilters(s.filters);
    },
    onDeleteSaved: (name: string) => keep(saved.filter((s) => s.name !== name)),
  };
  return { q, filters, barProps };
}
