import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdlyftClient } from '../../../client/index.ts';
import { OAUTH_STATE_TTL_MS } from '../../../server/connections/oauth-state.ts';
import { tokenAad } from '../../../server/connections/token-cipher.ts';
import {
  authTable,
  codeOf,
  countRows,
  createFixture,
  createTeam,
  expectStatus,
  type Fixture,
  failOn,
  fieldsOf,
  ok,
  seedConnection,
  seedPermission,
  USER,
} from '../../support/connections.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';

/** A clock the tests can move forward (state expiry); never the same millisecond twice. */
let offsetMs = 0;
let last = 0;
const clock = (): Date => {
  last = Math.max(Date.now() + offsetMs, last + 1);
  return new Date(last);
};

let server: TestServer;
let fx: Fixture;

beforeAll(async () => {
  server = await startTestServer({ now: clock });
  fx = await createFixture(server);
});
afterAll(async () => {
  await server?.close();
});

const REDIRECT = 'http://localhost:5173/settings/connections?tab=ads';

const listConnections = (client: AdlyftClient, query: { teamId?: string; platform?: 'META' | 'GOOGLE' } = {}) =>
  client.GET('/api/v1/connections', { params: { query } });
const listTeamConnections = (client: AdlyftClient, teamId: string, platform?: 'META' | 'GOOGLE') =>
  client.GET('/api/v1/connections/team/{teamId}', { params: { path: { teamId }, query: platform ? { platform } : {} } });
const listStatuses = (client: AdlyftClient, teamId: string) => client.GET('/api/v1/connections/status', { params: { query: { teamId } } });
const removeAccount = (client: AdlyftClient, adAccountId: string) =>
  client.DELETE('/api/v1/connections/{adAccountId}/remove-connection', { params: { path: { adAccountId } } });
const disconnect = (client: AdlyftClient, connectionId: string) =>
  client.DELETE('/api/v1/connections/{connectionId}/disconnect', { params: { path: { connectionId } } });
const startFlow = (client: AdlyftClient, body: { teamId: string; platform: 'META' | 'GOOGLE'; redirect: string }) =>
  client.POST('/api/v1/connections', { body });

/** The callback as the browser reaches it: no credentials, redirects not followed. */
const callback = (platform: 'meta' | 'google', params: Record<string, string>) =>
  fetch(`${server.baseUrl}/api/v1/${platform}/redirect/callback?${new URLSearchParams(params)}`, { redirect: 'manual' });

async function issueState(
  platform: 'META' | 'GOOGLE',
  teamId = fx.teamId,
  redirect = REDIRECT,
  client = fx.cast.teamAdmin,
): Promise<string> {
  return ok(await startFlow(client, { teamId, platform, redirect })).state;
}

/** The query of a callback's redirect, which must go to the tenant's redirect. */
function outcome(response: Response): Record<string, string> {
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location') ?? '');
  expect(`${location.origin}${location.pathname}`).toBe('http://localhost:5173/settings/connections');
  return Object.fromEntries(location.searchParams);
}

async function statusOfConnection(connectionId: string): Promise<string | undefined> {
  const row = await server.deps.db.selectFrom('connections').select('status').where('id', '=', connectionId).executeTakeFirst();
  return row?.status;
}

