// The Google reads: the customers the team's Google connections reach (always live), and a customer's daily
// metrics and assets, served from Adlyft's copy when an import covers the request, else read live and not
// stored. Each answer says where it came from (X-Data-Source).
import type { components } from '../../generated/schema.d.ts';
import { connectionAccessToken } from '../connections/credentials.ts';
import { type ConnectionRecord, findConnection } from '../connections/repository.ts';
import { notFound } from '../http/errors.ts';
import { requireActiveConnection } from '../permissions/access.ts';
import { type Caller, requireTeamAccess, teamAccessAllows } from '../teams/access.ts';
import { isUpstreamError } from '../upstream/errors.ts';
import type { GoogleAdsClient } from '../upstream/google/client.ts';
import { type GoogleDeps, liveClient, naming, resolveGoogleCustomer, throughConnection } from './access.ts';
import {
  compareIds,
  type DailyMetric,
  type GoogleAccessibleCustomer,
  type GoogleAsset,
  mapAccessibleCustomer,
  mapAssetRow,
  mapMetricRow,
  mergeDaily,
  toInsightRows,
} from './mapper.ts';
import { assetsQuery, CUSTOMER_DETAILS_QUERY, dailyMetricsQuery, type InsightsLevel } from './queries.ts';
import {
  hasImport,
  listImportWindows,
  listPermittedCustomerIds,
  listStoredAssets,
  listStoredMetrics,
  listTeamGoogleConnectionIds,
  sumStoredCustomerMetrics,
} from './repository.ts';
import { resolveWindow, todayIn, windowCovered } from './window.ts';

export type GoogleInsights = components['schemas']['GoogleInsights'];
export type DataSource = 'cache' | 'live';

export interface Sourced<T> {
  data: T;
  source: DataSource;
}

/** How many customers' details are read from Google at once. */
const CONCURRENCY = 4;

/** Runs `work` over the items, at most `limit` at a time; the first failure fails the whole. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  async function worker(): Promise<void> {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// ── listGoogleAccessibleCustomers ────────────────────────────────────────────────────────────────────────

/** Customers whose details Google refuses to the user are listed without details, not a failure. */
const NO_DETAILS_ERRORS = new Set(['authorizationError.CUSTOMER_NOT_ENABLED', 'authorizationError.USER_PERMISSION_DENIED']);

async function customerDetails(client: GoogleAdsClient, connectionId: string, customerId: string): Promise<GoogleAccessibleCustomer> {
  let rows: unknown[];
  try {
    rows = await client.searchStream(customerId, CUSTOMER_DETAILS_QUERY);
  } catch (error) {
    if (isUpstreamError(error) && NO_DETAILS_ERRORS.has(String(error.platformCode))) rows = [];
    else throw error;
  }
  return mapAccessibleCustomer(connectionId, customerId, rows[0]);
}

async function connectionCustomers(
  deps: GoogleDeps,
  connection: ConnectionRecord,
  only: Set<string> | undefined,
): Promise<GoogleAccessibleCustomer[]> {
  const token = await connectionAccessToken(deps, connection);
  const client = deps.upstream.google.client(token);
  return throughConnection(deps, connection.id, async () => {
    const ids = [...new Set(await client.listAccessibleCustomers())].filter((id) => only === undefined || only.has(id));
    return mapBounded(ids, CONCURRENCY, (id) => customerDetails(client, connection.id, id));
  });
}

