// GAQL building blocks: literals that cannot break out of their quotes, validated customer ids and dates, and
// the queries the import, account discovery and insights run. Every value enters a query through one of the
// literal helpers below; nothing is concatenated raw.

export class GaqlInputError extends Error {
  override name = 'GaqlInputError';
}

/** `123-456-7890` or `1234567890` → `1234567890`; anything else is refused. */
export function normalizeCustomerId(id: string): string {
  const digits = id.trim().replace(/-/g, '');
  if (!/^\d{10}$/.test(digits)) throw new GaqlInputError(`not a Google Ads customer id: ${JSON.stringify(id)}`);
  return digits;
}

/** A quoted GAQL string literal; backslashes and single quotes are escaped, control characters refused. */
export function gaqlString(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused here
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new GaqlInputError('GAQL string literals cannot contain control characters');
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A numeric id (campaign, ad group, ad): digits only. */
export function gaqlId(id: string | number): string {
  const text = String(id).trim();
  if (!/^\d{1,20}$/.test(text)) throw new GaqlInputError(`not a numeric id: ${JSON.stringify(id)}`);
  return text;
}

/** `(1, 2, 3)` for `IN` conditions; at least one id. */
export function gaqlIdList(ids: readonly (string | number)[]): string {
  if (ids.length === 0) throw new GaqlInputError('an IN list needs at least one id');
  return `(${ids.map(gaqlId).join(', ')})`;
}

/** `YYYY-MM-DD` that is a real calendar date. */
export function assertDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const parsed = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!parsed || parsed.toISOString().slice(0, 10) !== date) throw new GaqlInputError(`not a date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return date;
}

/** `segments.date BETWEEN '2026-09-01' AND '2026-09-30'` (both ends inclusive). */
export function dateRangeCondition(since: string, until: string, field = 'segments.date'): string {
  assertDate(since);
  assertDate(until);
  if (since > until) throw new GaqlInputError(`date range starts after it ends: ${since} > ${until}`);
  return `${field} BETWEEN ${gaqlString(since)} AND ${gaqlString(until)}`;
}

/** The literals GAQL accepts after DURING (others fail with INVALID_VALUE_WITH_DURING_OPERATOR). */
export const DURING_LITERALS = [
  'TODAY',
  'YESTERDAY',
  'LAST_7_DAYS',
  'LAST_BUSINESS_WEEK',
  'THIS_MONTH',
  'LAST_MONTH',
  'LAST_14_DAYS',
  'LAST_30_DAYS',
  'THIS_WEEK_SUN_TODAY',
  'THIS_WEEK_MON_TODAY',
  'LAST_WEEK_SUN_SAT',
  'LAST_WEEK_MON_SUN',
] as const;
export type DuringLiteral = (typeof DURING_LITERALS)[number];

export function duringCondition(literal: DuringLiteral, field = 'segments.date'): string {
  if (!(DURING_LITERALS as readonly string[]).includes(literal))
    throw new GaqlInputError(`not a DURING literal: ${JSON.stringify(literal)}`);
  return `${field} DURING ${literal}`;
}

function where(conditions: (string | undefined)[]): string {
  const present = conditions.filter((c): c is string => c !== undefined);
  return present.length > 0 ? ` WHERE ${present.join(' AND ')}` : '';
}

// ---------------------------------------------------------------------------------------------------------------
// Queries

/** The customer's own details (name, currency, time zone, status, whether it is a manager). */
export function customerQuery(): string {
  return 'SELECT customer.id, customer.descriptive_name, customer.currency_code, customer.time_zone, customer.status, customer.manager FROM customer LIMIT 1';
}

/** A manager's client accounts down to `maxLevel` (run with login-customer-id = the manager). */
export function customerClientsQuery(maxLevel = 1): string {
  if (!Number.isInteger(maxLevel) || maxLevel < 0 || maxLevel > 10) throw new GaqlInputError('maxLevel must be an integer from 0 to 10');
  return (
    'SELECT customer_client.client_customer, customer_client.level, customer_client.manager, customer_client.descriptive_name, ' +
    'customer_client.currency_code, customer_client.time_zone, customer_client.status, customer_client.id ' +
    `FROM customer_client WHERE customer_client.level <= ${maxLevel}`
  );
}

export interface ImportQueryOptions {
  /** Restrict to these campaigns. */
  campaignIds?: readonly (string | number)[];
  /** Include REMOVED objects (default false). */
  includeRemoved?: boolean;
}

const campaignFilter = (o: ImportQueryOptions): string | undefined =>
  o.campaignIds === undefined ? undefined : `campaign.id IN ${gaqlIdList(o.campaignIds)}`;

export function campaignsQuery(options: ImportQueryOptions = {}): string {
  return (
    'SELECT campaign.id, campaign.name, campaign.status, campaign.advertising_channel_type, campaign_budget.amount_micros FROM campaign' +
    where([campaignFilter(options), options.includeRemoved ? undefined : "campaign.status != 'REMOVED'"])
  );
}

export function adGroupsQuery(options: ImportQueryOptions = {}): string {
  return (
    'SELECT campaign.id, ad_group.id, ad_group.name, ad_group.status, ad_group.type FROM ad_group' +
    where([campaignFilter(options), options.includeRemoved ? undefined : "ad_group.status != 'REMOVED'"])
  );
}

export function adsQuery(options: ImportQueryOptions = {}): string {
  return (
    'SELECT campaign.id, ad_group.id, ad_group_ad.ad.id, ad_group_ad.ad.name, ad_group_ad.ad.type, ad_group_ad.status, ' +
    'ad_group_ad.ad.final_urls, ad_group_ad.ad.responsive_search_ad.headlines, ad_group_ad.ad.responsive_search_ad.descriptions FROM ad_group_ad' +
    where([campaignFilter(options), options.includeRemoved ? undefined : "ad_group_ad.status != 'REMOVED'"])
  );
}

export type InsightsLevel = 'customer' | 'campaign' | 'ad_group' | 'ad';

export const INSIGHTS_METRICS = [
  'metrics.impressions',
  'metrics.clicks',
  'metrics.cost_micros',
  'metrics.conversions',
  'metrics.conversions_value',
  'metrics.ctr',
  'metrics.average_cpc',
] as const;

const LEVEL: Readonly<Record<InsightsLevel, { from: string; fields: string[] }>> = {
  customer: { from: 'customer', fields: ['customer.id', 'customer.descriptive_name', 'customer.currency_code'] },
  campaign: { from: 'campaign', fields: ['campaign.id', 'campaign.name', 'campaign.status'] },
  ad_group: { from: 'ad_group', fields: ['campaign.id', 'ad_group.id', 'ad_group.name', 'ad_group.status'] },
  ad: { from: 'ad_group_ad', fields: ['campaign.id', 'ad_group.id', 'ad_group_ad.ad.id', 'ad_group_ad.ad.name', 'ad_group_ad.status'] },
};

export interface InsightsQueryOptions {
  level: InsightsLevel;
  since: string;
  until: string;
  /** One row per day (selects segments.date). Default false: one row per object for the whole range. */
  daily?: boolean;
  campaignIds?: readonly (string | number)[];
}

/** Metrics for a date range at one level; money comes back as cost_micros. */
export function insightsQuery(options: InsightsQueryOptions): string {
  const level = LEVEL[options.level];
  if (!level) throw new GaqlInputError(`not an insights level: ${JSON.stringify(options.level)}`);
  const fields = [...level.fields, ...INSIGHTS_METRICS, ...(options.daily ? ['segments.date'] : [])];
  return (
    `SELECT ${fields.join(', ')} FROM ${level.from}` +
    where([dateRangeCondition(options.since, options.until), campaignFilter(options)]) +
    (options.daily ? ' ORDER BY segments.date' : '')
  );
}
