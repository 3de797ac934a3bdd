import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdlyftClient } from '../../../client/index.ts';
import { findConnection } from '../../../server/connections/repository.ts';
import { AppError } from '../../../server/http/errors.ts';
import { markConnectionOnUpstreamError, resolveAdAccountAccess } from '../../../server/permissions/access.ts';
import { UpstreamError } from '../../../server/upstream/errors.ts';
import {
  authTable,
  codeOf,
  createFixture,
  expectStatus,
  type Fixture,
  fieldsOf,
  monotonicClock,
  ok,
  type Role,
  seedConnection,
  seedPermission,
  USER,
} from '../../support/connections.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';

let server: TestServer;
let fx: Fixture;

beforeAll(async () => {
  server = await startTestServer({ now: monotonicClock() });
  fx = await createFixture(server);
});
afterAll(async () => {
  await server?.close();
});

type Body = { adAccountId: string; externalUserId: string; role: 'MANAGER' | 'VIEWER' };
const assign = (client: AdlyftClient, teamId: string, body: Body) =>
  client.POST('/api/v1/{teamId}/ads-accounts/assign', { params: { path: { teamId } }, body });
const change = (client: AdlyftClient, teamId: string, body: Body) =>
  client.POST('/api/v1/{teamId}/ads-accounts/change-permission', { params: { path: { teamId } }, body });
const revoke = (client: AdlyftClient, teamId: string, body: Omit<Body, 'role'>) =>
  client.POST('/api/v1/{teamId}/ads-accounts/revoke', { params: { path: { teamId } }, body });

/** A fresh Meta connection of the fixture team with one account per external id. */
async function metaAccounts(...externalIds: string[]) {
  return seedConnection(server, {
    teamId: fx.teamId,
    connectedByUserId: fx.userIds.teamAdmin,
    accounts: externalIds.map((externalId) => ({ externalId })),
  });
}

let nextAct = 1000;
const freshAct = (): string => `act_${nextAct++}${Date.now() % 100000}`;

