// Who may use an ad account, for every operation that reads or changes one through its connection (the Meta
// and Google operations, connection insights):
// - a team ADMIN (or the workspace admin) may read and write every account of the team's connections;
// - a team MEMBER needs a permission on the account: VIEWER reads, MANAGER reads and writes;
// - the account must belong to one of the team's connections (else 404), and that connection must be ACTIVE
//   (else 401 CONNECTION_EXPIRED, without calling the platform).
// Another tenant's team or account answers 404 like an unknown one; only a caller of the tenant who lacks the
// role or the permission gets 403.

import {
  type AdAccountRecord,
  type ConnectionRecord,
  type ConnectionStatus,
  findConnection,
  findTeamAdAccount,
  setConnectionStatus,
} from '../connections/repository.ts';
import type { Db } from '../db/database.ts';
import { forbidden, notFound, unauthorized } from '../http/errors.ts';
import { loadTeamAccess, teamAccessAllows } from '../teams/access.ts';
import { isUpstreamError, toAppError, type UpstreamError } from '../upstream/errors.ts';
import { findPermissionRole } from './repository.ts';

export type AdAccountAccessRole = 'MANAGER' | 'VIEWER' | 'ADMIN';

export interface AdAccountAccess {
  adAccount: AdAccountRecord;
  connection: ConnectionRecord;
  /** ADMIN for a team admin or the workspace admin; otherwise the member's permission. */
  role: AdAccountAccessRole;
  /** Whether the connection may call the platform (ACTIVE, token not past its expiry). */
  connectionActive: boolean;
}

export interface AdAccountAccessRequest {
  tenantId: string;
  userId: string;
  teamId: string;
  /** Adlyft's id (uuid) or the platform's id (`act_…`, 10-digit customer id). */
  adAccountId: string;
  /** `read` (default) needs VIEWER or more, `write` needs MANAGER or a team admin. */
  need?: 'read' | 'write';
  /** The time against which the connection's token expiry is checked. Default: now. */
  now?: Date;
  /**
   * Refuse an inactive connection with 401 CONNECTION_EXPIRED (the default). Reads that Adlyft's imported copy
   * can answer pass false and look at `connectionActive` before calling the platform.
   */
  requireActiveConnection?: boolean;
}

export const connectionExpired = () =>
  unauthorized('CONNECTION_EXPIRED', 'The platform connection of this ad account is no longer active; a team admin must connect again');

/** Whether a connection may call its platform, marking it EXPIRED first when its token's expiry has passed. */
export async function checkConnectionActive(db: Db, connection: ConnectionRecord, now: Date): Promise<boolean> {
  if (connection.status === 'ACTIVE' && connection.tokenExpiresAt !== null && connection.tokenExpiresAt.getTime() <= now.getTime()) {
    await setConnectionStatus(db, connection.id, 'EXPIRED', now);
    connection.status = 'EXPIRED';
  }
  return connection.status === 'ACTIVE';
}

/** Refuses a connection that is not ACTIVE (see checkConnectionActive). */
export async function requireActiveConnection(db: Db, connection: ConnectionRecord, now: Date): Promise<void> {
  if (!(await checkConnectionActive(db, connection, now))) throw connectionExpired();
}

export async function resolveAdAccountAccess(db: Db, request: AdAccountAccessRequest): Promise<AdAccountAccess> {
  const now = request.now ?? new Date();
  const team = await loadTeamAccess(db, { tenantId: request.tenantId, userId: request.userId }, request.teamId);
  if (!team) throw notFound('Team not found');
  if (!teamAccessAllows(team, 'member')) throw forbidden('Only members of this team may use its ad accounts');
  const adAccount = await findTeamAdAccount(db, request.tenantId, request.teamId, request.adAccountId);
  if (!adAccount) throw notFound(`Ad account ${request.adAccountId} belongs to none of this team's connections`);
  let role: AdAccountAccessRole;
  if (teamAccessAllows(team, 'admin')) {
    role = 'ADMIN';
  } else {
    const permission = await findPermissionRole(db, adAccount.id, request.userId);
    if (!permission) throw forbidden('You hold no permission on this ad account');
    if (request.need === 'write' && permission !== 'MANAGER') throw forbidden('Only a MANAGER of this ad account may change it');
    role = permission;
  }
  const connection = await findConnection(db, request.tenantId, adAccount.connectionId);
  if (!connection) throw notFound(`Ad account ${request.adAccountId} belongs to none of this team's connections`);
  const connectionActive = await checkConnectionActive(db, connection, now);
  if (!connectionActive && request.requireActiveConnection !== false) throw connectionExpired();
  return { adAccount, connection, role, connectionActive };
}

/** Meta 190 with subcode 458 (app removed), 460 (password changed) or 467 (logged out), or Google invalid_grant. */
function revokedByPlatform(error: UpstreamError): boolean {
  if (error.platform === 'meta') return error.platformCode === 190 && [458, 460, 467].includes(error.platformSubcode ?? 0);
  return /invalid_grant/i.test(String(error.platformCode ?? ''));
}

/** The status the platform's refusal of a token puts a connection in, or undefined when it is not such a refusal. */
export function statusAfterUpstreamError(error: unknown): Exclude<ConnectionStatus, 'ACTIVE'> | undefined {
  if (!isUpstreamError(error) || error.kind !== 'auth_expired') return undefined;
  return revokedByPlatform(error) ? 'REVOKED' : 'EXPIRED';
}

/**
 * When the platform says the connection's token no longer works, marks the connection EXPIRED or REVOKED and
 * answers 401 CONNECTION_EXPIRED; any other platform failure becomes its AppError; anything else is rethrown.
 */
export async function markConnectionOnUpstreamError(db: Db, connectionId: string, error: unknown, now: Date): Promise<never> {
  const status = statusAfterUpstreamError(error);
  if (status) {
    await setConnectionStatus(db, connectionId, status, now);
    throw connectionExpired();
  }
  if (isUpstreamError(error)) throw toAppError(error);
  throw error;
}

/** Runs one platform call through the connection, applying markConnectionOnUpstreamError to its failure. */
export async function callThroughConnection<T>(db: Db, connectionId: string, now: () => Date, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    return markConnectionOnUpstreamError(db, connectionId, error, now());
  }
}
