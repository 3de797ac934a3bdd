// Calendar helpers on plain `YYYY-MM-DD` strings in UTC. Both fakes keep one "today" so seeded daily metrics,
// date presets and DURING literals agree with each other (real accounts use their own time zone — see README gaps).

export type IsoDate = string;

const DAY_MS = 86_400_000;

export function toIsoDate(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function parseIsoDate(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(ms) || toIsoDate(ms) !== text) return undefined;
  return ms;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const ms = parseIsoDate(date);
  if (ms === undefined) throw new Error(`not a date: ${date}`);
  return toIsoDate(ms + days * DAY_MS);
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round(((parseIsoDate(b) ?? 0) - (parseIsoDate(a) ?? 0)) / DAY_MS);
}

/** Every date from `since` to `until`, both inclusive. */
export function dateRange(since: IsoDate, until: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = since; d <= until; d = addDays(d, 1)) out.push(d);
  return out;
}

export function startOfMonth(date: IsoDate): IsoDate {
  return `${date.slice(0, 7)}-01`;
}

export function endOfMonth(date: IsoDate): IsoDate {
  return addDays(startOfMonth(addDays(startOfMonth(date), 32)), -1);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: IsoDate): number {
  return new Date(parseIsoDate(date) ?? 0).getUTCDay();
}

/** Meta's timestamp format: `2026-07-01T10:12:00+0000`. */
export function metaTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+0000`;
}

/** "Monday, 10-Aug-15 01:00:00 PDT"-style stamp used in Meta's expired-session message (always UTC here). */
export function metaSessionStamp(ms: number): string {
  const d = new Date(ms);
  const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${pad(d.getUTCDate())}-${months[d.getUTCMonth()]}-${pad(d.getUTCFullYear() % 100)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

/** The later / earlier of two ISO dates (string order is date order for YYYY-MM-DD). */
export function laterDate(a: IsoDate, b: IsoDate): IsoDate {
  return a.localeCompare(b) >= 0 ? a : b;
}

export function earlierDate(a: IsoDate, b: IsoDate): IsoDate {
  return a.localeCompare(b) <= 0 ? a : b;
}