describe('GET /api/v1/connections (listConnections)', () => {
  it("returns the caller's teams' connections newest first, each with its ad accounts by name, and no token", async () => {
    const teamId = await createTeam(server, fx);
    const older = await seedConnection(server, {
      teamId,
      connectedByUserId: fx.userIds.teamAdmin,
      accessToken: 'EAABolderSecretToken0000000001',
      createdAt: new Date(Date.now() - 60_000),
      accounts: [
        { externalId: 'act_2345678901', name: 'Acme Coffee – US', currency: 'USD', timezone: 'America/Los_Angeles', status: 'UNSETTLED' },
        { externalId: 'act_1234567890', name: 'Acme Coffee – EU' },
      ],
    });
    const newer = await seedConnection(server, {
      teamId,
      platform: 'GOOGLE',
      connectedByUserId: fx.userIds.teamAdmin,
      accessToken: 'ya29.newerSecretAccessToken',
      refreshToken: '1//newerSecretRefreshToken0001',
      accounts: [{ externalId: '1234567890', name: 'Acme Coffee – Search' }],
    });
    const result = await listConnections(fx.cast.member, { teamId });
    expect(result.response.status).toBe(200);
    expect(result.data?.message).toBe('Connections retrieved');
    const connections = ok(result);
    expect(connections.map((c) => c.id)).toEqual([newer.connectionId, older.connectionId]);
    expect(connections[1]).toMatchObject({
      teamId,
      platform: 'META',
      status: 'ACTIVE',
      platformUserName: 'Dana Rivera',
      adAccountCount: 2,
      connectedBy: USER.teamAdmin,
      expiresAt: null,
    });
    expect(connections[1]?.adAccounts.map((a) => a.name)).toEqual(['Acme Coffee – EU', 'Acme Coffee – US']);
    expect(connections[1]?.adAccounts[1]).toEqual({
      id: older.adAccountIds.act_2345678901,
      connectionId: older.connectionId,
      platform: 'META',
      externalId: 'act_2345678901',
      name: 'Acme Coffee – US',
      currency: 'USD',
      timezone: 'America/Los_Angeles',
      status: 'UNSETTLED',
      lastImportedAt: null,
    });
    const text = JSON.stringify(result.data);
    for (const secret of ['EAABolderSecretToken0000000001', 'ya29.newerSecretAccessToken', '1//newerSecretRefreshToken0001', 'v1.']) {
      expect(text).not.toContain(secret);
    }
  });

  it('narrows to one platform with `platform`', async () => {
    const teamId = await createTeam(server, fx);
    await seedConnection(server, { teamId, connectedByUserId: fx.userIds.teamAdmin });
    const google = await seedConnection(server, { teamId, platform: 'GOOGLE', connectedByUserId: fx.userIds.teamAdmin });
    expect(ok(await listConnections(fx.cast.teamAdmin, { teamId, platform: 'GOOGLE' })).map((c) => c.id)).toEqual([google.connectionId]);
  });

  it('without teamId, lists every team the caller belongs to and nothing of the others', async () => {
    const mine = await seedConnection(server, { teamId: fx.teamId, connectedByUserId: fx.userIds.teamAdmin });
    const notMine = await seedConnection(server, { teamId: fx.otherTeamId, connectedByUserId: fx.userIds.teamAdmin });
    const ids = ok(await listConnections(fx.cast.member)).map((c) => c.id);
    expect(ids).toContain(mine.connectionId);
    expect(ids).not.toContain(notMine.connectionId);
    const adminIds = ok(await listConnections(fx.cast.teamAdmin)).map((c) => c.id);
    expect(adminIds).toEqual(expect.arrayContaining([mine.connectionId, notMine.connectionId]));
  });

  it('lets the workspace admin see every team of the workspace, member of it or not', async () => {
    const connection = await seedConnection(server, { teamId: fx.otherTeamId, connectedByUserId: fx.userIds.teamAdmin });
    expect(ok(await listConnections(fx.cast.workspaceAdmin)).map((c) => c.id)).toContain(connection.connectionId);
  });

  it('answers an empty list to a caller who belongs to no team', async () => {
    expect(ok(await listConnections(fx.cast.outsider))).toEqual([]);
    expect(ok(await listConnections(fx.cast.otherTenant))).toEqual([]);
  });

  it('answers 400 naming the parameter for a teamId that is not a uuid or an unknown platform', async () => {
    expect(fieldsOf(await listConnections(fx.cast.member, { teamId: 'team-1' }))).toContain('query.teamId');
    expect(fieldsOf(await listConnections(fx.cast.member, { platform: 'TIKTOK' as never }))).toContain('query.platform');
  });

  it('answers 404 for an unknown teamId', async () => {
    expectStatus(await listConnections(fx.cast.member, { teamId: randomUUID() }), 404);
  });

  describe('authorization (with teamId)', () => {
    for (const [status, who, role] of authTable({
      none: 401,
      otherTenant: 404,
      outsider: 403,
      member: 200,
      teamAdmin: 200,
      workspaceAdmin: 200,
    })) {
      it(`answers ${status} to ${who}`, async () => {
        expectStatus(await listConnections(fx.cast[role], { teamId: fx.teamId }), status);
      });
    }
  });
});

