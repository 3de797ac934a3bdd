// The cast of callers that authorization tables use, and a workspace fixture where each of them holds exactly
// one standing: a workspace whose admin is not a member of its team "Paid Social", which has one ADMIN
// (team-admin) and one MEMBER (member). Built through the API, as a tenant application would.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { type AdlyftClient, createAdlyftClient } from '../../client/index.ts';
import { findUserByExternalId } from '../../server/users/repository.ts';
import type { TestServer } from './test-server.ts';

export const ROLES = ['none', 'otherTenant', 'outsider', 'member', 'teamAdmin', 'workspaceAdmin'] as const;
export type Role = (typeof ROLES)[number];

/** How each role reads in a test name. */
export const WHO: Record<Role, string> = {
  none: 'a caller without an access token',
  otherTenant: 'a user of another tenant with the same externalUserId as the workspace admin',
  outsider: 'a user of the tenant who belongs to none of its teams',
  member: 'a MEMBER of the team',
  teamAdmin: 'an ADMIN of the team who is not the workspace admin',
  workspaceAdmin: 'the workspace admin, who is not a member of the team',
};

/** The externalUserId of each signed-in role (the other tenant reuses the workspace admin's on purpose). */
export const USER: Record<Exclude<Role, 'none'>, string> = {
  otherTenant: 'ws-admin',
  outsider: 'outsider',
  member: 'member',
  teamAdmin: 'team-admin',
  workspaceAdmin: 'ws-admin',
};

export type Cast = Record<Role, AdlyftClient>;

export interface Fixture {
  workspaceId: string;
  defaultTeamId: string;
  /** "Paid Social": team-admin (ADMIN) and member (MEMBER); the workspace admin is not in it. */
  teamId: string;
}

/** A clock that never answers the same millisecond twice, so "updatedAt moves" and orderings are deterministic. */
export function monotonicClock(): () => Date {
  let last = 0;
  return () => {
    last = Math.max(Date.now(), last + 1);
    return new Date(last);
  };
}

/** One authorization table row per role, `[status, who, role]`, for `it.each(…)('answers %i to %s', …)`. */
export function authTable(statuses: Record<Role, number>): [status: number, who: string, role: Role][] {
  return ROLES.map((role) => [statuses[role], WHO[role], role]);
}

