import type { ConnectionSettings, SettingsStore } from './host';

/** The part of localStorage/sessionStorage we use; UXP's localStorage has the same shape. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Settings kept in a Web Storage (UXP localStorage for panels, a tab's sessionStorage for the console). */
export function createWebStorageSettings(storage: StorageLike, prefix = 'cutaway.'): SettingsStore {
  const read = <T,>(key: string): T | null => {
    const raw = storage.getItem(prefix + key);
    if (raw === null) return null;
    try {
      return JSON.parse(raw) as T;
    } catch {
      return null;
    }
  };
  return {
    loadConnection: async () => {
      const c = read<ConnectionSettings>('connection');
      return c && typeof c.serverUrl === 'string' && typeof c.token === 'string' ? c : null;
    },
    saveConnection: async (s) => storage.setItem(`${prefix}connection`, JSON.stringify(s)),
    load: async <T,>(key: string) => read<T>(key),
    save: async (key, value) => storage.setItem(prefix + key, JSON.stringify(value)),
  };
}

/** For tests and fakes. */
export function createMemorySettings(initial: ConnectionSettings | null = null): SettingsStore {
  const map = new Map<string, string>();
  if (initial) map.set('cutaway.connection', JSON.stringify(initial));
  return createWebStorageSettings({ getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) });
}
