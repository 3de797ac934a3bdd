// listMetaCampaigns, listMetaAdSets, listMetaAds, listMetaAdCreatives: one page of an ad account's objects with the
// asked Meta fields. The source rule (the contract's): when the ad account has been imported and every asked field
// is stored, the imported copy answers without calling Meta (`cache`); otherwise Meta's account edge does, with
// `filtering` for the id parameters (`live`). A page's `after` cursor carries its source, so the following pages
// of a list keep the source of the first.
import type { components } from '../../../generated/schema.d.ts';
import type { Caller } from '../../teams/access.ts';
import { type MetaDeps, openLive, resolveMetaTarget } from '../shared/account.ts';
import { decodeCursor, encodeCursor, type ListCursor, unreadableCursor } from '../shared/cursor.ts';
import { allStored, type MetaObjectCatalog, metaRequestFields, pickFields, projectLive, wireFromRecord } from '../shared/objects.ts';
import { listStoredObjectsPage, type ObjectPageKey } from './repository.ts';

export type DataSource = 'cache' | 'live';
type Paging = components['schemas']['MetaListPaging'];

export const DEFAULT_LIMIT = 100;

export interface ObjectListRequest {
  teamId: string;
  adAccountId: string;
  fields?: readonly string[] | undefined;
  limit?: number | undefined;
  after?: string | undefined;
  /** The id parameters by name (`campaignId`, `adSetId`, `adId`, `adCreativeId`). */
  ids: Record<string, readonly string[] | undefined>;
}

export interface ObjectPage<T> {
  items: T[];
  paging: Paging;
  source: DataSource;
}

/** The cache cursor's key of a page's last object, and back. */
function keyOf(catalog: MetaObjectCatalog, item: { meta_id: string; created_at?: unknown }): ListCursor {
  return catalog.ordersByCreatedTime
    ? { s: 'cache', k: [(item.created_at as Date).toISOString(), item.meta_id] }
    : { s: 'cache', k: [item.meta_id] };
}

function pageKeyOf(catalog: MetaObjectCatalog, cursor: Extract<ListCursor, { s: 'cache' }>): ObjectPageKey {
  const [first, second] = cursor.k;
  if (catalog.ordersByCreatedTime) {
    const at = typeof first === 'string' ? new Date(first) : undefined;
    if (!at || Number.isNaN(at.getTime()) || typeof second !== 'string' || !/^[0-9]{1,20}$/.test(second) || cursor.k.length !== 2) {
      throw unreadableCursor();
    }
    return { createdAt: at, metaId: second };
  }
  if (typeof first !== 'string' || !/^[0-9]{1,20}$/.test(first) || cursor.k.length !== 1) throw unreadableCursor();
  return { metaId: first };
}

/** One page of objects; `T` is the contract's object type of the catalog's kind (the mappers build exactly it). */
export async function listMetaObjects<T extends { id: string }>(
  deps: MetaDeps,
  caller: Caller,
  catalog: MetaObjectCatalog,
  request: ObjectListRequest,
): Promise<ObjectPage<T>> {
  const fields = request.fields && request.fields.length > 0 ? request.fields : catalog.storedFields;
  const limit = request.limit ?? DEFAULT_LIMIT;
  const cursor = decodeCursor(request.after);
  const target = await resolveMetaTarget(deps, caller, {
    teamId: request.teamId,
    adAccountId: request.adAccountId,
    need: 'read',
    allowInactiveConnection: true,
  });
  const imported = target.adAccount.lastImportedAt !== null;
  const source: DataSource = cursor ? cursor.s : imported && allStored(catalog, fields) ? 'cache' : 'live';
  const filters = catalog.filters
    .map((filter) => ({ filter, ids: request.ids[filter.param] }))
    .filter((f): f is { filter: (typeof catalog.filters)[number]; ids: readonly string[] } => f.ids !== undefined && f.ids.length > 0);

  if (source === 'cache') {
    // A cache cursor is only good while the copy it paged through exists.
    if (!imported) throw unreadableCursor();
    const after = cursor?.s === 'cache' ? pageKeyOf(catalog, cursor) : undefined;
    const page = await listStoredObjectsPage(deps.db, {
      catalog,
      adAccountId: target.adAccount.id,
      filters: filters.map(({ filter, ids }) => ({ column: filter.column, ids })),
      limit,
      after,
    });
    const last = page.records.at(-1);
    return {
      items: page.records.map((record) => pickFields(wireFromRecord(catalog, record), fields) as T),
      paging: { after: page.hasMore && last ? encodeCursor(keyOf(catalog, last)) : null, hasMore: page.hasMore },
      source,
    };
  }

  const live = await openLive(deps, target);
  const filtering = filters.map(({ filter, ids }) => ({ field: filter.metaField, operator: 'IN', value: [...ids] }));
  const page = await live.call((client) =>
    client.getPage<Record<string, unknown>>(
      `${target.adAccount.externalId}/${catalog.edge}`,
      { fields: metaRequestFields(catalog, fields), ...(filtering.length > 0 ? { filtering } : {}) },
      { limit, after: cursor?.s === 'live' ? cursor.c : null },
    ),
  );
  return {
    items: page.data.map((wire) => projectLive(catalog, wire, fields) as T),
    paging: { after: page.hasMore && page.after ? encodeCursor({ s: 'live', c: page.after }) : null, hasMore: page.hasMore },
    source,
  };
}
