// Google Ads GAQL rows (camelCase JSON, int64 as strings) → the records the copy stores, and stored records →
// the contract's shapes. Every field is picked by name: nothing Google adds later can leak into a response
// that the contract closes with additionalProperties: false.
import type { components } from '../../generated/schema.d.ts';
import { int64, microsToMajor } from '../upstream/google/mapper.ts';
import type { InsightsLevel, StoredLevel } from './queries.ts';

export type GoogleAsset = components['schemas']['GoogleAsset'];
export type GoogleAccessibleCustomer = components['schemas']['GoogleAccessibleCustomer'];
export type GoogleInsightRow = components['schemas']['GoogleInsightRow'];
type AssetType = GoogleAsset['type'];

type Json = Record<string, unknown>;

const obj = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const idOf = (value: unknown): string | undefined => {
  const text = typeof value === 'number' ? String(value) : str(value);
  return text !== undefined && /^\d{1,20}$/.test(text) ? text : undefined;
};
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

// ── Customers ────────────────────────────────────────────────────────────────────────────────────────────

/** The details of a customer as the contract lists it; every detail null when Google gave none. */
export function mapAccessibleCustomer(connectionId: string, customerId: string, row: unknown): GoogleAccessibleCustomer {
  const customer = obj(obj(row).customer);
  const currency = str(customer.currencyCode);
  return {
    connectionId,
    customerId,
    resourceName: `customers/${customerId}`,
    descriptiveName: str(customer.descriptiveName) ?? null,
    currencyCode: currency !== undefined && /^[A-Z]{3}$/.test(currency) ? currency : null,
    timeZone: str(customer.timeZone) ?? null,
    manager: typeof customer.manager === 'boolean' ? customer.manager : null,
  };
}

// ── Objects of the copy ──────────────────────────────────────────────────────────────────────────────────

export interface CampaignRecord {
  campaignId: string;
  name: string;
  status: string;
  advertisingChannelType: string | null;
  /** int64 micros as a string, or null without a budget. */
  budgetAmountMicros: string | null;
}

export interface AdGroupRecord {
  adGroupId: string;
  campaignId: string;
  name: string;
  status: string;
  type: string | null;
}

export interface AdRecord {
  adGroupId: string;
  adId: string;
  campaignId: string;
  name: string | null;
  type: string | null;
  status: string;
  finalUrls: string[];
  headlines: unknown[];
  descriptions: unknown[];
}

export interface AssetRecord {
  assetId: string;
  type: AssetType;
  asset: GoogleAsset;
}

export function mapCampaignRow(row: unknown): CampaignRecord | undefined {
  const campaign = obj(obj(row).campaign);
  const campaignId = idOf(campaign.id);
  if (!campaignId) return undefined;
  const budget = obj(obj(row).campaignBudget).amountMicros;
  return {
    campaignId,
    name: str(campaign.name) ?? campaignId,
    status: str(campaign.status) ?? 'UNKNOWN',
    advertisingChannelType: str(campaign.advertisingChannelType) ?? null,
    budgetAmountMicros: budget === undefined || budget === null ? null : String(int64(budget as string)),
  };
}

export function mapAdGroupRow(row: unknown): AdGroupRecord | undefined {
  const adGroup = obj(obj(row).adGroup);
  const adGroupId = idOf(adGroup.id);
  const campaignId = idOf(obj(obj(row).campaign).id) ?? idFromResource(str(adGroup.campaign));
  if (!adGroupId || !campaignId) return undefined;
  return {
    adGroupId,
    campaignId,
    name: str(adGroup.name) ?? adGroupId,
    status: str(adGroup.status) ?? 'UNKNOWN',
    type: str(adGroup.type) ?? null,
  };
}

/** `customers/1/campaigns/123` → `123`. */
function idFromResource(resourceName: string | undefined): string | undefined {
  return idOf(resourceName?.split('/').pop());
}

