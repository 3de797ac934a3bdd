// getMetaInsights: one page of insights rows of an ad account.
//
// The window: `since`+`until` (both or neither) win over `datePreset` (default last_30d), resolved in the ad
// account's time zone. The source (the contract's rule): the imported copy answers (`cache`) when the account has
// been imported, `level` is campaign, at most one breakdown is asked, every field is one the import stores (or is
// computed from them), `timeIncrement` is 1 or all_days and every day of the window lies in an imported window;
// otherwise Meta's `act_…/insights` does (`live`). Values: counts as integers, money (major unit), rates and
// ratios as numbers — Meta sends strings.
import type { components, operations } from '../../../generated/schema.d.ts';
import type { AdAccountRecord } from '../../connections/repository.ts';
import { badRequest } from '../../http/errors.ts';
import type { Caller } from '../../teams/access.ts';
import { fromActId, fromMinorUnits, parseMetaNumber } from '../../upstream/meta/mapper.ts';
import type { InsightRecord, StoredBreakdown } from '../import/repository.ts';
import { type MetaDeps, openLive, resolveMetaTarget } from '../shared/account.ts';
import { decodeCursor, encodeCursor, unreadableCursor } from '../shared/cursor.ts';
import { type DatePreset, type DayWindow, earliestInsightsDay, presetWindow, todayIn, windowCovered } from '../shared/dates.ts';
import { listImportWindows, listStoredInsights } from './repository.ts';
import type { DataSource } from './service.ts';

export type MetaInsightsReport = components['schemas']['MetaInsightsReport'];
type InsightsRow = components['schemas']['MetaInsightsRow'];
type Query = NonNullable<operations['getMetaInsights']['parameters']['query']>;
export type InsightsField = NonNullable<Query['fields']>[number];
export type InsightsBreakdown = NonNullable<Query['breakdowns']>[number];
type Level = NonNullable<Query['level']>;
type ActionStat = components['schemas']['MetaInsightsActionStat'];

export const DEFAULT_INSIGHTS_FIELDS: readonly InsightsField[] = [
  'impressions',
  'clicks',
  'spend',
  'cpm',
  'cpc',
  'ctr',
  'actions',
  'action_values',
];
/** Fields the imported copy can give: stored, or computed from stored sums. */
export const CACHE_INSIGHTS_FIELDS: readonly InsightsField[] = [
  'campaign_id',
  'campaign_name',
  'account_id',
  'account_name',
  'impressions',
  'clicks',
  'spend',
  'cpm',
  'cpc',
  'ctr',
  'actions',
  'action_values',
];

/** The id and name every row of a level carries. */
const LEVEL_IDENTITY: Record<Level, readonly InsightsField[]> = {
  account: ['account_id', 'account_name'],
  campaign: ['campaign_id', 'campaign_name'],
  adset: ['adset_id', 'adset_name'],
  ad: ['ad_id', 'ad_name'],
};

const IDENTITY_FIELDS = new Set<string>([
  'account_id',
  'account_name',
  'campaign_id',
  'campaign_name',
  'adset_id',
  'adset_name',
  'ad_id',
  'ad_name',
]);
const COUNT_FIELDS = new Set<string>(['impressions', 'reach', 'clicks', 'unique_clicks', 'inline_link_clicks']);
const NUMBER_FIELDS = new Set<string>(['frequency', 'spend', 'cpm', 'cpc', 'cpp', 'ctr', 'cost_per_inline_link_click']);
const LIST_FIELDS = new Set<string>(['actions', 'action_values', 'cost_per_action_type', 'purchase_roas']);

export interface InsightsRequest {
  teamId: string;
  adAccountId: string;
  level?: Level | undefined;
  fields?: readonly InsightsField[] | undefined;
  breakdowns?: readonly InsightsBreakdown[] | undefined;
  datePreset?: DatePreset | undefined;
  since?: string | undefined;
  until?: string | undefined;
  timeIncrement?: string | undefined;
  limit?: number | undefined;
  after?: string | undefined;
}

