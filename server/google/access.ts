// Who may read a Google customer through a team, and the live client for it. The rules are those of
// permissions/access.ts (a team ADMIN or the workspace admin reads every customer of the team's Google
// connections, a MEMBER needs a MANAGER or VIEWER permission; 404 outside the tenant or the team's
// connections, 403 inside it), with one difference the contract spells out: reads served from Adlyft's copy do
// not need the connection to be ACTIVE; only a live read answers 401 CONNECTION_EXPIRED.
import { connectionAccessToken } from '../connections/credentials.ts';
import { type ConnectionRecord, findConnection } from '../connections/repository.ts';
import type { Deps } from '../deps.ts';
import { AppError, forbidden, notFound } from '../http/errors.ts';
import { callThroughConnection, requireActiveConnection } from '../permissions/access.ts';
import { type Caller, loadTeamAccess, teamAccessAllows } from '../teams/access.ts';
import type { GoogleAdsClient } from '../upstream/google/client.ts';
import { listTeamGoogleAccounts } from './repository.ts';

export type GoogleDeps = Pick<Deps, 'db' | 'now' | 'tokenCipher' | 'upstream'>;

export interface GoogleCustomerAccess {
  /** Adlyft's ad account (the copy is kept per ad account). */
  adAccountId: string;
  /** 10 digits. */
  customerId: string;
  currency: string;
  timezone: string | null;
  connection: ConnectionRecord;
  role: 'ADMIN' | 'MANAGER' | 'VIEWER';
}

/** The customer as the caller may read it through the team; 404 / 403 as the contract says. */
export async function resolveGoogleCustomer(
  db: Deps['db'],
  caller: Caller,
  teamId: string,
  customerId: string,
): Promise<GoogleCustomerAccess> {
  const team = await loadTeamAccess(db, caller, teamId);
  if (!team) throw notFound('Team not found');
  if (!teamAccessAllows(team, 'member')) throw forbidden('Only members of this team may use its Google Ads customers');
  const candidates = await listTeamGoogleAccounts(db, caller.tenantId, teamId, customerId, caller.userId);
  if (candidates.length === 0) throw notFound(`Google Ads customer ${customerId} belongs to none of this team's Google connections`);
  const admin = teamAccessAllows(team, 'admin');
  const chosen = admin ? candidates[0] : candidates.find((c) => c.role !== null);
  if (!chosen) throw forbidden('You hold no MANAGER or VIEWER permission on this Google Ads customer');
  const connection = await findConnection(db, caller.tenantId, chosen.connectionId);
  if (!connection) throw notFound(`Google Ads customer ${customerId} belongs to none of this team's Google connections`);
  return {
    adAccountId: chosen.adAccountId,
    customerId: chosen.externalId,
    currency: chosen.currency,
    timezone: chosen.timezone,
    connection,
    role: admin ? 'ADMIN' : (chosen.role ?? 'VIEWER'),
  };
}

/**
 * A Google Ads client on the connection's access token (refreshed first when needed). 401 CONNECTION_EXPIRED
 * when the connection is not ACTIVE or Google refuses its refresh token (the connection is marked).
 */
export async function liveClient(deps: GoogleDeps, connection: ConnectionRecord): Promise<GoogleAdsClient> {
  await requireActiveConnection(deps.db, connection, deps.now());
  const token = await connectionAccessToken(deps, connection);
  return deps.upstream.google.client(token);
}

/**
 * Runs Google calls through the connection: a refused token marks it and answers 401 CONNECTION_EXPIRED, any
 * other Google failure its mapped AppError (400 UPSTREAM_REJECTED, 403, 429 with Retry-After, 502, 503, 504).
 */
export function throughConnection<T>(deps: GoogleDeps, connectionId: string, call: () => Promise<T>): Promise<T> {
  return callThroughConnection(deps.db, connectionId, deps.now, call);
}

/** The same error, its details naming `objectId` (which connection or customer failed). */
export function naming(error: unknown, objectId: string): unknown {
  if (!(error instanceof AppError) || error.status < 400) return error;
  const details = (error.details ?? [{ message: error.message }]).map((d) => ({ ...d, objectId }));
  return new AppError(error.status, error.code, error.message, details, error.headers);
}
