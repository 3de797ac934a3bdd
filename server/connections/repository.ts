// All SQL about connections and the ad accounts they bring. Every lookup by id is scoped by tenant, so another
// tenant's id reads as missing. Functions take `db` or a transaction's `trx` first; rows are mapped to the
// contract's camelCase shapes here. Encrypted token columns leave this file only inside ConnectionRecord, never
// inside a contract shape.
import { sql } from 'kysely';
import type { components } from '../../generated/schema.d.ts';
import type { Db } from '../db/database.ts';

export type Platform = components['schemas']['Platform'];
export type ConnectionStatus = components['schemas']['ConnectionStatus'];
export type Connection = components['schemas']['Connection'];
export type AdAccount = components['schemas']['AdAccount'];
export type AdAccountStatus = components['schemas']['AdAccountStatus'];
export type AdAccountConnectionStatus = components['schemas']['AdAccountConnectionStatus'];

const iso = (value: Date | string): string => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null): string | null => (value === null ? null : iso(value));

// ── Reading connections ──────────────────────────────────────────────────────────────────────────────────

/** A connection as the server needs it internally: with its encrypted tokens. */
export interface ConnectionRecord {
  id: string;
  tenantId: string;
  teamId: string;
  platform: Platform;
  status: ConnectionStatus;
  platformUserId: string;
  accessTokenEnc: string;
  refreshTokenEnc: string | null;
  accessTokenExpiresAt: Date | null;
  tokenExpiresAt: Date | null;
}

export async function findConnection(db: Db, tenantId: string, connectionId: string): Promise<ConnectionRecord | undefined> {
  const row = await db
    .selectFrom('connections')
    .select([
      'id',
      'tenant_id',
      'team_id',
      'platform',
      'status',
      'platform_user_id',
      'access_token_enc',
      'refresh_token_enc',
      'access_token_expires_at',
      'token_expires_at',
    ])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', connectionId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    tenantId: row.tenant_id,
    teamId: row.team_id,
    platform: row.platform,
    status: row.status,
    platformUserId: row.platform_user_id,
    accessTokenEnc: row.access_token_enc,
    refreshTokenEnc: row.refresh_token_enc,
    accessTokenExpiresAt: row.access_token_expires_at === null ? null : new Date(row.access_token_expires_at),
    tokenExpiresAt: row.token_expires_at === null ? null : new Date(row.token_expires_at),
  };
}

interface AdAccountRow {
  id: string;
  connection_id: string;
  platform: Platform;
  external_id: string;
  name: string;
  currency: string;
  timezone: string | null;
  status: string;
  last_imported_at: Date | null;
}

const toAdAccount = (row: AdAccountRow): AdAccount => ({
  id: row.id,
  connectionId: row.connection_id,
  platform: row.platform,
  externalId: row.external_id,
  name: row.name,
  currency: row.currency,
  timezone: row.timezone ?? 'UTC',
  status: row.status as AdAccountStatus,
  lastImportedAt: isoOrNull(row.last_imported_at),
});

export interface ConnectionFilter {
  /** Only these teams (already resolved in the tenant); an empty list answers nothing. */
  teamIds: string[];
  platform?: Platform | undefined;
}

