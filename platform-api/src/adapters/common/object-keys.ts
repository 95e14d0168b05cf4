import { isAbsolute, relative, resolve } from 'node:path';
import { AppError } from '@cutaway/shared';
import { KEY_PATTERN } from '../../ports/object-storage';

/** Longer keys are refused outright; generated keys are far shorter. */
export const MAX_KEY_LENGTH = 512;
/** NAME_MAX is 255 bytes; keep room for the `.part-<16 hex>` suffix of an upload in progress. */
const MAX_SEGMENT_LENGTH = 200;
/** Suffix of an upload in progress. Keys may not contain it, so the sweeper never meets a real object. */
export const PART_MARKER = '.part-';
export const PART_FILE = /\.part-[0-9a-f]{16}$/;

function invalid(key: string, reason: string): AppError {
  // Keys can hold control characters here; JSON.stringify keeps the message printable.
  return new AppError('storage.key_invalid', `Invalid storage key ${JSON.stringify(key.slice(0, 80))}: ${reason}`, { reason });
}

/**
 * Maps a key to its file under `root`. KEY_PATTERN alone already rules out `..`, absolute paths,
 * empty segments, NUL and backslashes; the resolve + relative check is the belt to those braces.
 */
export function resolveKey(root: string, key: string): string {
  if (typeof key !== 'string' || key.length === 0) throw invalid(String(key), 'empty');
  if (key.length > MAX_KEY_LENGTH) throw invalid(key, `longer than ${MAX_KEY_LENGTH} characters`);
  if (!KEY_PATTERN.test(key)) throw invalid(key, 'does not match the key pattern');
  for (const segment of key.split('/')) {
    if (segment.length > MAX_SEGMENT_LENGTH) throw invalid(key, `segment longer than ${MAX_SEGMENT_LENGTH} characters`);
    if (segment.includes(PART_MARKER)) throw invalid(key, `"${PART_MARKER}" is reserved for uploads in progress`);
  }
  const full = resolve(root, key);
  const rel = relative(root, full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw invalid(key, 'escapes the storage root');
  return full;
}

/** A prefix is a key with an optional trailing slash; the empty prefix (everything) is refused. */
export function resolvePrefix(root: string, prefix: string): string {
  const trimmed = typeof prefix === 'string' && prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (!trimmed) throw invalid(String(prefix), 'refusing to delete with an empty prefix');
  return resolveKey(root, trimmed);
}
