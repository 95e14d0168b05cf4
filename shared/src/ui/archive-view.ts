import type { Asset, RenditionKind, StorageReport, StorageTier } from '../schemas/index';

/** What `asset.restore_late` said about one asset (docs/archive.md "Restores with deadlines"). */
export interface LateWarning {
  neededBy: string;
  etaAt: string;
  reason: string;
}

export type ArchiveTone = 'ok' | 'busy' | 'warn' | 'cold' | 'error';

export interface ArchiveSummary {
  /** One line for people: where the original is and what it takes to use it. */
  label: string;
  /** Short badge text for result rows ("ARCHIVE", "RESTORING 40 %"); null for an online asset. */
  badge: string | null;
  tone: ArchiveTone;
  /** Progress of a restore or a tier move, when one is under way. */
  percent: number | null;
  /** The original can be read now (download, exact cut). */
  readable: boolean;
  /** A restore can be asked for now. */
  canRestore: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local wall-clock time: "14:05:09" today, "2026-12-07 09:00" on another day (24 h, as newsrooms plan air times). */
export function formatWhen(iso: string | null, now: Date = new Date()): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const sameDay = d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return sameDay ? `${time}:${pad(d.getSeconds())}` : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}

/** Where an asset's original is and what the restore is doing, from the asset as the API reports it. */
export function archiveSummary(asset: Pick<Asset, 'storageTier' | 'restore' | 'tierMove'>, now: Date = new Date()): ArchiveSummary {
  const { restore: r, tierMove: move } = asset;
  if (move && move.state !== 'failed') {
    return { label: `Moving the original to ${move.to} — ${Math.round(move.percent)} %`, badge: `MOVING ${Math.round(move.percent)} %`, tone: 'busy', percent: move.percent, readable: asset.storageTier !== 'archive', canRestore: false };
  }
  const moveFailed = move?.state === 'failed' ? ` The move to ${move.to} failed: ${move.error ?? 'unknown error'}.` : '';
  if (asset.storageTier === 'online') return { label: `Online: the original is readable at once.${moveFailed}`, badge: null, tone: moveFailed ? 'error' : 'ok', percent: null, readable: true, canRestore: false };
  if (asset.storageTier === 'nearline') return { label: `Nearline: the original is readable at once (cheaper storage).${moveFailed}`, badge: 'NEARLINE', tone: moveFailed ? 'error' : 'ok', percent: null, readable: true, canRestore: false };
  switch (r.state) {
    case 'requested':
      return { label: `Restore requested at ${formatWhen(r.requestedAt, now)} · expected ${formatWhen(r.etaAt, now)}`, badge: 'RESTORE REQUESTED', tone: 'busy', percent: r.percent ?? 0, readable: false, canRestore: true };
    case 'in_progress':
      return { label: `Restoring — ${Math.round(r.percent ?? 0)} % · expected ${formatWhen(r.etaAt, now)}`, badge: `RESTORING ${Math.round(r.percent ?? 0)} %`, tone: 'busy', percent: r.percent ?? 0, readable: false, canRestore: true };
    case 'restored':
      return { label: `Restored: the original is readable until ${formatWhen(r.expiresAt, now)}`, badge: 'RESTORED', tone: 'ok', percent: 100, readable: true, canRestore: false };
    case 'expired':
      return { label: `Archived: the restored copy expired${r.expiresAt ? ` at ${formatWhen(r.expiresAt, now)}` : ''}; restore it again to use the original.${moveFailed}`, badge: 'ARCHIVE · EXPIRED', tone: 'cold', percent: null, readable: false, canRestore: true };
    case 'failed':
      return { label: `Archived: the last restore failed; ask again.${moveFailed}`, badge: 'RESTORE FAILED', tone: 'error', percent: null, readable: false, canRestore: true };
    case 'not_needed':
      return { label: 'Archived: this storage keeps archived originals readable, no restore needed.', badge: 'ARCHIVE', tone: 'ok', percent: null, readable: true, canRestore: false };
    case 'none':
      return { label: `Archived: the proxy plays and can be cut; the original needs a restore first.${moveFailed}`, badge: 'ARCHIVE', tone: 'cold', percent: null, readable: false, canRestore: true };
  }
}

/**
 * The late warning to show, if any: from the `asset.restore_late` event when one came in, else from the
 * asset's own `restore.late` flag (so a page opened later still warns). None once the original is readable.
 */
export function lateWarning(asset: Pick<Asset, 'restore'>, event: LateWarning | null): LateWarning | null {
  const r = asset.restore;
  if (r.state !== 'requested' && r.state !== 'in_progress') return null;
  if (event) return event;
  if (r.late && r.neededBy && r.etaAt) return { neededBy: r.neededBy, etaAt: r.etaAt, reason: '' };
  return null;
}

/**
 * "Needed by" as people type it: `18:30` (today, or tomorrow when that has passed), `2026-12-07 09:00`,
 * `2026-12-07T09:00` or a full ISO time. Empty means no deadline. Throws a sentence on anything else.
 */