export function mapAdRow(row: unknown): AdRecord | undefined {
  const adGroupAd = obj(obj(row).adGroupAd);
  const ad = obj(adGroupAd.ad);
  const adId = idOf(ad.id);
  const adGroupId = idOf(obj(obj(row).adGroup).id) ?? idFromResource(str(adGroupAd.adGroup));
  const campaignId = idOf(obj(obj(row).campaign).id);
  if (!adId || !adGroupId || !campaignId) return undefined;
  const rsa = obj(ad.responsiveSearchAd);
  return {
    adGroupId,
    adId,
    campaignId,
    name: str(ad.name) ?? null,
    type: str(ad.type) ?? null,
    status: str(adGroupAd.status) ?? 'UNKNOWN',
    finalUrls: strings(ad.finalUrls),
    headlines: Array.isArray(rsa.headlines) ? rsa.headlines.map(textAsset) : [],
    descriptions: Array.isArray(rsa.descriptions) ? rsa.descriptions.map(textAsset) : [],
  };
}

const textAsset = (value: unknown): { text: string; pinnedField?: string } => {
  const v = obj(value);
  const pinned = str(v.pinnedField);
  return { text: str(v.text) ?? '', ...(pinned ? { pinnedField: pinned } : {}) };
};

// ── Assets ───────────────────────────────────────────────────────────────────────────────────────────────

export const ASSET_TYPES: readonly AssetType[] = [
  'IMAGE',
  'TEXT',
  'YOUTUBE_VIDEO',
  'MEDIA_BUNDLE',
  'SITELINK',
  'CALLOUT',
  'STRUCTURED_SNIPPET',
  'CALL',
  'PRICE',
  'PROMOTION',
  'LEAD_FORM',
  'MOBILE_APP',
  'CALL_TO_ACTION',
  'PAGE_FEED',
  'LOCATION',
  'BOOK_ON_GOOGLE',
  'HOTEL_CALLOUT',
  'UNKNOWN',
];

const oneOf = <T extends string>(value: unknown, allowed: readonly T[], fallback: T): T | undefined => {
  const text = str(value);
  if (text === undefined) return undefined;
  return (allowed as readonly string[]).includes(text) ? (text as T) : fallback;
};
const int64String = (value: unknown): string | undefined => {
  const text = typeof value === 'number' && Number.isInteger(value) ? String(value) : str(value);
  return text !== undefined && /^\d{1,20}$/.test(text) ? text : undefined;
};
const isUrl = (value: string): boolean => {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
};

/** Keeps the defined entries; undefined when none is left. */
function compact<T extends Json>(value: T): T | undefined {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as T);
}

/** The object of the asset's own type, in the contract's (the API's) shape. */
function typedPart(type: AssetType, asset: Json): Partial<GoogleAsset> {
  switch (type) {
    case 'TEXT': {
      const part = compact({ text: str(obj(asset.textAsset).text) });
      return part ? { textAsset: part } : {};
    }
    case 'IMAGE': {
      const image = obj(asset.imageAsset);
      const full = obj(image.fullSize);
      const url = str(full.url);
      const fullSize = compact({
        url: url !== undefined && isUrl(url) ? url : undefined,
        widthPixels: int64String(full.widthPixels),
        heightPixels: int64String(full.heightPixels),
      });
      const part = compact({
        fileSize: int64String(image.fileSize),
        mimeType: oneOf(image.mimeType, ['IMAGE_JPEG', 'IMAGE_GIF', 'IMAGE_PNG', 'UNKNOWN'] as const, 'UNKNOWN'),
        fullSize,
      });
      return part ? { imageAsset: part } : {};
    }
    case 'YOUTUBE_VIDEO': {
      const video = obj(asset.youtubeVideoAsset);
      const part = compact({ youtubeVideoId: str(video.youtubeVideoId), youtubeVideoTitle: str(video.youtubeVideoTitle) });
      return part ? { youtubeVideoAsset: part } : {};
    }
    case 'SITELINK': {
      const sitelink = obj(asset.sitelinkAsset);
      const part = compact({
        linkText: str(sitelink.linkText),
        description1: str(sitelink.description1),
        description2: str(sitelink.description2),
      });
      return part ? { sitelinkAsset: part } : {};
    }
    case 'CALLOUT': {
      const part = compact({ calloutText: str(obj(asset.calloutAsset).calloutText) });
      return part ? { calloutAsset: part } : {};
    }
    case 'STRUCTURED_SNIPPET': {
      const snippet = obj(asset.structuredSnippetAsset);
      const values = strings(snippet.values);
      const part = compact({ header: str(snippet.header), values: values.length > 0 ? values : undefined });
      return part ? { structuredSnippetAsset: part } : {};
    }
    case 'CALL': {
      const call = obj(asset.callAsset);
      const country = str(call.countryCode);
      const part = compact({
        countryCode: country !== undefined && /^[A-Z]{2}$/.test(country) ? country : undefined,
        phoneNumber: str(call.phoneNumber),
      });
      return part ? { callAsset: part } : {};
    }
    case 'MOBILE_APP': {
      const app = obj(asset.mobileAppAsset);
      const part = compact({
        appId: str(app.appId),
        appStore: oneOf(app.appStore, ['APPLE_APP_STORE', 'GOOGLE_APP_STORE', 'UNKNOWN'] as const, 'UNKNOWN'),
        linkText: str(app.linkText),
      });
      return part ? { mobileAppAsset: part } : {};
    }
    default:
      return {};
  }
}

