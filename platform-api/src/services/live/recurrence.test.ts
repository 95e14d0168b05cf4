import { describe, expect, it } from 'vitest';
import { nextOccurrence } from './recurrence';

const utc = (s: string) => Date.parse(s);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('scheduled recording occurrences', () => {
  it('once: the start, then nothing', () => {
    const s = { startMs: utc('2026-12-07T18:00:00Z'), recurrence: { freq: 'once' as const, timeZone: 'UTC' } };
    expect(iso(nextOccurrence(s, utc('2026-12-06T00:00:00Z')))).toBe('2026-12-07T18:00:00.000Z');
    expect(nextOccurrence(s, utc('2026-12-07T18:00:01Z'))).toBeNull();
  });

  it('daily keeps the local time across a DST change (Europe/Oslo, 2027-03-28)', () => {
    // 18:00 in Oslo is 17:00Z in winter (CET) and 16:00Z in summer (CEST).
    const s = { startMs: utc('2027-03-26T17:00:00Z'), recurrence: { freq: 'daily' as const, timeZone: 'Europe/Oslo' } };
    let at = s.startMs;
    const got: Array<string | null> = [];
    for (let i = 0; i < 4; i++) {
      got.push(iso(at));
      at = nextOccurrence(s, at + 1)!;
    }
    expect(got).toEqual(['2027-03-26T17:00:00.000Z', '2027-03-27T17:00:00.000Z', '2027-03-28T16:00:00.000Z', '2027-03-29T16:00:00.000Z']);
  });

  it('weekly on listed days in a zone west of UTC, until inclusive', () => {
    // Mondays and Thursdays 21:30 in New York (EST, UTC-5): 02:30Z the next day.
    const s = { startMs: utc('2026-12-08T02:30:00Z'), recurrence: { freq: 'weekly' as const, days: ['MO' as const, 'TH' as const], timeZone: 'America/New_York', until: '2026-12-18T00:00:00Z' } };
    const a = nextOccurrence(s, s.startMs + 1);
    const b = nextOccurrence(s, a! + 1);
    const c = nextOccurrence(s, b! + 1);
    expect([iso(a), iso(b), c]).toEqual(['2026-12-11T02:30:00.000Z', '2026-12-15T02:30:00.000Z', null]);
  });
});
