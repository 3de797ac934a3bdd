// All SQL of the Google operations: the team's Google ad accounts and connections as these operations need them,
// the import lock, and Adlyft's copy of imported customers (migration 004). Functions take `db` or a
// transaction's `trx` first; rows are mapped to the records of mapper.ts here.
import { sql } from 'kysely';
import type { AdAccountStatus, ConnectionStatus } from '../connections/repository.ts';
import type { Db } from '../db/database.ts';
import {
  type AdGroupRecord,
  type AdRecord,
  type AssetRecord,
  type CampaignRecord,
  compareIds,
  type DailyMetric,
  type GoogleAsset,
  type MetricRecord,
  metricKey,
} from './mapper.ts';
import type { StoredLevel } from './queries.ts';
import type { DayWindow } from './window.ts';

/** `date` columns: PGlite reads a Date at UTC midnight, node-postgres the `YYYY-MM-DD` text. */
const isoDate = (value: Date | string): string => (typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10));
const json = (value: unknown): string => JSON.stringify(value);
/** Rows per INSERT, well below PostgreSQL's 65,535 parameters. */
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// ── The team's Google accounts and connections ───────────────────────────────────────────────────────────

export interface GoogleAccountCandidate {
  adAccountId: string;
  externalId: string;
  connectionId: string;
  connectionStatus: ConnectionStatus;
  currency: string;
  timezone: string | null;
  /** The caller's own permission on it, null when none. */
  role: 'MANAGER' | 'VIEWER' | null;
}

/**
 * The team's Google ad accounts with this customer id (one per connection that brought it), best first: on an
 * ACTIVE connection, then already imported, then oldest.
 */
export async function listTeamGoogleAccounts(
  db: Db,
  tenantId: string,
  teamId: string,
  customerId: string,
  userId: string,
): Promise<GoogleAccountCandidate[]> {
  const rows = await db
    .selectFrom('ad_accounts as a')
    .innerJoin('connections as c', 'c.id', 'a.connection_id')
    .leftJoin('ad_account_permissions as p', (join) => join.onRef('p.ad_account_id', '=', 'a.id').on('p.user_id', '=', userId))
    .select(['a.id', 'a.external_id', 'a.connection_id', 'c.status', 'a.currency', 'a.timezone', 'p.role'])
    .where('a.tenant_id', '=', tenantId)
    .where('c.team_id', '=', teamId)
    .where('a.platform', '=', 'GOOGLE')
    .where('c.platform', '=', 'GOOGLE')
    .where('a.external_id', '=', customerId)
    .orderBy(sql`CASE c.status WHEN 'ACTIVE' THEN 0 ELSE 1 END`)
    .orderBy(sql`CASE WHEN a.last_imported_at IS NULL THEN 1 ELSE 0 END`)
    .orderBy('a.created_at', 'asc')
    .orderBy('a.id', 'asc')
    .execute();
  return rows.map((r) => ({
    adAccountId: r.id,
    externalId: r.external_id,
    connectionId: r.connection_id,
    connectionStatus: r.status,
    currency: r.currency,
    timezone: r.timezone,
    role: r.role ?? null,
  }));
}

/** The ids of the team's Google connections, in id order. */
export async function listTeamGoogleConnectionIds(db: Db, tenantId: string, teamId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('connections')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('team_id', '=', teamId)
    .where('platform', '=', 'GOOGLE')
    .orderBy('id', 'asc')
    .execute();
  return rows.map((r) => r.id);
}

/** The customer ids of the connection's ad accounts on which the user holds a permission. */
export async function listPermittedCustomerIds(db: Db, connectionId: string, userId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('ad_accounts as a')
    .innerJoin('ad_account_permissions as p', 'p.ad_account_id', 'a.id')
    .select('a.external_id')
    .where('a.connection_id', '=', connectionId)
    .where('a.platform', '=', 'GOOGLE')
    .where('p.user_id', '=', userId)
    .execute();
  return new Set(rows.map((r) => r.external_id));
}

// ── The import lock ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Takes the account's import lock for `token`, unless another holder took it after `staleBefore` (a lock older
 * than that belongs to an import that died). Answers whether the lock is now ours.
 */
