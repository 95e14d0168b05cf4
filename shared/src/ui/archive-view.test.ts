import { describe, expect, it } from 'vitest';
import { NO_RESTORE, type Asset, type StorageReport } from '../schemas/index';
import { archiveSummary, costRows, formatMoney, formatPrice, formatSize, lateWarning, parseNeededBy, stackedRows, usageRows } from './archive-view';

const NOW = new Date(2026, 11, 6, 14, 0, 0); // local time: the parser works in the user's zone
type ArchiveBits = Pick<Asset, 'storageTier' | 'restore' | 'tierMove'>;
const archived = (restore: Partial<Asset['restore']> = {}): ArchiveBits => ({ storageTier: 'archive', restore: { ...NO_RESTORE, ...restore }, tierMove: null });

describe('archiveSummary', () => {
  it('says what each restore state means and when the original can be used', () => {
    expect(archiveSummary({ storageTier: 'online', restore: NO_RESTORE, tierMove: null }, NOW)).toMatchObject({ badge: null, readable: true, canRestore: false });
    expect(archiveSummary(archived(), NOW)).toMatchObject({ badge: 'ARCHIVE', readable: false, canRestore: true });
    const eta = new Date(2026, 11, 6, 14, 30, 5).toISOString();
    const p = archiveSummary(archived({ state: 'in_progress', percent: 42.4, etaAt: eta }), NOW);
    expect(p).toMatchObject({ badge: 'RESTORING 42 %', percent: 42.4, tone: 'busy', readable: false });
    expect(p.label).toBe('Restoring — 42 % · expected 14:30:05');
    const until = new Date(2026, 11, 9, 8, 0).toISOString();
    expect(archiveSummary(archived({ state: 'restored', percent: 100, expiresAt: until }), NOW)).toMatchObject({ label: 'Restored: the original is readable until 2026-12-09 08:00', readable: true, canRestore: false });
    expect(archiveSummary(archived({ state: 'expired', expiresAt: until }), NOW)).toMatchObject({ badge: 'ARCHIVE · EXPIRED', canRestore: true });
    expect(archiveSummary(archived({ state: 'not_needed' }), NOW)).toMatchObject({ readable: true, canRestore: false });
    expect(archiveSummary({ storageTier: 'online', restore: NO_RESTORE, tierMove: { to: 'archive', state: 'moving', jobId: 'j1', percent: 60, error: null } }, NOW)).toMatchObject({ badge: 'MOVING 60 %', percent: 60 });
  });

  it('warns about a late restore from the event, or from the asset alone, and not once it is readable', () => {
    const ev = { neededBy: '2026-12-06T18:00:00.000Z', etaAt: '2026-12-06T20:00:00.000Z', reason: 'r' };
    expect(lateWarning(archived({ state: 'in_progress' }), ev)).toBe(ev);
    expect(lateWarning(archived({ state: 'requested', late: true, neededBy: ev.neededBy, etaAt: ev.etaAt }), null)).toEqual({ neededBy: ev.neededBy, etaAt: ev.etaAt, reason: '' });
    expect(lateWarning(archived({ state: 'in_progress', late: false }), null)).toBeNull();
    expect(lateWarning(archived({ state: 'restored' }), ev)).toBeNull();
  });
});

describe('parseNeededBy', () => {
  it('reads the times people type and refuses anything else with a sentence', () => {
    expect(parseNeededBy('', NOW)).toBeNull();
    expect(parseNeededBy('18:30', NOW)).toEqual(new Date(2026, 11, 6, 18, 30));
    expect(parseNeededBy('09:00', NOW)).toEqual(new Date(2026, 11, 7, 9, 0)); // already past today: tomorrow
    expect(parseNeededBy('2026-12-24 06:15', NOW)).toEqual(new Date(2026, 11, 24, 6, 15));
    expect(parseNeededBy('2026-12-24T06:15:00Z', NOW)).toEqual(new Date('2026-12-24T06:15:00Z'));
    expect(() => parseNeededBy('25:00', NOW)).toThrow(/not a time of day/);
    expect(() => parseNeededBy('2026-02-30 10:00', NOW)).toThrow(/not a date and time/);
    expect(() => parseNeededBy('soon', NOW)).toThrow(/write 18:30/);
  });
});

