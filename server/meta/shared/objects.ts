// The four Meta ad-object kinds Adlyft imports and lists (campaigns, ad sets, ads, ad creatives): which Meta
// fields the contract stores and which are live-only, the column each stored field lives in, and the explicit
// mappers Meta wire object ↔ stored record ↔ contract object. snake_case field names are Meta's own (the
// contract passes Meta objects through); the columns are the SQL ones of migration 003.
//
// Two kinds of reference: `creative` is a field Meta returns as `{id}` and is stored as `creative_id`; `campaign`
// and `adset` are the same ids as `campaign_id`/`adset_id`, so they are asked from Meta as those fields and
// rebuilt as `{id}` (which is exactly what Meta returns for a node field asked without sub-fields).
import type { components } from '../../../generated/schema.d.ts';

export type MetaCampaign = components['schemas']['MetaCampaign'];
export type MetaAdSet = components['schemas']['MetaAdSet'];
export type MetaAd = components['schemas']['MetaAd'];
export type MetaAdCreative = components['schemas']['MetaAdCreative'];

export type MetaObjectKind = 'campaign' | 'adset' | 'ad' | 'adcreative';

/** The table of each kind. */
export type MetaObjectTable = 'meta_campaigns' | 'meta_ad_sets' | 'meta_ads' | 'meta_ad_creatives';

/** How a stored field travels: Meta's wire value ↔ the column value. */
type ColumnType =
  /** A string, stored as text. */
  | 'text'
  /** Meta's integer-in-a-string money (`"5000"`, minor units), stored as bigint, given back as a string. */
  | 'money'
  /** A JSON integer (`bid_amount`), stored as bigint. */
  | 'int'
  /** Any JSON value, stored as jsonb. */
  | 'json'
  /** A node reference `{id}`, stored as its id. */
  | 'ref';

interface StoredColumn {
  field: string;
  column: string;
  type: ColumnType;
}

/** A field answered as `{id}` from another column (asked from Meta as `source`). */
interface AliasField {
  field: string;
  column: string;
  source: string;
}

/** A query parameter that narrows a list: Meta's `filtering` field and the column it matches. */
export interface ListFilter {
  param: string;
  metaField: string;
  column: string;
}

export interface MetaObjectCatalog {
  kind: MetaObjectKind;
  table: MetaObjectTable;
  /** The ad account edge, `act_…/<edge>`. */
  edge: 'campaigns' | 'adsets' | 'ads' | 'adcreatives';
  /** Stored fields in the contract's order; the default of `fields`. */
  storedFields: readonly string[];
  liveOnlyFields: readonly string[];
  columns: readonly StoredColumn[];
  aliases: readonly AliasField[];
  filters: readonly ListFilter[];
  /** Whether lists are ordered by `created_time` (creatives have none: by id only). */
  ordersByCreatedTime: boolean;
  /** Whether archived and deleted objects are left out of lists (Meta's default on these edges). */
  hidesArchived: boolean;
}

const text = (field: string, column = field): StoredColumn => ({ field, column, type: 'text' });
const money = (field: string): StoredColumn => ({ field, column: field, type: 'money' });
const int = (field: string): StoredColumn => ({ field, column: field, type: 'int' });
const json = (field: string): StoredColumn => ({ field, column: field, type: 'json' });

export const CAMPAIGNS: MetaObjectCatalog = {
  kind: 'campaign',
  table: 'meta_campaigns',
  edge: 'campaigns',
  storedFields: [
    'id',
    'account_id',
    'name',
    'objective',
    'status',
    'configured_status',
    'effective_status',
    'buying_type',
    'bid_strategy',
    'daily_budget',
    'lifetime_budget',
    'spend_cap',
    'special_ad_categories',
    'start_time',
    'stop_time',
    'created_time',
    'updated_time',
  ],
  liveOnlyFields: ['budget_remaining', 'special_ad_category_country', 'source_campaign_id', 'promoted_object', 'issues_info'],
  columns: [
    text('account_id'),
    text('name'),
    text('objective'),
    text('status'),
    text('configured_status'),
    text('effective_status'),
    text('buying_type'),
    text('bid_strategy'),
    money('daily_budget'),
    money('lifetime_budget'),
    money('spend_cap'),
    json('special_ad_categories'),
    text('start_time'),
    text('stop_time'),
    text('created_time'),
    text('updated_time'),
  ],
  aliases: [],
  filters: [{ param: 'campaignId', metaField: 'id', column: 'meta_id' }],
  ordersByCreatedTime: true,
  hidesArchived: true,
};

