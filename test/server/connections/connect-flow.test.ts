// The connect flow end to end, through real HTTP redirects: POST /connections → the platform's dialog (the
// in-process fake, which consents at once) → its redirect to our callback → our redirect to the tenant's page.
// Then the connection at work: live insights, and the platform refusing its token.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AdlyftClient } from '../../../client/index.ts';
import { type FakeGoogle, type FakeMeta, type Fakes, GOOGLE_SEED_IDS, META_SEED_IDS, startFakes } from '../../../fakes/index.ts';
import { tokenAad } from '../../../server/connections/token-cipher.ts';
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

let fakes: Fakes;
let meta: FakeMeta;
let google: FakeGoogle;
let server: TestServer;
let fx: Fixture;

beforeAll(async () => {
  fakes = await startFakes();
  ({ meta, google } = fakes);
  server = await startTestServer({
    upstream: {
      metaApiBaseUrl: meta.baseUrl,
      metaOAuthBaseUrl: meta.baseUrl,
      metaAppId: META_SEED_IDS.app.id,
      metaAppSecret: META_SEED_IDS.app.secret,
      googleAdsBaseUrl: google.baseUrl,
      googleOAuthBaseUrl: google.baseUrl,
      googleClientId: GOOGLE_SEED_IDS.oauthClient.clientId,
      googleClientSecret: GOOGLE_SEED_IDS.oauthClient.clientSecret,
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
  await fakes?.close();
});
afterEach(() => {
  fakes.reset();
  meta.state.oauth.deny = false;
  meta.state.oauth.loginAs = META_SEED_IDS.users.alex.id;
  google.state.oauth.deny = false;
  google.state.oauth.loginAs = GOOGLE_SEED_IDS.users.alex.id;
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

async function connect(client: AdlyftClient, teamId: string, platform: 'META' | 'GOOGLE' = 'META'): Promise<Record<string, string>> {
  return follow((await toCallback(client, teamId, platform)).callbackUrl);
}

async function connectionOf(teamId: string, connectionId: string) {
  const list = await fx.cast.teamAdmin.GET('/api/v1/connections/team/{teamId}', { params: { path: { teamId }, query: {} } });
  answered.push(JSON.stringify(list.data));
  const found = ok(list).find((c) => c.id === connectionId);
  if (!found) throw new Error(`connection ${connectionId} not listed`);
  return found;
}

/** The platform tokens the fakes ever issued. */
const issuedTokens = (): string[] => [
  ...meta.state.tokens.keys(),
  ...google.state.accessTokens.keys(),
  ...google.state.refreshTokens.keys(),
];

async function storedTokens(connectionId: string): Promise<{ access: string; refresh: string | null }> {
  const row = await server.deps.db.selectFrom('connections').selectAll().where('id', '=', connectionId).executeTakeFirstOrThrow();
  return {
    access: server.deps.tokenCipher.decrypt(row.access_token_enc, tokenAad(connectionId, 'access')),
    refresh:
      row.refresh_token_enc === null ? null : server.deps.tokenCipher.decrypt(row.refresh_token_enc, tokenAad(connectionId, 'refresh')),
  };
}

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
    const row = await server.deps.db
      .selectFrom('connections')
      .selectAll()
      .where('id', '=', connectionId as string)
      .executeTakeFirstOrThrow();
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
    await server.deps.db
      .updateTable('connections')
      .set({ status: 'EXPIRED' })
      .where('id', '=', first.connectionId as string)
      .execute();
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
    const jpy = (await connectionOf(teamId, first.connectionId as string)).adAccounts.find(
      (a) => a.externalId === META_SEED_IDS.adAccounts.alexJpy,
    )?.id as string;
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

  it('leaves an account with another ACTIVE connection of the team, but takes over one of a connection that is not ACTIVE', async () => {
    const teamId = await createTeam(server, fx);
    const active = await seedConnection(server, {
      teamId,
      connectedByUserId: fx.userIds.teamAdmin,
      accounts: [{ externalId: META_SEED_IDS.adAccounts.alexUsd }],
    });
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
    expect(mine.adAccounts.map((a) => a.externalId).sort()).toEqual(
      [META_SEED_IDS.adAccounts.alexEur, META_SEED_IDS.adAccounts.alexJpy].sort(),
    );
    expect(mine.adAccounts.find((a) => a.externalId === META_SEED_IDS.adAccounts.alexEur)).toMatchObject({
      id: movedId,
      name: 'Rivera Outdoor – EU',
    });
    expect((await connectionOf(teamId, active.connectionId)).adAccounts.map((a) => a.externalId)).toEqual([
      META_SEED_IDS.adAccounts.alexUsd,
    ]);
    expect((await connectionOf(teamId, expired.connectionId)).adAccountCount).toBe(0);
    expect(await server.deps.db.selectFrom('ad_account_permissions').select('role').where('ad_account_id', '=', movedId).execute()).toEqual(
      [{ role: 'VIEWER' }],
    );
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

  it("converts Meta's string metrics exactly as Meta answered them for each account", async () => {
    const data = ok(await insights(fx.cast.teamAdmin));
    const { access } = await storedTokens(connectionId);
    for (const account of data.accounts) {
      const url = new URL(`${meta.baseUrl}/v25.0/${account.externalId}/insights`);
      url.searchParams.set('level', 'account');
      url.searchParams.set('fields', 'spend,impressions,clicks,reach,ctr,cpc');
      url.searchParams.set('time_range', JSON.stringify(window()));
      url.searchParams.set('access_token', access);
      const raw = ((await (await fetch(url)).json()) as { data: Record<string, string>[] }).data[0];
      expect(account).toMatchObject({
        spend: Number(raw?.spend ?? 0),
        impressions: Number(raw?.impressions ?? 0),
        clicks: Number(raw?.clicks ?? 0),
        reach: Number(raw?.reach ?? 0),
        ctr: raw?.ctr === undefined ? null : Number(raw.ctr),
        cpc: raw?.cpc === undefined ? null : Number(raw.cpc),
      });
    }
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

  it('fails the whole request naming the account when Meta refuses one, and leaves the connection ACTIVE', async () => {
    meta.faults.add({
      match: { path: `/${META_SEED_IDS.adAccounts.alexJpy}/insights` },
      error: { code: 200, message: '(#200) Ad account owner has NOT grant ads_read permission' },
    });
    const result = await insights(fx.cast.teamAdmin);
    expect(result.response.status).toBe(403);
    expect(codeOf(result)).toBe('UPSTREAM_PERMISSION_DENIED');
    expect((result.error as { error: { details: { objectId?: string }[] } }).error.details[0]?.objectId).toBe(
      META_SEED_IDS.adAccounts.alexJpy,
    );
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
    for (const [status, who, role] of authTable({
      none: 401,
      otherTenant: 404,
      outsider: 403,
      member: 200,
      teamAdmin: 200,
      workspaceAdmin: 200,
    })) {
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

describe('connecting a team to Google Ads through the real redirects', () => {
  it('stores an ACTIVE connection named by the ID token, with the non-manager customers, and redirects with status=connected', async () => {
    const teamId = await createTeam(server, fx);
    const outcome = await connect(fx.cast.teamAdmin, teamId, 'GOOGLE');
    expect(outcome).toMatchObject({ tab: 'ads', status: 'connected', platform: 'GOOGLE' });
    const connection = await connectionOf(teamId, outcome.connectionId as string);
    expect(connection).toMatchObject({
      platform: 'GOOGLE',
      status: 'ACTIVE',
      platformUserId: GOOGLE_SEED_IDS.users.alex.id,
      platformUserName: 'alex.rivera@example.com',
      expiresAt: null,
      connectedBy: USER.teamAdmin,
    });
    expect(connection.scopes).toContain('https://www.googleapis.com/auth/adwords');
    // The manager account (MCC) is skipped.
    expect(connection.adAccounts).toEqual([
      expect.objectContaining({
        externalId: GOOGLE_SEED_IDS.customers.sakuraJpy,
        name: 'Sakura Dental',
        currency: 'JPY',
        timezone: 'Asia/Tokyo',
        status: 'ACTIVE',
      }),
    ]);
  });

  it('stores the refresh token and the access token encrypted', async () => {
    const teamId = await createTeam(server, fx);
    const { connectionId } = await connect(fx.cast.teamAdmin, teamId, 'GOOGLE');
    const tokens = await storedTokens(connectionId as string);
    expect(google.state.refreshTokens.get(tokens.refresh ?? '')).toMatchObject({ userId: GOOGLE_SEED_IDS.users.alex.id, revoked: false });
    expect(google.state.accessTokens.has(tokens.access)).toBe(true);
    const row = await server.deps.db
      .selectFrom('connections')
      .selectAll()
      .where('id', '=', connectionId as string)
      .executeTakeFirstOrThrow();
    expect(`${row.access_token_enc}${row.refresh_token_enc}`).not.toContain(tokens.refresh as string);
  });

  it('skips customers the query refuses (CUSTOMER_NOT_ENABLED)', async () => {
    const alex = google.state.users.find((u) => u.id === GOOGLE_SEED_IDS.users.alex.id);
    if (!alex) throw new Error('no seeded Alex');
    const saved = [...alex.accessibleCustomerIds];
    alex.accessibleCustomerIds = [...saved, GOOGLE_SEED_IDS.customers.northwindCancelled];
    try {
      const teamId = await createTeam(server, fx);
      const { connectionId } = await connect(fx.cast.teamAdmin, teamId, 'GOOGLE');
      expect((await connectionOf(teamId, connectionId as string)).adAccounts.map((a) => a.externalId)).toEqual([
        GOOGLE_SEED_IDS.customers.sakuraJpy,
      ]);
    } finally {
      alex.accessibleCustomerIds = saved;
    }
  });

  it('renews the connection of the same Google account (same id)', async () => {
    const teamId = await createTeam(server, fx);
    const first = await connect(fx.cast.teamAdmin, teamId, 'GOOGLE');
    await server.deps.db
      .updateTable('connections')
      .set({ status: 'REVOKED' })
      .where('id', '=', first.connectionId as string)
      .execute();
    const second = await connect(fx.cast.workspaceAdmin, teamId, 'GOOGLE');
    expect(second.connectionId).toBe(first.connectionId);
    expect(await connectionOf(teamId, first.connectionId as string)).toMatchObject({ status: 'ACTIVE', connectedBy: USER.workspaceAdmin });
  });

  it('redirects with error=ACCESS_DENIED when the user declines', async () => {
    google.state.oauth.deny = true;
    expect(await connect(fx.cast.teamAdmin, await createTeam(server, fx), 'GOOGLE')).toEqual({
      tab: 'ads',
      status: 'error',
      error: 'ACCESS_DENIED',
      platform: 'GOOGLE',
    });
  });

  it('redirects with error=MISSING_PERMISSIONS when the user unticked the Google Ads scope', async () => {
    const { callbackUrl } = await toCallback(fx.cast.teamAdmin, await createTeam(server, fx), 'GOOGLE');
    const code = google.state.codes.get(new URL(callbackUrl).searchParams.get('code') ?? '');
    if (!code) throw new Error('the fake issued no code');
    code.scopes = code.scopes.filter((s) => s !== 'https://www.googleapis.com/auth/adwords');
    expect(await follow(callbackUrl)).toMatchObject({ status: 'error', error: 'MISSING_PERMISSIONS', platform: 'GOOGLE' });
  });

  it('redirects with error=CODE_EXCHANGE_FAILED when Google answers without a refresh token', async () => {
    const { callbackUrl } = await toCallback(fx.cast.teamAdmin, await createTeam(server, fx), 'GOOGLE');
    const code = google.state.codes.get(new URL(callbackUrl).searchParams.get('code') ?? '');
    if (!code) throw new Error('the fake issued no code');
    code.issueRefreshToken = false;
    expect((await follow(callbackUrl)).error).toBe('CODE_EXCHANGE_FAILED');
  });

  it('redirects with error=CODE_EXCHANGE_FAILED when Google refuses the code (invalid_grant: already used)', async () => {
    const teamId = await createTeam(server, fx);
    const { callbackUrl } = await toCallback(fx.cast.teamAdmin, teamId, 'GOOGLE');
    expect((await follow(callbackUrl)).status).toBe('connected');
    const replay = new URL(callbackUrl);
    replay.searchParams.set(
      'state',
      ok(await fx.cast.teamAdmin.POST('/api/v1/connections', { body: { teamId, platform: 'GOOGLE', redirect: REDIRECT } })).state,
    );
    expect((await follow(replay.toString())).error).toBe('CODE_EXCHANGE_FAILED');
  });

  it('redirects with error=UPSTREAM_ERROR when Google Ads is unavailable during discovery', async () => {
    google.faults.add({ match: { path: '/customers:listAccessibleCustomers' }, error: 'UNAVAILABLE' });
    expect((await connect(fx.cast.teamAdmin, await createTeam(server, fx), 'GOOGLE')).error).toBe('UPSTREAM_ERROR');
  });
});

describe('GET /api/v1/connections/{connectionId}/insights (getConnectionInsights) on Google Ads', () => {
  const window = {
    since: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10),
    until: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
  };
  const insights = (client: AdlyftClient, connectionId: string) =>
    client.GET('/api/v1/connections/{connectionId}/insights', { params: { path: { connectionId }, query: window } });

  it('answers spend from cost_micros, ctr in percent, reach null and conversions', async () => {
    const teamId = await createTeam(server, fx);
    const { connectionId } = await connect(fx.cast.teamAdmin, teamId, 'GOOGLE');
    const result = await insights(fx.cast.workspaceAdmin, connectionId as string);
    expect(result.response.headers.get('x-data-source')).toBe('live');
    const [account] = ok(result).accounts;
    expect(account).toMatchObject({ externalId: GOOGLE_SEED_IDS.customers.sakuraJpy, platform: 'GOOGLE', currency: 'JPY', reach: null });
    expect(typeof account?.conversions).toBe('number');
    if (account && account.impressions > 0) expect(account.ctr).toBeCloseTo((account.clicks / account.impressions) * 100, 2);
    if (account && account.clicks > 0) expect(account.cpc).toBeCloseTo(account.spend / account.clicks, 4);
  });

  it("converts Google's cost_micros, ctr and conversions exactly as Google answered them", async () => {
    const teamId = await createTeam(server, fx);
    const { connectionId } = await connect(fx.cast.teamAdmin, teamId, 'GOOGLE');
    const [account] = ok(await insights(fx.cast.teamAdmin, connectionId as string)).accounts;
    const { access } = await storedTokens(connectionId as string);
    const response = await fetch(`${google.baseUrl}/v23/customers/${GOOGLE_SEED_IDS.customers.sakuraJpy}/googleAds:search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${access}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `SELECT metrics.cost_micros, metrics.impressions, metrics.clicks, metrics.ctr, metrics.conversions FROM customer WHERE segments.date BETWEEN '${window.since}' AND '${window.until}'`,
      }),
    });
    const raw = ((await response.json()) as { results?: { metrics: Record<string, string | number> }[] }).results?.[0]?.metrics ?? {};
    const spend = Number(raw.costMicros ?? 0) / 1_000_000;
    const clicks = Number(raw.clicks ?? 0);
    const impressions = Number(raw.impressions ?? 0);
    expect(account).toMatchObject({ spend, clicks, impressions, conversions: Number(raw.conversions ?? 0) });
    expect(account?.ctr).toBe(impressions === 0 ? null : Math.round(Number(raw.ctr) * 100 * 1e6) / 1e6);
    expect(account?.cpc).toBe(clicks === 0 ? null : Math.round((spend / clicks) * 1e6) / 1e6);
  });

  it('refreshes an expired access token first and stores the new one encrypted', async () => {
    const teamId = await createTeam(server, fx);
    const { connectionId } = await connect(fx.cast.teamAdmin, teamId, 'GOOGLE');
    const before = await storedTokens(connectionId as string);
    await server.deps.db
      .updateTable('connections')
      .set({ access_token_expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', connectionId as string)
      .execute();
    expect((await insights(fx.cast.teamAdmin, connectionId as string)).response.status).toBe(200);
    const after = await storedTokens(connectionId as string);
    expect(after.access).not.toBe(before.access);
    expect(after.refresh).toBe(before.refresh);
    expect(google.state.accessTokens.get(after.access)?.refreshToken).toBe(before.refresh);
  });

  it('answers 401 CONNECTION_EXPIRED and marks the connection REVOKED when the refresh token was revoked (invalid_grant)', async () => {
    const teamId = await createTeam(server, fx);
    const { connectionId } = await connect(fx.cast.teamAdmin, teamId, 'GOOGLE');
    google.tokens.revoke((await storedTokens(connectionId as string)).refresh as string);
    await server.deps.db
      .updateTable('connections')
      .set({ access_token_expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', connectionId as string)
      .execute();
    const result = await insights(fx.cast.teamAdmin, connectionId as string);
    expect(result.response.status).toBe(401);
    expect(codeOf(result)).toBe('CONNECTION_EXPIRED');
    expect((await connectionOf(teamId, connectionId as string)).status).toBe('REVOKED');
  });

  it('marks the connection EXPIRED when Google answers UNAUTHENTICATED', async () => {
    const teamId = await createTeam(server, fx);
    const { connectionId } = await connect(fx.cast.teamAdmin, teamId, 'GOOGLE');
    google.tokens.expire((await storedTokens(connectionId as string)).access);
    expect(codeOf(await insights(fx.cast.teamAdmin, connectionId as string))).toBe('CONNECTION_EXPIRED');
    expect((await connectionOf(teamId, connectionId as string)).status).toBe('EXPIRED');
  });

  it('answers 503 UPSTREAM_UNAVAILABLE naming the customer when Google stays unavailable', async () => {
    const teamId = await createTeam(server, fx);
    const { connectionId } = await connect(fx.cast.teamAdmin, teamId, 'GOOGLE');
    google.faults.add({ match: { path: '/customers/*/googleAds:search' }, error: 'UNAVAILABLE' });
    const result = await insights(fx.cast.teamAdmin, connectionId as string);
    expect(result.response.status).toBe(503);
    expect(codeOf(result)).toBe('UPSTREAM_UNAVAILABLE');
    expect(result.response.headers.get('retry-after')).toBeTruthy();
    expect((result.error as { error: { details: { objectId?: string }[] } }).error.details[0]?.objectId).toBe(
      GOOGLE_SEED_IDS.customers.sakuraJpy,
    );
  });
});

describe('secrets', () => {
  it('never puts a platform token, authorization code or app secret in a response or a log line', async () => {
    const teamId = await createTeam(server, fx);
    const codes: string[] = [];
    for (const platform of ['META', 'GOOGLE'] as const) {
      const { callbackUrl } = await toCallback(fx.cast.teamAdmin, teamId, platform);
      codes.push(new URL(callbackUrl).searchParams.get('code') as string);
      expect((await follow(callbackUrl)).status).toBe('connected');
    }
    const secrets = [...issuedTokens(), ...codes, META_SEED_IDS.app.secret, GOOGLE_SEED_IDS.oauthClient.clientSecret];
    const logs = server.logs.join('\n');
    const bodies = answered.join('\n');
    for (const secret of secrets) {
      expect(logs).not.toContain(secret);
      expect(bodies).not.toContain(secret);
    }
    expect(answered.length).toBeGreaterThan(10);
  });
});
