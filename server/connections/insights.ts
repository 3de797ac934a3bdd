// GET /connections/{connectionId}/insights: one account-level total per ad account the caller may see, read
// live from the platform and normalized. All or nothing: the first account the platform refuses fails the
// request, naming that account in `error.details[].objectId`.
import type { components } from '../../generated/schema.d.ts';
import type { Deps } from '../deps.ts';
import { AppError, badRequest, notFound } from '../http/errors.ts';
import { markConnectionOnUpstreamError, requireActiveConnection } from '../permissions/access.ts';
import { type Caller, requireTeamAccess, teamAccessAllows } from '../teams/access.ts';
import { dateRangeCondition } from '../upstream/google/gaql.ts';
import { int64, microsToMajor } from '../upstream/google/mapper.ts';
import { parseMetaNumber } from '../upstream/meta/mapper.ts';
import { connectionAccessToken } from './credentials.ts';
import {
  type AdAccount,
  type ConnectionRecord,
  findConnection,
  listConnectionAdAccounts,
  listPermittedAdAccountIds,
} from './repository.ts';

export type ConnectionInsights = components['schemas']['ConnectionInsights'];
type AccountInsights = components['schemas']['ConnectionAdAccountInsights'];
type Metrics = Pick<AccountInsights, 'spend' | 'impressions' | 'clicks' | 'ctr' | 'cpc' | 'reach' | 'conversions'>;

type InsightsDeps = Pick<Deps, 'db' | 'now' | 'tokenCipher' | 'upstream'>;

/** How many accounts are read from the platform at once. */
const CONCURRENCY = 4;

const META_FIELDS = ['spend', 'impressions', 'clicks', 'reach', 'ctr', 'cpc'] as const;

const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;

/** `since` after `until`, or more than 37 months before today (UTC), is refused. */
export function checkWindow(since: string, until: string, now: Date): void {
  if (since > until)
    throw badRequest('since must not be after until', [{ field: 'query.since', message: 'must not be after until', code: 'maximum' }]);
  const earliest = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 37, now.getUTCDate())).toISOString().slice(0, 10);
  if (since < earliest) {
    throw badRequest(`since must not be more than 37 months ago (${earliest} at the earliest)`, [
      { field: 'query.since', message: `must be ${earliest} or later`, code: 'minimum' },
    ]);
  }
}

async function metaMetrics(deps: InsightsDeps, token: string, account: AdAccount, since: string, until: string): Promise<Metrics> {
  const rows = await deps.upstream.meta.client(token).getAll<Record<string, unknown>>(`${account.externalId}/insights`, {
    level: 'account',
    fields: [...META_FIELDS],
    time_range: { since, until },
  });
  const row = rows[0];
  if (!row) return { spend: 0, impressions: 0, clicks: 0, ctr: null, cpc: null, reach: 0, conversions: null };
  const impressions = parseMetaNumber(row.impressions) ?? 0;
  const clicks = parseMetaNumber(row.clicks) ?? 0;
  const spend = parseMetaNumber(row.spend) ?? 0;
  return {
    spend,
    impressions,
    clicks,
    ctr: parseMetaNumber(row.ctr) ?? (impressions > 0 ? round6((clicks / impressions) * 100) : null),
    cpc: parseMetaNumber(row.cpc) ?? (clicks > 0 ? round6(spend / clicks) : null),
    reach: parseMetaNumber(row.reach) ?? 0,
    conversions: null,
  };
}

interface GoogleMetricsRow {
  metrics?: { costMicros?: string; impressions?: string; clicks?: string; ctr?: number | string; conversions?: number | string };
}

async function googleMetrics(deps: InsightsDeps, token: string, account: AdAccount, since: string, until: string): Promise<Metrics> {
  const query =
    'SELECT metrics.cost_micros, metrics.impressions, metrics.clicks, metrics.ctr, metrics.conversions FROM customer WHERE ' +
    dateRangeCondition(since, until);
  const rows = await deps.upstream.google.client(token).search<GoogleMetricsRow>(account.externalId, query);
  let costMicros = 0n;
  let impressions = 0;
  let clicks = 0;
  let conversions = 0;
  for (const { metrics = {} } of rows) {
    costMicros += BigInt(metrics.costMicros ?? '0');
    impressions += int64(metrics.impressions);
    clicks += int64(metrics.clicks);
    conversions += Number(metrics.conversions ?? 0);
  }
  const spend = microsToMajor(costMicros);
  const single = rows.length === 1 ? Number(rows[0]?.metrics?.ctr) : Number.NaN;
  const ctr = impressions === 0 ? null : round6(Number.isFinite(single) ? single * 100 : (clicks / impressions) * 100);
  return {
    spend,
    impressions,
    clicks,
    ctr,
    cpc: clicks === 0 ? null : round6(spend / clicks),
    reach: null,
    conversions: round6(conversions),
  };
}

/** Runs `work` over the items with at most CONCURRENCY in flight, in order; the first failure fails the whole. */
async function mapBounded<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
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
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
  return results;
}

export async function getConnectionInsights(
  deps: InsightsDeps,
  caller: Caller,
  connectionId: string,
  window: { since: string; until: string },
): Promise<ConnectionInsights> {
  const now = deps.now();
  checkWindow(window.since, window.until, now);
  const connection: ConnectionRecord | undefined = await findConnection(deps.db, caller.tenantId, connectionId);
  if (!connection) throw notFound('Connection not found');
  const team = await requireTeamAccess(deps.db, caller, connection.teamId, 'member');
  await requireActiveConnection(deps.db, connection, now);
  let accounts = await listConnectionAdAccounts(deps.db, connection.id);
  if (!teamAccessAllows(team, 'admin')) {
    const permitted = await listPermittedAdAccountIds(deps.db, connection.id, caller.userId);
    accounts = accounts.filter((a) => permitted.has(a.id));
  }
  const base = { connectionId: connection.id, platform: connection.platform, since: window.since, until: window.until };
  if (accounts.length === 0) return { ...base, accounts: [] };
  let token: string;
  try {
    token = await connectionAccessToken(deps, connection);
  } catch (error) {
    if (error instanceof AppError) throw error;
    return markConnectionOnUpstreamError(deps.db, connection.id, error, deps.now());
  }
  const read = connection.platform === 'META' ? metaMetrics : googleMetrics;
  const rows = await mapBounded(accounts, async (account): Promise<AccountInsights> => {
    try {
      const metrics = await read(deps, token, account, window.since, window.until);
      return {
        adAccountId: account.id,
        externalId: account.externalId,
        name: account.name,
        platform: account.platform,
        currency: account.currency,
        ...metrics,
      };
    } catch (error) {
      try {
        return await markConnectionOnUpstreamError(deps.db, connection.id, error, deps.now());
      } catch (mapped) {
        if (mapped instanceof AppError && mapped.code !== 'CONNECTION_EXPIRED') {
          const details = (mapped.details ?? [{ message: mapped.message }]).map((d) => ({ ...d, objectId: account.externalId }));
          throw new AppError(mapped.status, mapped.code, mapped.message, details, mapped.headers);
        }
        throw mapped;
      }
    }
  });
  return { ...base, accounts: rows };
}