export const AD_SETS: MetaObjectCatalog = {
  kind: 'adset',
  table: 'meta_ad_sets',
  edge: 'adsets',
  storedFields: [
    'id',
    'account_id',
    'campaign_id',
    'campaign',
    'name',
    'status',
    'configured_status',
    'effective_status',
    'billing_event',
    'optimization_goal',
    'bid_strategy',
    'bid_amount',
    'daily_budget',
    'lifetime_budget',
    'start_time',
    'end_time',
    'created_time',
    'updated_time',
    'targeting',
    'promoted_object',
    'destination_type',
    'attribution_spec',
    'adset_schedule',
  ],
  liveOnlyFields: ['budget_remaining', 'learning_stage_info', 'issues_info'],
  columns: [
    text('account_id'),
    text('campaign_id'),
    text('name'),
    text('status'),
    text('configured_status'),
    text('effective_status'),
    text('billing_event'),
    text('optimization_goal'),
    text('bid_strategy'),
    int('bid_amount'),
    money('daily_budget'),
    money('lifetime_budget'),
    text('start_time'),
    text('end_time'),
    text('created_time'),
    text('updated_time'),
    json('targeting'),
    json('promoted_object'),
    text('destination_type'),
    json('attribution_spec'),
    json('adset_schedule'),
  ],
  aliases: [{ field: 'campaign', column: 'campaign_id', source: 'campaign_id' }],
  filters: [
    { param: 'campaignId', metaField: 'campaign.id', column: 'campaign_id' },
    { param: 'adSetId', metaField: 'id', column: 'meta_id' },
  ],
  ordersByCreatedTime: true,
  hidesArchived: true,
};

export const ADS: MetaObjectCatalog = {
  kind: 'ad',
  table: 'meta_ads',
  edge: 'ads',
  storedFields: [
    'id',
    'account_id',
    'name',
    'adset_id',
    'adset',
    'campaign_id',
    'campaign',
    'creative',
    'status',
    'configured_status',
    'effective_status',
    'bid_amount',
    'created_time',
    'updated_time',
  ],
  liveOnlyFields: ['preview_shareable_link', 'issues_info'],
  columns: [
    text('account_id'),
    text('name'),
    text('adset_id'),
    text('campaign_id'),
    { field: 'creative', column: 'creative_id', type: 'ref' },
    text('status'),
    text('configured_status'),
    text('effective_status'),
    int('bid_amount'),
    text('created_time'),
    text('updated_time'),
  ],
  aliases: [
    { field: 'adset', column: 'adset_id', source: 'adset_id' },
    { field: 'campaign', column: 'campaign_id', source: 'campaign_id' },
  ],
  filters: [
    { param: 'adId', metaField: 'id', column: 'meta_id' },
    { param: 'campaignId', metaField: 'campaign.id', column: 'campaign_id' },
    { param: 'adSetId', metaField: 'adset.id', column: 'adset_id' },
  ],
  ordersByCreatedTime: true,
  hidesArchived: true,
};

export const AD_CREATIVES: MetaObjectCatalog = {
  kind: 'adcreative',
  table: 'meta_ad_creatives',
  edge: 'adcreatives',
  storedFields: [
    'id',
    'account_id',
    'name',
    'status',
    'title',
    'body',
    'object_type',
    'object_story_spec',
    'object_story_id',
    'effective_object_story_id',
    'call_to_action_type',
    'image_hash',
    'video_id',
    'link_url',
    'url_tags',
    'asset_feed_spec',
  ],
  liveOnlyFields: ['image_url', 'thumbnail_url'],
  columns: [
    text('account_id'),
    text('name'),
    text('status'),
    text('title'),
    text('body'),
    text('object_type'),
    json('object_story_spec'),
    text('object_story_id'),
    text('effective_object_story_id'),
    text('call_to_action_type'),
    text('image_hash'),
    text('video_id'),
    text('link_url'),
    text('url_tags'),
    json('asset_feed_spec'),
  ],
  aliases: [],
  filters: [{ param: 'adCreativeId', metaField: 'id', column: 'meta_id' }],
  ordersByCreatedTime: false,
  hidesArchived: false,
};

export const CATALOGS: readonly MetaObjectCatalog[] = [CAMPAIGNS, AD_SETS, ADS, AD_CREATIVES];

// ── Fields ───────────────────────────────────────────────────────────────────────────────────────────────

/** Whether every asked field is stored (so the imported copy can answer). */
export function allStored(catalog: MetaObjectCatalog, fields: readonly string[]): boolean {
  return fields.every((f) => catalog.storedFields.includes(f));
}

/** The `fields` to send Meta for the asked fields: aliases asked as their source, `id` always, no repeats. */
export function metaRequestFields(catalog: MetaObjectCatalog, fields: readonly string[]): string[] {
  const out = new Set<string>(['id']);
  for (const field of fields) out.add(catalog.aliases.find((a) => a.field === field)?.source ?? field);
  return [...out];
}