describe('GET /api/v1/connections/team/{teamId} (listTeamConnections)', () => {
  it('returns the same connections as GET /connections?teamId, narrowed by platform', async () => {
    const teamId = await createTeam(server, fx);
    const meta = await seedConnection(server, { teamId, connectedByUserId: fx.userIds.teamAdmin, status: 'EXPIRED' });
    await seedConnection(server, { teamId, platform: 'GOOGLE', connectedByUserId: fx.userIds.teamAdmin });
    const all = await listTeamConnections(fx.cast.member, teamId);
    expect(all.response.status).toBe(200);
    expect(ok(all)).toEqual(ok(await listConnections(fx.cast.member, { teamId })));
    const onlyMeta = ok(await listTeamConnections(fx.cast.member, teamId, 'META'));
    expect(onlyMeta.map((c) => [c.id, c.status])).toEqual([[meta.connectionId, 'EXPIRED']]);
  });

  it('answers an empty list for a team without connections', async () => {
    expect(ok(await listTeamConnections(fx.cast.member, await createTeam(server, fx)))).toEqual([]);
  });

  it('answers 400 for a teamId that is not a uuid', async () => {
    expect((await listTeamConnections(fx.cast.member, 'paid-social')).response.status).toBe(400);
  });

  describe('authorization', () => {
    for (const [status, who, role] of authTable({
      none: 401,
      otherTenant: 404,
      outsider: 403,
      member: 200,
      teamAdmin: 200,
      workspaceAdmin: 200,
    })) {
      it(`answers ${status} to ${who}`, async () => {
        expectStatus(await listTeamConnections(fx.cast[role], fx.teamId), status);
      });
    }
  });
});

describe('GET /api/v1/connections/status (listAdAccountStatuses)', () => {
  it("lists every account of the team, Meta first then Google, each by name, with its connection's status", async () => {
    const teamId = await createTeam(server, fx);
    const google = await seedConnection(server, {
      teamId,
      platform: 'GOOGLE',
      status: 'REVOKED',
      connectedByUserId: fx.userIds.teamAdmin,
      accounts: [{ externalId: '1234567890', name: 'Acme Coffee – Search' }],
    });
    const meta = await seedConnection(server, {
      teamId,
      connectedByUserId: fx.userIds.teamAdmin,
      accounts: [
        { externalId: 'act_2345678901', name: 'Acme Coffee – US', status: 'UNSETTLED' },
        { externalId: 'act_1234567890', name: 'Acme Coffee – EU' },
      ],
    });
    await seedPermission(server, meta.adAccountIds.act_1234567890 as string, fx.userIds.member, 'VIEWER', fx.userIds.teamAdmin);
    const result = await listStatuses(fx.cast.member, teamId);
    expect(result.response.status).toBe(200);
    expect(result.data?.message).toBe('Ad account statuses retrieved');
    expect(ok(result)).toEqual([
      {
        adAccountId: meta.adAccountIds.act_1234567890,
        externalId: 'act_1234567890',
        name: 'Acme Coffee – EU',
        platform: 'META',
        accountStatus: 'ACTIVE',
        connectionId: meta.connectionId,
        connectionStatus: 'ACTIVE',
        connected: true,
        callerPermission: 'VIEWER',
      },
      expect.objectContaining({ externalId: 'act_2345678901', accountStatus: 'UNSETTLED', connected: true, callerPermission: null }),
      expect.objectContaining({
        externalId: '1234567890',
        platform: 'GOOGLE',
        connectionId: google.connectionId,
        connectionStatus: 'REVOKED',
        connected: false,
        callerPermission: null,
      }),
    ]);
  });

  it('gives a team admin and the workspace admin MANAGER on every account', async () => {
    const teamId = await createTeam(server, fx);
    await seedConnection(server, {
      teamId,
      connectedByUserId: fx.userIds.teamAdmin,
      accounts: [{ externalId: 'act_1' }, { externalId: 'act_2' }],
    });
    for (const client of [fx.cast.teamAdmin, fx.cast.workspaceAdmin]) {
      expect(ok(await listStatuses(client, teamId)).map((a) => a.callerPermission)).toEqual(['MANAGER', 'MANAGER']);
    }
  });

  it('answers an empty list for a team without ad accounts', async () => {
    expect(ok(await listStatuses(fx.cast.member, await createTeam(server, fx)))).toEqual([]);
  });

  it('answers 400 when teamId is missing or not a uuid', async () => {
    const missing = await fx.cast.member.GET('/api/v1/connections/status', { params: { query: {} as never } });
    expect(fieldsOf(missing)).toContain('query.teamId');
    expect((await listStatuses(fx.cast.member, 'x')).response.status).toBe(400);
  });

  describe('authorization', () => {
    for (const [status, who, role] of authTable({
      none: 401,
      otherTenant: 404,
      outsider: 403,
      member: 200,
      teamAdmin: 200,
      workspaceAdmin: 200,
    })) {
      it(`answers ${status} to ${who}`, async () => {
        expectStatus(await listStatuses(fx.cast[role], fx.teamId), status);
      });
    }
  });
});