export async function acquireImportLock(db: Db, adAccountId: string, token: string, at: Date, staleBefore: Date): Promise<boolean> {
  const row = await db
    .insertInto('google_import_locks')
    .values({ ad_account_id: adAccountId, token, started_at: at })
    .onConflict((oc) =>
      oc.column('ad_account_id').doUpdateSet({ token, started_at: at }).where('google_import_locks.started_at', '<', staleBefore),
    )
    .returning('token')
    .executeTakeFirst();
  return row?.token === token;
}

export async function releaseImportLock(db: Db, adAccountId: string, token: string): Promise<void> {
  await db.deleteFrom('google_import_locks').where('ad_account_id', '=', adAccountId).where('token', '=', token).execute();
}

// ── Reading the copy ─────────────────────────────────────────────────────────────────────────────────────

/** The windows imports covered that touch `window`. */
export async function listImportWindows(db: Db, adAccountId: string, window: DayWindow): Promise<DayWindow[]> {
  const rows = await db
    .selectFrom('google_import_windows')
    .select(['since', 'until'])
    .where('ad_account_id', '=', adAccountId)
    .where('since', '<=', window.until)
    .where('until', '>=', window.since)
    .execute();
  return rows.map((r) => ({ since: isoDate(r.since), until: isoDate(r.until) }));
}

