// The connect flow end to end, through real HTTP redirects: POST /connections → the platform's dialog (the
// in-process fake, which consents at once) → its redirect to our callback → our redirect to the tenant's page.
// Then the connection at work: live insights, and the platform refusing its token.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AdlyftClient } from '../../../client/index.ts';
import { tokenAad } from '../../../server/connections/token-cipher.ts';
import { type FakeMeta, META_SEED_IDS, startFakeMeta } from '../../../fakes/meta/index.ts';
import {
  authTable,
  codeOf,
  createFixture,
  createTeam,
  expectStatus,
  type Fixture,
  ok,
  seedConnection,
  seedPermission,
  USER,
} from '../../support/connections.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';

let meta: FakeMeta;
let server: TestServer;
let fx: Fixture;

beforeAll(async () => {
  meta = await startFakeMeta();
  server = await startTestServer({
    upstream: {
      metaApiBaseUrl: meta.baseUrl,
      metaOAuthBaseUrl: meta.baseUrl,
      metaAppId: META_SEED_IDS.app.id,
      metaAppSecret: META_SEED_IDS.app.secret,
      googleAdsBaseUrl: 'http://127.0.0.1:9',
      googleOAuthBaseUrl: 'http://127.0.0.1:9',
      googleClientId: 'test-google-client',
      googleClientSecret: 'test-google-secret',
      googleDeveloperToken: 'test-developer-token',
      maxAttempts: 2,
      timeoutMs: 5000,
      sleep: async () => undefined,
    },
  });
  fx = await createFixture(server);
});
afterAll(async () => {
  await server?.close();
  await meta?.close();
});
beforeEach(() => {
  meta.faults.reset();
  meta.state.oauth.deny = false;
  meta.state.oauth.loginAs = META_SEED_IDS.users.alex.id;
});

const REDIRECT = 'http://localhost:5173/settings/connections?tab=ads';
const ALEX_ACCOUNTS = [META_SEED_IDS.adAccounts.alexUsd, META_SEED_IDS.adAccounts.alexEur, META_SEED_IDS.adAccounts.alexJpy];

/** Every body our server answered during a flow, to prove no token or code ever appears in one. */
const answered: string[] = [];

interface Hop {
  /** Where the platform's dialog sent the browser (our callback, with code and state). */
  callbackUrl: string;
}

/** Starts the flow as `client` and lets the fake's dialog answer; stops before our callback. */
async function toCallback(client: AdlyftClient, teamId: string, platform: 'META' | 'GOOGLE' = 'META'): Promise<Hop> {
  const started = await client.POST('/api/v1/connections', { body: { teamId, platform, redirect: REDIRECT } });
  answered.push(JSON.stringify(started.data ?? started.error));
  const { authUrl } = ok(started);
  const dialog = await fetch(authUrl, { redirect: 'manual' });
  expect(dialog.status).toBe(302);
  const callbackUrl = dialog.headers.get('location') ?? '';
  expect(callbackUrl.startsWith(`${server.baseUrl}/api/v1/${platform.toLowerCase()}/redirect/callback?`)).toBe(true);
  return { callbackUrl };
}

/** Follows our callback's redirect and answers the outcome the tenant's page receives. */
async function follow(callbackUrl: string): Promise<Record<string, string>> {
  const response = await fetch(callbackUrl, { redirect: 'manual' });
  answered.push(await response.text());
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location') ?? '');
  expect(`${location.origin}${location.pathname}`).toBe('http://localhost:5173/settings/connections');
  return Object.fromEntries(location.searchParams);
}

async function connect(client: AdlyftClient, teamId: string): Promise<Record<string, string>> {
  return follow((await toCallback(client, teamId)).callbackUrl);
}

async function connectionOf(teamId: string, connectionId: string) {
  const list = await fx.cast.teamAdmin.GET('/api/v1/connections/team/{teamId}', { params: { path: { teamId }, query: {} } });
  answered.push(JSON.stringify(list.data));
  const found = ok(list).find((c) => c.id === connectionId);
  if (!found) throw new Error(`connection ${connectionId} not listed`);
  return found;
}

/** The platform tokens the fake ever issued. */
const issuedTokens = (): string[] => [...meta.state.tokens.keys()];