/** The connections of the teams, newest first, each with its ad accounts by name. Tokens are not read. */
export async function listConnections(db: Db, tenantId: string, filter: ConnectionFilter): Promise<Connection[]> {
  if (filter.teamIds.length === 0) return [];
  let query = db
    .selectFrom('connections as c')
    .innerJoin('users as u', 'u.id', 'c.connected_by_user_id')
    .select([
      'c.id',
      'c.team_id',
      'c.platform',
      'c.status',
      'c.platform_user_id',
      'c.platform_user_name',
      'c.scopes',
      'u.external_user_id as connected_by',
      'c.created_at',
      'c.updated_at',
      'c.token_expires_at',
    ])
    .where('c.tenant_id', '=', tenantId)
    .where('c.team_id', 'in', filter.teamIds);
  if (filter.platform) query = query.where('c.platform', '=', filter.platform);
  const rows = await query.orderBy('c.created_at', 'desc').orderBy('c.id', 'asc').execute();
  if (rows.length === 0) return [];
  const accounts = await db
    .selectFrom('ad_accounts')
    .select(['id', 'connection_id', 'platform', 'external_id', 'name', 'currency', 'timezone', 'status', 'last_imported_at'])
    .where(
      'connection_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('name', 'asc')
    .orderBy('external_id', 'asc')
    .execute();
  const byConnection = new Map<string, AdAccount[]>();
  for (const account of accounts) {
    const list = byConnection.get(account.connection_id) ?? [];
    list.push(toAdAccount(account));
    byConnection.set(account.connection_id, list);
  }
  return rows.map((row) => {
    const adAccounts = byConnection.get(row.id) ?? [];
    return {
      id: row.id,
      teamId: row.team_id,
      platform: row.platform,
      status: row.status,
      platformUserId: row.platform_user_id,
      platformUserName: row.platform_user_name,
      scopes: row.scopes,
      adAccountCount: adAccounts.length,
      adAccounts,
      connectedBy: row.connected_by,
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
      expiresAt: isoOrNull(row.token_expires_at),
    };
  });
}

/** The teams of the tenant the user may read: those they belong to and those of the workspaces they administer. */
export async function listReadableTeamIds(db: Db, tenantId: string, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('teams as t')
    .innerJoin('workspaces as w', 'w.id', 't.workspace_id')
    .select('t.id')
    .where('t.tenant_id', '=', tenantId)
    .where((eb) =>
      eb.or([
        eb('w.admin_user_id', '=', userId),
        eb.exists(
          eb.selectFrom('team_members as m').select('m.user_id').whereRef('m.team_id', '=', 't.id').where('m.user_id', '=', userId),
        ),
      ]),
    )
    .execute();
  return rows.map((r) => r.id);
}

// ── Ad accounts ──────────────────────────────────────────────────────────────────────────────────────────

/** An ad account with the connection and team it belongs to. */
export interface AdAccountRecord extends AdAccount {
  teamId: string;
  connectionStatus: ConnectionStatus;
}

function selectAdAccountRecords(db: Db, tenantId: string) {
  return db
    .selectFrom('ad_accounts as a')
    .innerJoin('connections as c', 'c.id', 'a.connection_id')
    .select([
      'a.id',
      'a.connection_id',
      'a.platform',
      'a.external_id',
      'a.name',
      'a.currency',
      'a.timezone',
      'a.status',
      'a.last_imported_at',
      'c.team_id',
      'c.status as connection_status',
    ])
    .where('a.tenant_id', '=', tenantId);
}

type AdAccountRecordRow = AdAccountRow & { team_id: string; connection_status: ConnectionStatus };
const toAdAccountRecord = (row: AdAccountRecordRow): AdAccountRecord => ({
  ...toAdAccount(row),
  teamId: row.team_id,
  connectionStatus: row.connection_status,
});

export async function findAdAccount(db: Db, tenantId: string, adAccountId: string): Promise<AdAccountRecord | undefined> {
  const row = await selectAdAccountRecords(db, tenantId).where('a.id', '=', adAccountId).executeTakeFirst();
  return row ? toAdAccountRecord(row) : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One of the team's ad accounts, by Adlyft's id (uuid) or the platform's id (`act_…`, 10-digit customer id). */
export async function findTeamAdAccount(
  db: Db,
  tenantId: string,
  teamId: string,
  idOrExternalId: string,
): Promise<AdAccountRecord | undefined> {
  const query = selectAdAccountRecords(db, tenantId).where('c.team_id', '=', teamId);
  const row = await (UUID.test(idOrExternalId)
    ? query.where('a.id', '=', idOrExternalId.toLowerCase())
    : query.where('a.external_id', '=', idOrExternalId)
  ).executeTakeFirst();
  return row ? toAdAccountRecord(row) : undefined;
}

/** The connection's ad accounts by name. */
export async function listConnectionAdAccounts(db: Db, connectionId: string): Promise<AdAccount[]> {
  const rows = await db
    .selectFrom('ad_accounts')
    .select(['id', 'connection_id', 'platform', 'external_id', 'name', 'currency', 'timezone', 'status', 'last_imported_at'])
    .where('connection_id', '=', connectionId)
    .orderBy('name', 'asc')
    .orderBy('external_id', 'asc')
    .execute();
  return rows.map(toAdAccount);
}

/** The ids of the connection's ad accounts on which the user holds a permission (any role). */
export async function listPermittedAdAccountIds(db: Db, connectionId: string, userId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('ad_account_permissions as p')
    .innerJoin('ad_accounts as a', 'a.id', 'p.ad_account_id')
    .select('a.id')
    .where('a.connection_id', '=', connectionId)
    .where('p.user_id', '=', userId)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * The team's ad accounts with their connection's status and the user's own role on each (null when none):
 * Meta first, then Google, each by name.
 */
export async function listTeamAdAccountStatuses(
  db: Db,
  tenantId: string,
  teamId: string,
  userId: string,
): Promise<(Omit<AdAccountConnectionStatus, 'callerPermission'> & { role: 'MANAGER' | 'VIEWER' | null })[]> {
  const rows = await db
    .selectFrom('ad_accounts as a')
    .innerJoin('connections as c', 'c.id', 'a.connection_id')
    .leftJoin('ad_account_permissions as p', (join) => join.onRef('p.ad_account_id', '=', 'a.id').on('p.user_id', '=', userId))
    .select(['a.id', 'a.external_id', 'a.name', 'a.platform', 'a.status', 'a.connection_id', 'c.status as connection_status', 'p.role'])
    .where('a.tenant_id', '=', tenantId)
    .where('c.team_id', '=', teamId)
    .orderBy(sql`CASE a.platform WHEN 'META' THEN 0 ELSE 1 END`)
    .orderBy('a.name', 'asc')
    .orderBy('a.external_id', 'asc')
    .execute();
  return rows.map((row) => ({
    adAccountId: row.id,
    externalId: row.external_id,
    name: row.name,
    platform: row.platform,
    accountStatus: row.status as AdAccountStatus,
    connectionId: row.connection_id,
    connectionStatus: row.connection_status,
    connected: row.connection_status === 'ACTIVE',
    role: row.role ?? null,
  }));
}

// ── Removing ─────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Removes ad accounts with their permissions (and, through the foreign keys, whatever was imported for them).
 * Answers how many permissions went with them.
 */
export async function deleteAdAccounts(trx: Db, adAccountIds: string[]): Promise<number> {
  if (adAccountIds.length === 0) return 0;
  const permissions = await trx
    .deleteFrom('ad_account_permissions')
    .where('ad_account_id', 'in', adAccountIds)
    .returning('user_id')
    .execute();
  await trx.deleteFrom('ad_accounts').where('id', 'in', adAccountIds).execute();
  return permissions.length;
}

/** Removes the connection, its tokens, its ad accounts and their permissions; answers what went. */
export async function deleteConnection(
  trx: Db,
  tenantId: string,
  connectionId: string,
): Promise<{ removedAdAccounts: number; removedPermissions: number }> {
  const accounts = await trx
    .selectFrom('ad_accounts')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('connection_id', '=', connectionId)
    .execute();
  const removedPermissions = await deleteAdAccounts(
    trx,
    accounts.map((a) => a.id),
  );
  await trx.deleteFrom('connections').where('tenant_id', '=', tenantId).where('id', '=', connectionId).execute();
  return { removedAdAccounts: accounts.length, removedPermissions };
}

// ── Writing connections (OAuth callback) ─────────────────────────────────────────────────────────────────

export async function findConnectionIdByPlatformUser(
  trx: Db,
  teamId: string,
  platform: Platform,
  platformUserId: string,
): Promise<string | undefined> {
  const row = await trx
    .selectFrom('connections')
    .select('id')
    .where('team_id', '=', teamId)
    .where('platform', '=', platform)
    .where('platform_user_id', '=', platformUserId)
    .executeTakeFirst();
  return row?.id;
}

export interface ConnectionWrite {
  id: string;
  tenantId: string;
  teamId: string;
  platform: Platform;
  platformUserId: string;
  platformUserName: string | null;
  scopes: string[];
  accessTokenEnc: string;
  refreshTokenEnc: string | null;
  accessTokenExpiresAt: Date | null;
  tokenExpiresAt: Date | null;
  connectedByUserId: string;
  at: Date;
}

export async function insertConnection(trx: Db, c: ConnectionWrite): Promise<void> {
  await trx
    .insertInto('connections')
    .values({
      id: c.id,
      tenant_id: c.tenantId,
      team_id: c.teamId,
      platform: c.platform,
      status: 'ACTIVE',
      platform_user_id: c.platformUserId,
      platform_user_name: c.platformUserName,
      scopes: c.scopes,
      access_token_enc: c.accessTokenEnc,
      refresh_token_enc: c.refreshTokenEnc,
      access_token_expires_at: c.accessTokenExpiresAt,
      token_expires_at: c.tokenExpiresAt,
      connected_by_user_id: c.connectedByUserId,
      created_at: c.at,
      updated_at: c.at,
    })
    .execute();
}

/** Renews a connection in place: new tokens, name, scopes and admin, status ACTIVE; its id and createdAt stay. */
export async function renewConnection(trx: Db, c: ConnectionWrite): Promise<void> {
  await trx
    .updateTable('connections')
    .set({
      status: 'ACTIVE',
      platform_user_name: c.platformUserName,
      scopes: c.scopes,
      access_token_enc: c.accessTokenEnc,
      refresh_token_enc: c.refreshTokenEnc,
      access_token_expires_at: c.accessTokenExpiresAt,
      token_expires_at: c.tokenExpiresAt,
      connected_by_user_id: c.connectedByUserId,
      updated_at: c.at,
    })
    .where('tenant_id', '=', c.tenantId)
    .where('id', '=', c.id)
    .execute();
}

/** Stores a refreshed access token (Google) of a connection. */
export async function updateAccessToken(db: Db, connectionId: string, accessTokenEnc: string, expiresAt: Date | null): Promise<void> {
  await db
    .updateTable('connections')
    .set({ access_token_enc: accessTokenEnc, access_token_expires_at: expiresAt })
    .where('id', '=', connectionId)
    .execute();
}

/** Marks a connection EXPIRED or REVOKED (the platform refused its token). */
export async function setConnectionStatus(db: Db, connectionId: string, status: ConnectionStatus, at: Date): Promise<void> {
  await db
    .updateTable('connections')
    .set({ status, updated_at: at })
    .where('id', '=', connectionId)
    .where('status', '!=', status)
    .execute();
}

/** The team's ad accounts of one platform, with the connection each belongs to and its status. */
export async function listTeamPlatformAdAccounts(
  trx: Db,
  teamId: string,
  platform: Platform,
): Promise<{ id: string; externalId: string; connectionId: string; connectionStatus: ConnectionStatus }[]> {
  const rows = await trx
    .selectFrom('ad_accounts as a')
    .innerJoin('connections as c', 'c.id', 'a.connection_id')
    .select(['a.id', 'a.external_id', 'a.connection_id', 'c.status'])
    .where('c.team_id', '=', teamId)
    .where('a.platform', '=', platform)
    .execute();
  return rows.map((r) => ({ id: r.id, externalId: r.external_id, connectionId: r.connection_id, connectionStatus: r.status }));
}

export interface AdAccountWrite {
  externalId: string;
  name: string;
  currency: string;
  timezone: string;
  status: AdAccountStatus;
}

export async function insertAdAccount(
  trx: Db,
  account: AdAccountWrite & { id: string; tenantId: string; connectionId: string; platform: Platform; at: Date },
): Promise<void> {
  await trx
    .insertInto('ad_accounts')
    .values({
      id: account.id,
      tenant_id: account.tenantId,
      connection_id: account.connectionId,
      platform: account.platform,
      external_id: account.externalId,
      name: account.name,
      currency: account.currency,
      timezone: account.timezone,
      status: account.status,
      last_imported_at: null,
      created_at: account.at,
    })
    .execute();
}

/** Refreshes what the platform said about an account and attaches it to `connectionId` (its id and permissions stay). */
export async function updateAdAccount(trx: Db, adAccountId: string, connectionId: string, account: AdAccountWrite): Promise<void> {
  await trx
    .updateTable('ad_accounts')
    .set({
      connection_id: connectionId,
      name: account.name,
      currency: account.currency,
      timezone: account.timezone,
      status: account.status,
    })
    .where('id', '=', adAccountId)
    .execute();
}
