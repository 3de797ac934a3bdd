// importMetaAdAccount: copies a Meta ad account's campaigns, ad sets, ads, ad creatives and campaign-level daily
// insights (unsplit and by each of the five breakdowns) for a window of days into Adlyft's store.
//
// Rules (the contract's):
// - every Meta edge is read to its last page first; only then does one transaction write, so a failed or
//   interrupted import changes nothing and the next run completes it;
// - counts compare stored values, so repeating an import of an unchanged account answers 0 created, 0 updated;
// - stored objects Meta no longer lists are removed (their insights stay); stored insights rows of the window
//   that Meta no longer returns are removed, other days stay;
// - one import of an ad account at a time (a lock row; 409 while another runs).
import { randomUUID } from 'node:crypto';
import type { components } from '../../../generated/schema.d.ts';
import type { AdAccountRecord } from '../../connections/repository.ts';
import type { Db } from '../../db/database.ts';
import { badRequest, conflict } from '../../http/errors.ts';
import type { Caller } from '../../teams/access.ts';
import type { MetaClient } from '../../upstream/meta/client.ts';
import { mapMetaAccountStatus, parseMetaNumber, toMinorUnits } from '../../upstream/meta/mapper.ts';
import { type MetaDeps, openLive, resolveMetaTarget } from '../shared/account.ts';
import { addDays, type DayWindow, daysIn, earliestInsightsDay, type IsoDate, todayIn } from '../shared/dates.ts';
import {
  AD_CREATIVES,
  AD_SETS,
  ADS,
  CAMPAIGNS,
  type MetaObjectCatalog,
  metaRequestFields,
  recordFromWire,
  type StoredRecord,
  stableJson,
} from '../shared/objects.ts';
import {
  acquireImportLock,
  deleteInsights,
  deleteObjects,
  type InsightRecord,
  insightKey,
  listStoredInsights,
  listStoredObjects,
  recordImportWindow,
  releaseImportLock,
  type StoredBreakdown,
  updateImportedAdAccount,
  upsertInsights,
  upsertObjects,
} from './repository.ts';

export type MetaImportResult = components['schemas']['MetaImportResult'];
type ImportCounts = components['schemas']['MetaImportCounts'];

/** Longest window, in days. */
export const MAX_IMPORT_DAYS = 90;
/** Rows per Meta page: ad objects carry heavy fields (targeting, creative specs), insights rows are small. */
export const OBJECT_PAGE_SIZE = 50;
export const INSIGHTS_PAGE_SIZE = 500;
/** A lock older than this belongs to an import that died; the next import takes it over. */
export const STALE_LOCK_MS = 15 * 60_000;

export const IMPORTED_BREAKDOWNS: readonly Exclude<StoredBreakdown, 'none'>[] = [
  'age',
  'gender',
  'country',
  'publisher_platform',
  'impression_device',
];
export const IMPORTED_INSIGHT_FIELDS = [
  'campaign_id',
  'campaign_name',
  'impressions',
  'clicks',
  'spend',
  'actions',
  'action_values',
] as const;

const OBJECT_CATALOGS = [CAMPAIGNS, AD_SETS, ADS, AD_CREATIVES] as const;

// ── The window ───────────────────────────────────────────────────────────────────────────────────────────

const windowError = (field: 'since' | 'until', message: string) =>
  badRequest(`${field} ${message}`, [{ field: `query.${field}`, message, code: 'window' }]);

/** The window asked for, defaulted (until: today; since: 29 days before until) and checked against the rules. */
export function resolveImportWindow(asked: { since?: IsoDate | undefined; until?: IsoDate | undefined }, today: IsoDate): DayWindow {
  const until = asked.until ?? today;
  const since = asked.since ?? addDays(until, -(30 - 1));
  if (since > until) throw windowError('since', 'must not be after until');
  if (until > today) throw windowError('until', `must not be after today (${today} in the ad account's time zone)`);
  if (daysIn({ since, until }) > MAX_IMPORT_DAYS)
    throw windowError('since', `must be at most ${MAX_IMPORT_DAYS} days before until (both included)`);
  const earliest = earliestInsightsDay(today);
  if (since < earliest) throw windowError('since', `must not be more than 37 months ago (${earliest} at the earliest)`);
  return { since, until };
}

