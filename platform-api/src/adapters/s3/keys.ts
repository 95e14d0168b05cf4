import { resolveKey, resolvePrefix } from '../common/object-keys';

/**
 * resolveKey/resolvePrefix are pure path arithmetic (no filesystem access); against a fixed anchor they are
 * exactly local-fs's key rules. Using the same rules on both engines keeps every key portable between them,
 * so objects can be migrated either way.
 */
const ANCHOR = '/';

/** Throws `storage.key_invalid` unless `key` is a valid storage key. */
export function checkKey(key: string): string {
  resolveKey(ANCHOR, key);
  return key;
}

/** Validates a deletePrefix argument and returns it without its trailing slash; the empty prefix is refused. */
export function checkPrefix(prefix: string): string {
  resolvePrefix(ANCHOR, prefix);
  return prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
}
