// GET /act_{id}/insights and /{campaign|adset|ad}/insights: aggregates the seeded daily delivery by level,
// time bucket and breakdowns, then pages the rows like any other edge. Counted against the ads_insights bucket.
import type { FakeRequest } from '../../shared/http.ts';
import { ADS_READ_MESSAGE, requireScope } from '../auth.ts';
import type { MetaContext, MetaRoute } from '../context.ts';
import { invalidParam, unsupportedRequest } from '../errors.ts';
import { clauseMatches, parseFiltering } from '../fields.ts';
import { type Breakdown, type Combo, combosFor, parseBreakdowns, splitMetrics } from '../insights/breakdowns.ts';
import { ATTRIBUTION_WINDOWS, addSums, buildRow, EMPTY_SUMS, type RowIdentity, type Sums, validateFields } from '../insights/metrics.ts';
import { bucketOf, type DateRange, parseIncrement, resolveRanges } from '../insights/ranges.ts';
import { paginate } from '../paging.ts';
import { jsonParam, listParam, stringParam } from '../params.ts';
import { formatMajor, type MetaAd, type MetaAdAccount, type MetaAdSet, type MetaCampaign, type MetaDailyStat } from '../state.ts';
import { accountOf, canUseAccount, findNode, wireOf } from '../store.ts';
import { activeAdsIn } from './adobjects.ts';

const LEVELS = ['account', 'campaign', 'adset', 'ad'] as const;
type Level = (typeof LEVELS)[number];

const METRIC_FILTER_FIELDS = ['impressions', 'clicks', 'spend', 'reach'];

interface Group {
  identity: RowIdentity;
  breakdown: Record<string, string>;
  range: DateRange;
  sums: Sums;
  sortKey: string;
}

function identityFor(level: Level, account: MetaAdAccount, campaign?: MetaCampaign, adSet?: MetaAdSet, ad?: MetaAd): RowIdentity {
  const identity: RowIdentity = { account_id: account.account_id, account_name: account.name, account_currency: account.currency };
  if (level !== 'account' && campaign) {
    Object.assign(identity, {
      campaign_id: campaign.id,
      campaign_name: campaign.name,
      objective: campaign.objective,
      buying_type: campaign.buying_type,
    });
  }
  if ((level === 'adset' || level === 'ad') && adSet) {
    Object.assign(identity, { adset_id: adSet.id, adset_name: adSet.name, optimization_goal: adSet.optimization_goal });
  }
  if (level === 'ad' && ad) Object.assign(identity, { ad_id: ad.id, ad_name: ad.name });
  return identity;
}

function statMetrics(stat: MetaDailyStat): Sums {
  const { ad_id: _ad, date: _date, ...metrics } = stat;
  return metrics;
}

/** `campaign.id`, `adset.effective_status`, `ad.name` … resolved on an ad for insights filtering. */
function attributeOf(ctx: MetaContext, ad: MetaAd, field: string): unknown {
  const [prefix, rest] = field.includes('.') ? (field.split('.', 2) as [string, string]) : ['ad', field];
  const id = prefix === 'campaign' ? ad.campaign_id : prefix === 'adset' ? ad.adset_id : prefix === 'ad' ? ad.id : undefined;
  if (id === undefined) throw invalidParam(`(#100) Filtering field ${field} is invalid.`);
  const ref = findNode(ctx.state, id);
  return ref ? wireOf(ctx.state, ref)[rest] : undefined;
}

