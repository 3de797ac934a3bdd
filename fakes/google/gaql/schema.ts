// The GAQL fields the fake knows, grouped by resource, with their proto type (which decides the JSON encoding:
// int64 → string, double → number, enums → names) and how to read them from a row. Also which resources each
// FROM resource may select ("attributed resources") and whether it supports metrics and segments.
import { weekday } from '../../shared/dates.ts';
import type { GoogleAdGroup, GoogleAdGroupAd, GoogleAsset, GoogleBudget, GoogleCampaign, GoogleCustomer } from '../state.ts';

export type FieldType = 'INT64' | 'INT32' | 'DOUBLE' | 'STRING' | 'ENUM' | 'BOOLEAN' | 'DATE' | 'MESSAGE' | 'RESOURCE_NAME';
export type Category = 'ATTRIBUTE' | 'METRIC' | 'SEGMENT';

export interface MetricSums {
  impressions: number;
  clicks: number;
  costMicros: number;
  conversions: number;
  conversionsValue: number;
  allConversions: number;
}

export interface RowContext {
  customer: GoogleCustomer;
  campaign?: GoogleCampaign;
  budget?: GoogleBudget;
  adGroup?: GoogleAdGroup;
  ad?: GoogleAdGroupAd;
  asset?: GoogleAsset;
  client?: { customer: GoogleCustomer; level: number; managerId: string };
  metrics?: MetricSums;
  segments?: { date?: string; device?: string };
}

export interface FieldDef {
  name: string;
  category: Category;
  type: FieldType;
  repeated?: boolean;
  /** Allowed enum names (checked in WHERE: unknown constants are BAD_ENUM_CONSTANT). */
  enumValues?: readonly string[];
  get(row: RowContext): unknown;
}

const ENTITY_STATUS = ['ENABLED', 'PAUSED', 'REMOVED', 'UNKNOWN', 'UNSPECIFIED'];
const DAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'];

export const rn = {
  customer: (c: string): string => `customers/${c}`,
  campaign: (c: string, id: string): string => `customers/${c}/campaigns/${id}`,
  budget: (c: string, id: string): string => `customers/${c}/campaignBudgets/${id}`,
  adGroup: (c: string, id: string): string => `customers/${c}/adGroups/${id}`,
  adGroupAd: (c: string, adGroupId: string, adId: string): string => `customers/${c}/adGroupAds/${adGroupId}~${adId}`,
  ad: (c: string, id: string): string => `customers/${c}/ads/${id}`,
  asset: (c: string, id: string): string => `customers/${c}/assets/${id}`,
  customerClient: (manager: string, client: string): string => `customers/${manager}/customerClients/${client}`,
};

const defs: FieldDef[] = [];
const attr = (name: string, type: FieldType, get: (r: RowContext) => unknown, extra: Partial<FieldDef> = {}): void => {
  defs.push({ name, category: 'ATTRIBUTE', type, get, ...extra });
};

// customer
attr('customer.resource_name', 'RESOURCE_NAME', (r) => rn.customer(r.customer.id));
attr('customer.id', 'INT64', (r) => r.customer.id);
attr('customer.descriptive_name', 'STRING', (r) => r.customer.descriptiveName);
attr('customer.currency_code', 'STRING', (r) => r.customer.currencyCode);
attr('customer.time_zone', 'STRING', (r) => r.customer.timeZone);
attr('customer.manager', 'BOOLEAN', (r) => r.customer.manager);
attr('customer.test_account', 'BOOLEAN', (r) => r.customer.testAccount);
attr('customer.auto_tagging_enabled', 'BOOLEAN', (r) => r.customer.autoTaggingEnabled);
attr('customer.status', 'ENUM', (r) => r.customer.status, { enumValues: ['ENABLED', 'CANCELED', 'SUSPENDED', 'CLOSED'] });

// campaign_budget
attr('campaign_budget.resource_name', 'RESOURCE_NAME', (r) => r.budget && rn.budget(r.customer.id, r.budget.id));
attr('campaign_budget.id', 'INT64', (r) => r.budget?.id);
attr('campaign_budget.name', 'STRING', (r) => r.budget?.name);
attr('campaign_budget.amount_micros', 'INT64', (r) => r.budget?.amountMicros);
attr('campaign_budget.delivery_method', 'ENUM', (r) => r.budget?.deliveryMethod, { enumValues: ['STANDARD', 'ACCELERATED'] });
attr('campaign_budget.explicitly_shared', 'BOOLEAN', (r) => r.budget?.explicitlyShared);
attr('campaign_budget.status', 'ENUM', (r) => r.budget?.status, { enumValues: ['ENABLED', 'REMOVED'] });

