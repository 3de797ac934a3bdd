// All SQL of the reads the imported copy answers: one page of stored ad objects (newest first, keyset paging),
// and the stored campaign insights and covered windows (re-exported from the import's repository, which owns
// those tables' shape).
import { type Kysely, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { type MetaObjectCatalog, recordFromRow, type StoredRecord } from '../shared/objects.ts';

export { listImportWindows, listStoredInsights, upsertObjects } from '../import/repository.ts';

type LooseDb = Kysely<Record<string, Record<string, unknown>>>;
const loose = (db: Db): LooseDb => db as unknown as LooseDb;

/** Where the previous page ended: its last object's `created_at` (when the kind orders by it) and Meta id. */
export interface ObjectPageKey {
  createdAt?: Date;
  metaId: string;
}

export interface StoredObjectsQuery {
  catalog: MetaObjectCatalog;
  adAccountId: string;
  /** Each entry keeps the objects whose column holds one of the ids (all entries must match). */
  filters: { column: string; ids: readonly string[] }[];
  limit: number;
  after?: ObjectPageKey | undefined;
}

/**
 * One page of the ad account's stored objects, newest first (`created_at`, then the Meta id as a number,
 * descending — Meta's own order), leaving out archived and deleted ones where Meta's edge does.
 */
export async function listStoredObjectsPage(db: Db, q: StoredObjectsQuery): Promise<{ records: StoredRecord[]; hasMore: boolean }> {
  const { catalog } = q;
  let query = loose(db).selectFrom(catalog.table).selectAll().where('ad_account_id', '=', q.adAccountId);
  for (const filter of q.filters) query = query.where(filter.column, 'in', [...filter.ids]);
  if (catalog.hidesArchived) {
    query = query.where((eb) => eb.or([eb('effective_status', 'is', null), eb('effective_status', 'not in', ['ARCHIVED', 'DELETED'])]));
  }
  const after = q.after;
  if (after) {
    query = catalog.ordersByCreatedTime
      ? query.where(
          sql<boolean>`(created_at, length(meta_id), meta_id) < (${after.createdAt ?? new Date(0)}::timestamptz, ${after.metaId.length}, ${after.metaId})`,
        )
      : query.where(sql<boolean>`(length(meta_id), meta_id) < (${after.metaId.length}, ${after.metaId})`);
  }
  if (catalog.ordersByCreatedTime) query = query.orderBy('created_at', 'desc');
  const rows = await query
    .orderBy(sql`length(meta_id)`, 'desc')
    .orderBy('meta_id', 'desc')
    .limit(q.limit + 1)
    .execute();
  return { records: rows.slice(0, q.limit).map((row) => recordFromRow(catalog, row)), hasMore: rows.length > q.limit };
}

/** Sets the status fields of one stored object (used when Meta accepted a change but could not be read back). */
export async function updateStoredStatus(
  db: Db,
  catalog: MetaObjectCatalog,
  adAccountId: string,
  metaId: string,
  status: string,
  at: Date,
): Promise<void> {
  await loose(db)
    .updateTable(catalog.table)
    .set({ status, configured_status: status, effective_status: status, imported_at: at })
    .where('ad_account_id', '=', adAccountId)
    .where('meta_id', '=', metaId)
    .execute();
}
