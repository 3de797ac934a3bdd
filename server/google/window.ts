// Day windows of the Google operations: "today" in the account's time zone, the default and the limits of a
// `since`/`until` window, and whether the windows earlier imports covered answer a window entirely.
import { badRequest } from '../http/errors.ts';

export interface DayWindow {
  /** First day, inclusive (YYYY-MM-DD). */
  since: string;
  /** Last day, inclusive (YYYY-MM-DD). */
  until: string;
}

const DAY_MS = 86_400_000;

/** Today's date (YYYY-MM-DD) in an IANA time zone; UTC when the zone is unknown or missing. */
export function todayIn(timeZone: string | null | undefined, now: Date): string {
  const format = (zone: string) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  try {
    return format(timeZone || 'UTC');
  } catch {
    return format('UTC');
  }
}

const toMs = (date: string): number => Date.parse(`${date}T00:00:00Z`);

/** `2026-12-04` + 1 → `2026-12-05` (calendar days, no time zone involved). */
export function addDays(date: string, days: number): string {
  return new Date(toMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `since` to `until`, both inclusive. */
export function daysIn(window: DayWindow): number {
  return Math.round((toMs(window.until) - toMs(window.since)) / DAY_MS) + 1;
}

/**
 * The window a request asks for: `until` defaults to today, `since` to 29 days before `until` (30 days in all).
 * Refused (400): `until` after today, `since` after `until`, more than `maxDays` days.
 */
export function resolveWindow(
  query: { since?: string | undefined; until?: string | undefined },
  today: string,
  maxDays: number,
): DayWindow {
  const until = query.until ?? today;
  if (until > today) {
    throw badRequest(`until must not be later than today (${today} in the account's time zone)`, [
      { field: 'query.until', message: `must be ${today} or earlier`, code: 'maximum' },
    ]);
  }
  const since = query.since ?? addDays(until, -29);
  if (since > until) {
    throw badRequest('since must not be after until', [{ field: 'query.since', message: `must be ${until} or earlier`, code: 'maximum' }]);
  }
  const window = { since, until };
  if (daysIn(window) > maxDays) {
    throw badRequest(`The window may span at most ${maxDays} days (it spans ${daysIn(window)})`, [
      { field: 'query.since', message: `must be ${addDays(until, 1 - maxDays)} or later`, code: 'minimum' },
    ]);
  }
  return window;
}

/** Whether every day of `window` lies in at least one of `covered` (in any order, overlapping or not). */
export function windowCovered(window: DayWindow, covered: readonly DayWindow[]): boolean {
  let next = window.since;
  const sorted = [...covered].sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : 0));
  for (const w of sorted) {
    if (w.since > next) break;
    if (w.until >= next) next = addDays(w.until, 1);
    if (next > window.until) return true;
  }
  return next > window.until;
}