/** The error code that goes with each status the tables expect. */
export const CODE_OF_STATUS: Record<number, string> = { 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' };

/** What every generated-client call answers, as far as these assertions need it. */
export type Result = { response: Response; error?: unknown };
export const codeOf = (result: Result): string | undefined => (result.error as { error?: { code?: string } } | undefined)?.error?.code;
export const fieldsOf = (result: Result): (string | undefined)[] =>
  (result.error as { error?: { details?: { field?: string }[] } } | undefined)?.error?.details?.map((d) => d.field) ?? [];
export const messageOf = (result: Result): string | undefined =>
  (result.error as { error?: { message?: string } } | undefined)?.error?.message;

/** The status, and for the statuses of the authorization tables the error code that goes with it. */
export function expectStatus(result: Result, status: number): void {
  expect(result.response.status, JSON.stringify(result.error)).toBe(status);
  const code = CODE_OF_STATUS[status];
  if (code) expect(codeOf(result)).toBe(code);
}

/** Signs in every role; the other tenant is a second tenant of the same server. */
export async function signInCast(server: TestServer): Promise<Cast> {
  const other = await server.createTenant('Other tenant');
  const otherTenant = createAdlyftClient({ baseUrl: server.baseUrl, apiKey: other.apiKey });
  await otherTenant.signIn(USER.otherTenant);
  return {
    none: server.anonymousClient(),
    otherTenant,
    outsider: await server.clientFor(USER.outsider),
    member: await server.clientFor(USER.member),
    teamAdmin: await server.clientFor(USER.teamAdmin),
    workspaceAdmin: await server.clientFor(USER.workspaceAdmin),
  };
}

/** The `data` of an envelope; null for an envelope without one (NullDataEnvelope). */
type EnvelopeData<E> = E extends { data: infer T } ? T : null;

/** The data of a successful call, or a failure naming the error (arrange steps must not fail silently). */
export function ok<R extends { data?: unknown; error?: unknown; response: Response }>(result: R): EnvelopeData<NonNullable<R['data']>> {
  if (!result.data) throw new Error(`expected success, got ${result.response.status} ${JSON.stringify(result.error)}`);
  return ((result.data as { data?: unknown }).data ?? null) as EnvelopeData<NonNullable<R['data']>>;
}

export async function createFixture(cast: Cast, name = 'Acme Marketing'): Promise<Fixture> {
  const admin = cast.workspaceAdmin;
  const workspace = ok(await admin.POST('/api/v1/workspace', { body: { name } }));
  const team = ok(await admin.POST('/api/v1/teams', { body: { enterpriseId: workspace.id, name: 'Paid Social' } }));
  const teamPath = { params: { path: { teamId: team.id } } };
  ok(
    await admin.POST('/api/v1/teams/{teamId}/members', {
      ...teamPath,
      body: {
        members: [
          { externalUserId: USER.teamAdmin, role: 'ADMIN' },
          { externalUserId: USER.member, role: 'MEMBER' },
        ],
      },
    }),
  );
  ok(
    await admin.DELETE('/api/v1/teams/{teamId}/members', {
      params: { path: { teamId: team.id }, query: { externalUserId: USER.workspaceAdmin } },
    }),
  );
  return { workspaceId: workspace.id, defaultTeamId: workspace.defaultTeamId, teamId: team.id };
}

/** Makes the users exist in the tenant (users exist once they have obtained a token). */
export async function ensureUsers(server: TestServer, ...externalUserIds: string[]): Promise<void> {
  for (const externalUserId of externalUserIds) await server.clientFor(externalUserId);
}

export async function userIdOf(server: TestServer, externalUserId: string): Promise<string> {
  const user = await findUserByExternalId(server.deps.db, server.tenant.tenantId, externalUserId);
  if (!user) throw new Error(`no user ${externalUserId}`);
  return user.id;
}

export interface SeededConnection {
  connectionId: string;
  adAccountId: string;
}

/**
 * A Meta connection of the team with one imported ad account, on which `viewerUserId` holds a VIEWER permission:
 * written straight to the tables, since the connection operations are another feature.
 */
export async function seedConnection(
  server: TestServer,
  teamId: string,
  connectedByUserId: string,
  viewerUserId: string,
): Promise<SeededConnection> {
  const db = server.deps.db;
  const tenantId = server.tenant.tenantId;
  const connectionId = randomUUID();
  const adAccountId = randomUUID();
  await db
    .insertInto('connections')
    .values({
      id: connectionId,
      tenant_id: tenantId,
      team_id: teamId,
      platform: 'META',
      status: 'ACTIVE',
      platform_user_id: `1015${connectionId.slice(0, 8)}`,
      platform_user_name: 'Jane Doe',
      scopes: '{ads_read,ads_management}',
      access_token_enc: 'v1:encrypted-token',
      refresh_token_enc: null,
      token_expires_at: null,
      connected_by_user_id: connectedByUserId,
    })
    .execute();
  await db
    .insertInto('ad_accounts')
    .values({
      id: adAccountId,
      tenant_id: tenantId,
      connection_id: connectionId,
      platform: 'META',
      external_id: 'act_1234567890',
      name: 'Acme EU',
      currency: 'EUR',
      timezone: 'Europe/Berlin',
      status: 'ACTIVE',
      last_imported_at: null,
    })
    .execute();
  await db
    .insertInto('ad_account_permissions')
    .values({ ad_account_id: adAccountId, user_id: viewerUserId, role: 'VIEWER', granted_by_user_id: connectedByUserId })
    .execute();
  return { connectionId, adAccountId };
}

/**
 * Makes every `event` on `table` fail inside the database (a trigger raising an exception), to prove that an
 * operation's earlier writes roll back with it. Answers the function that removes the trigger again.
 */
export async function injectFailure(
  server: TestServer,
  table: 'teams' | 'team_members' | 'ad_accounts',
  event: 'INSERT' | 'DELETE',
): Promise<() => Promise<void>> {
  const name = `injected_failure_${table}_${event.toLowerCase()}`;
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
