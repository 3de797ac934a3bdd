// Fixtures of the connection and ad-account-permission suites: the authorization cast of workspaces.ts in a
// workspace written straight to the tables (so these suites do not depend on the workspace operations), and
// connections with ad accounts, their tokens encrypted as the OAuth callback stores them.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import {
  type AdAccountStatus,
  type ConnectionStatus,
  insertAdAccount,
  insertConnection,
  type Platform,
} from '../../server/connections/repository.ts';
import { tokenAad } from '../../server/connections/token-cipher.ts';
import { insertMember, insertTeam } from '../../server/teams/repository.ts';
import { insertWorkspace } from '../../server/workspaces/repository.ts';
import type { TestServer } from './test-server.ts';
import { type Cast, signInCast, USER, userIdOf } from './workspaces.ts';

export {
  authTable,
  type Cast,
  CODE_OF_STATUS,
  codeOf,
  expectStatus,
  fieldsOf,
  monotonicClock,
  ok,
  type Result,
  ROLES,
  type Role,
  USER,
  WHO,
} from './workspaces.ts';

export interface Fixture {
  cast: Cast;
  workspaceId: string;
  /** "Paid Social": team-admin (ADMIN) and member (MEMBER); the workspace admin is not in it. */
  teamId: string;
  /** Another team of the same workspace, in which only the team admin is (ADMIN). */
  otherTeamId: string;
  userIds: Record<'outsider' | 'member' | 'teamAdmin' | 'workspaceAdmin', string>;
}

/** Signs the cast in and builds their workspace and teams. */
export async function createFixture(server: TestServer): Promise<Fixture> {
  const cast = await signInCast(server);
  const db = server.deps.db;
  const tenantId = server.tenant.tenantId;
  const userIds = {
    outsider: await userIdOf(server, USER.outsider),
    member: await userIdOf(server, USER.member),
    teamAdmin: await userIdOf(server, USER.teamAdmin),
    workspaceAdmin: await userIdOf(server, USER.workspaceAdmin),
  };
  const at = new Date();
  const workspaceId = randomUUID();
  const teamId = randomUUID();
  const otherTeamId = randomUUID();
  await insertWorkspace(db, {
    id: workspaceId,
    tenantId,
    name: 'Acme Marketing',
    description: null,
    adminUserId: userIds.workspaceAdmin,
    at,
  });
  await insertTeam(db, { id: randomUUID(), tenantId, workspaceId, name: 'General', isDefault: true, at });
  await insertTeam(db, { id: teamId, tenantId, workspaceId, name: 'Paid Social', isDefault: false, at });
  await insertTeam(db, { id: otherTeamId, tenantId, workspaceId, name: 'Search', isDefault: false, at });
  await insertMember(db, { teamId, userId: userIds.teamAdmin, role: 'ADMIN', at });
  await insertMember(db, { teamId, userId: userIds.member, role: 'MEMBER', at });
  await insertMember(db, { teamId: otherTeamId, userId: userIds.teamAdmin, role: 'ADMIN', at });
  return { cast, workspaceId, teamId, otherTeamId, userIds };
}

/** A new team of the fixture's workspace with the same members as "Paid Social", for tests that list exactly. */
export async function createTeam(server: TestServer, fx: Fixture, name = `Team ${randomUUID().slice(0, 8)}`): Promise<string> {
  const db = server.deps.db;
  const at = new Date();
  const teamId = randomUUID();
  await insertTeam(db, { id: teamId, tenantId: server.tenant.tenantId, workspaceId: fx.workspaceId, name, isDefault: false, at });
  await insertMember(db, { teamId, userId: fx.userIds.teamAdmin, role: 'ADMIN', at });
  await insertMember(db, { teamId, userId: fx.userIds.member, role: 'MEMBER', at });
  return teamId;
}

export interface SeedAccount {
  externalId: string;
  name?: string;
  currency?: string;
  timezone?: string;
  status?: AdAccountStatus;
}

export interface SeedConnectionOptions {
  teamId: string;
  connectedByUserId: string;
  platform?: Platform;
  status?: ConnectionStatus;
  platformUserId?: string;
  accessToken?: string;
  refreshToken?: string | null;
  accounts?: SeedAccount[];
  tokenExpiresAt?: Date | null;
  createdAt?: Date;
}

