// Insights date handling: `date_preset`, `time_range` / `time_ranges` (JSON, `until` inclusive) and
// `time_increment` buckets. Meta's "last_Nd" presets end yesterday; "today" is the seeded today (UTC).
import {
  addDays,
  daysBetween,
  earlierDate,
  endOfMonth,
  type IsoDate,
  laterDate,
  parseIsoDate,
  startOfMonth,
  weekday,
} from '../../shared/dates.ts';
import { invalidParam, MetaApiError } from '../errors.ts';

export interface DateRange {
  since: IsoDate;
  until: IsoDate;
}

export const DATE_PRESETS = [
  'today',
  'yesterday',
  'this_month',
  'last_month',
  'this_quarter',
  'maximum',
  'data_maximum',
  'last_3d',
  'last_7d',
  'last_14d',
  'last_28d',
  'last_30d',
  'last_90d',
  'last_week_mon_sun',
  'last_week_sun_sat',
  'last_quarter',
  'last_year',
  'this_week_mon_today',
  'this_week_sun_today',
  'this_year',
];

/** Oldest day the sandbox holds data for ("maximum"). */
export const DATA_DAYS = 90;

export function presetRange(preset: string, today: IsoDate): DateRange {
  const yesterday = addDays(today, -1);
  const lastN = (n: number): DateRange => ({ since: addDays(today, -n), until: yesterday });
  const quarterStart = (d: IsoDate): IsoDate => {
    const month = Number(d.slice(5, 7));
    return `${d.slice(0, 4)}-${String(Math.floor((month - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
  };
  switch (preset) {
    case 'today':
      return { since: today, until: today };
    case 'yesterday':
      return { since: yesterday, until: yesterday };
    case 'last_3d':
      return lastN(3);
    case 'last_7d':
      return lastN(7);
    case 'last_14d':
      return lastN(14);
    case 'last_28d':
      return lastN(28);
    case 'last_30d':
      return lastN(30);
    case 'last_90d':
      return lastN(90);
    case 'this_month':
      return { since: startOfMonth(today), until: today };
    case 'last_month': {
      const end = addDays(startOfMonth(today), -1);
      return { since: startOfMonth(end), until: end };
    }
    case 'this_quarter':
      return { since: quarterStart(today), until: today };
    case 'last_quarter': {
      const end = addDays(quarterStart(today), -1);
      return { since: quarterStart(end), until: end };
    }
    case 'this_year':
      return { since: `${today.slice(0, 4)}-01-01`, until: today };
    case 'last_year': {
      const year = Number(today.slice(0, 4)) - 1;
      return { since: `${year}-01-01`, until: `${year}-12-31` };
    }
    case 'this_week_mon_today':
      return { since: addDays(today, -((weekday(today) + 6) % 7)), until: today };
    case 'this_week_sun_today':
      return { since: addDays(today, -weekday(today)), until: today };
    case 'last_week_mon_sun': {
      const monday = addDays(today, -((weekday(today) + 6) % 7) - 7);
      return { since: monday, until: addDays(monday, 6) };
    }
    case 'last_week_sun_sat': {
      const sunday = addDays(today, -weekday(today) - 7);
      return { since: sunday, until: addDays(sunday, 6) };
    }
    case 'maximum':
    case 'data_maximum':
      return { since: addDays(today, -(DATA_DAYS - 1)), until: today };
    default:
      throw invalidParam(`(#100) date_preset must be one of the following values: ${DATE_PRESETS.join(', ')}`);
  }
}

function rangeFrom(value: unknown, name: string, today: IsoDate): DateRange {
  const raw = value as { since?: unknown; until?: unknown } | null;
  if (typeof raw !== 'object' || raw === null || typeof raw.since !== 'string' || typeof raw.until !== 'string') {
    throw invalidParam(`(#100) Param ${name} must be a JSON object like {"since":"YYYY-MM-DD","until":"YYYY-MM-DD"}`);
  }
  if (parseIsoDate(raw.since) === undefined) throw invalidParam(`(#100) Param ${name}[since] must be a date in YYYY-MM-DD format`);
  if (parseIsoDate(raw.until) === undefined) throw invalidParam(`(#100) Param ${name}[until] must be a date in YYYY-MM-DD format`);
  if (raw.since > raw.until) throw invalidParam(`(#100) Param ${name}[since] must be on or before ${name}[until]`);
  if (daysBetween(raw.since, today) > 37 * 30.4) {
    throw new MetaApiError({
      code: 3018,
      message: '(#3018) The start date of the time range cannot be beyond 37 months from the current date',
    });
  }
  return { since: raw.since, until: raw.until };
}

export function resolveRanges(timeRange: unknown, timeRanges: unknown, preset: string | undefined, today: IsoDate): DateRange[] {
  if (timeRanges !== undefined) {
    if (!Array.isArray(timeRanges) || timeRanges.length === 0) throw invalidParam('(#100) Param time_ranges must be a non-empty array');
    return timeRanges.map((r, i) => rangeFrom(r, `time_ranges[${i}]`, today));
  }
  if (timeRange !== undefined) return [rangeFrom(timeRange, 'time_range', today)];
  return [presetRange(preset ?? 'last_30d', today)];
}

export type Increment = { kind: 'all_days' } | { kind: 'days'; days: number } | { kind: 'monthly' };

export function parseIncrement(value: string | undefined): Increment {
  if (value === undefined || value === 'all_days') return { kind: 'all_days' };
  if (value === 'monthly') return { kind: 'monthly' };
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 90) {
    throw invalidParam('(#100) Param time_increment must be "monthly", "all_days" or an integer between 1 and 90');
  }
  return { kind: 'days', days: n };
}

/** The [date_start, date_stop] bucket a day falls in, clipped to the requested range. */
export function bucketOf(date: IsoDate, range: DateRange, increment: Increment): DateRange {
  if (increment.kind === 'all_days') return range;
  if (increment.kind === 'monthly') {
    return { since: laterDate(startOfMonth(date), range.since), until: earlierDate(endOfMonth(date), range.until) };
  }
  const offset = Math.floor(daysBetween(range.since, date) / increment.days) * increment.days;
  const since = addDays(range.since, offset);
  const end = addDays(since, increment.days - 1);
  return { since, until: earlierDate(end, range.until) };
}