export async function listAccessibleCustomers(
  deps: GoogleDeps,
  caller: Caller,
  teamId: string,
  connectionId: string | undefined,
): Promise<GoogleAccessibleCustomer[]> {
  const team = await requireTeamAccess(deps.db, caller, teamId, 'member');
  const admin = teamAccessAllows(team, 'admin');
  const connections: ConnectionRecord[] = [];
  if (connectionId !== undefined) {
    const connection = await findConnection(deps.db, caller.tenantId, connectionId);
    if (!connection || connection.teamId !== teamId || connection.platform !== 'GOOGLE')
      throw notFound('No such Google connection in this team');
    await requireActiveConnection(deps.db, connection, deps.now()).catch((error: unknown) => {
      throw naming(error, connection.id);
    });
    connections.push(connection);
  } else {
    for (const id of await listTeamGoogleConnectionIds(deps.db, caller.tenantId, teamId)) {
      const connection = await findConnection(deps.db, caller.tenantId, id);
      if (!connection) continue;
      // Connections that are not ACTIVE (or whose token has run out) are skipped.
      const active = await requireActiveConnection(deps.db, connection, deps.now()).then(
        () => true,
        () => false,
      );
      if (active) connections.push(connection);
    }
  }
  const rows: GoogleAccessibleCustomer[] = [];
  for (const connection of connections) {
    const only = admin ? undefined : await listPermittedCustomerIds(deps.db, connection.id, caller.userId);
    if (only !== undefined && only.size === 0) continue;
    try {
      rows.push(...(await connectionCustomers(deps, connection, only)));
    } catch (error) {
      throw naming(error, connection.id);
    }
  }
  return rows.sort((a, b) =>
    a.connectionId < b.connectionId ? -1 : a.connectionId > b.connectionId ? 1 : compareIds(a.customerId, b.customerId),
  );
}

// ── getGoogleInsights ────────────────────────────────────────────────────────────────────────────────────

export interface InsightsQuery {
  customerId: string;
  level?: InsightsLevel | undefined;
  since?: string | undefined;
  until?: string | undefined;
}

/** At most a year of days per request. */
export const MAX_INSIGHTS_DAYS = 365;

export async function getInsights(
  deps: GoogleDeps,
  caller: Caller,
  teamId: string,
  query: InsightsQuery,
): Promise<Sourced<GoogleInsights>> {
  const access = await resolveGoogleCustomer(deps.db, caller, teamId, query.customerId);
  const window = resolveWindow(query, todayIn(access.timezone, deps.now()), MAX_INSIGHTS_DAYS);
  const level = query.level ?? 'campaign';
  const covered = windowCovered(window, await listImportWindows(deps.db, access.adAccountId, window));
  let metrics: DailyMetric[];
  if (covered) {
    metrics =
      level === 'customer'
        ? await sumStoredCustomerMetrics(deps.db, access.adAccountId, window)
        : await listStoredMetrics(deps.db, access.adAccountId, level, window);
  } else {
    const client = await liveClient(deps, access.connection);
    const rows = await throughConnection(deps, access.connection.id, () =>
      client.searchStream(access.customerId, dailyMetricsQuery(level, window)),
    );
    metrics = mergeDaily(rows.map((row) => mapMetricRow(level, row)).filter((m): m is DailyMetric => m !== undefined));
  }
  return {
    source: covered ? 'cache' : 'live',
    data: {
      customerId: access.customerId,
      currencyCode: access.currency,
      level,
      since: window.since,
      until: window.until,
      rows: toInsightRows(metrics),
    },
  };
}

// ── listGoogleAssets ─────────────────────────────────────────────────────────────────────────────────────

export async function listAssets(
  deps: GoogleDeps,
  caller: Caller,
  teamId: string,
  query: { customerId: string; type?: string | undefined },
): Promise<Sourced<GoogleAsset[]>> {
  const access = await resolveGoogleCustomer(deps.db, caller, teamId, query.customerId);
  if (await hasImport(deps.db, access.adAccountId)) {
    return { source: 'cache', data: await listStoredAssets(deps.db, access.adAccountId, query.type) };
  }
  const client = await liveClient(deps, access.connection);
  const rows = await throughConnection(deps, access.connection.id, () => client.searchStream(access.customerId, assetsQuery(query.type)));
  const assets = rows.map((row) => mapAssetRow(access.customerId, row)?.asset).filter((a): a is GoogleAsset => a !== undefined);
  return { source: 'live', data: assets.sort((a, b) => compareIds(a.id, b.id)) };
}
