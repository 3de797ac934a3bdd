// All SQL that writes Adlyft's copy of a Meta ad account (migration 003): the import lock, the stored ad objects
// and campaign insights, the covered windows and the ad account's refreshed fields. Functions take `db` or a
// transaction's `trx` first. The four ad-object tables share one shape (ad_account_id, meta_id, columns), so
// their functions are driven by the catalog of shared/objects.ts.
import { type Kysely, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { DayWindow } from '../shared/dates.ts';
import { type MetaObjectCatalog, recordFromRow, rowToWrite, type StoredRecord, writableColumns } from '../shared/objects.ts';

/** The ad-object tables seen through their common shape (the catalog names the columns). */
type LooseDb = Kysely<Record<string, Record<string, unknown>>>;
const loose = (db: Db): LooseDb => db as unknown as LooseDb;

/** Rows per INSERT statement (Postgres allows 65 535 parameters; the widest table has ~25 columns). */
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// ── The import lock ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Takes the ad account's import lock for `lockId`, unless another import holds it and started after
 * `staleBefore` (a lock older than that belongs to an import that died and is taken over). Answers whether it got it.
 */
export async function acquireImportLock(db: Db, adAccountId: string, lockId: string, at: Date, staleBefore: Date): Promise<boolean> {
  const row = await db
    .insertInto('meta_import_locks')
    .values({ ad_account_id: adAccountId, lock_id: lockId, started_at: at })
    .onConflict((oc) =>
      oc.column('ad_account_id').doUpdateSet({ lock_id: lockId, started_at: at }).where('meta_import_locks.started_at', '<', staleBefore),
    )
    .returning('lock_id')
    .executeTakeFirst();
  return row?.lock_id === lockId;
}

export async function releaseImportLock(db: Db, adAccountId: string, lockId: string): Promise<void> {
  await db.deleteFrom('meta_import_locks').where('ad_account_id', '=', adAccountId).where('lock_id', '=', lockId).execute();
}

// ── Ad objects ───────────────────────────────────────────────────────────────────────────────────────────

/** Every stored object of one kind of the ad account. */
export async function listStoredObjects(db: Db, catalog: MetaObjectCatalog, adAccountId: string): Promise<StoredRecord[]> {
  const rows = await loose(db).selectFrom(catalog.table).selectAll().where('ad_account_id', '=', adAccountId).execute();
  return rows.map((row) => recordFromRow(catalog, row));
}

/** Inserts the records, or rewrites them when the ad account already holds the same Meta id. */
export async function upsertObjects(
  db: Db,
  catalog: MetaObjectCatalog,
  adAccountId: string,
  records: readonly StoredRecord[],
  at: Date,
): Promise<void> {
  const columns = writableColumns(catalog);
  for (const part of chunks(records)) {
    await loose(db)
      .insertInto(catalog.table)
      .values(part.map((record) => rowToWrite(catalog, record, adAccountId, at)))
      .onConflict((oc) =>
        oc.columns(['ad_account_id', 'meta_id']).doUpdateSet(Object.fromEntries(columns.map((c) => [c, sql.ref(`excluded.${c}`)]))),
      )
      .execute();
  }
}

export async function deleteObjects(db: Db, catalog: MetaObjectCatalog, adAccountId: string, metaIds: readonly string[]): Promise<void> {
  for (const part of chunks(metaIds)) {
    await loose(db).deleteFrom(catalog.table).where('ad_account_id', '=', adAccountId).where('meta_id', 'in', part).execute();
  }
}

// ── Campaign insights ────────────────────────────────────────────────────────────────────────────────────

export type StoredBreakdown = 'none' | 'age' | 'gender' | 'country' | 'publisher_platform' | 'impression_device';

/** One campaign-day (of one breakdown value) as stored. Money in the currency's minor unit. */
export interface InsightRecord {
  day: string;
  campaignId: string;
  breakdown: StoredBreakdown;
  /** '' for `none`. */
  breakdownValue: string;
  campaignName: string | null;
  impressions: number;
  clicks: number;
  spendMinor: number;
  actions: { action_type: string; value: number }[] | null;
  /** Values in the minor unit. */
  actionValues: { action_type: string; value: number }[] | null;
}

export const insightKey = (r: Pick<InsightRecord, 'breakdown' | 'day' | 'campaignId' | 'breakdownValue'>): string =>
  `${r.breakdown}|${r.day}|${r.campaignId}|${r.breakdownValue}`;

/** The stored rows of the ad account whose day lies in the window, every breakdown (or only `breakdown`). */
export async function listStoredInsights(
  db: Db,
  adAccountId: string,
  window: DayWindow,
  breakdown?: StoredBreakdown,
): Promise<InsightRecord[]> {
  let query = db
    .selectFrom('meta_campaign_insights')
    .select([
      sql<string>`day::text`.as('day'),
      'campaign_id',
      'breakdown',
      'breakdown_value',
      'campaign_name',
      'impressions',
      'clicks',
      'spend_minor',
      'actions',
      'action_values',
    ])
    .where('ad_account_id', '=', adAccountId)
    .where('day', '>=', window.since)
    .where('day', '<=', window.until);
  if (breakdown) query = query.where('breakdown', '=', breakdown);
  const rows = await query.execute();
  return rows.map((row) => ({
    day: row.day,
    campaignId: row.campaign_id,
    breakdown: row.breakdown as StoredBreakdown,
    breakdownValue: row.breakdown_value,
    campaignName: row.campaign_name,
    impressions: Number(row.impressions),
    clicks: Number(row.clicks),
    spendMinor: Number(row.spend_minor),
    actions: (row.actions ?? null) as InsightRecord['actions'],
    actionValues: (row.action_values ?? null) as InsightRecord['actionValues'],
  }));
}

export async function upsertInsights(db: Db, adAccountId: string, records: readonly InsightRecord[], at: Date): Promise<void> {
  for (const part of chunks(records)) {
    await db
      .insertInto('meta_campaign_insights')
      .values(
        part.map((r) => ({
          ad_account_id: adAccountId,
          day: r.day,
          campaign_id: r.campaignId,
          breakdown: r.breakdown,
          breakdown_value: r.breakdownValue,
          campaign_name: r.campaignName,
          impressions: r.impressions,
          clicks: r.clicks,
          spend_minor: r.spendMinor,
          actions: r.actions === null ? null : JSON.stringify(r.actions),
          action_values: r.actionValues === null ? null : JSON.stringify(r.actionValues),
          imported_at: at,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['ad_account_id', 'breakdown', 'day', 'campaign_id', 'breakdown_value']).doUpdateSet((eb) => ({
          campaign_name: eb.ref('excluded.campaign_name'),
          impressions: eb.ref('excluded.impressions'),
          clicks: eb.ref('excluded.clicks'),
          spend_minor: eb.ref('excluded.spend_minor'),
          actions: eb.ref('excluded.actions'),
          action_values: eb.ref('excluded.action_values'),
          imported_at: eb.ref('excluded.imported_at'),
        })),
      )
      .execute();
  }
}

export async function deleteInsights(db: Db, adAccountId: string, keys: readonly InsightRecord[]): Promise<void> {
  for (const part of chunks(keys, 200)) {
    const tuples = part.map((k) => sql`(${k.breakdown}, ${k.day}::date, ${k.campaignId}, ${k.breakdownValue})`);
    await sql`DELETE FROM meta_campaign_insights WHERE ad_account_id = ${adAccountId}
      AND (breakdown, day, campaign_id, breakdown_value) IN (${sql.join(tuples)})`.execute(db);
  }
}

// ── Windows and the ad account ───────────────────────────────────────────────────────────────────────────

export async function recordImportWindow(db: Db, adAccountId: string, window: DayWindow, at: Date): Promise<void> {
  await db
    .insertInto('meta_import_windows')
    .values({ ad_account_id: adAccountId, since: window.since, until: window.until, imported_at: at })
    .onConflict((oc) => oc.columns(['ad_account_id', 'since', 'until']).doUpdateSet({ imported_at: at }))
    .execute();
}

/** The windows of days the ad account's imports covered. */
export async function listImportWindows(db: Db, adAccountId: string): Promise<DayWindow[]> {
  const rows = await db
    .selectFrom('meta_import_windows')
    .select([sql<string>`since::text`.as('since'), sql<string>`until::text`.as('until')])
    .where('ad_account_id', '=', adAccountId)
    .execute();
  return rows.map((r) => ({ since: r.since, until: r.until }));
}

export interface ImportedAdAccountFields {
  name: string;
  currency: string;
  timezone: string;
  status: string;
  lastImportedAt: Date;
}

/** Refreshes the ad account's name, currency, time zone and status from Meta and stamps `last_imported_at`. */
export async function updateImportedAdAccount(db: Db, adAccountId: string, fields: ImportedAdAccountFields): Promise<void> {
  await db
    .updateTable('ad_accounts')
    .set({
      name: fields.name,
      currency: fields.currency,
      timezone: fields.timezone,
      status: fields.status,
      last_imported_at: fields.lastImportedAt,
    })
    .where('id', '=', adAccountId)
    .execute();
}