describe('DELETE /api/v1/connections/{adAccountId}/remove-connection (removeAdAccountConnection)', () => {
  it('removes the account and its permissions; the connection stays with its token and other accounts', async () => {
    const seeded = await seedConnection(server, {
      teamId: fx.teamId,
      connectedByUserId: fx.userIds.teamAdmin,
      accounts: [{ externalId: 'act_1111111111' }, { externalId: 'act_2222222222' }],
    });
    const gone = seeded.adAccountIds.act_1111111111 as string;
    await seedPermission(server, gone, fx.userIds.member, 'VIEWER', fx.userIds.teamAdmin);
    await seedPermission(server, gone, fx.userIds.teamAdmin, 'MANAGER', fx.userIds.teamAdmin);
    const before = await server.deps.db
      .selectFrom('connections')
      .select('access_token_enc')
      .where('id', '=', seeded.connectionId)
      .executeTakeFirstOrThrow();
    const result = await removeAccount(fx.cast.teamAdmin, gone);
    expect(result.response.status).toBe(200);
    expect(result.data?.message).toBe('Ad account removed from its connection');
    expect(ok(result)).toEqual({
      adAccountId: gone,
      externalId: 'act_1111111111',
      platform: 'META',
      connectionId: seeded.connectionId,
      teamId: fx.teamId,
      removedPermissions: 2,
    });
    const accounts = await server.deps.db.selectFrom('ad_accounts').select('id').where('connection_id', '=', seeded.connectionId).execute();
    expect(accounts.map((a) => a.id)).toEqual([seeded.adAccountIds.act_2222222222]);
    expect(await server.deps.db.selectFrom('ad_account_permissions').select('user_id').where('ad_account_id', '=', gone).execute()).toEqual(
      [],
    );
    const after = await server.deps.db
      .selectFrom('connections')
      .select('access_token_enc')
      .where('id', '=', seeded.connectionId)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });

  it('keeps the connection even when its last account is removed', async () => {
    const seeded = await seedConnection(server, {
      teamId: fx.teamId,
      connectedByUserId: fx.userIds.teamAdmin,
      accounts: [{ externalId: 'act_3333333333' }],
    });
    ok(await removeAccount(fx.cast.workspaceAdmin, seeded.adAccountIds.act_3333333333 as string));
    expect(await statusOfConnection(seeded.connectionId)).toBe('ACTIVE');
  });

  it('answers 404 for an account already removed and for an unknown one', async () => {
    const seeded = await seedConnection(server, {
      teamId: fx.teamId,
      connectedByUserId: fx.userIds.teamAdmin,
      accounts: [{ externalId: 'act_4444444444' }],
    });
    const id = seeded.adAccountIds.act_4444444444 as string;
    ok(await removeAccount(fx.cast.teamAdmin, id));
    expectStatus(await removeAccount(fx.cast.teamAdmin, id), 404);
    expectStatus(await removeAccount(fx.cast.teamAdmin, randomUUID()), 404);
  });

  it("answers 400 for the platform's id instead of Adlyft's uuid", async () => {
    const result = await removeAccount(fx.cast.teamAdmin, 'act_1234567890');
    expect(result.response.status).toBe(400);
    expect(fieldsOf(result).join()).toMatch(/adAccountId/);
  });

  describe('authorization', () => {
    for (const [status, who, role] of authTable({
      none: 401,
      otherTenant: 404,
      outsider: 403,
      member: 403,
      teamAdmin: 200,
      workspaceAdmin: 200,
    })) {
      it(`answers ${status} to ${who}`, async () => {
        const seeded = await seedConnection(server, {
          teamId: fx.teamId,
          connectedByUserId: fx.userIds.teamAdmin,
          accounts: [{ externalId: 'act_5555555555' }],
        });
        const id = seeded.adAccountIds.act_5555555555 as string;
        expectStatus(await removeAccount(fx.cast[role], id), status);
        const left = await server.deps.db.selectFrom('ad_accounts').select('id').where('id', '=', id).execute();
        expect(left.length).toBe(status === 200 ? 0 : 1);
      });
    }
  });
});