/** A GAQL `asset` row → the contract's GoogleAsset; undefined when the row has no usable id. */
export function mapAssetRow(customerId: string, row: unknown): AssetRecord | undefined {
  const asset = obj(obj(row).asset);
  const assetId = idOf(asset.id) ?? idFromResource(str(asset.resourceName));
  if (!assetId) return undefined;
  const type = oneOf(asset.type, ASSET_TYPES, 'UNKNOWN') ?? 'UNKNOWN';
  const resourceName = str(asset.resourceName);
  const finalUrls = strings(asset.finalUrls).filter(isUrl);
  const name = str(asset.name);
  const source = oneOf(asset.source, ['ADVERTISER', 'AUTOMATICALLY_CREATED', 'UNKNOWN'] as const, 'UNKNOWN');
  const mapped: GoogleAsset = {
    resourceName:
      resourceName !== undefined && /^customers\/\d{10}\/assets\/\d{1,20}$/.test(resourceName)
        ? resourceName
        : `customers/${customerId}/assets/${assetId}`,
    id: assetId,
    ...(name === undefined ? {} : { name }),
    type,
    ...(source === undefined ? {} : { source }),
    ...(finalUrls.length > 0 ? { finalUrls } : {}),
    ...typedPart(type, asset),
  };
  return { assetId, type, asset: mapped };
}

/** Numeric ids as strings, compared as numbers (`"9" < "10"`). */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

// ── Daily metrics ────────────────────────────────────────────────────────────────────────────────────────

export interface MetricRecord {
  level: StoredLevel;
  date: string;
  campaignId: string;
  /** '' above ad-group level. */
  adGroupId: string;
  /** '' above ad level. */
  adId: string;
  campaignName: string | null;
  adGroupName: string | null;
  adName: string | null;
  impressions: number;
  clicks: number;
  /** int64 micros as a string. */
  costMicros: string;
  conversions: number;
}

export const metricKey = (m: Pick<MetricRecord, 'level' | 'date' | 'campaignId' | 'adGroupId' | 'adId'>): string =>
  `${m.level}|${m.date}|${m.campaignId}|${m.adGroupId}|${m.adId}`;

/** One daily metric of an object, whatever the level (customer rows have no ids). */
export interface DailyMetric {
  date: string;
  campaignId: string | null;
  campaignName: string | null;
  adGroupId: string | null;
  adGroupName: string | null;
  adId: string | null;
  adName: string | null;
  impressions: number;
  clicks: number;
  costMicros: bigint;
  conversions: number;
}