const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;

// ── The window ───────────────────────────────────────────────────────────────────────────────────────────

/** `since`/`until` as asked, or the preset (default last_30d) in the account's time zone; checked. */
export function resolveInsightsWindow(request: Pick<InsightsRequest, 'since' | 'until' | 'datePreset'>, today: string): DayWindow {
  const { since, until } = request;
  if ((since === undefined) !== (until === undefined)) {
    const missing = since === undefined ? 'since' : 'until';
    throw badRequest('since and until go together', [
      { field: `query.${missing}`, message: `is required with ${missing === 'since' ? 'until' : 'since'}`, code: 'required' },
    ]);
  }
  const window = since !== undefined && until !== undefined ? { since, until } : presetWindow(request.datePreset ?? 'last_30d', today);
  if (window.since > window.until)
    throw badRequest('since must not be after until', [{ field: 'query.since', message: 'must not be after until', code: 'maximum' }]);
  const earliest = earliestInsightsDay(today);
  if (window.since < earliest) {
    throw badRequest(`since must not be more than 37 months ago (${earliest} at the earliest)`, [
      { field: 'query.since', message: `must be ${earliest} or later`, code: 'minimum' },
    ]);
  }
  return window;
}

// ── Meta rows → contract rows ───────────────────────────────────────────────────────────────────────────

function actionList(value: unknown): ActionStat[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: ActionStat[] = [];
  for (const entry of value) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { action_type: type, value: raw } = entry as { action_type?: unknown; value?: unknown };
    const n = parseMetaNumber(raw);
    if (typeof type === 'string' && n !== undefined) out.push({ action_type: type, value: n });
  }
  return out;
}

/** One Meta insights row → the contract's row: strings to numbers, only the known keys. */
export function rowFromMeta(row: Record<string, unknown>, fields: readonly string[], breakdowns: readonly string[]): InsightsRow {
  const out: Record<string, unknown> = { date_start: String(row.date_start), date_stop: String(row.date_stop) };
  for (const field of fields) {
    const value = row[field];
    if (value === undefined || value === null) continue;
    if (IDENTITY_FIELDS.has(field)) out[field] = String(value);
    else if (COUNT_FIELDS.has(field)) {
      const n = parseMetaNumber(value);
      if (n !== undefined) out[field] = Math.trunc(n);
    } else if (NUMBER_FIELDS.has(field)) {
      const n = parseMetaNumber(value);
      if (n !== undefined) out[field] = n;
    } else if (LIST_FIELDS.has(field)) {
      const list = actionList(value);
      if (list) out[field] = list;
    }
  }
  for (const breakdown of breakdowns) if (row[breakdown] !== undefined && row[breakdown] !== null) out[breakdown] = String(row[breakdown]);
  return out as InsightsRow;
}

// ── Stored rows → contract rows ─────────────────────────────────────────────────────────────────────────

interface Sum {
  dateStart: string;
  dateStop: string;
  campaignId: string;
  campaignName: string | null;
  /** The day campaignName comes from (the latest wins). */
  nameDay: string;
  breakdownValue: string;
  impressions: number;
  clicks: number;
  spendMinor: number;
  actions: Map<string, number>;
  actionValuesMinor: Map<string, number>;
}

/**
 * Adds one day's `{action_type, value}` list into the sums. Meta lists action types in one fixed order and leaves
 * out those without a value, so a type first seen on a later day goes before the next type of that day's list
 * already summed: the sums keep Meta's order.
 */
