import { AppError } from '@cutaway/shared';
import type { ArchiveRestoreStatus } from '../../ports/archive-storage';

/**
 * Reads HeadObject's `x-amz-restore` header. AWS documents two forms:
 *   ongoing-request="true"                                            a restore is running
 *   ongoing-request="false", expiry-date="Fri, 21 Dec 2012 00:00:00 GMT"   a restored copy exists until then
 * and no header at all when no restore was requested or its copy has expired. Fields are read by name,
 * in any order, so an extra field (some S3-compatible stores add one) does no harm. A restore that ended
 * without an expiry (S3 Intelligent-Tiering moves the object back for good) is restored with expiresAt null.
 */
export function parseRestoreHeader(value: string | undefined): ArchiveRestoreStatus {
  if (value === undefined || value.trim() === '') return { state: 'none', expiresAt: null };
  const fields = new Map<string, string>();
  for (const m of value.matchAll(/([A-Za-z-]+)\s*=\s*"([^"]*)"/g)) fields.set(m[1]!.toLowerCase(), m[2]!);
  const ongoing = fields.get('ongoing-request');
  if (ongoing === 'true') return { state: 'in_progress', expiresAt: null };
  if (ongoing === 'false') {
    const expiry = fields.get('expiry-date');
    if (expiry === undefined) return { state: 'restored', expiresAt: null };
    const at = new Date(expiry);
    if (!Number.isNaN(at.getTime())) return { state: 'restored', expiresAt: at.toISOString() };
  }
  throw new AppError('internal', `Unrecognised x-amz-restore header ${JSON.stringify(value.slice(0, 200))}`, { header: value.slice(0, 200) });
}