export function parseNeededBy(text: string, now: Date = new Date()): Date | null {
  const t = text.trim();
  if (!t) return null;
  const hm = /^(\d{1,2}):(\d{2})$/.exec(t);
  if (hm) {
    const [h, m] = [Number(hm[1]), Number(hm[2])];
    if (h > 23 || m > 59) throw new Error(`“${t}” is not a time of day`);
    const d = new Date(now.getFullYear(), now.getMonth(), now.getDate(), h, m);
    if (d.getTime() <= now.getTime()) d.setDate(d.getDate() + 1);
    return d;
  }
  const local = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})$/.exec(t);
  if (local) {
    const [y, mo, d, h, mi] = local.slice(1).map(Number) as [number, number, number, number, number];
    const date = new Date(y, mo - 1, d, h, mi);
    if (date.getMonth() !== mo - 1 || h > 23 || mi > 59) throw new Error(`“${t}” is not a date and time`);
    return date;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(t)) {
    const date = new Date(t);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new Error(`“${t}” is not a time: write 18:30 or 2026-12-07 09:00`);
}

// ---- the storage report as chart geometry (pure, so tests check it without a browser) ----

export const TIER_ORDER: readonly StorageTier[] = ['online', 'nearline', 'archive'];
export const KIND_ORDER: readonly RenditionKind[] = ['original', 'proxy', 'thumbnail', 'sprite', 'poster', 'preview'];
export const TIER_COLOR: Record<StorageTier, string> = { online: '#2d8ceb', nearline: '#b58cf0', archive: '#5fc4b8' };
export const KIND_COLOR: Record<RenditionKind, string> = { original: '#2d8ceb', proxy: '#e8a33c', thumbnail: '#d9637c', sprite: '#7fc25a', poster: '#b58cf0', preview: '#9aa7b5' };

export interface BarSegment {
  key: string;
  value: number;
  color: string;
  /** Offset and width in chart units (0…width). */
  x: number;
  w: number;
}
export interface BarRow {
  label: string;
  total: number;
  segments: BarSegment[];
}

/**
 * Rows of stacked bars on one shared scale: the largest row spans `width`. Segments keep their exact
 * values; a non-zero segment is at least `minW` wide so a few thumbnails beside large originals stay visible.
 */
export function stackedRows(rows: Array<{ label: string; parts: Array<{ key: string; value: number; color: string }> }>, width: number, minW = 2): BarRow[] {
  const max = Math.max(0, ...rows.map((r) => r.parts.reduce((n, p) => n + p.value, 0)));
  return rows.map((r) => {
    let x = 0;
    const segments: BarSegment[] = [];
    for (const p of r.parts) {
      if (p.value <= 0) continue;
      const w = max > 0 ? Math.max(minW, (p.value / max) * width) : 0;
      segments.push({ key: p.key, value: p.value, color: p.color, x, w });
      x += w;
    }
    // The minimum widths may push a full row past the scale: shrink it back to fit.
    if (x > width) {
      for (const s of segments) {
        s.x *= width / x;
        s.w *= width / x;
      }
    }
    return { label: r.label, total: r.parts.reduce((n, p) => n + p.value, 0), segments };
  });
}

/** Bytes or objects per tier, stacked by rendition kind, in a fixed tier and kind order. */
export function usageRows(report: StorageReport, measure: 'bytes' | 'objects', width: number): BarRow[] {
  return stackedRows(
    TIER_ORDER.map((tier) => {
      const t = report.tiers.find((x) => x.tier === tier);
      return { label: tier, parts: KIND_ORDER.map((kind) => ({ key: kind, value: t?.byRendition[kind]?.[measure] ?? 0, color: KIND_COLOR[kind] })) };
    }),
    width,
  );
}

/** Monthly cost: everything online, what the tiers cost now (stacked per tier), and the saving. */
export function costRows(report: StorageReport, width: number): BarRow[] {
  const perTier = TIER_ORDER.map((tier) => ({ key: tier, value: report.tiers.find((t) => t.tier === tier)?.monthlyCost ?? 0, color: TIER_COLOR[tier] }));
  return stackedRows(
    [
      { label: 'All online', parts: [{ key: 'all-online', value: report.allOnlineMonthlyCost, color: '#8a8a8a' }] },
      { label: 'With tiers', parts: perTier },
      { label: 'Saving', parts: [{ key: 'saving', value: Math.max(0, report.monthlySaving), color: '#3fb950' }] },
    ],
    width,
  );
}

/** Money at the precision small libraries need: 4 decimals under 1, 2 above (or as many as the caller fixes for a whole report). */
export function formatMoney(amount: number, currency: string, fixedDigits?: number): string {
  const digits = fixedDigits ?? (Math.abs(amount) < 1 ? 4 : 2);
  const symbol = currency === 'USD' ? '$' : currency === 'EUR' ? '€' : currency === 'GBP' ? '£' : `${currency} `;
  return `${amount < 0 ? '−' : ''}${symbol}${Math.abs(amount).toFixed(digits)}`;
}

/** Whole numbers with thin grouping (12 345 678): exact, readable and locale-independent. */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
}

/** Sizes in decimal units (1 GB = 10⁹ bytes), the way S3 bills them. */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ${units[i]}`;
}

/** A unit price as configured, never rounded ($0.00099 stays $0.00099). */
export function formatPrice(amount: number, currency: string): string {
  return formatMoney(1, currency).replace(/[\d.]+$/, '') + String(amount);
}
