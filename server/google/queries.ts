// The GAQL queries of the Google operations, exactly as their descriptions in the contract name them. Values
// enter only through the literal helpers of upstream/google/gaql.ts.
import { adGroupsQuery, adsQuery, campaignsQuery, dateRangeCondition, gaqlString } from '../upstream/google/gaql.ts';
import type { DayWindow } from './window.ts';

/** The details `listGoogleAccessibleCustomers` adds to each customer. */
export const CUSTOMER_DETAILS_QUERY =
  'SELECT customer.id, customer.descriptive_name, customer.currency_code, customer.time_zone, customer.manager FROM customer';

/** What an import stores about the customer itself. */
export const IMPORT_CUSTOMER_QUERY =
  'SELECT customer.id, customer.descriptive_name, customer.currency_code, customer.time_zone, customer.status, customer.manager FROM customer';

/** The asset fields the contract's GoogleAsset carries. */
export const ASSET_FIELDS = [
  'asset.resource_name',
  'asset.id',
  'asset.name',
  'asset.type',
  'asset.source',
  'asset.final_urls',
  'asset.text_asset.text',
  'asset.image_asset.file_size',
  'asset.image_asset.mime_type',
  'asset.image_asset.full_size.url',
  'asset.image_asset.full_size.width_pixels',
  'asset.image_asset.full_size.height_pixels',
  'asset.youtube_video_asset.youtube_video_id',
  'asset.youtube_video_asset.youtube_video_title',
  'asset.sitelink_asset.link_text',
  'asset.sitelink_asset.description1',
  'asset.sitelink_asset.description2',
  'asset.callout_asset.callout_text',
  'asset.structured_snippet_asset.header',
  'asset.structured_snippet_asset.values',
  'asset.call_asset.country_code',
  'asset.call_asset.phone_number',
  'asset.mobile_app_asset.app_id',
  'asset.mobile_app_asset.app_store',
  'asset.mobile_app_asset.link_text',
] as const;

/** Every asset, or only those of one `asset.type`. */
export function assetsQuery(type?: string): string {
  return `SELECT ${ASSET_FIELDS.join(', ')} FROM asset${type === undefined ? '' : ` WHERE asset.type = ${gaqlString(type)}`}`;
}

export type InsightsLevel = 'customer' | 'campaign' | 'ad_group' | 'ad';
export type StoredLevel = Exclude<InsightsLevel, 'customer'>;

const METRIC_FIELDS = ['metrics.impressions', 'metrics.clicks', 'metrics.cost_micros', 'metrics.conversions', 'segments.date'];

const LEVEL: Readonly<Record<InsightsLevel, { from: string; fields: string[] }>> = {
  customer: { from: 'customer', fields: ['customer.id'] },
  campaign: { from: 'campaign', fields: ['campaign.id', 'campaign.name'] },
  ad_group: { from: 'ad_group', fields: ['campaign.id', 'campaign.name', 'ad_group.id', 'ad_group.name'] },
  ad: {
    from: 'ad_group_ad',
    fields: ['campaign.id', 'campaign.name', 'ad_group.id', 'ad_group.name', 'ad_group_ad.ad.id', 'ad_group_ad.ad.name'],
  },
};

/** Daily metrics of every object of a level, with the ids and names of the object and its parents. */
export function dailyMetricsQuery(level: InsightsLevel, window: DayWindow): string {
  const { from, fields } = LEVEL[level];
  return `SELECT ${[...fields, ...METRIC_FIELDS].join(', ')} FROM ${from} WHERE ${dateRangeCondition(window.since, window.until)}`;
}

/** The objects an import stores: those whose status is not REMOVED. */
export const IMPORT_OBJECT_QUERIES = {
  campaigns: campaignsQuery(),
  adGroups: adGroupsQuery(),
  ads: adsQuery(),
} as const;