function addStats(into: Map<string, number>, stats: InsightRecord['actions']): void {
  const list = stats ?? [];
  const unknown = list.filter((stat) => !into.has(stat.action_type));
  if (unknown.length > 0) {
    const order = [...into.keys()];
    list.forEach((stat, i) => {
      if (into.has(stat.action_type) || order.includes(stat.action_type)) return;
      const next = list.slice(i + 1).find((later) => order.includes(later.action_type));
      const at = next ? order.indexOf(next.action_type) : order.length;
      order.splice(at, 0, stat.action_type);
    });
    const previous = new Map(into);
    into.clear();
    for (const type of order) into.set(type, previous.get(type) ?? 0);
  }
  for (const stat of list) into.set(stat.action_type, (into.get(stat.action_type) ?? 0) + stat.value);
}

/** Numeric ids as numbers would compare (shorter is smaller), without losing digits. */
const compareIds = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

export interface CachedInsightsInput {
  rows: readonly InsightRecord[];
  window: DayWindow;
  /** `1` (a row per day) or `all_days` (one row for the window). */
  daily: boolean;
  breakdown: InsightsBreakdown | undefined;
  fields: readonly InsightsField[];
  adAccount: Pick<AdAccountRecord, 'externalId' | 'name' | 'currency'>;
}

/**
 * The stored daily campaign rows summed over the window (`all_days`) or returned per day (`1`), with cpm, cpc
 * and ctr computed from the sums (6 decimals, absent when the divisor is 0); rows without delivery are left out;
 * ordered by date_start, campaign id, breakdown value.
 */
export function rowsFromStore(input: CachedInsightsInput): InsightsRow[] {
  const sums = new Map<string, Sum>();
  const byDay = [...input.rows].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  for (const row of byDay) {
    const dateStart = input.daily ? row.day : input.window.since;
    const dateStop = input.daily ? row.day : input.window.until;
    const key = `${dateStart}|${row.campaignId}|${row.breakdownValue}`;
    let sum = sums.get(key);
    if (!sum) {
      sum = {
        dateStart,
        dateStop,
        campaignId: row.campaignId,
        campaignName: row.campaignName,
        nameDay: row.day,
        breakdownValue: row.breakdownValue,
        impressions: 0,
        clicks: 0,
        spendMinor: 0,
        actions: new Map(),
        actionValuesMinor: new Map(),
      };
      sums.set(key, sum);
    }
    if (row.day >= sum.nameDay && row.campaignName !== null) {
      sum.campaignName = row.campaignName;
      sum.nameDay = row.day;
    }
    sum.impressions += row.impressions;
    sum.clicks += row.clicks;
    sum.spendMinor += row.spendMinor;
    addStats(sum.actions, row.actions);
    addStats(sum.actionValuesMinor, row.actionValues);
  }
  const currency = input.adAccount.currency;
  const asked = new Set<string>(input.fields);
  const sorted = [...sums.values()]
    .filter((s) => s.impressions > 0 || s.spendMinor > 0)
    .sort(
      (a, b) =>
        (a.dateStart < b.dateStart ? -1 : a.dateStart > b.dateStart ? 1 : 0) ||
        compareIds(a.campaignId, b.campaignId) ||
        (a.breakdownValue < b.breakdownValue ? -1 : a.breakdownValue > b.breakdownValue ? 1 : 0),
    );
  return sorted.map((s) => {
    const spend = fromMinorUnits(s.spendMinor, currency);
    const row: Record<string, unknown> = { date_start: s.dateStart, date_stop: s.dateStop, campaign_id: s.campaignId };
    if (s.campaignName !== null) row.campaign_name = s.campaignName;
    if (asked.has('account_id')) row.account_id = fromActId(input.adAccount.externalId);
    if (asked.has('account_name')) row.account_name = input.adAccount.name;
    if (input.breakdown) row[input.breakdown] = s.breakdownValue;
    if (asked.has('impressions')) row.impressions = s.impressions;
    if (asked.has('clicks')) row.clicks = s.clicks;
    if (asked.has('spend')) row.spend = spend;
    if (asked.has('cpm') && s.impressions > 0) row.cpm = round6((spend / s.impressions) * 1000);
    if (asked.has('cpc') && s.clicks > 0) row.cpc = round6(spend / s.clicks);
    if (asked.has('ctr') && s.impressions > 0) row.ctr = round6((s.clicks / s.impressions) * 100);
    if (asked.has('actions') && s.actions.size > 0)
      row.actions = [...s.actions].map(([type, value]) => ({ action_type: type, value: round6(value) }));
    if (asked.has('action_values') && s.actionValuesMinor.size > 0) {
      row.action_values = [...s.actionValuesMinor].map(([type, value]) => ({ action_type: type, value: fromMinorUnits(value, currency) }));
    }
    return row as InsightsRow;
  });
}