// campaign
attr('campaign.resource_name', 'RESOURCE_NAME', (r) => r.campaign && rn.campaign(r.customer.id, r.campaign.id));
attr('campaign.id', 'INT64', (r) => r.campaign?.id);
attr('campaign.name', 'STRING', (r) => r.campaign?.name);
attr('campaign.status', 'ENUM', (r) => r.campaign?.status, { enumValues: ENTITY_STATUS });
attr('campaign.serving_status', 'ENUM', (r) => r.campaign?.servingStatus, {
  enumValues: ['SERVING', 'NONE', 'ENDED', 'PENDING', 'SUSPENDED'],
});
attr('campaign.advertising_channel_type', 'ENUM', (r) => r.campaign?.advertisingChannelType, {
  enumValues: [
    'SEARCH',
    'DISPLAY',
    'SHOPPING',
    'HOTEL',
    'VIDEO',
    'MULTI_CHANNEL',
    'LOCAL',
    'SMART',
    'PERFORMANCE_MAX',
    'LOCAL_SERVICES',
    'TRAVEL',
    'DEMAND_GEN',
  ],
});
attr('campaign.bidding_strategy_type', 'ENUM', (r) => r.campaign?.biddingStrategyType);
attr('campaign.start_date', 'DATE', (r) => r.campaign?.startDate);
attr('campaign.end_date', 'DATE', (r) => r.campaign?.endDate);
attr('campaign.campaign_budget', 'RESOURCE_NAME', (r) => r.campaign && rn.budget(r.customer.id, r.campaign.budgetId));

// ad_group
attr('ad_group.resource_name', 'RESOURCE_NAME', (r) => r.adGroup && rn.adGroup(r.customer.id, r.adGroup.id));
attr('ad_group.id', 'INT64', (r) => r.adGroup?.id);
attr('ad_group.name', 'STRING', (r) => r.adGroup?.name);
attr('ad_group.status', 'ENUM', (r) => r.adGroup?.status, { enumValues: ENTITY_STATUS });
attr('ad_group.type', 'ENUM', (r) => r.adGroup?.type);
attr('ad_group.campaign', 'RESOURCE_NAME', (r) => r.adGroup && rn.campaign(r.customer.id, r.adGroup.campaignId));
attr('ad_group.cpc_bid_micros', 'INT64', (r) => r.adGroup?.cpcBidMicros);

// ad_group_ad (+ its nested ad)
attr('ad_group_ad.resource_name', 'RESOURCE_NAME', (r) => r.ad && rn.adGroupAd(r.customer.id, r.ad.adGroupId, r.ad.adId));
attr('ad_group_ad.status', 'ENUM', (r) => r.ad?.status, { enumValues: ENTITY_STATUS });
attr('ad_group_ad.ad_group', 'RESOURCE_NAME', (r) => r.ad && rn.adGroup(r.customer.id, r.ad.adGroupId));
attr('ad_group_ad.ad.resource_name', 'RESOURCE_NAME', (r) => r.ad && rn.ad(r.customer.id, r.ad.adId));
attr('ad_group_ad.ad.id', 'INT64', (r) => r.ad?.adId);
attr('ad_group_ad.ad.name', 'STRING', (r) => r.ad?.adName);
attr('ad_group_ad.ad.type', 'ENUM', (r) => r.ad?.adType, {
  enumValues: ['RESPONSIVE_SEARCH_AD', 'RESPONSIVE_DISPLAY_AD', 'EXPANDED_TEXT_AD', 'IMAGE_AD', 'VIDEO_AD', 'TEXT_AD', 'CALL_AD'],
});
attr('ad_group_ad.ad.final_urls', 'STRING', (r) => r.ad?.finalUrls, { repeated: true });
attr(
  'ad_group_ad.ad.responsive_search_ad.headlines',
  'MESSAGE',
  (r) => (r.ad?.adType === 'RESPONSIVE_SEARCH_AD' ? r.ad.headlines : undefined),
  { repeated: true },
);
attr(
  'ad_group_ad.ad.responsive_search_ad.descriptions',
  'MESSAGE',
  (r) => (r.ad?.adType === 'RESPONSIVE_SEARCH_AD' ? r.ad.descriptions : undefined),
  { repeated: true },
);
attr(
  'ad_group_ad.ad.responsive_display_ad.headlines',
  'MESSAGE',
  (r) => (r.ad?.adType === 'RESPONSIVE_DISPLAY_AD' ? r.ad.headlines : undefined),
  { repeated: true },
);
attr(
  'ad_group_ad.ad.responsive_display_ad.descriptions',
  'MESSAGE',
  (r) => (r.ad?.adType === 'RESPONSIVE_DISPLAY_AD' ? r.ad.descriptions : undefined),
  { repeated: true },
);
attr('ad_group_ad.policy_summary.approval_status', 'ENUM', (r) => r.ad?.approvalStatus, {
  enumValues: ['APPROVED', 'APPROVED_LIMITED', 'DISAPPROVED', 'AREA_OF_INTEREST_ONLY', 'UNKNOWN'],
});
attr('ad_group_ad.policy_summary.review_status', 'ENUM', (r) => r.ad?.reviewStatus);