describe('DELETE /api/v1/connections/{connectionId}/disconnect (disconnectConnection)', () => {
  it('removes the connection, its tokens, its accounts and their permissions, and says how many', async () => {
    const seeded = await seedConnection(server, {
      teamId: fx.teamId,
      connectedByUserId: fx.userIds.teamAdmin,
      accounts: [{ externalId: 'act_6666666666' }, { externalId: 'act_7777777777' }],
    });
    const [first, second] = Object.values(seeded.adAccountIds) as [string, string];
    await seedPermission(server, first, fx.userIds.member, 'VIEWER', fx.userIds.teamAdmin);
    await seedPermission(server, second, fx.userIds.member, 'MANAGER', fx.userIds.teamAdmin);
    await seedPermission(server, second, fx.userIds.teamAdmin, 'VIEWER', fx.userIds.teamAdmin);
    const untouched = await seedConnection(server, {
      teamId: fx.teamId,
      connectedByUserId: fx.userIds.teamAdmin,
      accounts: [{ externalId: 'act_8888888888' }],
    });
    const result = await disconnect(fx.cast.teamAdmin, seeded.connectionId);
    expect(result.response.status).toBe(200);
    expect(result.data?.message).toBe('Connection disconnected');
    expect(ok(result)).toEqual({
      connectionId: seeded.connectionId,
      teamId: fx.teamId,
      platform: 'META',
      removedAdAccounts: 2,
      removedPermissions: 3,
    });
    expect(await statusOfConnection(seeded.connectionId)).toBeUndefined();
    expect(await server.deps.db.selectFrom('ad_accounts').select('id').where('id', 'in', [first, second]).execute()).toEqual([]);
    expect(
      await server.deps.db.selectFrom('ad_account_permissions').select('user_id').where('ad_account_id', 'in', [first, second]).execute(),
    ).toEqual([]);
    expect(await statusOfConnection(untouched.connectionId)).toBe('ACTIVE');
  });

  it('works whatever the connection status', async () => {
    for (const status of ['EXPIRED', 'REVOKED'] as const) {
      const seeded = await seedConnection(server, {
        teamId: fx.teamId,
        platform: 'GOOGLE',
        status,
        connectedByUserId: fx.userIds.teamAdmin,
      });
      expect(ok(await disconnect(fx.cast.teamAdmin, seeded.connectionId))).toMatchObject({
        platform: 'GOOGLE',
        removedAdAccounts: 0,
        removedPermissions: 0,
      });
    }
  });

  it('is one transaction: when the last step fails, the tokens, accounts and permissions are all still there', async () => {
    const seeded = await seedConnection(server, {
      teamId: fx.teamId,
      connectedByUserId: fx.userIds.teamAdmin,
      accounts: [{ externalId: 'act_9999999999' }],
    });
    const account = seeded.adAccountIds.act_9999999999 as string;
    await seedPermission(server, account, fx.userIds.member, 'VIEWER', fx.userIds.teamAdmin);
    const [connections, accounts, permissions] = [
      await countRows(server, 'connections'),
      await countRows(server, 'ad_accounts'),
      await countRows(server, 'ad_account_permissions'),
    ];
    const restore = await failOn(server, 'connections', 'DELETE');
    try {
      const result = await disconnect(fx.cast.teamAdmin, seeded.connectionId);
      expect(result.response.status).toBe(500);
      expect(codeOf(result)).toBe('INTERNAL_ERROR');
    } finally {
      await restore();
    }
    expect([
      await countRows(server, 'connections'),
      await countRows(server, 'ad_accounts'),
      await countRows(server, 'ad_account_permissions'),
    ]).toEqual([connections, accounts, permissions]);
    ok(await disconnect(fx.cast.teamAdmin, seeded.connectionId));
  });

  it('answers 404 for a connection already disconnected and for an unknown one', async () => {
    const seeded = await seedConnection(server, { teamId: fx.teamId, connectedByUserId: fx.userIds.teamAdmin });
    ok(await disconnect(fx.cast.teamAdmin, seeded.connectionId));
    expectStatus(await disconnect(fx.cast.teamAdmin, seeded.connectionId), 404);
    expectStatus(await disconnect(fx.cast.teamAdmin, randomUUID()), 404);
  });

  it('answers 400 for a connectionId that is not a uuid', async () => {
    expect(fieldsOf(await disconnect(fx.cast.teamAdmin, 'meta-1')).join()).toMatch(/connectionId/);
  });

  describe('authorization', () => {
    for (const [status, who, role] of authTable({
      none: 401,
      otherTenant: 404,
      outsider: 403,
      member: 403,
      teamAdmin: 200,
      workspaceAdmin: 200,
    })) {
      it(`answers ${status} to ${who}`, async () => {
        const seeded = await seedConnection(server, { teamId: fx.teamId, connectedByUserId: fx.userIds.teamAdmin });
        expectStatus(await disconnect(fx.cast[role], seeded.connectionId), status);
        expect(await statusOfConnection(seeded.connectionId)).toBe(status === 200 ? undefined : 'ACTIVE');
      });
    }
  });
});