/** A Meta object as the contract passes it on: `id` and the asked fields Meta returned, aliases rebuilt. */
export function projectLive(catalog: MetaObjectCatalog, wire: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { id: String(wire.id) };
  for (const field of fields) {
    const alias = catalog.aliases.find((a) => a.field === field);
    const value = alias ? refOf(wire[alias.source]) : wire[field];
    if (value !== undefined && value !== null) out[field] = value;
  }
  return out;
}

const refOf = (id: unknown): { id: string } | undefined => (typeof id === 'string' && id !== '' ? { id } : undefined);

// ── Stored records ───────────────────────────────────────────────────────────────────────────────────────

/** One object as stored: `meta_id`, one value per column (null when Meta sent none) and `created_at`. */
export type StoredRecord = Record<string, unknown> & { meta_id: string };

/** Meta's `2026-07-01T10:12:00+0000` (or any ISO 8601 form) → a Date; the epoch when absent or unreadable. */
export function metaTimeToDate(value: unknown): Date {
  if (typeof value !== 'string') return new Date(0);
  const normalized = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const at = Date.parse(normalized);
  return Number.isNaN(at) ? new Date(0) : new Date(at);
}

function columnValueFromWire(type: ColumnType, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  switch (type) {
    case 'text':
      return String(value);
    case 'money':
    case 'int': {
      const n = typeof value === 'number' ? value : Number(value);
      return Number.isFinite(n) ? Math.trunc(n) : null;
    }
    case 'json':
      return value;
    case 'ref':
      return typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string' ? (value as { id: string }).id : null;
  }
}

function wireValueFromColumn(type: ColumnType, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  switch (type) {
    case 'text':
      return String(value);
    case 'money':
      return String(value);
    case 'int':
      return Number(value);
    case 'json':
      return value;
    case 'ref':
      return { id: String(value) };
  }
}

/** Meta's wire object (as listed with the stored fields) → the stored record. */
export function recordFromWire(catalog: MetaObjectCatalog, wire: Record<string, unknown>): StoredRecord {
  const record: StoredRecord = { meta_id: String(wire.id) };
  for (const column of catalog.columns) record[column.column] = columnValueFromWire(column.type, wire[column.field]);
  if (catalog.ordersByCreatedTime) record.created_at = metaTimeToDate(wire.created_time);
  return record;
}

/** A row as read from the table → the stored record (the same shape recordFromWire builds). */
export function recordFromRow(catalog: MetaObjectCatalog, row: Record<string, unknown>): StoredRecord {
  const record: StoredRecord = { meta_id: String(row.meta_id) };
  for (const column of catalog.columns) {
    const value = row[column.column];
    record[column.column] = value === undefined ? null : column.type === 'money' || column.type === 'int' ? toNumberOrNull(value) : value;
  }
  if (catalog.ordersByCreatedTime) record.created_at = new Date(row.created_at as Date | string);
  return record;
}

const toNumberOrNull = (value: unknown): number | null => (value === null ? null : Number(value));

/** The stored record → the contract object with every stored field that has a value. */
export function wireFromRecord(catalog: MetaObjectCatalog, record: StoredRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { id: record.meta_id };
  for (const field of catalog.storedFields) {
    if (field === 'id') continue;
    const alias = catalog.aliases.find((a) => a.field === field);
    if (alias) {
      const ref = refOf(record[alias.column]);
      if (ref) out[field] = ref;
      continue;
    }
    const column = catalog.columns.find((c) => c.field === field);
    if (!column) continue;
    const value = wireValueFromColumn(column.type, record[column.column]);
    if (value !== undefined) out[field] = value;
  }
  return out;
}

/** Keeps `id` and the asked fields of a contract object. */
export function pickFields(object: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { id: object.id };
  for (const field of fields) if (object[field] !== undefined) out[field] = object[field];
  return out;
}

/** The record as columns to write: JSON columns as JSON text, the ad account and the time of the write. */
export function rowToWrite(
  catalog: MetaObjectCatalog,
  record: StoredRecord,
  adAccountId: string,
  importedAt: Date,
): Record<string, unknown> {
  const row: Record<string, unknown> = { ad_account_id: adAccountId, meta_id: record.meta_id, imported_at: importedAt };
  for (const column of catalog.columns) {
    const value = record[column.column];
    row[column.column] = column.type === 'json' ? (value === null || value === undefined ? null : JSON.stringify(value)) : value;
  }
  if (catalog.ordersByCreatedTime) row.created_at = record.created_at;
  return row;
}

/** The columns an upsert rewrites (every stored column, `imported_at` and, when ordered, `created_at`). */
export function writableColumns(catalog: MetaObjectCatalog): string[] {
  return [...catalog.columns.map((c) => c.column), ...(catalog.ordersByCreatedTime ? ['created_at'] : []), 'imported_at'];
}

/** JSON with object keys sorted and Dates as ISO strings, so equal values compare equal whatever their origin. */
export function stableJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
