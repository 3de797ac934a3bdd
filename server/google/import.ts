// GET /{teamId}/google/import: reads the customer, its campaigns, ad groups, ads, assets and daily metrics from
// Google (GAQL searchStream, every batch), then writes the differences to Adlyft's copy in one transaction. A
// failed read or write changes nothing; a second import of the same data changes nothing either (0 created,
// 0 updated). One import per ad account at a time: the lock is taken before the first Google call.
import { randomUUID } from 'node:crypto';
import type { components } from '../../generated/schema.d.ts';
import { conflict } from '../http/errors.ts';
import type { Caller } from '../teams/access.ts';
import type { GoogleAdsClient } from '../upstream/google/client.ts';
import { mapGoogleCustomer } from '../upstream/google/mapper.ts';
import { type GoogleDeps, liveClient, resolveGoogleCustomer, throughConnection } from './access.ts';
import {
  type AdGroupRecord,
  type AdRecord,
  type AssetRecord,
  type CampaignRecord,
  type DailyMetric,
  type MetricRecord,
  mapAdGroupRow,
  mapAdRow,
  mapAssetRow,
  mapCampaignRow,
  mapMetricRow,
  mergeDaily,
  metricKey,
  toMetricRecord,
} from './mapper.ts';
import { assetsQuery, dailyMetricsQuery, IMPORT_CUSTOMER_QUERY, IMPORT_OBJECT_QUERIES, type StoredLevel } from './queries.ts';
import {
  acquireImportLock,
  adKey,
  deleteAdGroups,
  deleteAds,
  deleteAssets,
  deleteCampaigns,
  deleteMetrics,
  type ImportedCustomer,
  loadStoredCopy,
  releaseImportLock,
  saveImportWindow,
  updateImportedAdAccount,
  upsertAdGroups,
  upsertAds,
  upsertAssets,
  upsertCampaigns,
  upsertMetrics,
} from './repository.ts';
import { type DayWindow, resolveWindow, todayIn } from './window.ts';

export type GoogleImportResult = components['schemas']['GoogleImportResult'];
type Counts = components['schemas']['GoogleImportCounts'];

/** At most this many days of metrics per import. */
export const MAX_IMPORT_DAYS = 90;
/** A lock older than this belongs to an import whose process died; the next import may take it over. */
export const IMPORT_LOCK_LEASE_MS = 15 * 60_000;

const METRIC_LEVELS: readonly StoredLevel[] = ['campaign', 'ad_group', 'ad'];

/** Everything one import read from Google. */
export interface FetchedCopy {
  customer: ImportedCustomer;
  campaigns: CampaignRecord[];
  adGroups: AdGroupRecord[];
  ads: AdRecord[];
  assets: AssetRecord[];
  metrics: MetricRecord[];
}

const defined = <T>(items: (T | undefined)[]): T[] => items.filter((i): i is T => i !== undefined);

/** Last one wins when Google repeats an object. */
function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item]));
}

/** The reads, one searchStream query after the other, in the order the contract lists them. */
export async function fetchCopy(client: GoogleAdsClient, customerId: string, window: DayWindow): Promise<FetchedCopy> {
  const customerRows = await client.searchStream(customerId, IMPORT_CUSTOMER_QUERY);
  const customer = mapGoogleCustomer((customerRows[0] ?? {}) as Parameters<typeof mapGoogleCustomer>[0], customerId);
  const campaigns = defined((await client.searchStream(customerId, IMPORT_OBJECT_QUERIES.campaigns)).map(mapCampaignRow));
  const adGroups = defined((await client.searchStream(customerId, IMPORT_OBJECT_QUERIES.adGroups)).map(mapAdGroupRow));
  const ads = defined((await client.searchStream(customerId, IMPORT_OBJECT_QUERIES.ads)).map(mapAdRow));
  const assets = defined((await client.searchStream(customerId, assetsQuery())).map((row) => mapAssetRow(customerId, row)));
  const metrics: MetricRecord[] = [];
  for (const level of METRIC_LEVELS) {
    const rows = await client.searchStream(customerId, dailyMetricsQuery(level, window));
    const daily = mergeDaily(defined(rows.map((row) => mapMetricRow(level, row))));
    metrics.push(...daily.map((m: DailyMetric) => toMetricRecord(level, m)));
  }
  return {
    customer: { name: customer.name, currency: customer.currency, timezone: customer.timezone, status: customer.status },
    campaigns: [...byKey(campaigns, (c) => c.campaignId).values()],
    adGroups: [...byKey(adGroups, (g) => g.adGroupId).values()],
    ads: [...byKey(ads, adKey).values()],
    assets: [...byKey(assets, (a) => a.assetId).values()],
    metrics,
  };
}