async function roleOf(adAccountId: string, userId: string): Promise<string | undefined> {
  const row = await server.deps.db
    .selectFrom('ad_account_permissions')
    .select('role')
    .where('ad_account_id', '=', adAccountId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.role;
}

describe('POST /api/v1/{teamId}/ads-accounts/assign (assignAdAccountPermission)', () => {
  it('gives a member VIEWER on an account named by its Meta id and answers 201 with the permission', async () => {
    const act = freshAct();
    const { adAccountIds } = await metaAccounts(act);
    const result = await assign(fx.cast.teamAdmin, fx.teamId, { adAccountId: act, externalUserId: USER.member, role: 'VIEWER' });
    expect(result.response.status).toBe(201);
    expect(result.data).toMatchObject({ success: true, statusCode: 201, message: 'Permission assigned' });
    const permission = ok(result);
    expect(permission).toMatchObject({
      teamId: fx.teamId,
      adAccountId: adAccountIds[act],
      adAccountExternalId: act,
      externalUserId: USER.member,
      role: 'VIEWER',
      grantedBy: USER.teamAdmin,
    });
    expect(permission.createdAt).toBe(permission.updatedAt);
    expect(await roleOf(adAccountIds[act] as string, fx.userIds.member)).toBe('VIEWER');
  });

  it("accepts Adlyft's id of the account (uuid) and answers with both ids", async () => {
    const act = freshAct();
    const { adAccountIds } = await metaAccounts(act);
    const permission = ok(
      await assign(fx.cast.teamAdmin, fx.teamId, {
        adAccountId: adAccountIds[act] as string,
        externalUserId: USER.member,
        role: 'MANAGER',
      }),
    );
    expect(permission).toMatchObject({ adAccountId: adAccountIds[act], adAccountExternalId: act, role: 'MANAGER' });
  });

  it('accepts a Google 10-digit customer id', async () => {
    const customerId = String(1_000_000_000 + Math.floor(Math.random() * 8_999_999_999));
    const { adAccountIds } = await seedConnection(server, {
      teamId: fx.teamId,
      platform: 'GOOGLE',
      connectedByUserId: fx.userIds.teamAdmin,
      accounts: [{ externalId: customerId }],
    });
    const permission = ok(
      await assign(fx.cast.teamAdmin, fx.teamId, { adAccountId: customerId, externalUserId: USER.member, role: 'VIEWER' }),
    );
    expect(permission).toMatchObject({ adAccountId: adAccountIds[customerId], adAccountExternalId: customerId });
  });

  it('may give a permission to an ADMIN of the team too', async () => {
    const act = freshAct();
    await metaAccounts(act);
    const result = await assign(fx.cast.workspaceAdmin, fx.teamId, { adAccountId: act, externalUserId: USER.teamAdmin, role: 'VIEWER' });
    expect(result.response.status).toBe(201);
    expect(ok(result).grantedBy).toBe(USER.workspaceAdmin);
  });

  it('works whatever the status of the connection that brought the account', async () => {
    const act = freshAct();
    await seedConnection(server, {
      teamId: fx.teamId,
      connectedByUserId: fx.userIds.teamAdmin,
      status: 'REVOKED',
      accounts: [{ externalId: act }],
    });
    expect(
      (await assign(fx.cast.teamAdmin, fx.teamId, { adAccountId: act, externalUserId: USER.member, role: 'VIEWER' })).response.status,
    ).toBe(201);
  });

  it('answers 409 CONFLICT when the member already holds a permission on the account, whatever its role', async () => {
    const act = freshAct();
    await metaAccounts(act);
    ok(await assign(fx.cast.teamAdmin, fx.teamId, { adAccountId: act, externalUserId: USER.member, role: 'VIEWER' }));
    const result = await assign(fx.cast.teamAdmin, fx.teamId, { adAccountId: act, externalUserId: USER.member, role: 'MANAGER' });
    expect(result.response.status).toBe(409);
    expect(codeOf(result)).toBe('CONFLICT');
  });

  it('answers 404 when externalUserId is not a member of the team (a user of the tenant outside it, or unknown)', async () => {
    const act = freshAct();
    await metaAccounts(act);
    for (const externalUserId of [USER.outsider, USER.workspaceAdmin, 'nobody-by-this-name']) {
      const result = await assign(fx.cast.teamAdmin, fx.teamId, { adAccountId: act, externalUserId, role: 'VIEWER' });
      expectStatus(result, 404);
    }
  });

  it("answers 404 when the account belongs to another team's connection", async () => {
    const act = freshAct();
    await seedConnection(server, { teamId: fx.otherTeamId, connectedByUserId: fx.userIds.teamAdmin, accounts: [{ externalId: act }] });
    expectStatus(await assign(fx.cast.teamAdmin, fx.teamId, { adAccountId: act, externalUserId: USER.member, role: 'VIEWER' }), 404);
  });

  it('answers 404 for an unknown account named by a uuid', async () => {
    expectStatus(
      await assign(fx.cast.teamAdmin, fx.teamId, { adAccountId: randomUUID(), externalUserId: USER.member, role: 'VIEWER' }),
      404,
    );
  });

  it('answers 400 naming the field for an adAccountId that is neither a uuid nor a platform id, a bad role or an unknown field', async () => {
    const bad = await assign(fx.cast.teamAdmin, fx.teamId, { adAccountId: '12345', externalUserId: USER.member, role: 'VIEWER' });
    expect(bad.response.status).toBe(400);
    expect(fieldsOf(bad)).toContain('body.adAccountId');
    const role = await assign(fx.cast.teamAdmin, fx.teamId, { adAccountId: 'act_1', externalUserId: USER.member, role: 'OWNER' as never });
    expect(fieldsOf(role)).toContain('body.role');
    const extra = await fx.cast.teamAdmin.POST('/api/v1/{teamId}/ads-accounts/assign', {
      params: { path: { teamId: fx.teamId } },
      body: { adAccountId: 'act_1', externalUserId: USER.member, role: 'VIEWER', note: 'x' } as never,
    });
    expect(extra.response.status).toBe(400);
    const empty = await assign(fx.cast.teamAdmin, fx.teamId, { adAccountId: 'act_1', externalUserId: '', role: 'VIEWER' });
    expect(fieldsOf(empty)).toContain('body.externalUserId');
  });

  it('answers 400 when teamId is not a uuid', async () => {
    expect(
      (await assign(fx.cast.teamAdmin, 'team-1', { adAccountId: 'act_1', externalUserId: USER.member, role: 'VIEWER' })).response.status,
    ).toBe(400);
  });

  describe('authorization', () => {
    const table = authTable({ none: 401, otherTenant: 404, outsider: 403, member: 403, teamAdmin: 201, workspaceAdmin: 201 });
    for (const [status, who, role] of table) {
      it(`answers ${status} to ${who}`, async () => {
        const act = freshAct();
        await metaAccounts(act);
        expectStatus(await assign(fx.cast[role], fx.teamId, { adAccountId: act, externalUserId: USER.member, role: 'VIEWER' }), status);
      });
    }
  });
});

describe('POST /api/v1/{teamId}/ads-accounts/change-permission (changeAdAccountPermission)', () => {
  it('changes the role, makes the caller grantedBy and moves updatedAt', async () => {
    const act = freshAct();
    await metaAccounts(act);
    const before = ok(await assign(fx.cast.teamAdmin, fx.teamId, { adAccountId: act, externalUserId: USER.member, role: 'VIEWER' }));
    const result = await change(fx.cast.workspaceAdmin, fx.teamId, { adAccountId: act, externalUserId: USER.member, role: 'MANAGER' });
    expect(result.response.status).toBe(200);
    expect(result.data?.message).toBe('Permission changed');
    const after = ok(result);
    expect(after).toMatchObject({ role: 'MANAGER', grantedBy: USER.workspaceAdmin, createdAt: before.createdAt });
    expect(after.updatedAt > before.updatedAt).toBe(true);
  });

  it('answers 200 and changes nothing when asked for the role the permission already has', async () => {
    const act = freshAct();
    await metaAccounts(act);
    const before = ok(await assign(fx.cast.teamAdmin, fx.teamId, { adAccountId: act, externalUserId: USER.member, role: 'VIEWER' }));
    const after = ok(await change(fx.cast.workspaceAdmin, fx.teamId, { adAccountId: act, externalUserId: USER.member, role: 'VIEWER' }));
    expect(after).toEqual(before);
  });

  it('answers 404 when the member holds no permission on the account', async () => {
    const act = freshAct();
    await metaAccounts(act);
    expectStatus(await change(fx.cast.teamAdmin, fx.teamId, { adAccountId: act, externalUserId: USER.member, role: 'MANAGER' }), 404);
  });

  it('answers 404 for a user who is not a member and for an account of no connection of the team', async () => {
    const act = freshAct();
    await metaAccounts(act);
    expectStatus(await change(fx.cast.teamAdmin, fx.teamId, { adAccountId: act, externalUserId: USER.outsider, role: 'MANAGER' }), 404);
    expectStatus(
      await change(fx.cast.teamAdmin, fx.teamId, { adAccountId: freshAct(), externalUserId: USER.member, role: 'MANAGER' }),
      404,
    );
  });

  describe('authorization', () => {
    const table = authTable({ none: 401, otherTenant: 404, outsider: 403, member: 403, teamAdmin: 200, workspaceAdmin: 200 });
    for (const [status, who, role] of table) {
      it(`answers ${status} to ${who}`, async () => {
        const act = freshAct();
        const { adAccountIds } = await metaAccounts(act);
        await seedPermission(server, adAccountIds[act] as string, fx.userIds.member, 'VIEWER', fx.userIds.teamAdmin);
        expectStatus(await change(fx.cast[role], fx.teamId, { adAccountId: act, externalUserId: USER.member, role: 'MANAGER' }), status);
        expect(await roleOf(adAccountIds[act] as string, fx.userIds.member)).toBe(status === 200 ? 'MANAGER' : 'VIEWER');
      });
    }
  });
});

describe('POST /api/v1/{teamId}/ads-accounts/revoke (revokeAdAccountPermission)', () => {
  it('removes the permission and answers 200 with data null; the member stays in the team', async () => {
    const act = freshAct();
    const { adAccountIds } = await metaAccounts(act);
    ok(await assign(fx.cast.teamAdmin, fx.teamId, { adAccountId: act, externalUserId: USER.member, role: 'MANAGER' }));
    const result = await revoke(fx.cast.teamAdmin, fx.teamId, { adAccountId: adAccountIds[act] as string, externalUserId: USER.member });
    expect(result.response.status).toBe(200);
    expect(result.data).toMatchObject({ success: true, data: null, message: 'Permission revoked' });
    expect(await roleOf(adAccountIds[act] as string, fx.userIds.member)).toBeUndefined();
    const member = await server.deps.db
      .selectFrom('team_members')
      .select('role')
      .where('team_id', '=', fx.teamId)
      .where('user_id', '=', fx.userIds.member)
      .executeTakeFirst();
    expect(member?.role).toBe('MEMBER');
  });

  it('answers 404 when there is no permission to remove (never held, or already revoked)', async () => {
    const act = freshAct();
    await metaAccounts(act);
    expectStatus(await revoke(fx.cast.teamAdmin, fx.teamId, { adAccountId: act, externalUserId: USER.member }), 404);
  });

  it('answers 400 for an adAccountId that is neither a uuid nor a platform id', async () => {
    const result = await revoke(fx.cast.teamAdmin, fx.teamId, { adAccountId: 'acct-1', externalUserId: USER.member });
    expect(result.response.status).toBe(400);
    expect(fieldsOf(result)).toContain('body.adAccountId');
  });

  describe('authorization', () => {
    const table = authTable({ none: 401, otherTenant: 404, outsider: 403, member: 403, teamAdmin: 200, workspaceAdmin: 200 });
    for (const [status, who, role] of table) {
      it(`answers ${status} to ${who}`, async () => {
        const act = freshAct();
        const { adAccountIds } = await metaAccounts(act);
        await seedPermission(server, adAccountIds[act] as string, fx.userIds.member, 'VIEWER', fx.userIds.teamAdmin);
        expectStatus(await revoke(fx.cast[role], fx.teamId, { adAccountId: act, externalUserId: USER.member }), status);
        expect(await roleOf(adAccountIds[act] as string, fx.userIds.member)).toBe(status === 200 ? undefined : 'VIEWER');
      });
    }
  });
});

describe('resolveAdAccountAccess (the rule every Meta and Google operation applies)', () => {
  const userIdOfRole = (role: Exclude<Role, 'none' | 'otherTenant'>) => fx.userIds[role];
  const resolve = (role: Exclude<Role, 'none' | 'otherTenant'>, adAccountId: string, need: 'read' | 'write', teamId = fx.teamId) =>
    resolveAdAccountAccess(server.deps.db, { tenantId: server.tenant.tenantId, userId: userIdOfRole(role), teamId, adAccountId, need });
  const failure = async (promise: Promise<unknown>): Promise<{ status: number; code: string } | 'ok'> => {
    try {
      await promise;
      return 'ok';
    } catch (error) {
      if (error instanceof AppError) return { status: error.status, code: error.code };
      throw error;
    }
  };

  it('gives a team admin and the workspace admin ADMIN, for reads and writes', async () => {
    const act = freshAct();
    await metaAccounts(act);
    for (const role of ['teamAdmin', 'workspaceAdmin'] as const) {
      expect((await resolve(role, act, 'write')).role).toBe('ADMIN');
    }
  });

  it('lets a VIEWER read but not write, and a MANAGER do both', async () => {
    const act = freshAct();
    const { adAccountIds, connectionId } = await metaAccounts(act);
    const id = adAccountIds[act] as string;
    await seedPermission(server, id, fx.userIds.member, 'VIEWER', fx.userIds.teamAdmin);
    const read = await resolve('member', act, 'read');
    expect(read).toMatchObject({ role: 'VIEWER', adAccount: { id, externalId: act }, connection: { id: connectionId, status: 'ACTIVE' } });
    expect(await failure(resolve('member', act, 'write'))).toEqual({ status: 403, code: 'FORBIDDEN' });
    await server.deps.db.updateTable('ad_account_permissions').set({ role: 'MANAGER' }).where('ad_account_id', '=', id).execute();
    expect((await resolve('member', id, 'write')).role).toBe('MANAGER');
  });

  it('answers 403 to a member without a permission and to a user outside the team', async () => {
    const act = freshAct();
    await metaAccounts(act);
    expect(await failure(resolve('member', act, 'read'))).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await failure(resolve('outsider', act, 'read'))).toEqual({ status: 403, code: 'FORBIDDEN' });
  });

  it("answers 404 for an account of another team's connection, an unknown account and an unknown team", async () => {
    const act = freshAct();
    await seedConnection(server, { teamId: fx.otherTeamId, connectedByUserId: fx.userIds.teamAdmin, accounts: [{ externalId: act }] });
    expect(await failure(resolve('teamAdmin', act, 'read'))).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect(await failure(resolve('teamAdmin', freshAct(), 'read'))).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect(await failure(resolve('teamAdmin', act, 'read', randomUUID()))).toEqual({ status: 404, code: 'NOT_FOUND' });
  });

  it('answers 401 CONNECTION_EXPIRED when the connection is EXPIRED or REVOKED', async () => {
    for (const status of ['EXPIRED', 'REVOKED'] as const) {
      const act = freshAct();
      await seedConnection(server, { teamId: fx.teamId, connectedByUserId: fx.userIds.teamAdmin, status, accounts: [{ externalId: act }] });
      expect(await failure(resolve('teamAdmin', act, 'read'))).toEqual({ status: 401, code: 'CONNECTION_EXPIRED' });
    }
  });

  it("marks an ACTIVE connection EXPIRED once its token's expiry has passed, and answers 401 CONNECTION_EXPIRED", async () => {
    const act = freshAct();
    const { connectionId } = await seedConnection(server, {
      teamId: fx.teamId,
      connectedByUserId: fx.userIds.teamAdmin,
      tokenExpiresAt: new Date(Date.now() - 1000),
      accounts: [{ externalId: act }],
    });
    expect(await failure(resolve('teamAdmin', act, 'read'))).toEqual({ status: 401, code: 'CONNECTION_EXPIRED' });
    expect((await findConnection(server.deps.db, server.tenant.tenantId, connectionId))?.status).toBe('EXPIRED');
  });

  it('marks the connection EXPIRED (Meta 190/463) or REVOKED (Meta 190/460, Google invalid_grant) when the platform refuses its token', async () => {
    const cases = [
      {
        error: new UpstreamError({
          platform: 'meta',
          kind: 'auth_expired',
          message: 'Session has expired',
          platformCode: 190,
          platformSubcode: 463,
        }),
        status: 'EXPIRED',
      },
      {
        error: new UpstreamError({
          platform: 'meta',
          kind: 'auth_expired',
          message: 'password changed',
          platformCode: 190,
          platformSubcode: 460,
        }),
        status: 'REVOKED',
      },
      {
        error: new UpstreamError({
          platform: 'google',
          kind: 'auth_expired',
          message: 'invalid_grant: Token has been expired or revoked.',
          platformCode: 'invalid_grant',
        }),
        status: 'REVOKED',
      },
      {
        error: new UpstreamError({
          platform: 'google',
          kind: 'auth_expired',
          message: 'Request had invalid authentication credentials.',
          platformCode: 'UNAUTHENTICATED',
        }),
        status: 'EXPIRED',
      },
    ] as const;
    for (const { error, status } of cases) {
      const { connectionId } = await metaAccounts(freshAct());
      expect(await failure(markConnectionOnUpstreamError(server.deps.db, connectionId, error, new Date()))).toEqual({
        status: 401,
        code: 'CONNECTION_EXPIRED',
      });
      expect((await findConnection(server.deps.db, server.tenant.tenantId, connectionId))?.status).toBe(status);
    }
  });

  it('leaves the connection ACTIVE and answers the mapped error for any other platform failure', async () => {
    const { connectionId } = await metaAccounts(freshAct());
    const throttled = new UpstreamError({
      platform: 'meta',
      kind: 'rate_limited',
      message: '(#17) User request limit reached',
      platformCode: 17,
    });
    expect(await failure(markConnectionOnUpstreamError(server.deps.db, connectionId, throttled, new Date()))).toEqual({
      status: 429,
      code: 'UPSTREAM_RATE_LIMITED',
    });
    expect((await findConnection(server.deps.db, server.tenant.tenantId, connectionId))?.status).toBe('ACTIVE');
  });
});