// asset
attr('asset.resource_name', 'RESOURCE_NAME', (r) => r.asset && rn.asset(r.customer.id, r.asset.id));
attr('asset.id', 'INT64', (r) => r.asset?.id);
attr('asset.name', 'STRING', (r) => r.asset?.name);
attr('asset.type', 'ENUM', (r) => r.asset?.type, {
  enumValues: [
    'IMAGE',
    'TEXT',
    'YOUTUBE_VIDEO',
    'SITELINK',
    'CALLOUT',
    'MEDIA_BUNDLE',
    'LEAD_FORM',
    'BOOK_ON_GOOGLE',
    'PROMOTION',
    'STRUCTURED_SNIPPET',
    'CALL',
    'PRICE',
    'MOBILE_APP',
    'HOTEL_CALLOUT',
    'PAGE_FEED',
  ],
});
attr('asset.final_urls', 'STRING', (r) => r.asset?.finalUrls, { repeated: true });
attr('asset.image_asset.full_size.url', 'STRING', (r) => r.asset?.image?.url);
attr('asset.image_asset.full_size.width_pixels', 'INT64', (r) => r.asset?.image?.widthPixels);
attr('asset.image_asset.full_size.height_pixels', 'INT64', (r) => r.asset?.image?.heightPixels);
attr('asset.image_asset.mime_type', 'ENUM', (r) => r.asset?.image?.mimeType);
attr('asset.image_asset.file_size', 'INT64', (r) => r.asset?.image?.fileSize);
attr('asset.text_asset.text', 'STRING', (r) => r.asset?.text);
attr('asset.youtube_video_asset.youtube_video_id', 'STRING', (r) => r.asset?.youtubeVideoId);
attr('asset.youtube_video_asset.youtube_video_title', 'STRING', (r) => r.asset?.youtubeVideoTitle);
attr('asset.sitelink_asset.link_text', 'STRING', (r) => r.asset?.sitelink?.linkText);
attr('asset.sitelink_asset.description1', 'STRING', (r) => r.asset?.sitelink?.description1);
attr('asset.sitelink_asset.description2', 'STRING', (r) => r.asset?.sitelink?.description2);
attr('asset.callout_asset.callout_text', 'STRING', (r) => r.asset?.calloutText);
attr('asset.source', 'ENUM', (r) => r.asset && (r.asset.source ?? 'ADVERTISER'), {
  enumValues: ['ADVERTISER', 'AUTOMATICALLY_CREATED', 'UNKNOWN'],
});
attr('asset.structured_snippet_asset.header', 'STRING', (r) => r.asset?.structuredSnippet?.header);
attr('asset.structured_snippet_asset.values', 'STRING', (r) => r.asset?.structuredSnippet?.values, { repeated: true });
attr('asset.call_asset.country_code', 'STRING', (r) => r.asset?.call?.countryCode);
attr('asset.call_asset.phone_number', 'STRING', (r) => r.asset?.call?.phoneNumber);
attr('asset.mobile_app_asset.app_id', 'STRING', (r) => r.asset?.mobileApp?.appId);
attr('asset.mobile_app_asset.app_store', 'ENUM', (r) => r.asset?.mobileApp?.appStore, {
  enumValues: ['APPLE_APP_STORE', 'GOOGLE_APP_STORE', 'UNKNOWN'],
});
attr('asset.mobile_app_asset.link_text', 'STRING', (r) => r.asset?.mobileApp?.linkText);

// customer_client (manager hierarchy)
attr('customer_client.resource_name', 'RESOURCE_NAME', (r) => r.client && rn.customerClient(r.client.managerId, r.client.customer.id));
attr('customer_client.client_customer', 'RESOURCE_NAME', (r) => r.client && rn.customer(r.client.customer.id));
attr('customer_client.id', 'INT64', (r) => r.client?.customer.id);
attr('customer_client.level', 'INT64', (r) => r.client?.level);
attr('customer_client.manager', 'BOOLEAN', (r) => r.client?.customer.manager);
attr('customer_client.descriptive_name', 'STRING', (r) => r.client?.customer.descriptiveName);
attr('customer_client.currency_code', 'STRING', (r) => r.client?.customer.currencyCode);
attr('customer_client.time_zone', 'STRING', (r) => r.client?.customer.timeZone);
attr('customer_client.test_account', 'BOOLEAN', (r) => r.client?.customer.testAccount);
attr('customer_client.hidden', 'BOOLEAN', () => false);
attr('customer_client.status', 'ENUM', (r) => r.client?.customer.status, { enumValues: ['ENABLED', 'CANCELED', 'SUSPENDED', 'CLOSED'] });