/** A GAQL metrics row at `level` (with segments.date) → a daily metric; undefined when it lacks its ids. */
export function mapMetricRow(level: InsightsLevel, row: unknown): DailyMetric | undefined {
  const r = obj(row);
  const date = str(obj(r.segments).date);
  if (date === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const campaign = obj(r.campaign);
  const adGroup = obj(r.adGroup);
  const ad = obj(obj(r.adGroupAd).ad);
  const metrics = obj(r.metrics);
  const campaignId = level === 'customer' ? null : (idOf(campaign.id) ?? null);
  const adGroupId = level === 'ad_group' || level === 'ad' ? (idOf(adGroup.id) ?? null) : null;
  const adId = level === 'ad' ? (idOf(ad.id) ?? null) : null;
  if ((level !== 'customer' && campaignId === null) || ((level === 'ad_group' || level === 'ad') && adGroupId === null)) return undefined;
  if (level === 'ad' && adId === null) return undefined;
  return {
    date,
    campaignId,
    campaignName: campaignId === null ? null : (str(campaign.name) ?? null),
    adGroupId,
    adGroupName: adGroupId === null ? null : (str(adGroup.name) ?? null),
    adId,
    adName: adId === null ? null : (str(ad.name) ?? null),
    impressions: int64(metrics.impressions as string | undefined),
    clicks: int64(metrics.clicks as string | undefined),
    costMicros: toBigint(metrics.costMicros),
    conversions: Number(metrics.conversions ?? 0) || 0,
  };
}

export function toBigint(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return BigInt(Math.trunc(value));
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return BigInt(value.trim());
  return 0n;
}

const dailyKey = (m: DailyMetric): string => `${m.date}|${m.campaignId ?? ''}|${m.adGroupId ?? ''}|${m.adId ?? ''}`;

/** Rows Google split further (by a segment nobody asked for) are added up, one per object and day. */
export function mergeDaily(rows: readonly DailyMetric[]): DailyMetric[] {
  const byKey = new Map<string, DailyMetric>();
  for (const row of rows) {
    const key = dailyKey(row);
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, { ...row });
      continue;
    }
    seen.impressions += row.impressions;
    seen.clicks += row.clicks;
    seen.costMicros += row.costMicros;
    seen.conversions += row.conversions;
  }
  return [...byKey.values()];
}

/** The copy's record of a daily metric at a stored level. */
export function toMetricRecord(level: StoredLevel, m: DailyMetric): MetricRecord {
  return {
    level,
    date: m.date,
    campaignId: m.campaignId ?? '',
    adGroupId: m.adGroupId ?? '',
    adId: m.adId ?? '',
    campaignName: m.campaignName,
    adGroupName: m.adGroupName,
    adName: m.adName,
    impressions: m.impressions,
    clicks: m.clicks,
    costMicros: m.costMicros.toString(),
    conversions: m.conversions,
  };
}

const round = (n: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round((n + Number.EPSILON) * f) / f;
};

/**
 * The contract's row: cost and averageCpc in major units (micros ÷ 1,000,000), ctr in percent; ctr and
 * averageCpc rounded to 2 decimals, conversions to 6 (float noise of sums).
 */
export function toInsightRow(m: DailyMetric): GoogleInsightRow {
  const cost = microsToMajor(m.costMicros);
  return {
    date: m.date,
    campaignId: m.campaignId,
    campaignName: m.campaignName,
    adGroupId: m.adGroupId,
    adGroupName: m.adGroupName,
    adId: m.adId,
    adName: m.adName,
    impressions: m.impressions,
    clicks: m.clicks,
    cost,
    conversions: round(m.conversions, 6),
    ctr: m.impressions > 0 ? round((m.clicks / m.impressions) * 100, 2) : 0,
    averageCpc: m.clicks > 0 ? round(cost / m.clicks, 2) : null,
  };
}

/** Rows with neither impressions, clicks nor cost are not shown; the rest by date, campaign, ad group, ad. */
export function toInsightRows(metrics: readonly DailyMetric[]): GoogleInsightRow[] {
  const cmp = (a: string | null, b: string | null): number => compareIds(a ?? '', b ?? '');
  return metrics
    .filter((m) => m.impressions > 0 || m.clicks > 0 || m.costMicros > 0n)
    .sort(
      (a, b) =>
        (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) ||
        cmp(a.campaignId, b.campaignId) ||
        cmp(a.adGroupId, b.adGroupId) ||
        cmp(a.adId, b.adId),
    )
    .map(toInsightRow);
}
