// Connection rules that need no platform call: who may list, start, remove and disconnect (see teams/access.ts),
// the redirect allow-list, and the one-transaction removals. The OAuth callbacks live in oauth-callback.ts and
// the live insights in insights.ts.
import type { Db } from '../db/database.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { type Caller, requireTeamAccess, teamAccessAllows } from '../teams/access.ts';
import { lockWorkspaceOfTeam } from '../teams/repository.ts';
import type { Tenant } from '../tenants/repository.ts';
import { type IssuedState, issueOAuthState } from './oauth-state.ts';
import {
  type AdAccountConnectionStatus,
  type Connection,
  deleteAdAccounts,
  deleteConnection,
  findAdAccount,
  findConnection,
  listConnections as listConnectionRows,
  listReadableTeamIds,
  listTeamAdAccountStatuses,
  type Platform,
} from './repository.ts';

export interface ConnectionListFilter {
  teamId?: string | undefined;
  platform?: Platform | undefined;
}

/** The connections of one team (the caller must be able to read it) or of every team the caller may read. */
export async function listConnections(db: Db, caller: Caller, filter: ConnectionListFilter): Promise<Connection[]> {
  let teamIds: string[];
  if (filter.teamId) {
    await requireTeamAccess(db, caller, filter.teamId, 'member');
    teamIds = [filter.teamId];
  } else {
    teamIds = await listReadableTeamIds(db, caller.tenantId, caller.userId);
  }
  return listConnectionRows(db, caller.tenantId, { teamIds, platform: filter.platform });
}

/** The team's ad accounts with their connection's status and the caller's permission (MANAGER for an admin). */
export async function listAdAccountStatuses(db: Db, caller: Caller, teamId: string): Promise<AdAccountConnectionStatus[]> {
  const access = await requireTeamAccess(db, caller, teamId, 'member');
  const isAdmin = teamAccessAllows(access, 'admin');
  const rows = await listTeamAdAccountStatuses(db, caller.tenantId, teamId, caller.userId);
  return rows.map(({ role, ...row }) => ({ ...row, callerPermission: isAdmin ? 'MANAGER' : role }));
}

/**
 * The redirect must be an absolute http(s) URL without a fragment whose origin is one of the tenant's allowed
 * origins. Answers the parsed URL's text.
 */
export function checkRedirect(tenant: Tenant, redirect: string): string {
  const refuse = (why: string, code = 'format') => badRequest(`redirect ${why}`, [{ field: 'body.redirect', message: why, code }]);
  let url: URL;
  try {
    url = new URL(redirect);
  } catch {
    throw refuse('must be an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse('must be an http or https URL');
  if (redirect.includes('#')) throw refuse('must not carry a fragment');
  if (!tenant.allowedOrigins.includes(url.origin))
    throw refuse(`origin ${url.origin} is not one of the tenant's allowed origins`, 'allowedOrigin');
  return url.toString();
}

export interface StartConnectionInput {
  teamId: string;
  platform: Platform;
  redirect: string;
}

/** Checks the redirect and that the caller administers the team, then records a new flow and answers its state. */
export async function startConnection(
  db: Db,
  caller: Caller,
  tenant: Tenant,
  input: StartConnectionInput,
  secret: Buffer,
  now: Date,
): Promise<IssuedState> {
  const redirect = checkRedirect(tenant, input.redirect);
  await requireTeamAccess(db, caller, input.teamId, 'admin');
  return issueOAuthState(
    db,
    secret,
    { tenantId: caller.tenantId, teamId: input.teamId, platform: input.platform, redirect, userId: caller.userId },
    now,
  );
}

export interface AdAccountRemoval {
  adAccountId: string;
  externalId: string;
  platform: Platform;
  connectionId: string;
  teamId: string;
  removedPermissions: number;
}

/** Removes one ad account with its permissions (and imported data); its connection stays. */
export async function removeAdAccount(db: Db, caller: Caller, adAccountId: string): Promise<AdAccountRemoval> {
  return db.transaction().execute(async (trx) => {
    const found = await findAdAccount(trx, caller.tenantId, adAccountId);
    if (!found) throw notFound('Ad account not found');
    await lockWorkspaceOfTeam(trx, caller.tenantId, found.teamId);
    await requireTeamAccess(trx, caller, found.teamId, 'admin');
    // Read again under the lock: a concurrent removal may have won.
    const account = await findAdAccount(trx, caller.tenantId, adAccountId);
    if (!account) throw notFound('Ad account not found');
    const removedPermissions = await deleteAdAccounts(trx, [account.id]);
    return {
      adAccountId: account.id,
      externalId: account.externalId,
      platform: account.platform,
      connectionId: account.connectionId,
      teamId: account.teamId,
      removedPermissions,
    };
  });
}

export interface ConnectionDisconnection {
  connectionId: string;
  teamId: string;
  platform: Platform;
  removedAdAccounts: number;
  removedPermissions: number;
}

/** Removes the connection with its tokens, ad accounts, permissions and imported data, in one transaction. */
export async function disconnectConnection(db: Db, caller: Caller, connectionId: string): Promise<ConnectionDisconnection> {
  return db.transaction().execute(async (trx) => {
    const found = await findConnection(trx, caller.tenantId, connectionId);
    if (!found) throw notFound('Connection not found');
    await lockWorkspaceOfTeam(trx, caller.tenantId, found.teamId);
    await requireTeamAccess(trx, caller, found.teamId, 'admin');
    const connection = await findConnection(trx, caller.tenantId, connectionId);
    if (!connection) throw notFound('Connection not found');
    const removed = await deleteConnection(trx, caller.tenantId, connection.id);
    return { connectionId: connection.id, teamId: connection.teamId, platform: connection.platform, ...removed };
  });
}