/** JSON with sorted keys, so values read back from jsonb compare equal to the ones Google sent. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

interface Diff<T> {
  write: T[];
  removed: T[];
  counts: Counts;
}

/** What changed between the stored objects and those Google returned: new, different, gone. */
export function diff<T>(stored: Map<string, T>, fetched: readonly T[], key: (item: T) => string): Diff<T> {
  const write: T[] = [];
  let created = 0;
  let updated = 0;
  const seen = new Set<string>();
  for (const item of fetched) {
    const k = key(item);
    seen.add(k);
    const old = stored.get(k);
    if (old === undefined) {
      created++;
      write.push(item);
    } else if (canonical(old) !== canonical(item)) {
      updated++;
      write.push(item);
    }
  }
  const removed = [...stored.entries()].filter(([k]) => !seen.has(k)).map(([, v]) => v);
  return { write, removed, counts: { created, updated, removed: removed.length } };
}

/** Writes the differences in one transaction; answers the counts. */
async function applyCopy(
  deps: GoogleDeps,
  adAccountId: string,
  window: DayWindow,
  fetched: FetchedCopy,
): Promise<Omit<GoogleImportResult, 'customerId' | 'window'>> {
  return deps.db.transaction().execute(async (trx) => {
    const at = deps.now();
    const stored = await loadStoredCopy(trx, adAccountId, window);
    const campaigns = diff(stored.campaigns, fetched.campaigns, (c) => c.campaignId);
    const adGroups = diff(stored.adGroups, fetched.adGroups, (g) => g.adGroupId);
    const ads = diff(stored.ads, fetched.ads, adKey);
    const assets = diff(stored.assets, fetched.assets, (a) => a.assetId);
    const metrics = diff(stored.metrics, fetched.metrics, metricKey);

    await upsertCampaigns(trx, adAccountId, campaigns.write, at);
    await deleteCampaigns(
      trx,
      adAccountId,
      campaigns.removed.map((c) => c.campaignId),
    );
    await upsertAdGroups(trx, adAccountId, adGroups.write, at);
    await deleteAdGroups(
      trx,
      adAccountId,
      adGroups.removed.map((g) => g.adGroupId),
    );
    await upsertAds(trx, adAccountId, ads.write, at);
    await deleteAds(trx, adAccountId, ads.removed);
    await upsertAssets(trx, adAccountId, assets.write, at);
    await deleteAssets(
      trx,
      adAccountId,
      assets.removed.map((a) => a.assetId),
    );
    await upsertMetrics(trx, adAccountId, metrics.write, at);
    await deleteMetrics(trx, adAccountId, metrics.removed);

    const importedAt = deps.now();
    await saveImportWindow(trx, adAccountId, window, importedAt);
    await updateImportedAdAccount(trx, adAccountId, fetched.customer, importedAt);
    return {
      campaigns: campaigns.counts,
      adGroups: adGroups.counts,
      ads: ads.counts,
      assets: assets.counts,
      metrics: metrics.counts,
      importedAt: importedAt.toISOString(),
    };
  });
}

export async function importAccount(
  deps: GoogleDeps,
  caller: Caller,
  teamId: string,
  query: { customerId: string; since?: string | undefined; until?: string | undefined },
): Promise<GoogleImportResult> {
  const access = await resolveGoogleCustomer(deps.db, caller, teamId, query.customerId);
  const window = resolveWindow(query, todayIn(access.timezone, deps.now()), MAX_IMPORT_DAYS);
  const token = randomUUID();
  const startedAt = deps.now();
  const locked = await acquireImportLock(
    deps.db,
    access.adAccountId,
    token,
    startedAt,
    new Date(startedAt.getTime() - IMPORT_LOCK_LEASE_MS),
  );
  if (!locked) {
    throw conflict(`An import of Google Ads customer ${access.customerId} is already running; try again when it has finished`, [
      { field: 'query.customerId', message: 'an import of this customer is already running', objectId: access.customerId },
    ]);
  }
  try {
    const client = await liveClient(deps, access.connection);
    const fetched = await throughConnection(deps, access.connection.id, () => fetchCopy(client, access.customerId, window));
    const counts = await applyCopy(deps, access.adAccountId, window, fetched);
    return { customerId: access.customerId, window, ...counts };
  } finally {
    await releaseImportLock(deps.db, access.adAccountId, token);
  }
}
