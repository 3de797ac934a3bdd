// GAQL's DURING literals. Like the real API, LAST_N_DAYS ranges end yesterday, and anything outside the
// documented list (e.g. LAST_90_DAYS) is INVALID_VALUE_WITH_DURING_OPERATOR.
import { addDays, type IsoDate, startOfMonth, weekday } from '../../shared/dates.ts';
import { QueryError } from './parser.ts';

export const DURING_LITERALS = [
  'TODAY',
  'YESTERDAY',
  'LAST_7_DAYS',
  'LAST_14_DAYS',
  'LAST_30_DAYS',
  'LAST_BUSINESS_WEEK',
  'THIS_MONTH',
  'LAST_MONTH',
  'THIS_WEEK_SUN_TODAY',
  'THIS_WEEK_MON_TODAY',
  'LAST_WEEK_SUN_SAT',
  'LAST_WEEK_MON_SUN',
];

export function duringRange(literal: string, today: IsoDate): { since: IsoDate; until: IsoDate } {
  const yesterday = addDays(today, -1);
  const mondayThisWeek = addDays(today, -((weekday(today) + 6) % 7));
  const sundayThisWeek = addDays(today, -weekday(today));
  switch (literal) {
    case 'TODAY':
      return { since: today, until: today };
    case 'YESTERDAY':
      return { since: yesterday, until: yesterday };
    case 'LAST_7_DAYS':
      return { since: addDays(today, -7), until: yesterday };
    case 'LAST_14_DAYS':
      return { since: addDays(today, -14), until: yesterday };
    case 'LAST_30_DAYS':
      return { since: addDays(today, -30), until: yesterday };
    case 'LAST_BUSINESS_WEEK':
      return { since: addDays(mondayThisWeek, -7), until: addDays(mondayThisWeek, -3) };
    case 'THIS_MONTH':
      return { since: startOfMonth(today), until: today };
    case 'LAST_MONTH': {
      const end = addDays(startOfMonth(today), -1);
      return { since: startOfMonth(end), until: end };
    }
    case 'THIS_WEEK_SUN_TODAY':
      return { since: sundayThisWeek, until: today };
    case 'THIS_WEEK_MON_TODAY':
      return { since: mondayThisWeek, until: today };
    case 'LAST_WEEK_SUN_SAT':
      return { since: addDays(sundayThisWeek, -7), until: addDays(sundayThisWeek, -1) };
    case 'LAST_WEEK_MON_SUN':
      return { since: addDays(mondayThisWeek, -7), until: addDays(mondayThisWeek, -1) };
    default:
      throw new QueryError('INVALID_VALUE_WITH_DURING_OPERATOR', `Invalid date literal supplied for DURING operator: ${literal}.`, literal);
  }
}