describe('connecting a team to Meta through the real redirects', () => {
  it('stores an ACTIVE connection of the consenting user with all their ad accounts and redirects with status=connected', async () => {
    const teamId = await createTeam(server, fx);
    const before = Date.now();
    const outcome = await connect(fx.cast.teamAdmin, teamId);
    expect(outcome).toMatchObject({ tab: 'ads', status: 'connected', platform: 'META' });
    const connection = await connectionOf(teamId, outcome.connectionId as string);
    expect(connection).toMatchObject({
      teamId,
      platform: 'META',
      status: 'ACTIVE',
      platformUserId: META_SEED_IDS.users.alex.id,
      platformUserName: 'Alex Rivera',
      connectedBy: USER.teamAdmin,
      adAccountCount: 3,
    });
    expect(connection.scopes).toEqual(expect.arrayContaining(['ads_management', 'ads_read', 'pages_show_list', 'leads_retrieval']));
    expect(connection.adAccounts.map((a) => a.externalId).sort()).toEqual([...ALEX_ACCOUNTS].sort());
    expect(connection.adAccounts.map((a) => a.name)).toEqual(['Rivera Outdoor – EU', 'Rivera Outdoor – US', 'Rivera Tokyo Café']);
    expect(connection.adAccounts.find((a) => a.externalId === META_SEED_IDS.adAccounts.alexJpy)).toMatchObject({
      currency: 'JPY',
      timezone: 'Asia/Tokyo',
      status: 'ACTIVE',
      lastImportedAt: null,
    });
    // The long-lived token's expires_in (about 60 days) sets expiresAt.
    const expiresIn = new Date(connection.expiresAt ?? 0).getTime() - before;
    expect(Math.abs(expiresIn - 5_183_944_000)).toBeLessThan(60_000);
  });

  it("stores the long-lived token encrypted, bound to the connection's row", async () => {
    const teamId = await createTeam(server, fx);
    const { connectionId } = await connect(fx.cast.teamAdmin, teamId);
    const row = await server.deps.db.selectFrom('connections').selectAll().where('id', '=', connectionId as string).executeTakeFirstOrThrow();
    const token = server.deps.tokenCipher.decrypt(row.access_token_enc, tokenAad(connectionId as string, 'access'));
    expect(meta.state.tokens.get(token)).toMatchObject({ kind: 'user', userId: META_SEED_IDS.users.alex.id, longLived: true });
    expect(row.access_token_enc).not.toContain(token);
    expect(row.refresh_token_enc).toBeNull();
  });

  it('lets the workspace admin connect a team they are not a member of', async () => {
    const teamId = await createTeam(server, fx);
    const outcome = await connect(fx.cast.workspaceAdmin, teamId);
    expect(outcome.status).toBe('connected');
    expect((await connectionOf(teamId, outcome.connectionId as string)).connectedBy).toBe(USER.workspaceAdmin);
  });

  it('renews the connection when the same Meta user connects the team again: same id and account ids, permissions kept', async () => {
    const teamId = await createTeam(server, fx);
    const first = await connect(fx.cast.teamAdmin, teamId);
    const before = await connectionOf(teamId, first.connectionId as string);
    const eur = before.adAccounts.find((a) => a.externalId === META_SEED_IDS.adAccounts.alexEur)?.id as string;
    await seedPermission(server, eur, fx.userIds.member, 'VIEWER', fx.userIds.teamAdmin);
    await server.deps.db.updateTable('connections').set({ status: 'EXPIRED' }).where('id', '=', first.connectionId as string).execute();
    const second = await connect(fx.cast.workspaceAdmin, teamId);
    expect(second.connectionId).toBe(first.connectionId);
    const after = await connectionOf(teamId, first.connectionId as string);
    expect(after).toMatchObject({ status: 'ACTIVE', connectedBy: USER.workspaceAdmin, createdAt: before.createdAt });
    expect(after.adAccounts.map((a) => a.id).sort()).toEqual(before.adAccounts.map((a) => a.id).sort());
    const permissions = await server.deps.db.selectFrom('ad_account_permissions').select('role').where('ad_account_id', '=', eur).execute();
    expect(permissions).toEqual([{ role: 'VIEWER' }]);
  });

  it('on renewal, removes the accounts Meta no longer returns, with their permissions', async () => {
    const teamId = await createTeam(server, fx);
    const first = await connect(fx.cast.teamAdmin, teamId);
    const jpy = (await connectionOf(teamId, first.connectionId as string)).adAccounts.find((a) => a.externalId === META_SEED_IDS.adAccounts.alexJpy)?.id as string;
    await seedPermission(server, jpy, fx.userIds.member, 'MANAGER', fx.userIds.teamAdmin);
    const alex = meta.state.users.find((u) => u.id === META_SEED_IDS.users.alex.id);
    if (!alex) throw new Error('no seeded Alex');
    const saved = [...alex.adAccountIds];
    alex.adAccountIds = saved.filter((id) => id !== META_SEED_IDS.adAccounts.alexJpy);
    try {
      await connect(fx.cast.teamAdmin, teamId);
    } finally {
      alex.adAccountIds = saved;
    }
    const after = await connectionOf(teamId, first.connectionId as string);
    expect(after.adAccounts.map((a) => a.externalId)).not.toContain(META_SEED_IDS.adAccounts.alexJpy);
    expect(after.adAccountCount).toBe(2);
    expect(await server.deps.db.selectFrom('ad_account_permissions').select('role').where('ad_account_id', '=', jpy).execute()).toEqual([]);
  });

  it("leaves an account with another ACTIVE connection of the team, but takes over one of a connection that is not ACTIVE", async () => {
    const teamId = await createTeam(server, fx);
    const active = await seedConnection(server, { teamId, connectedByUserId: fx.userIds.teamAdmin, accounts: [{ externalId: META_SEED_IDS.adAccounts.alexUsd }] });
    const expired = await seedConnection(server, {
      teamId,
      status: 'EXPIRED',
      connectedByUserId: fx.userIds.teamAdmin,
      accounts: [{ externalId: META_SEED_IDS.adAccounts.alexEur, name: 'old name' }],
    });
    const movedId = expired.adAccountIds[META_SEED_IDS.adAccounts.alexEur] as string;
    await seedPermission(server, movedId, fx.userIds.member, 'VIEWER', fx.userIds.teamAdmin);
    const { connectionId } = await connect(fx.cast.teamAdmin, teamId);
    const mine = await connectionOf(teamId, connectionId as string);
    expect(mine.adAccounts.map((a) => a.externalId).sort()).toEqual([META_SEED_IDS.adAccounts.alexEur, META_SEED_IDS.adAccounts.alexJpy].sort());
    expect(mine.adAccounts.find((a) => a.externalId === META_SEED_IDS.adAccounts.alexEur)).toMatchObject({ id: movedId, name: 'Rivera Outdoor – EU' });
    expect((await connectionOf(teamId, active.connectionId)).adAccounts.map((a) => a.externalId)).toEqual([META_SEED_IDS.adAccounts.alexUsd]);
    expect((await connectionOf(teamId, expired.connectionId)).adAccountCount).toBe(0);
    expect(await server.deps.db.selectFrom('ad_account_permissions').select('role').where('ad_account_id', '=', movedId).execute()).toEqual([{ role: 'VIEWER' }]);
  });

  it('keeps one connection per Meta user: two users make two connections of the same team', async () => {
    const teamId = await createTeam(server, fx);
    const alex = await connect(fx.cast.teamAdmin, teamId);
    meta.state.oauth.loginAs = META_SEED_IDS.users.priya.id;
    const priya = await connect(fx.cast.teamAdmin, teamId);
    expect(priya.connectionId).not.toBe(alex.connectionId);
    expect((await connectionOf(teamId, priya.connectionId as string)).platformUserName).toBe('Priya Shah');
  });

  it('redirects with error=ACCESS_DENIED when the user declines in the dialog, and stores nothing', async () => {
    const teamId = await createTeam(server, fx);
    meta.state.oauth.deny = true;
    expect(await connect(fx.cast.teamAdmin, teamId)).toEqual({ tab: 'ads', status: 'error', error: 'ACCESS_DENIED', platform: 'META' });
    expect(ok(await fx.cast.teamAdmin.GET('/api/v1/connections', { params: { query: { teamId } } }))).toEqual([]);
  });

  it('redirects with error=MISSING_PERMISSIONS when ads_management or ads_read was not granted', async () => {
    const teamId = await createTeam(server, fx);
    const { callbackUrl } = await toCallback(fx.cast.teamAdmin, teamId);
    const code = meta.state.codes.get(new URL(callbackUrl).searchParams.get('code') ?? '');
    if (!code) throw new Error('the fake issued no code');
    code.scopes = code.scopes.filter((s) => s !== 'ads_management');
    expect(await follow(callbackUrl)).toMatchObject({ status: 'error', error: 'MISSING_PERMISSIONS', platform: 'META' });
  });

  it('redirects with error=CODE_EXCHANGE_FAILED when Meta refuses the code (already used)', async () => {
    const teamId = await createTeam(server, fx);
    const { callbackUrl } = await toCallback(fx.cast.teamAdmin, teamId);
    expect((await follow(callbackUrl)).status).toBe('connected');
    const replay = new URL(callbackUrl);
    const fresh = ok(await fx.cast.teamAdmin.POST('/api/v1/connections', { body: { teamId, platform: 'META', redirect: REDIRECT } }));
    replay.searchParams.set('state', fresh.state);
    expect(await follow(replay.toString())).toMatchObject({ status: 'error', error: 'CODE_EXCHANGE_FAILED' });
  });

  it('redirects with error=UPSTREAM_ERROR when Meta keeps failing during discovery, and stores nothing', async () => {
    const teamId = await createTeam(server, fx);
    meta.faults.add({ match: { path: '/me/adaccounts' }, error: { code: 2, status: 500 } });
    expect(await connect(fx.cast.teamAdmin, teamId)).toMatchObject({ status: 'error', error: 'UPSTREAM_ERROR', platform: 'META' });
    expect(ok(await fx.cast.teamAdmin.GET('/api/v1/connections', { params: { query: { teamId } } }))).toEqual([]);
  });

  it('redirects with error=UPSTREAM_ERROR when Meta throttles the token exchange', async () => {
    const teamId = await createTeam(server, fx);
    meta.faults.add({ match: { path: '/oauth/access_token' }, rateLimit: { code: 4, retryAfterSeconds: 1 } });
    expect((await connect(fx.cast.teamAdmin, teamId)).error).toBe('UPSTREAM_ERROR');
  });
});