describe('POST /api/v1/connections (createConnection)', () => {
  it("answers 201 with Meta's dialog URL carrying the app, the callback on the public base URL, the scopes and the state", async () => {
    const before = clock().getTime();
    const result = await startFlow(fx.cast.teamAdmin, { teamId: fx.teamId, platform: 'META', redirect: REDIRECT });
    expect(result.response.status).toBe(201);
    expect(result.data?.message).toBe('Authorization URL created');
    const { authUrl, state, expiresAt } = ok(result);
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/);
    const expiry = new Date(expiresAt).getTime();
    expect(expiry - before).toBeGreaterThanOrEqual(OAUTH_STATE_TTL_MS);
    expect(expiry - before).toBeLessThan(OAUTH_STATE_TTL_MS + 5000);
    const url = new URL(authUrl);
    expect(url.pathname).toBe('/v25.0/dialog/oauth');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'test-meta-app',
      redirect_uri: `${server.baseUrl}/api/v1/meta/redirect/callback`,
      state,
      response_type: 'code',
      scope: 'ads_management,ads_read,business_management,pages_show_list,pages_read_engagement,leads_retrieval,pages_manage_ads',
    });
  });

  it("answers Google's consent URL with the Ads scope, openid email, offline access and forced consent", async () => {
    const { authUrl, state } = ok(await startFlow(fx.cast.workspaceAdmin, { teamId: fx.teamId, platform: 'GOOGLE', redirect: REDIRECT }));
    const url = new URL(authUrl);
    expect(url.pathname).toBe('/o/oauth2/v2/auth');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: 'test-google-client',
      redirect_uri: `${server.baseUrl}/api/v1/google/redirect/callback`,
      response_type: 'code',
      scope: 'https://www.googleapis.com/auth/adwords openid email',
      access_type: 'offline',
      prompt: 'consent',
      state,
    });
  });

  it('records what the state stands for (tenant, team, platform, redirect, admin) and keeps none of it in the state', async () => {
    const { state } = ok(await startFlow(fx.cast.teamAdmin, { teamId: fx.teamId, platform: 'META', redirect: REDIRECT }));
    const nonce = state.split('.')[0] as string;
    const row = await server.deps.db.selectFrom('oauth_states').selectAll().where('nonce', '=', nonce).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      tenant_id: server.tenant.tenantId,
      team_id: fx.teamId,
      platform: 'META',
      redirect: REDIRECT,
      user_id: fx.userIds.teamAdmin,
      used_at: null,
    });
    for (const part of state.split('.')) {
      const decoded = Buffer.from(part, 'base64url');
      expect(decoded.length).toBe(32);
      expect(decoded.toString('latin1')).not.toContain(fx.teamId.slice(0, 8));
    }
  });

  it('issues a new state on each call; the earlier ones stay valid', async () => {
    const first = await issueState('META');
    const second = await issueState('META');
    expect(second).not.toBe(first);
    expect(outcome(await callback('meta', { state: first, error: 'access_denied' })).error).toBe('ACCESS_DENIED');
    expect(outcome(await callback('meta', { state: second, error: 'access_denied' })).error).toBe('ACCESS_DENIED');
  });

  it("answers 400 naming body.redirect for a redirect outside the tenant's allowed origins (no open redirect)", async () => {
    const refused = [
      'https://evil.example/settings',
      'http://localhost:5174/settings',
      'https://localhost:5173/settings',
      'http://localhost:5173.evil.example/settings',
      'http://localhost:5173/settings#tab',
      '/settings/connections',
      'ftp://localhost:5173/settings',
      'javascript:alert(1)',
    ];
    for (const redirect of refused) {
      const result = await startFlow(fx.cast.teamAdmin, { teamId: fx.teamId, platform: 'META', redirect });
      expect(result.response.status, redirect).toBe(400);
      expect(codeOf(result)).toBe('BAD_REQUEST');
      expect(fieldsOf(result)[0], redirect).toMatch(/^body\.redirect/);
    }
  });

  it('answers 400 for a teamId that is not a uuid, an unknown platform or a missing redirect', async () => {
    const body = { teamId: fx.teamId, platform: 'META', redirect: REDIRECT } as const;
    expect(fieldsOf(await startFlow(fx.cast.teamAdmin, { ...body, teamId: 'x' }))).toContain('body.teamId');
    expect(fieldsOf(await startFlow(fx.cast.teamAdmin, { ...body, platform: 'TIKTOK' as never }))).toContain('body.platform');
    expect(fieldsOf(await startFlow(fx.cast.teamAdmin, { teamId: fx.teamId, platform: 'META' } as never))).toContain('body.redirect');
  });

  it('answers 404 for an unknown team', async () => {
    expectStatus(await startFlow(fx.cast.teamAdmin, { teamId: randomUUID(), platform: 'META', redirect: REDIRECT }), 404);
  });

  describe('authorization', () => {
    for (const [status, who, role] of authTable({
      none: 401,
      otherTenant: 404,
      outsider: 403,
      member: 403,
      teamAdmin: 201,
      workspaceAdmin: 201,
    })) {
      it(`answers ${status} to ${who}`, async () => {
        expectStatus(await startFlow(fx.cast[role], { teamId: fx.teamId, platform: 'GOOGLE', redirect: REDIRECT }), status);
      });
    }
  });
});