/** Whether an import of the account has ever completed. */
export async function hasImport(db: Db, adAccountId: string): Promise<boolean> {
  const row = await db
    .selectFrom('google_import_windows')
    .select('ad_account_id')
    .where('ad_account_id', '=', adAccountId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The stored assets (all, or of one type), by numeric id. */
export async function listStoredAssets(db: Db, adAccountId: string, type?: string): Promise<GoogleAsset[]> {
  let query = db.selectFrom('google_assets').select(['asset_id', 'asset']).where('ad_account_id', '=', adAccountId);
  if (type !== undefined) query = query.where('type', '=', type);
  const rows = await query.execute();
  return rows.sort((a, b) => compareIds(a.asset_id, b.asset_id)).map((r) => r.asset as GoogleAsset);
}

const toDaily = (r: {
  date: Date | string;
  campaign_id: string;
  ad_group_id: string;
  ad_id: string;
  campaign_name: string | null;
  ad_group_name: string | null;
  ad_name: string | null;
  impressions: number | string;
  clicks: number | string;
  cost_micros: number | string;
  conversions: number;
}): DailyMetric => ({
  date: isoDate(r.date),
  campaignId: r.campaign_id === '' ? null : r.campaign_id,
  campaignName: r.campaign_id === '' ? null : r.campaign_name,
  adGroupId: r.ad_group_id === '' ? null : r.ad_group_id,
  adGroupName: r.ad_group_id === '' ? null : r.ad_group_name,
  adId: r.ad_id === '' ? null : r.ad_id,
  adName: r.ad_id === '' ? null : r.ad_name,
  impressions: Number(r.impressions),
  clicks: Number(r.clicks),
  costMicros: BigInt(String(r.cost_micros)),
  conversions: Number(r.conversions),
});

/** The stored daily metrics of a level in the window. */
export async function listStoredMetrics(db: Db, adAccountId: string, level: StoredLevel, window: DayWindow): Promise<DailyMetric[]> {
  const rows = await db
    .selectFrom('google_daily_metrics')
    .select([
      'date',
      'campaign_id',
      'ad_group_id',
      'ad_id',
      'campaign_name',
      'ad_group_name',
      'ad_name',
      'impressions',
      'clicks',
      'cost_micros',
      'conversions',
    ])
    .where('ad_account_id', '=', adAccountId)
    .where('level', '=', level)
    .where('date', '>=', window.since)
    .where('date', '<=', window.until)
    .execute();
  return rows.map(toDaily);
}

/** The account's daily totals in the window: the sum of its campaigns' stored rows per day. */
export async function sumStoredCustomerMetrics(db: Db, adAccountId: string, window: DayWindow): Promise<DailyMetric[]> {
  const rows = await db
    .selectFrom('google_daily_metrics')
    .select((eb) => [
      'date',
      sql<string>`sum(impressions)::text`.as('impressions'),
      sql<string>`sum(clicks)::text`.as('clicks'),
      sql<string>`sum(cost_micros)::text`.as('cost_micros'),
      eb.fn.sum<number>('conversions').as('conversions'),
    ])
    .where('ad_account_id', '=', adAccountId)
    .where('level', '=', 'campaign')
    .where('date', '>=', window.since)
    .where('date', '<=', window.until)
    .groupBy('date')
    .execute();
  return rows.map((r) =>
    toDaily({
      ...r,
      campaign_id: '',
      ad_group_id: '',
      ad_id: '',
      campaign_name: null,
      ad_group_name: null,
      ad_name: null,
      conversions: Number(r.conversions),
    }),
  );
}

// ── What an import compares against ──────────────────────────────────────────────────────────────────────

export interface StoredCopy {
  campaigns: Map<string, CampaignRecord>;
  adGroups: Map<string, AdGroupRecord>;
  ads: Map<string, AdRecord>;
  assets: Map<string, AssetRecord>;
  /** Only the rows of the import's window. */
  metrics: Map<string, MetricRecord>;
}

export const adKey = (ad: Pick<AdRecord, 'adGroupId' | 'adId'>): string => `${ad.adGroupId}~${ad.adId}`;

const orNullString = (value: number | string | null): string | null => (value === null ? null : String(value));

export async function loadStoredCopy(trx: Db, adAccountId: string, window: DayWindow): Promise<StoredCopy> {
  const campaigns = await trx
    .selectFrom('google_campaigns')
    .select(['campaign_id', 'name', 'status', 'advertising_channel_type', 'budget_amount_micros'])
    .where('ad_account_id', '=', adAccountId)
    .execute();
  const adGroups = await trx
    .selectFrom('google_ad_groups')
    .select(['ad_group_id', 'campaign_id', 'name', 'status', 'type'])
    .where('ad_account_id', '=', adAccountId)
    .execute();
  const ads = await trx
    .selectFrom('google_ads')
    .select(['ad_group_id', 'ad_id', 'campaign_id', 'name', 'type', 'status', 'final_urls', 'headlines', 'descriptions'])
    .where('ad_account_id', '=', adAccountId)
    .execute();
  const assets = await trx
    .selectFrom('google_assets')
    .select(['asset_id', 'type', 'asset'])
    .where('ad_account_id', '=', adAccountId)
    .execute();
  const metrics = await trx
    .selectFrom('google_daily_metrics')
    .select([
      'level',
      'date',
      'campaign_id',
      'ad_group_id',
      'ad_id',
      'campaign_name',
      'ad_group_name',
      'ad_name',
      'impressions',
      'clicks',
      'cost_micros',
      'conversions',
    ])
    .where('ad_account_id', '=', adAccountId)
    .where('date', '>=', window.since)
    .where('date', '<=', window.until)
    .execute();
  const copy: StoredCopy = { campaigns: new Map(), adGroups: new Map(), ads: new Map(), assets: new Map(), metrics: new Map() };
  for (const r of campaigns) {
    copy.campaigns.set(r.campaign_id, {
      campaignId: r.campaign_id,
      name: r.name,
      status: r.status,
      advertisingChannelType: r.advertising_channel_type,
      budgetAmountMicros: orNullString(r.budget_amount_micros),
    });
  }
  for (const r of adGroups) {
    copy.adGroups.set(r.ad_group_id, { adGroupId: r.ad_group_id, campaignId: r.campaign_id, name: r.name, status: r.status, type: r.type });
  }
  for (const r of ads) {
    const ad: AdRecord = {
      adGroupId: r.ad_group_id,
      adId: r.ad_id,
      campaignId: r.campaign_id,
      name: r.name,
      type: r.type,
      status: r.status,
      finalUrls: r.final_urls as string[],
      headlines: r.headlines as unknown[],
      descriptions: r.descriptions as unknown[],
    };
    copy.ads.set(adKey(ad), ad);
  }
  for (const r of assets)
    copy.assets.set(r.asset_id, { assetId: r.asset_id, type: r.type as AssetRecord['type'], asset: r.asset as GoogleAsset });
  for (const r of metrics) {
    const daily = toDaily(r);
    const record: MetricRecord = {
      level: r.level,
      date: daily.date,
      campaignId: r.campaign_id,
      adGroupId: r.ad_group_id,
      adId: r.ad_id,
      campaignName: r.campaign_name,
      adGroupName: r.ad_group_name,
      adName: r.ad_name,
      impressions: daily.impressions,
      clicks: daily.clicks,
      costMicros: daily.costMicros.toString(),
      conversions: daily.conversions,
    };
    copy.metrics.set(metricKey(record), record);
  }
  return copy;
}

// ── Writing the copy ─────────────────────────────────────────────────────────────────────────────────────

export async function upsertCampaigns(trx: Db, adAccountId: string, records: readonly CampaignRecord[], at: Date): Promise<void> {
  for (const chunk of chunks(records)) {
    await trx
      .insertInto('google_campaigns')
      .values(
        chunk.map((c) => ({
          ad_account_id: adAccountId,
          campaign_id: c.campaignId,
          name: c.name,
          status: c.status,
          advertising_channel_type: c.advertisingChannelType,
          budget_amount_micros: c.budgetAmountMicros,
          imported_at: at,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['ad_account_id', 'campaign_id']).doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          status: eb.ref('excluded.status'),
          advertising_channel_type: eb.ref('excluded.advertising_channel_type'),
          budget_amount_micros: eb.ref('excluded.budget_amount_micros'),
          imported_at: eb.ref('excluded.imported_at'),
        })),
      )
      .execute();
  }
}

export async function upsertAdGroups(trx: Db, adAccountId: string, records: readonly AdGroupRecord[], at: Date): Promise<void> {
  for (const chunk of chunks(records)) {
    await trx
      .insertInto('google_ad_groups')
      .values(
        chunk.map((g) => ({
          ad_account_id: adAccountId,
          ad_group_id: g.adGroupId,
          campaign_id: g.campaignId,
          name: g.name,
          status: g.status,
          type: g.type,
          imported_at: at,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['ad_account_id', 'ad_group_id']).doUpdateSet((eb) => ({
          campaign_id: eb.ref('excluded.campaign_id'),
          name: eb.ref('excluded.name'),
          status: eb.ref('excluded.status'),
          type: eb.ref('excluded.type'),
          imported_at: eb.ref('excluded.imported_at'),
        })),
      )
      .execute();
  }
}

export async function upsertAds(trx: Db, adAccountId: string, records: readonly AdRecord[], at: Date): Promise<void> {
  for (const chunk of chunks(records)) {
    await trx
      .insertInto('google_ads')
      .values(
        chunk.map((a) => ({
          ad_account_id: adAccountId,
          ad_group_id: a.adGroupId,
          ad_id: a.adId,
          campaign_id: a.campaignId,
          name: a.name,
          type: a.type,
          status: a.status,
          final_urls: json(a.finalUrls),
          headlines: json(a.headlines),
          descriptions: json(a.descriptions),
          imported_at: at,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['ad_account_id', 'ad_group_id', 'ad_id']).doUpdateSet((eb) => ({
          campaign_id: eb.ref('excluded.campaign_id'),
          name: eb.ref('excluded.name'),
          type: eb.ref('excluded.type'),
          status: eb.ref('excluded.status'),
          final_urls: eb.ref('excluded.final_urls'),
          headlines: eb.ref('excluded.headlines'),
          descriptions: eb.ref('excluded.descriptions'),
          imported_at: eb.ref('excluded.imported_at'),
        })),
      )
      .execute();
  }
}

export async function upsertAssets(trx: Db, adAccountId: string, records: readonly AssetRecord[], at: Date): Promise<void> {
  for (const chunk of chunks(records)) {
    await trx
      .insertInto('google_assets')
      .values(chunk.map((a) => ({ ad_account_id: adAccountId, asset_id: a.assetId, type: a.type, asset: json(a.asset), imported_at: at })))
      .onConflict((oc) =>
        oc.columns(['ad_account_id', 'asset_id']).doUpdateSet((eb) => ({
          type: eb.ref('excluded.type'),
          asset: eb.ref('excluded.asset'),
          imported_at: eb.ref('excluded.imported_at'),
        })),
      )
      .execute();
  }
}

export async function upsertMetrics(trx: Db, adAccountId: string, records: readonly MetricRecord[], at: Date): Promise<void> {
  for (const chunk of chunks(records)) {
    await trx
      .insertInto('google_daily_metrics')
      .values(
        chunk.map((m) => ({
          ad_account_id: adAccountId,
          level: m.level,
          date: m.date,
          campaign_id: m.campaignId,
          ad_group_id: m.adGroupId,
          ad_id: m.adId,
          campaign_name: m.campaignName,
          ad_group_name: m.adGroupName,
          ad_name: m.adName,
          impressions: m.impressions,
          clicks: m.clicks,
          cost_micros: m.costMicros,
          conversions: m.conversions,
          imported_at: at,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['ad_account_id', 'level', 'date', 'campaign_id', 'ad_group_id', 'ad_id']).doUpdateSet((eb) => ({
          campaign_name: eb.ref('excluded.campaign_name'),
          ad_group_name: eb.ref('excluded.ad_group_name'),
          ad_name: eb.ref('excluded.ad_name'),
          impressions: eb.ref('excluded.impressions'),
          clicks: eb.ref('excluded.clicks'),
          cost_micros: eb.ref('excluded.cost_micros'),
          conversions: eb.ref('excluded.conversions'),
          imported_at: eb.ref('excluded.imported_at'),
        })),
      )
      .execute();
  }
}

export async function deleteCampaigns(trx: Db, adAccountId: string, campaignIds: readonly string[]): Promise<void> {
  for (const chunk of chunks(campaignIds)) {
    await trx.deleteFrom('google_campaigns').where('ad_account_id', '=', adAccountId).where('campaign_id', 'in', chunk).execute();
  }
}

export async function deleteAdGroups(trx: Db, adAccountId: string, adGroupIds: readonly string[]): Promise<void> {
  for (const chunk of chunks(adGroupIds)) {
    await trx.deleteFrom('google_ad_groups').where('ad_account_id', '=', adAccountId).where('ad_group_id', 'in', chunk).execute();
  }
}

export async function deleteAds(trx: Db, adAccountId: string, ads: readonly Pick<AdRecord, 'adGroupId' | 'adId'>[]): Promise<void> {
  for (const chunk of chunks(ads)) {
    await trx
      .deleteFrom('google_ads')
      .where('ad_account_id', '=', adAccountId)
      .where((eb) => eb.or(chunk.map((a) => eb.and([eb('ad_group_id', '=', a.adGroupId), eb('ad_id', '=', a.adId)]))))
      .execute();
  }
}

export async function deleteAssets(trx: Db, adAccountId: string, assetIds: readonly string[]): Promise<void> {
  for (const chunk of chunks(assetIds)) {
    await trx.deleteFrom('google_assets').where('ad_account_id', '=', adAccountId).where('asset_id', 'in', chunk).execute();
  }
}

export async function deleteMetrics(trx: Db, adAccountId: string, metrics: readonly MetricRecord[]): Promise<void> {
  for (const chunk of chunks(metrics, 200)) {
    await trx
      .deleteFrom('google_daily_metrics')
      .where('ad_account_id', '=', adAccountId)
      .where((eb) =>
        eb.or(
          chunk.map((m) =>
            eb.and([
              eb('level', '=', m.level),
              eb('date', '=', m.date),
              eb('campaign_id', '=', m.campaignId),
              eb('ad_group_id', '=', m.adGroupId),
              eb('ad_id', '=', m.adId),
            ]),
          ),
        ),
      )
      .execute();
  }
}

/** Records that an import covered the window (a repeated window only moves its time). */
export async function saveImportWindow(trx: Db, adAccountId: string, window: DayWindow, at: Date): Promise<void> {
  await trx
    .insertInto('google_import_windows')
    .values({ ad_account_id: adAccountId, since: window.since, until: window.until, imported_at: at })
    .onConflict((oc) => oc.columns(['ad_account_id', 'since', 'until']).doUpdateSet({ imported_at: at }))
    .execute();
}

export interface ImportedCustomer {
  name: string;
  currency: string;
  timezone: string;
  status: AdAccountStatus;
}

/** What the import learnt about the customer itself, and when it finished. */
export async function updateImportedAdAccount(trx: Db, adAccountId: string, customer: ImportedCustomer, at: Date): Promise<void> {
  await trx
    .updateTable('ad_accounts')
    .set({ name: customer.name, currency: customer.currency, timezone: customer.timezone, status: customer.status, last_imported_at: at })
    .where('id', '=', adAccountId)
    .execute();
}
