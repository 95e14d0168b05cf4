import { WEEKDAYS, type LiveRecurrence } from '@cutaway/shared';

/**
 * Occurrences of a scheduled recording (pure, no I/O). The local wall-clock time of the first start in the
 * recurrence's time zone is repeated on each local date (daily) or each listed weekday (weekly); local times are
 * turned into instants through the zone's offset at that moment (Intl, IANA tz database), so DST moves the
 * instant, not the local time. A local time that does not exist (spring-forward gap) lands one offset later.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
function fmt(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

interface Local { y: number; m: number; d: number; h: number; mi: number; s: number }

export function localParts(ms: number, timeZone: string): Local {
  const p = Object.fromEntries(fmt(timeZone).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour) % 24, mi: Number(p.minute), s: Number(p.second) };
}

/** The zone's offset from UTC at instant `ms`, in ms (whole seconds). */
function offsetAt(ms: number, timeZone: string): number {
  const l = localParts(ms, timeZone);
  return Date.UTC(l.y, l.m - 1, l.d, l.h, l.mi, l.s) - Math.floor(ms / 1000) * 1000;
}

/** The instant a local wall-clock time has in the zone. */
export function zonedToUtc(l: Local, ms: number, timeZone: string): number {
  const guess = Date.UTC(l.y, l.m - 1, l.d, l.h, l.mi, l.s, ms);
  const first = guess - offsetAt(guess, timeZone);
  const second = guess - offsetAt(first, timeZone);
  return second;
}

export interface Series {
  startMs: number;
  recurrence: LiveRecurrence;
}

/** The first occurrence starting at or after `fromMs`, or null when the series has none left. */
export function nextOccurrence(series: Series, fromMs: number): number | null {
  const { startMs, recurrence: r } = series;
  const untilMs = r.until ? Date.parse(r.until) : Infinity;
  if (r.freq === 'once') return startMs >= fromMs && startMs <= untilMs ? startMs : null;
  if (fromMs <= startMs) return startMs <= untilMs ? startMs : null;
  const first = localParts(startMs, r.timeZone);
  const subMs = startMs % 1000;
  const days = new Set(r.freq === 'weekly' ? r.days ?? [] : WEEKDAYS);
  // Walk local dates from the day before `fromMs` (a zone ahead of UTC) for at most eight days beyond a week.
  const from = localParts(fromMs, r.timeZone);
  for (let i = -1; i < 9; i++) {
    const date = new Date(Date.UTC(from.y, from.m - 1, from.d + i));
    const weekday = WEEKDAYS[(date.getUTCDay() + 6) % 7]!;
    if (!days.has(weekday)) continue;
    const at = zonedToUtc({ y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate(), h: first.h, mi: first.mi, s: first.s }, subMs, r.timeZone);
    if (at < fromMs || at < startMs) continue;
    return at <= untilMs ? at : null;
  }
  return null;
}