describe('OAuth callbacks: the state', () => {
  async function expectRefused(response: Response): Promise<void> {
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.json()).toMatchObject({ success: false, statusCode: 400, error: { code: 'BAD_REQUEST' } });
  }

  it('answers 400 without redirecting when the state is missing or malformed', async () => {
    await expectRefused(await callback('meta', { code: 'AQBx3kZ9Vq7mTn2pL5rW8yC1dF4gH6jK' }));
    await expectRefused(await callback('google', { state: 'not-a-state', code: '4/0AanRRrt7Xk2mQ9pL4vB8nC3' }));
  });

  it('answers 400 when the signature was tampered with', async () => {
    const state = await issueState('META');
    const [nonce, signature] = state.split('.') as [string, string];
    const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    await expectRefused(await callback('meta', { state: `${nonce}.${flipped}`, error: 'access_denied' }));
    const otherNonce = randomBytes(32).toString('base64url');
    await expectRefused(await callback('meta', { state: `${otherNonce}.${signature}`, error: 'access_denied' }));
    // The genuine state was not consumed by the forgeries.
    expect(outcome(await callback('meta', { state, error: 'access_denied' })).status).toBe('error');
  });

  it('answers 400 for a well-signed state this deployment never issued', async () => {
    const { createHmac } = await import('node:crypto');
    const nonce = randomBytes(32).toString('base64url');
    const signature = createHmac('sha256', server.deps.oauthStateSecret).update(nonce).digest('base64url');
    await expectRefused(await callback('google', { state: `${nonce}.${signature}`, error: 'access_denied' }));
  });

  it('answers 400 when the state is more than 10 minutes old', async () => {
    const state = await issueState('GOOGLE');
    offsetMs += OAUTH_STATE_TTL_MS + 1000;
    try {
      await expectRefused(await callback('google', { state, error: 'access_denied' }));
    } finally {
      offsetMs -= OAUTH_STATE_TTL_MS + 1000;
    }
  });

  it('is single use: a replayed callback answers 400 even though the first one failed', async () => {
    const state = await issueState('META');
    expect(outcome(await callback('meta', { state })).error).toBe('CODE_EXCHANGE_FAILED');
    await expectRefused(await callback('meta', { state, code: 'AQBx3kZ9Vq7mTn2pL5rW8yC1dF4gH6jK' }));
  });

  it("answers 400 for the other platform's state, which stays usable on its own callback", async () => {
    const state = await issueState('GOOGLE');
    await expectRefused(await callback('meta', { state, error: 'access_denied' }));
    expect(outcome(await callback('google', { state, error: 'access_denied' }))).toMatchObject({ status: 'error', platform: 'GOOGLE' });
  });
});