// ── Comparing the stored copy with Meta's ───────────────────────────────────────────────────────────────

export interface Diff<T> {
  create: T[];
  update: T[];
  remove: T[];
}

/** What to write so that `stored` becomes `incoming`: new keys, keys whose values differ, keys no longer there. */
export function diffByKey<T>(stored: readonly T[], incoming: readonly T[], keyOf: (item: T) => string): Diff<T> {
  const before = new Map(stored.map((item) => [keyOf(item), item]));
  const after = new Map(incoming.map((item) => [keyOf(item), item]));
  const diff: Diff<T> = { create: [], update: [], remove: [] };
  for (const [key, item] of after) {
    const old = before.get(key);
    if (old === undefined) diff.create.push(item);
    else if (stableJson(old) !== stableJson(item)) diff.update.push(item);
  }
  for (const [key, item] of before) if (!after.has(key)) diff.remove.push(item);
  return diff;
}

const countsOf = (diff: Diff<unknown>): ImportCounts => ({
  created: diff.create.length,
  updated: diff.update.length,
  removed: diff.remove.length,
});

// ── Meta insights rows → stored rows ────────────────────────────────────────────────────────────────────

type ActionStat = { action_type: string; value: number };

/** Meta's `[{action_type, value: "12"}]` → `{action_type, value}` numbers (attribution-window keys dropped). */
function actionStats(value: unknown, convert: (n: number) => number = (n) => n): ActionStat[] | null {
  if (!Array.isArray(value)) return null;
  const stats: ActionStat[] = [];
  for (const entry of value) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { action_type: type, value: raw } = entry as { action_type?: unknown; value?: unknown };
    const n = parseMetaNumber(raw);
    if (typeof type === 'string' && n !== undefined) stats.push({ action_type: type, value: convert(n) });
  }
  return stats.length > 0 ? stats : null;
}

/** One daily campaign row of Meta's insights → the stored row (money to the currency's minor unit). */
export function insightRecordFromMeta(row: Record<string, unknown>, breakdown: StoredBreakdown, currency: string): InsightRecord {
  const minor = (major: number): number => toMinorUnits(major, currency);
  return {
    day: String(row.date_start),
    campaignId: String(row.campaign_id),
    breakdown,
    breakdownValue: breakdown === 'none' ? '' : String(row[breakdown] ?? 'unknown'),
    campaignName: typeof row.campaign_name === 'string' ? row.campaign_name : null,
    impressions: Math.trunc(parseMetaNumber(row.impressions) ?? 0),
    clicks: Math.trunc(parseMetaNumber(row.clicks) ?? 0),
    spendMinor: minor(parseMetaNumber(row.spend) ?? 0),
    actions: actionStats(row.actions),
    actionValues: actionStats(row.action_values, minor),
  };
}

// ── The import ───────────────────────────────────────────────────────────────────────────────────────────

interface AccountNode {
  name?: string;
  currency?: string;
  timezone_name?: string;
  account_status?: number;
}

interface MetaCopy {
  account: AccountNode;
  objects: Map<MetaObjectCatalog, StoredRecord[]>;
  insights: InsightRecord[];
}

export interface ImportRequest {
  teamId: string;
  adAccountId: string;
  since?: IsoDate | undefined;
  until?: IsoDate | undefined;
}

export async function importMetaAdAccount(deps: MetaDeps, caller: Caller, request: ImportRequest): Promise<MetaImportResult> {
  const target = await resolveMetaTarget(deps, caller, { teamId: request.teamId, adAccountId: request.adAccountId, need: 'read' });
  const { adAccount } = target;
  const window = resolveImportWindow(request, todayIn(adAccount.timezone, deps.now()));
  const live = await openLive(deps, target);

  const lockId = randomUUID();
  const startedAt = deps.now();
  const locked = await acquireImportLock(deps.db, adAccount.id, lockId, startedAt, new Date(startedAt.getTime() - STALE_LOCK_MS));
  if (!locked) throw conflict(`An import of ad account ${adAccount.externalId} is already running; try again when it has finished`);
  try {
    const copy = await live.call((client) => readMetaCopy(client, adAccount.externalId, window, adAccount.currency));
    const importedAt = deps.now();
    const counts = await deps.db.transaction().execute((trx) => writeCopy(trx, adAccount, window, copy, importedAt));
    return { adAccountId: adAccount.externalId, window, importedAt: importedAt.toISOString(), ...counts };
  } finally {
    await releaseImportLock(deps.db, adAccount.id, lockId);
  }
}