function insightsHandler(ctx: MetaContext, req: FakeRequest, scope: Parameters<MetaRoute['handler']>[2], nodeId: string) {
  const { state } = ctx;
  const auth = ctx.authenticate(req);
  const node = findNode(state, nodeId);
  if (!node || (node.type !== 'adaccount' && node.type !== 'campaign' && node.type !== 'adset' && node.type !== 'ad')) {
    throw unsupportedRequest(req.method, nodeId);
  }
  const account = accountOf(state, node);
  if (!account || !canUseAccount(auth, account)) throw unsupportedRequest(req.method, nodeId);
  ctx.useBucket(scope, { id: account.account_id, type: 'ads_insights', activeAds: activeAdsIn(ctx, account) });
  requireScope(auth, ['ads_read', 'ads_management'], ADS_READ_MESSAGE);

  const nodeLevel: Level = node.type === 'adaccount' ? 'account' : node.type;
  const level = (stringParam(req, 'level') ?? nodeLevel) as Level;
  if (!LEVELS.includes(level)) throw invalidParam(`(#100) level must be one of the following values: ${LEVELS.join(', ')}`);
  if (LEVELS.indexOf(level) < LEVELS.indexOf(nodeLevel)) {
    throw invalidParam(`(#100) level ${level} is above the queried ${nodeLevel} object`);
  }
  const fields = listParam(req, 'fields') ?? ['impressions', 'spend'];
  validateFields(fields);
  const breakdowns: Breakdown[] = parseBreakdowns(listParam(req, 'breakdowns'));
  const actionBreakdowns = listParam(req, 'action_breakdowns');
  if (actionBreakdowns?.some((b) => b !== 'action_type')) {
    throw invalidParam('(#100) The fake supports action_breakdowns=action_type only');
  }
  const windows = listParam(req, 'action_attribution_windows') ?? [];
  windows.forEach((w, i) => {
    if (!ATTRIBUTION_WINDOWS.includes(w)) {
      throw invalidParam(`(#100) action_attribution_windows[${i}] must be one of the following values: ${ATTRIBUTION_WINDOWS.join(', ')}`);
    }
  });
  const ranges = resolveRanges(jsonParam(req, 'time_range'), jsonParam(req, 'time_ranges'), stringParam(req, 'date_preset'), state.today);
  const increment = parseIncrement(stringParam(req, 'time_increment'));
  const filtering = parseFiltering(jsonParam(req, 'filtering'));
  const attributeFilters = filtering.filter((c) => !METRIC_FILTER_FIELDS.includes(c.field));
  const metricFilters = filtering.filter((c) => METRIC_FILTER_FIELDS.includes(c.field));

  const ads = state.ads.filter((ad) => {
    if (ad.account_id !== account.account_id) return false;
    if (node.type === 'campaign' && ad.campaign_id !== node.obj.id) return false;
    if (node.type === 'adset' && ad.adset_id !== node.obj.id) return false;
    if (node.type === 'ad' && ad.id !== node.obj.id) return false;
    return attributeFilters.every((clause) => clauseMatches(clause, attributeOf(ctx, ad, clause.field)));
  });
  const adsById = new Map(ads.map((ad) => [ad.id, ad]));
  const campaigns = new Map(state.campaigns.map((c) => [c.id, c]));
  const adSets = new Map(state.adSets.map((s) => [s.id, s]));
  const combos = new Map<string, Combo[]>();
  const groups = new Map<string, Group>();

  // Phase 1: sum each ad's delivery per (range, time bucket). Splitting by breakdowns after this step costs one
  // split per ad and bucket instead of one per ad and day, and every bucket's parts still sum exactly.
  const perAd = new Map<string, { rangeIndex: number; bucket: DateRange; ad: MetaAd; sums: Sums }>();
  ranges.forEach((range, rangeIndex) => {
    // Many stats share a day; bucket arithmetic on date strings is the expensive part, so do it once per day.
    const buckets = new Map<string, DateRange>();
    for (const stat of state.stats) {
      if (stat.date < range.since || stat.date > range.until) continue;
      const ad = adsById.get(stat.ad_id);
      if (!ad) continue;
      let bucket = buckets.get(stat.date);
      if (!bucket) {
        bucket = bucketOf(stat.date, range, increment);
        buckets.set(stat.date, bucket);
      }
      const key = `${rangeIndex}|${bucket.since}|${ad.id}`;
      let entry = perAd.get(key);
      if (!entry) {
        entry = { rangeIndex, bucket, ad, sums: { ...EMPTY_SUMS } };
        perAd.set(key, entry);
      }
      addSums(entry.sums, statMetrics(stat));
    }
  });

  // Phase 2: split by breakdowns and roll up to the requested level.
  for (const { rangeIndex, bucket, ad, sums } of perAd.values()) {
    const campaign = campaigns.get(ad.campaign_id);
    const adSet = adSets.get(ad.adset_id);
    const entity =
      level === 'account' ? account.account_id : level === 'campaign' ? ad.campaign_id : level === 'adset' ? ad.adset_id : ad.id;
    let parts: { values: Record<string, string>; key: string; sums: Sums }[];
    if (breakdowns.length === 0) {
      parts = [{ values: {}, key: '', sums }];
    } else {
      let adCombos = combos.get(ad.id);
      if (!adCombos) {
        adCombos = combosFor(breakdowns, adSet, ad.id);
        combos.set(ad.id, adCombos);
      }
      const split = splitMetrics(sums, adCombos);
      parts = adCombos.map((combo, i) => ({ values: combo.values, key: combo.key, sums: split[i] as Sums }));
    }
    for (const part of parts) {
      const key = `${rangeIndex}|${bucket.since}|${entity}${part.key}`;
      let group = groups.get(key);
      if (!group) {
        group = {
          identity: identityFor(level, account, campaign, adSet, ad),
          breakdown: part.values,
          range: bucket,
          sums: { ...EMPTY_SUMS },
          sortKey: key,
        };
        groups.set(key, group);
      }
      addSums(group.sums, part.sums);
    }
  }

  let rows = [...groups.values()]
    .filter((g) => g.sums.impressions > 0 || g.sums.spend > 0)
    .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0))
    .map((g) => ({ group: g, row: buildRow(fields, g.sums, g.identity, g.breakdown, g.range, windows) }));

  if (metricFilters.length > 0) {
    rows = rows.filter(({ group }) =>
      metricFilters.every((clause) => {
        // Metric filters compare in the unit the API shows: spend in major units, counts as integers.
        const value =
          clause.field === 'spend' ? Number(formatMajor(group.sums.spend, account.currency)) : group.sums[clause.field as keyof Sums];
        return clauseMatches(clause, value);
      }),
    );
  }
  const sort = listParam(req, 'sort');
  if (sort && sort.length > 0) {
    const [spec = ''] = sort;
    const m = /^([a-z_]+)_(ascending|descending)$/.exec(spec);
    if (!m) throw invalidParam('(#100) sort must look like "<field>_ascending" or "<field>_descending"');
    const [, field = '', direction] = m;
    const sign = direction === 'ascending' ? 1 : -1;
    rows.sort((a, b) => sign * (Number(a.row[field] ?? 0) - Number(b.row[field] ?? 0)));
  }
  const page = paginate(req, rows, (_r, i) => String(i), ctx.baseUrl());
  return { json: { ...page, data: page.data.map((r) => r.row) } };
}

const accountInsights: MetaRoute = {
  method: 'GET',
  pattern: /^\/(act_\d+)\/insights$/,
  handler: (ctx, req, scope, [id = '']) => insightsHandler(ctx, req, scope, id),
};

const objectInsights: MetaRoute = {
  method: 'GET',
  pattern: /^\/(\d+)\/insights$/,
  handler: (ctx, req, scope, [id = '']) => insightsHandler(ctx, req, scope, id),
};

export const insightsRoutes: MetaRoute[] = [accountInsights, objectInsights];
