// Days as Meta counts them: ISO dates (`YYYY-MM-DD`) in the ad account's time zone, windows inclusive at both ends.
// Pure functions, so the import's window rules and the insights presets are unit-tested without a server.

export type IsoDate = string;

export interface DayWindow {
  since: IsoDate;
  until: IsoDate;
}

const DAY_MS = 86_400_000;

const toMs = (day: IsoDate): number => Date.parse(`${day}T00:00:00Z`);
const fromMs = (ms: number): IsoDate => new Date(ms).toISOString().slice(0, 10);

/** Today in the time zone (an IANA name); UTC when the name is unknown. */
export function todayIn(timezone: string | null | undefined, now: Date): IsoDate {
  try {
    // en-CA formats dates as YYYY-MM-DD.
    return new Intl.DateTimeFormat('en-CA', { timeZone: timezone || 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

export function addDays(day: IsoDate, days: number): IsoDate {
  return fromMs(toMs(day) + days * DAY_MS);
}

/** How many days the window holds (both ends included). */
export function daysIn(window: DayWindow): number {
  return Math.round((toMs(window.until) - toMs(window.since)) / DAY_MS) + 1;
}

/** The same day 37 months before `today` (clamped to the month's end): Meta keeps no older insights. */
export function earliestInsightsDay(today: IsoDate): IsoDate {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const monthIndex = y * 12 + (m - 1) - 37;
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

export type DatePreset =
  | 'today'
  | 'yesterday'
  | 'last_3d'
  | 'last_7d'
  | 'last_14d'
  | 'last_28d'
  | 'last_30d'
  | 'last_90d'
  | 'this_week_mon_today'
  | 'this_week_sun_today'
  | 'last_week_mon_sun'
  | 'last_week_sun_sat'
  | 'this_month'
  | 'last_month'
  | 'this_quarter'
  | 'last_quarter'
  | 'this_year'
  | 'last_year';

const startOfMonth = (day: IsoDate): IsoDate => `${day.slice(0, 7)}-01`;
const startOfQuarter = (day: IsoDate): IsoDate => {
  const month = Number(day.slice(5, 7));
  return `${day.slice(0, 4)}-${String(Math.floor((month - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
};
/** 0 = Sunday … 6 = Saturday. */
const weekday = (day: IsoDate): number => new Date(toMs(day)).getUTCDay();

/** A preset resolved like Meta's: `last_Nd` are the N days ending yesterday, `this_*` end today. */
export function presetWindow(preset: DatePreset, today: IsoDate): DayWindow {
  const yesterday = addDays(today, -1);
  const lastDays = (n: number): DayWindow => ({ since: addDays(today, -n), until: yesterday });
  const mondayOffset = (weekday(today) + 6) % 7;
  switch (preset) {
    case 'today':
      return { since: today, until: today };
    case 'yesterday':
      return { since: yesterday, until: yesterday };
    case 'last_3d':
      return lastDays(3);
    case 'last_7d':
      return lastDays(7);
    case 'last_14d':
      return lastDays(14);
    case 'last_28d':
      return lastDays(28);
    case 'last_30d':
      return lastDays(30);
    case 'last_90d':
      return lastDays(90);
    case 'this_week_mon_today':
      return { since: addDays(today, -mondayOffset), until: today };
    case 'this_week_sun_today':
      return { since: addDays(today, -weekday(today)), until: today };
    case 'last_week_mon_sun': {
      const since = addDays(today, -mondayOffset - 7);
      return { since, until: addDays(since, 6) };
    }
    case 'last_week_sun_sat': {
      const since = addDays(today, -weekday(today) - 7);
      return { since, until: addDays(since, 6) };
    }
    case 'this_month':
      return { since: startOfMonth(today), until: today };
    case 'last_month': {
      const until = addDays(startOfMonth(today), -1);
      return { since: startOfMonth(until), until };
    }
    case 'this_quarter':
      return { since: startOfQuarter(today), until: today };
    case 'last_quarter': {
      const until = addDays(startOfQuarter(today), -1);
      return { since: startOfQuarter(until), until };
    }
    case 'this_year':
      return { since: `${today.slice(0, 4)}-01-01`, until: today };
    case 'last_year': {
      const year = String(Number(today.slice(0, 4)) - 1).padStart(4, '0');
      return { since: `${year}-01-01`, until: `${year}-12-31` };
    }
  }
}

/** Whether every day of `window` lies in at least one of `covered` (windows may overlap or touch). */
export function windowCovered(covered: readonly DayWindow[], window: DayWindow): boolean {
  const sorted = [...covered].sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : 0));
  let next = window.since;
  for (const w of sorted) {
    if (w.since > next) break;
    if (w.until >= next) next = addDays(w.until, 1);
    if (next > window.until) return true;
  }
  return next > window.until;
}
