import { AppError } from '@cutaway/shared';

/** Opaque keyset cursors: base64url of a JSON array of the sort key. */
export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): Array<string | number> {
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === length && parts.every((p) => typeof p === 'string' || typeof p === 'number')) {
      return parts as Array<string | number>;
    }
  } catch {
    // fall through to the typed error below
  }
  throw new AppError('request.invalid', 'Invalid cursor', [{ path: ['cursor'], message: 'not a cursor from this API' }]);
}