// metrics
const metric = (name: string, type: FieldType, get: (m: MetricSums) => number): void => {
  defs.push({ name: `metrics.${name}`, category: 'METRIC', type, get: (r) => (r.metrics ? get(r.metrics) : undefined) });
};
metric('impressions', 'INT64', (m) => m.impressions);
metric('clicks', 'INT64', (m) => m.clicks);
metric('interactions', 'INT64', (m) => m.clicks);
metric('cost_micros', 'INT64', (m) => m.costMicros);
metric('conversions', 'DOUBLE', (m) => round(m.conversions));
metric('conversions_value', 'DOUBLE', (m) => round(m.conversionsValue));
metric('all_conversions', 'DOUBLE', (m) => round(m.allConversions));
metric('ctr', 'DOUBLE', (m) => (m.impressions ? m.clicks / m.impressions : 0));
metric('interaction_rate', 'DOUBLE', (m) => (m.impressions ? m.clicks / m.impressions : 0));
metric('average_cpc', 'DOUBLE', (m) => (m.clicks ? m.costMicros / m.clicks : 0));
metric('average_cost', 'DOUBLE', (m) => (m.clicks ? m.costMicros / m.clicks : 0));
metric('average_cpm', 'DOUBLE', (m) => (m.impressions ? (m.costMicros / m.impressions) * 1000 : 0));
metric('cost_per_conversion', 'DOUBLE', (m) => (m.conversions ? m.costMicros / m.conversions : 0));
metric('conversions_from_interactions_rate', 'DOUBLE', (m) => (m.clicks ? m.conversions / m.clicks : 0));

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

// segments
const mondayOf = (date: string): string => {
  const back = (weekday(date) + 6) % 7;
  return new Date(Date.parse(`${date}T00:00:00Z`) - back * 86_400_000).toISOString().slice(0, 10);
};
defs.push({ name: 'segments.date', category: 'SEGMENT', type: 'DATE', get: (r) => r.segments?.date });
defs.push({
  name: 'segments.device',
  category: 'SEGMENT',
  type: 'ENUM',
  enumValues: ['MOBILE', 'DESKTOP', 'TABLET', 'CONNECTED_TV', 'OTHER'],
  get: (r) => r.segments?.device,
});
defs.push({
  name: 'segments.day_of_week',
  category: 'SEGMENT',
  type: 'ENUM',
  enumValues: DAYS,
  get: (r) => (r.segments?.date ? DAYS[weekday(r.segments.date)] : undefined),
});
defs.push({
  name: 'segments.week',
  category: 'SEGMENT',
  type: 'DATE',
  get: (r) => (r.segments?.date ? mondayOf(r.segments.date) : undefined),
});
defs.push({
  name: 'segments.month',
  category: 'SEGMENT',
  type: 'DATE',
  get: (r) => (r.segments?.date ? `${r.segments.date.slice(0, 7)}-01` : undefined),
});
defs.push({
  name: 'segments.year',
  category: 'SEGMENT',
  type: 'INT32',
  get: (r) => (r.segments?.date ? Number(r.segments.date.slice(0, 4)) : undefined),
});

export const FIELDS: ReadonlyMap<string, FieldDef> = new Map(defs.map((d) => [d.name, d]));

/** Date segments need the metric grain of a day; the others split by device. */
export const DATE_SEGMENTS = ['segments.date', 'segments.day_of_week', 'segments.week', 'segments.month', 'segments.year'];

export interface FromDef {
  /** Resources whose attribute fields may be selected. */
  attributed: readonly string[];
  metrics: boolean;
}

export const FROM_RESOURCES: Record<string, FromDef> = {
  customer: { attributed: ['customer'], metrics: true },
  campaign: { attributed: ['campaign', 'campaign_budget', 'customer'], metrics: true },
  campaign_budget: { attributed: ['campaign_budget', 'customer'], metrics: true },
  ad_group: { attributed: ['ad_group', 'campaign', 'customer'], metrics: true },
  ad_group_ad: { attributed: ['ad_group_ad', 'ad_group', 'campaign', 'customer'], metrics: true },
  asset: { attributed: ['asset', 'customer'], metrics: false },
  customer_client: { attributed: ['customer_client', 'customer'], metrics: false },
};

export function resourceOf(field: string): string {
  return field.split('.')[0] ?? field;
}

/** `ad_group_ad.ad.responsive_search_ad.headlines` → `adGroupAd.ad.responsiveSearchAd.headlines`. */
export function camelPath(field: string): string {
  return field
    .split('.')
    .map((part) => part.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()))
    .join('.');
}