describe('OAuth callbacks: failures end in a redirect with an error, never a 500', () => {
  it("redirects with error=ACCESS_DENIED when the user declined, keeping the redirect's own parameters", async () => {
    const state = await issueState('META', fx.teamId, 'http://localhost:5173/settings/connections?tab=meta&status=old');
    const response = await callback('meta', {
      state,
      error: 'access_denied',
      error_code: '200',
      error_reason: 'user_denied',
      error_description: 'Permissions error',
    });
    expect(outcome(response)).toEqual({ tab: 'meta', status: 'error', error: 'ACCESS_DENIED', platform: 'META' });
    expect(await response.text()).not.toContain('"success"');
  });

  it('redirects with error=ACCESS_DENIED for a Google decline', async () => {
    const state = await issueState('GOOGLE');
    expect(outcome(await callback('google', { state, error: 'access_denied' }))).toEqual({
      tab: 'ads',
      status: 'error',
      error: 'ACCESS_DENIED',
      platform: 'GOOGLE',
    });
  });

  it('redirects with error=CODE_EXCHANGE_FAILED when there is neither code nor error', async () => {
    expect(outcome(await callback('google', { state: await issueState('GOOGLE') })).error).toBe('CODE_EXCHANGE_FAILED');
  });

  it('redirects with error=TEAM_NOT_FOUND when the team was deleted after the flow started', async () => {
    const teamId = await createTeam(server, fx);
    const state = await issueState('META', teamId);
    await server.deps.db.deleteFrom('teams').where('id', '=', teamId).execute();
    expect(outcome(await callback('meta', { state, code: 'AQBx3kZ9Vq7mTn2pL5rW8yC1dF4gH6jK' })).error).toBe('TEAM_NOT_FOUND');
  });

  it('redirects with error=FORBIDDEN when the admin who started the flow is no longer an ADMIN of the team', async () => {
    const teamId = await createTeam(server, fx);
    const state = await issueState('GOOGLE', teamId);
    await server.deps.db
      .updateTable('team_members')
      .set({ role: 'MEMBER' })
      .where('team_id', '=', teamId)
      .where('user_id', '=', fx.userIds.teamAdmin)
      .execute();
    expect(outcome(await callback('google', { state, code: '4/0AanRRrt7Xk2mQ9pL4vB8nC3' })).error).toBe('FORBIDDEN');
  });

  it('redirects with error=UPSTREAM_ERROR when the platform cannot be reached, and stores nothing', async () => {
    const connections = await countRows(server, 'connections');
    for (const platform of ['meta', 'google'] as const) {
      const state = await issueState(platform === 'meta' ? 'META' : 'GOOGLE');
      expect(outcome(await callback(platform, { state, code: 'AQBx3kZ9Vq7mTn2pL5rW8yC1dF4gH6jK' })).error).toBe('UPSTREAM_ERROR');
    }
    expect(await countRows(server, 'connections')).toBe(connections);
  });

  it('never writes the authorization code to the logs', async () => {
    const code = 'AQBsecretAuthorizationCode0123456789';
    await callback('meta', { state: await issueState('META'), code });
    expect(server.logs.join('\n')).not.toContain(code);
  });
});

describe('stored tokens', () => {
  it('are encrypted: the stored value is not the token and decrypts only for its own row and column', async () => {
    const accessToken = 'EAABstoredTokenUnderTest0123456789';
    const seeded = await seedConnection(server, { teamId: fx.teamId, connectedByUserId: fx.userIds.teamAdmin, accessToken });
    const row = await server.deps.db
      .selectFrom('connections')
      .select('access_token_enc')
      .where('id', '=', seeded.connectionId)
      .executeTakeFirstOrThrow();
    expect(row.access_token_enc).not.toContain(accessToken);
    expect(row.access_token_enc).toMatch(/^v1\./);
    expect(server.deps.tokenCipher.decrypt(row.access_token_enc, tokenAad(seeded.connectionId, 'access'))).toBe(accessToken);
    expect(() => server.deps.tokenCipher.decrypt(row.access_token_enc, tokenAad(seeded.connectionId, 'refresh'))).toThrow();
    expect(() => server.deps.tokenCipher.decrypt(row.access_token_enc, tokenAad(randomUUID(), 'access'))).toThrow();
  });
});