// ── The operation ───────────────────────────────────────────────────────────────────────────────────────

export interface InsightsPage {
  report: MetaInsightsReport;
  source: DataSource;
}

export async function getMetaInsights(deps: MetaDeps, caller: Caller, request: InsightsRequest): Promise<InsightsPage> {
  const level: Level = request.level ?? 'account';
  const fields = request.fields && request.fields.length > 0 ? request.fields : DEFAULT_INSIGHTS_FIELDS;
  const breakdowns = request.breakdowns ?? [];
  const timeIncrement = request.timeIncrement ?? 'all_days';
  const limit = request.limit ?? 100;
  const cursor = decodeCursor(request.after);
  const target = await resolveMetaTarget(deps, caller, {
    teamId: request.teamId,
    adAccountId: request.adAccountId,
    need: 'read',
    allowInactiveConnection: true,
  });
  const { adAccount } = target;
  const window = resolveInsightsWindow(request, todayIn(adAccount.timezone, deps.now()));
  const base = { currency: adAccount.currency, since: window.since, until: window.until };

  let source: DataSource;
  if (cursor) {
    source = cursor.s;
  } else {
    const eligible =
      adAccount.lastImportedAt !== null &&
      level === 'campaign' &&
      breakdowns.length <= 1 &&
      fields.every((f) => CACHE_INSIGHTS_FIELDS.includes(f)) &&
      (timeIncrement === '1' || timeIncrement === 'all_days');
    source = eligible && windowCovered(await listImportWindows(deps.db, adAccount.id), window) ? 'cache' : 'live';
  }

  if (source === 'cache') {
    const offset = cursor?.s === 'cache' ? cursor.k[0] : 0;
    if (typeof offset !== 'number' || (cursor?.s === 'cache' && cursor.k.length !== 1) || adAccount.lastImportedAt === null) {
      throw unreadableCursor();
    }
    const breakdown = breakdowns[0];
    const stored = await listStoredInsights(deps.db, adAccount.id, window, (breakdown ?? 'none') as StoredBreakdown);
    const rows = rowsFromStore({ rows: stored, window, daily: timeIncrement === '1', breakdown, fields, adAccount });
    const items = rows.slice(offset, offset + limit);
    const hasMore = offset + limit < rows.length;
    return {
      report: { ...base, items, paging: { after: hasMore ? encodeCursor({ s: 'cache', k: [offset + limit] }) : null, hasMore } },
      source,
    };
  }

  const live = await openLive(deps, target);
  const metaFields = [...new Set<string>([...LEVEL_IDENTITY[level], ...fields])];
  const page = await live.call((client) =>
    client.getPage<Record<string, unknown>>(
      `${adAccount.externalId}/insights`,
      {
        level,
        fields: metaFields,
        ...(breakdowns.length > 0 ? { breakdowns: [...breakdowns] } : {}),
        time_range: { since: window.since, until: window.until },
        time_increment: timeIncrement,
      },
      { limit, after: cursor?.s === 'live' ? cursor.c : null },
    ),
  );
  return {
    report: {
      ...base,
      items: page.data.map((row) => rowFromMeta(row, metaFields, breakdowns)),
      paging: { after: page.hasMore && page.after ? encodeCursor({ s: 'live', c: page.after }) : null, hasMore: page.hasMore },
    },
    source,
  };
}