const REPORT: StorageReport = {
  generatedAt: '2026-12-06T12:00:00.000Z',
  currency: 'USD',
  prices: { perGbMonth: { online: 0.023, nearline: 0.004, archive: 0.00099 }, restorePerGb: { online: 0, nearline: 0.03, archive: 0.02 }, source: 's' },
  tiers: [
    { tier: 'online', objects: 5, bytes: 3_000_000, monthlyCost: 0.000069, byRendition: { original: { objects: 1, bytes: 2_000_000 }, proxy: { objects: 2, bytes: 990_000 }, thumbnail: { objects: 2, bytes: 10_000 } } },
    { tier: 'nearline', objects: 0, bytes: 0, monthlyCost: 0, byRendition: {} },
    { tier: 'archive', objects: 1, bytes: 6_000_000, monthlyCost: 0.0000059, byRendition: { original: { objects: 1, bytes: 6_000_000 } } },
  ],
  total: { objects: 6, bytes: 9_000_000, monthlyCost: 0.0001 },
  allOnlineMonthlyCost: 0.0002,
  monthlySaving: 0.0001,
  savingPercent: 50,
  restoresThisMonth: { count: 1, bytes: 6_000_000, cost: 0.0001 },
};

describe('chart geometry', () => {
  it('puts every tier on one scale, segments in kind order, exact values kept', () => {
    const rows = usageRows(REPORT, 'bytes', 400);
    expect(rows.map((r) => [r.label, r.total])).toEqual([['online', 3_000_000], ['nearline', 0], ['archive', 6_000_000]]);
    expect(rows[2]!.segments).toEqual([{ key: 'original', value: 6_000_000, color: expect.any(String), x: 0, w: 400 }]);
    const online = rows[0]!.segments;
    expect(online.map((s) => s.key)).toEqual(['original', 'proxy', 'thumbnail']);
    expect(online[0]!.w).toBeCloseTo(400 / 3);
    expect(online[1]!.x).toBeCloseTo(online[0]!.w);
    expect(online[2]!.w).toBe(2); // 10 kB beside 6 MB would be invisible: the minimum width
    expect(rows[1]!.segments).toEqual([]);
  });

  it('keeps a row with minimum-width segments inside the scale', () => {
    const rows = stackedRows([{ label: 'x', parts: [{ key: 'a', value: 1000, color: '' }, { key: 'b', value: 1, color: '' }] }], 100, 5);
    const end = rows[0]!.segments.reduce((n, s) => Math.max(n, s.x + s.w), 0);
    expect(end).toBeCloseTo(100);
  });

  it('compares all-online, the tiers and the saving on one money scale', () => {
    const rows = costRows(REPORT, 200);
    expect(rows.map((r) => r.label)).toEqual(['All online', 'With tiers', 'Saving']);
    expect(rows[0]!.segments[0]!.w).toBe(200);
    expect(rows[2]!.segments[0]!.w).toBeCloseTo(100);
  });

  it('formats money, prices and sizes the way the report bills them', () => {
    expect(formatMoney(0.00012, 'USD')).toBe('$0.0001');
    expect(formatMoney(1234.5, 'EUR')).toBe('€1234.50');
    expect(formatPrice(0.00099, 'USD')).toBe('$0.00099');
    expect(formatPrice(0.5, 'CHF')).toBe('CHF 0.5');
    expect(formatSize(999)).toBe('999 B');
    expect(formatSize(6_000_000)).toBe('6.00 MB');
    expect(formatSize(123_400_000_000)).toBe('123 GB');
  });
});