/** Reads everything the import stores, every page of every edge, before anything is written. */
async function readMetaCopy(client: MetaClient, actId: string, window: DayWindow, knownCurrency: string): Promise<MetaCopy> {
  const account = await client.get<AccountNode>(actId, { fields: ['name', 'currency', 'timezone_name', 'account_status'] });
  const currency = (account.currency ?? knownCurrency).toUpperCase();
  const objects = new Map<MetaObjectCatalog, StoredRecord[]>();
  for (const catalog of OBJECT_CATALOGS) {
    const rows = await client.getAll<Record<string, unknown>>(`${actId}/${catalog.edge}`, {
      fields: metaRequestFields(catalog, catalog.storedFields),
      limit: OBJECT_PAGE_SIZE,
    });
    objects.set(
      catalog,
      rows.map((row) => recordFromWire(catalog, row)),
    );
  }
  const insights: InsightRecord[] = [];
  for (const breakdown of ['none', ...IMPORTED_BREAKDOWNS] as const) {
    const rows = await client.getAll<Record<string, unknown>>(`${actId}/insights`, {
      level: 'campaign',
      time_increment: 1,
      time_range: { since: window.since, until: window.until },
      fields: [...IMPORTED_INSIGHT_FIELDS],
      ...(breakdown === 'none' ? {} : { breakdowns: [breakdown] }),
      limit: INSIGHTS_PAGE_SIZE,
    });
    for (const row of rows) insights.push(insightRecordFromMeta(row, breakdown, currency));
  }
  return { account, objects, insights };
}

/** Makes the stored copy equal Meta's, inside the caller's transaction, and answers what changed. */
async function writeCopy(
  trx: Db,
  adAccount: AdAccountRecord,
  window: DayWindow,
  copy: MetaCopy,
  importedAt: Date,
): Promise<Pick<MetaImportResult, 'campaigns' | 'adSets' | 'ads' | 'creatives' | 'insights'>> {
  const adAccountId = adAccount.id;
  const objectCounts = new Map<MetaObjectCatalog, ImportCounts>();
  for (const catalog of OBJECT_CATALOGS) {
    const stored = await listStoredObjects(trx, catalog, adAccountId);
    const diff = diffByKey(stored, copy.objects.get(catalog) ?? [], (r) => r.meta_id);
    await upsertObjects(trx, catalog, adAccountId, [...diff.create, ...diff.update], importedAt);
    await deleteObjects(
      trx,
      catalog,
      adAccountId,
      diff.remove.map((r) => r.meta_id),
    );
    objectCounts.set(catalog, countsOf(diff));
  }

  const storedInsights = await listStoredInsights(trx, adAccountId, window);
  const insightsDiff = diffByKey(storedInsights, copy.insights, insightKey);
  await upsertInsights(trx, adAccountId, [...insightsDiff.create, ...insightsDiff.update], importedAt);
  await deleteInsights(trx, adAccountId, insightsDiff.remove);
  await recordImportWindow(trx, adAccountId, window, importedAt);

  const { account } = copy;
  await updateImportedAdAccount(trx, adAccountId, {
    name: account.name || adAccount.name,
    currency: (account.currency || adAccount.currency).toUpperCase(),
    timezone: account.timezone_name || adAccount.timezone,
    status: account.account_status === undefined ? adAccount.status : mapMetaAccountStatus(account.account_status),
    lastImportedAt: importedAt,
  });

  const zero: ImportCounts = { created: 0, updated: 0, removed: 0 };
  return {
    campaigns: objectCounts.get(CAMPAIGNS) ?? zero,
    adSets: objectCounts.get(AD_SETS) ?? zero,
    ads: objectCounts.get(ADS) ?? zero,
    creatives: objectCounts.get(AD_CREATIVES) ?? zero,
    insights: countsOf(insightsDiff),
  };
}
