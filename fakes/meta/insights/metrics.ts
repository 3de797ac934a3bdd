// Turns summed delivery into an Insights row: every metric is a string, money in the account currency's major
// unit ("5339.5"), ratios to six decimals, actions as {action_type, value} arrays (with one key per requested
// attribution window), date_start/date_stop last.
import { invalidParam } from '../errors.ts';
import { formatMajor } from '../state.ts';

export interface Sums {
  impressions: number;
  reach: number;
  clicks: number;
  spend: number;
  link_clicks: number;
  landing_page_views: number;
  post_engagement: number;
  leads: number;
  purchases: number;
  purchase_value: number;
}

export const EMPTY_SUMS: Sums = {
  impressions: 0,
  reach: 0,
  clicks: 0,
  spend: 0,
  link_clicks: 0,
  landing_page_views: 0,
  post_engagement: 0,
  leads: 0,
  purchases: 0,
  purchase_value: 0,
};

export const INSIGHT_FIELDS = [
  'account_id',
  'account_name',
  'account_currency',
  'campaign_id',
  'campaign_name',
  'adset_id',
  'adset_name',
  'ad_id',
  'ad_name',
  'objective',
  'optimization_goal',
  'buying_type',
  'impressions',
  'reach',
  'frequency',
  'clicks',
  'inline_link_clicks',
  'inline_link_click_ctr',
  'cost_per_inline_link_click',
  'spend',
  'cpm',
  'cpc',
  'ctr',
  'cpp',
  'actions',
  'action_values',
  'cost_per_action_type',
  'conversions',
  'purchase_roas',
  'attribution_setting',
  'date_start',
  'date_stop',
];

export const ATTRIBUTION_WINDOWS = ['1d_view', '7d_view', '28d_view', '1d_click', '7d_click', '28d_click', '1d_ev', 'dda', 'default'];

export function validateFields(fields: string[]): void {
  for (const field of fields) {
    if (!INSIGHT_FIELDS.includes(field)) {
      throw invalidParam(
        `(#100) ${field} is not valid for fields param. please check https://developers.facebook.com/docs/marketing-api/reference/ads-insights/ for all valid values`,
      );
    }
  }
}

const ratio = (n: number): string => String(Number(n.toFixed(6)));

/** Per-window values that add up like Meta's: default (7d_click + 1d_view) equals `value`. */
function windowValues(value: number, windows: string[]): Record<string, string> {
  const click7 = Math.round(value * 0.9);
  const view1 = value - click7;
  const table: Record<string, number> = {
    '1d_click': Math.round(value * 0.7),
    '7d_click': click7,
    '28d_click': value,
    '1d_view': view1,
    '7d_view': Math.round(view1 * 1.6),
    '28d_view': Math.round(view1 * 2.2),
    '1d_ev': 0,
    dda: value,
    default: value,
  };
  return Object.fromEntries(windows.map((w) => [w, String(table[w] ?? value)]));
}

function actionList(s: Sums): [string, number][] {
  const list: [string, number][] = [
    ['link_click', s.link_clicks],
    ['landing_page_view', s.landing_page_views],
    ['lead', s.leads],
    ['onsite_conversion.lead_grouped', s.leads],
    ['offsite_conversion.fb_pixel_purchase', s.purchases],
    ['purchase', s.purchases],
    ['omni_purchase', s.purchases],
    ['post_engagement', s.post_engagement],
    ['page_engagement', s.post_engagement],
  ];
  return list.filter(([, v]) => v > 0);
}

export interface RowIdentity {
  account_id: string;
  account_name: string;
  account_currency: string;
  campaign_id?: string;
  campaign_name?: string;
  adset_id?: string;
  adset_name?: string;
  ad_id?: string;
  ad_name?: string;
  objective?: string;
  optimization_goal?: string;
  buying_type?: string;
}

export function buildRow(
  fields: string[],
  sums: Sums,
  identity: RowIdentity,
  breakdownValues: Record<string, string>,
  range: { since: string; until: string },
  windows: string[],
): Record<string, unknown> {
  const currency = identity.account_currency;
  const money = (minor: number): string => formatMajor(minor, currency);
  const spendMajor = Number(money(sums.spend));
  const row: Record<string, unknown> = {};
  const withWindows = (type: string, value: string, raw: number): Record<string, string> =>
    windows.length > 0 ? { action_type: type, value, ...windowValues(raw, windows) } : { action_type: type, value };
  for (const field of fields) {
    switch (field) {
      case 'impressions':
      case 'reach':
      case 'clicks':
        row[field] = String(sums[field]);
        break;
      case 'inline_link_clicks':
        row[field] = String(sums.link_clicks);
        break;
      case 'spend':
        row[field] = money(sums.spend);
        break;
      case 'frequency':
        if (sums.reach > 0) row[field] = ratio(sums.impressions / sums.reach);
        break;
      case 'cpm':
        if (sums.impressions > 0) row[field] = ratio((spendMajor * 1000) / sums.impressions);
        break;
      case 'cpp':
        if (sums.reach > 0) row[field] = ratio((spendMajor * 1000) / sums.reach);
        break;
      case 'cpc':
        if (sums.clicks > 0) row[field] = ratio(spendMajor / sums.clicks);
        break;
      case 'ctr':
        if (sums.impressions > 0) row[field] = ratio((sums.clicks / sums.impressions) * 100);
        break;
      case 'inline_link_click_ctr':
        if (sums.impressions > 0) row[field] = ratio((sums.link_clicks / sums.impressions) * 100);
        break;
      case 'cost_per_inline_link_click':
        if (sums.link_clicks > 0) row[field] = ratio(spendMajor / sums.link_clicks);
        break;
      case 'actions': {
        const actions = actionList(sums);
        if (actions.length > 0) row[field] = actions.map(([type, v]) => withWindows(type, String(v), v));
        break;
      }
      case 'conversions':
        if (sums.purchases > 0) row[field] = [withWindows('offsite_conversion.fb_pixel_purchase', String(sums.purchases), sums.purchases)];
        break;
      case 'action_values':
        if (sums.purchase_value > 0) {
          row[field] = ['offsite_conversion.fb_pixel_purchase', 'purchase', 'omni_purchase'].map((type) =>
            withWindows(type, money(sums.purchase_value), sums.purchase_value),
          );
        }
        break;
      case 'cost_per_action_type': {
        const actions = actionList(sums);
        if (actions.length > 0 && sums.spend > 0) {
          row[field] = actions.map(([type, v]) => ({ action_type: type, value: ratio(spendMajor / v) }));
        }
        break;
      }
      case 'purchase_roas':
        if (sums.purchase_value > 0 && sums.spend > 0) {
          row[field] = [{ action_type: 'omni_purchase', value: ratio(sums.purchase_value / sums.spend) }];
        }
        break;
      case 'attribution_setting':
        row[field] = 'mixed';
        break;
      case 'date_start':
      case 'date_stop':
        break;
      default: {
        const value = identity[field as keyof RowIdentity];
        if (value !== undefined) row[field] = value;
      }
    }
  }
  Object.assign(row, breakdownValues);
  row.date_start = range.since;
  row.date_stop = range.until;
  return row;
}

const SUM_KEYS = Object.keys(EMPTY_SUMS) as (keyof Sums)[];

export function addSums(into: Sums, add: Partial<Sums>): void {
  for (const key of SUM_KEYS) into[key] += add[key] ?? 0;
}