describe('GET /api/v1/connections/{connectionId}/insights (getConnectionInsights) on Meta', () => {
  let teamId: string;
  let connectionId: string;
  beforeAll(async () => {
    teamId = await createTeam(server, fx);
    connectionId = (await connect(fx.cast.teamAdmin, teamId)).connectionId as string;
  });
  const window = () => {
    const until = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const since = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    return { since, until };
  };
  const insights = (client: AdlyftClient, id = connectionId, query = window()) =>
    client.GET('/api/v1/connections/{connectionId}/insights', { params: { path: { connectionId: id }, query } });

  it('answers one normalized account-level total per ad account, live, for a team admin', async () => {
    const result = await insights(fx.cast.teamAdmin);
    answered.push(JSON.stringify(result.data));
    expect(result.response.status).toBe(200);
    expect(result.response.headers.get('x-data-source')).toBe('live');
    const data = ok(result);
    expect(data).toMatchObject({ connectionId, platform: 'META', ...window() });
    expect(data.accounts.map((a) => a.externalId).sort()).toEqual([...ALEX_ACCOUNTS].sort());
    for (const account of data.accounts) {
      expect(account.conversions).toBeNull();
      expect(typeof account.spend).toBe('number');
      expect(Number.isInteger(account.impressions)).toBe(true);
      expect(account.reach).not.toBeNull();
      if (account.impressions === 0) expect(account.ctr).toBeNull();
    }
    expect(data.accounts.find((a) => a.externalId === META_SEED_IDS.adAccounts.alexJpy)?.currency).toBe('JPY');
  });

  it('gives a MEMBER only the accounts they hold a permission on (an empty list when none)', async () => {
    expect(ok(await insights(fx.cast.member)).accounts).toEqual([]);
    const listed = await connectionOf(teamId, connectionId);
    const eur = listed.adAccounts.find((a) => a.externalId === META_SEED_IDS.adAccounts.alexEur)?.id as string;
    await seedPermission(server, eur, fx.userIds.member, 'VIEWER', fx.userIds.teamAdmin);
    expect(ok(await insights(fx.cast.member)).accounts.map((a) => a.adAccountId)).toEqual([eur]);
  });

  it('answers 400 when since is after until or more than 37 months ago, or not a date', async () => {
    expect(codeOf(await insights(fx.cast.teamAdmin, connectionId, { since: '2026-11-30', until: '2026-11-01' }))).toBe('BAD_REQUEST');
    const old = new Date(Date.now() - 38 * 31 * 86_400_000).toISOString().slice(0, 10);
    expect((await insights(fx.cast.teamAdmin, connectionId, { since: old, until: window().until })).response.status).toBe(400);
    expect((await insights(fx.cast.teamAdmin, connectionId, { since: '2026-13-01', until: '2026-12-01' })).response.status).toBe(400);
  });

  it('answers 404 for an unknown connection', async () => {
    expectStatus(await insights(fx.cast.teamAdmin, '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f'), 404);
  });

  it("fails the whole request naming the account when Meta refuses one, and leaves the connection ACTIVE", async () => {
    meta.faults.add({ match: { path: `/${META_SEED_IDS.adAccounts.alexJpy}/insights` }, error: { code: 200, message: '(#200) Ad account owner has NOT grant ads_read permission' } });
    const result = await insights(fx.cast.teamAdmin);
    expect(result.response.status).toBe(403);
    expect(codeOf(result)).toBe('UPSTREAM_PERMISSION_DENIED');
    expect((result.error as { error: { details: { objectId?: string }[] } }).error.details[0]?.objectId).toBe(META_SEED_IDS.adAccounts.alexJpy);
    expect((await connectionOf(teamId, connectionId)).status).toBe('ACTIVE');
  });

  it('answers 429 UPSTREAM_RATE_LIMITED with Retry-After when Meta keeps throttling', async () => {
    meta.faults.add({ match: { path: '/act_*/insights' }, rateLimit: { code: 80000, retryAfterSeconds: 2 } });
    const result = await insights(fx.cast.teamAdmin);
    expect(result.response.status).toBe(429);
    expect(codeOf(result)).toBe('UPSTREAM_RATE_LIMITED');
    expect(Number(result.response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  describe('authorization', () => {
    for (const { role, who, status } of authTable({ none: 401, otherTenant: 404, outsider: 403, member: 200, teamAdmin: 200, workspaceAdmin: 200 })) {
      it(`answers ${status} to ${who}`, async () => {
        expectStatus(await insights(fx.cast[role]), status);
      });
    }
  });

  it('answers 401 CONNECTION_EXPIRED and marks the connection EXPIRED when Meta says the token expired (190/463)', async () => {
    const ownTeam = await createTeam(server, fx);
    const own = (await connect(fx.cast.teamAdmin, ownTeam)).connectionId as string;
    const row = await server.deps.db.selectFrom('connections').select('access_token_enc').where('id', '=', own).executeTakeFirstOrThrow();
    meta.tokens.expire(server.deps.tokenCipher.decrypt(row.access_token_enc, tokenAad(own, 'access')));
    const result = await insights(fx.cast.teamAdmin, own);
    expect(result.response.status).toBe(401);
    expect(codeOf(result)).toBe('CONNECTION_EXPIRED');
    expect((await connectionOf(ownTeam, own)).status).toBe('EXPIRED');
    // From now on the platform is not called at all.
    expect(codeOf(await insights(fx.cast.teamAdmin, own))).toBe('CONNECTION_EXPIRED');
  });

  it('marks the connection REVOKED when Meta says the user logged out of the app (190/467)', async () => {
    const ownTeam = await createTeam(server, fx);
    const own = (await connect(fx.cast.teamAdmin, ownTeam)).connectionId as string;
    const row = await server.deps.db.selectFrom('connections').select('access_token_enc').where('id', '=', own).executeTakeFirstOrThrow();
    meta.tokens.invalidate(server.deps.tokenCipher.decrypt(row.access_token_enc, tokenAad(own, 'access')), 467);
    expect(codeOf(await insights(fx.cast.teamAdmin, own))).toBe('CONNECTION_EXPIRED');
    expect((await connectionOf(ownTeam, own)).status).toBe('REVOKED');
  });
});

describe('secrets', () => {
  it('never puts a platform token or authorization code in a response or a log line', async () => {
    const teamId = await createTeam(server, fx);
    const { callbackUrl } = await toCallback(fx.cast.teamAdmin, teamId);
    const code = new URL(callbackUrl).searchParams.get('code') as string;
    await follow(callbackUrl);
    const secrets = [...issuedTokens(), code, META_SEED_IDS.app.secret];
    const logs = server.logs.join('\n');
    const bodies = answered.join('\n');
    for (const secret of secrets) {
      expect(logs).not.toContain(secret);
      expect(bodies).not.toContain(secret);
    }
    expect(answered.length).toBeGreaterThan(10);
  });
});