export interface SeededConnection {
  connectionId: string;
  /** Adlyft's id of each account, by its external id. */
  adAccountIds: Record<string, string>;
}

/** A connection with ad accounts, written to the tables as the OAuth callback would write it. */
export async function seedConnection(server: TestServer, options: SeedConnectionOptions): Promise<SeededConnection> {
  const db = server.deps.db;
  const cipher = server.deps.tokenCipher;
  const tenantId = server.tenant.tenantId;
  const platform = options.platform ?? 'META';
  const connectionId = randomUUID();
  const at = options.createdAt ?? new Date();
  const accessToken = options.accessToken ?? `EAAB${randomUUID().replace(/-/g, '')}`;
  const refreshToken = options.refreshToken ?? (platform === 'GOOGLE' ? `1//${randomUUID()}` : null);
  await insertConnection(db, {
    id: connectionId,
    tenantId,
    teamId: options.teamId,
    platform,
    platformUserId: options.platformUserId ?? `1022${randomUUID().replace(/\D/g, '').slice(0, 11)}`,
    platformUserName: platform === 'META' ? 'Dana Rivera' : 'dana.rivera@acme.example',
    scopes: platform === 'META' ? ['ads_management', 'ads_read'] : ['https://www.googleapis.com/auth/adwords'],
    accessTokenEnc: cipher.encrypt(accessToken, tokenAad(connectionId, 'access')),
    refreshTokenEnc: refreshToken === null ? null : cipher.encrypt(refreshToken, tokenAad(connectionId, 'refresh')),
    accessTokenExpiresAt: options.tokenExpiresAt ?? null,
    tokenExpiresAt: options.tokenExpiresAt ?? null,
    connectedByUserId: options.connectedByUserId,
    at,
  });
  if (options.status && options.status !== 'ACTIVE') {
    await db.updateTable('connections').set({ status: options.status }).where('id', '=', connectionId).execute();
  }
  const adAccountIds: Record<string, string> = {};
  for (const account of options.accounts ?? []) {
    const id = randomUUID();
    adAccountIds[account.externalId] = id;
    await insertAdAccount(db, {
      id,
      tenantId,
      connectionId,
      platform,
      externalId: account.externalId,
      name: account.name ?? `Account ${account.externalId}`,
      currency: account.currency ?? 'EUR',
      timezone: account.timezone ?? 'Europe/Berlin',
      status: account.status ?? 'ACTIVE',
      at,
    });
  }
  return { connectionId, adAccountIds };
}

/** Gives a user a role on an ad account directly in the table. */
export async function seedPermission(
  server: TestServer,
  adAccountId: string,
  userId: string,
  role: 'MANAGER' | 'VIEWER',
  grantedByUserId: string,
): Promise<void> {
  await server.deps.db
    .insertInto('ad_account_permissions')
    .values({ ad_account_id: adAccountId, user_id: userId, role, granted_by_user_id: grantedByUserId })
    .execute();
}

/**
 * Makes every `event` on `table` fail inside the database (a trigger raising an exception), to prove that an
 * operation's earlier writes roll back with it. Answers the function that removes the trigger again.
 */
export async function failOn(
  server: TestServer,
  table: 'connections' | 'ad_accounts' | 'ad_account_permissions',
  event: 'INSERT' | 'UPDATE' | 'DELETE',
): Promise<() => Promise<void>> {
  const name = `failing_${table}_${event.toLowerCase()}`;
  const db = server.deps.db;
  await sql
    .raw(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$`)
    .execute(db);
  await sql.raw(`CREATE TRIGGER ${name} BEFORE ${event} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`).execute(db);
  return async () => {
    await sql.raw(`DROP TRIGGER ${name} ON ${table}`).execute(db);
    await sql.raw(`DROP FUNCTION ${name}()`).execute(db);
  };
}

/** How many rows a table holds. */
export async function countRows(
  server: TestServer,
  table: 'connections' | 'ad_accounts' | 'ad_account_permissions' | 'oauth_states',
): Promise<number> {
  const row = await server.deps.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
