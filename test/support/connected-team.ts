// A team connected to the Meta fake, for the suites of operations that call Meta through a connection: the fake
// Graph API on an ephemeral port, a test server whose Meta adapter points at it (no waiting between retries),
// the authorization cast and workspace of connections.ts, and connections of fake Meta users written to the
// tables as the OAuth callback writes them (token encrypted, ad accounts with the fake's names and currencies).
import { type FakeGoogle, type FakeGoogleOptions, GOOGLE_SEED_IDS, startFakeGoogle } from '../../fakes/google/index.ts';
import { META_SEED_IDS } from '../../fakes/meta/ids.ts';
import { type FakeMeta, type FakeMetaOptions, startFakeMeta } from '../../fakes/meta/index.ts';
import type { UpstreamConfig } from '../../server/upstream/index.ts';
import { createFixture, type Fixture, type SeededConnection, seedConnection, seedPermission } from './connections.ts';
import { startTestServer, type TestServer, type TestServerOptions, UNREACHABLE_UPSTREAM } from './test-server.ts';

export { GOOGLE_SEED_IDS, META_SEED_IDS };

export type MetaSeedUser = keyof typeof META_SEED_IDS.users;

export interface MetaSandbox {
  fake: FakeMeta;
  server: TestServer;
  fx: Fixture;
  close(): Promise<void>;
}

export interface MetaSandboxOptions {
  fake?: FakeMetaOptions;
  /** Overrides of the Meta adapter settings (attempts, timeout…). */
  upstream?: Partial<UpstreamConfig>;
  server?: Omit<TestServerOptions, 'upstream'>;
}

/**
 * The fake (with a business-use-case quota no suite reaches, unless `fake.bucQuotaPerHour` says otherwise), a
 * server calling it with the fake app's id and secret, two attempts per call and no real sleeping, and the
 * fixture workspace with its signed-in cast.
 */
export async function startMetaSandbox(options: MetaSandboxOptions = {}): Promise<MetaSandbox> {
  const fake = await startFakeMeta({ bucQuotaPerHour: 1_000_000, ...options.fake });
  const server = await startTestServer({
    ...options.server,
    upstream: {
      ...UNREACHABLE_UPSTREAM,
      metaApiBaseUrl: fake.baseUrl,
      metaOAuthBaseUrl: fake.baseUrl,
      metaAppId: fake.state.app.id,
      metaAppSecret: fake.state.app.secret,
      maxAttempts: 2,
      timeoutMs: 2_000,
      sleep: async () => undefined,
      ...options.upstream,
    },
  });
  const fx = await createFixture(server);
  return {
    fake,
    server,
    fx,
    async close() {
      await server.close();
      await fake.close();
    },
  };
}

export interface ConnectMetaUserOptions {
  teamId: string;
  connectedByUserId: string;
  /** Which seeded Meta user connects. */
  user: MetaSeedUser;
  /** The ad accounts (`act_…`) the connection brings; default every account of the user. */
  accounts?: string[];
  /** Another token of the user (e.g. `fake.tokens.issue(userId)`), so a test can expire it alone. */
  accessToken?: string;
}

/** A connection of a seeded fake Meta user, with the fake's account names, currencies and time zones. */
export async function connectMetaUser(sandbox: MetaSandbox, options: ConnectMetaUserOptions): Promise<SeededConnection> {
  const seedUser = META_SEED_IDS.users[options.user];
  const user = sandbox.fake.state.users.find((u) => u.id === seedUser.id);
  if (!user) throw new Error(`the fake has no user ${options.user}`);
  const accountIds = options.accounts ?? user.adAccountIds;
  return seedConnection(sandbox.server, {
    teamId: options.teamId,
    connectedByUserId: options.connectedByUserId,
    platform: 'META',
    platformUserId: user.id,
    accessToken: options.accessToken ?? seedUser.accessToken,
    accounts: accountIds.map((id) => {
      const account = sandbox.fake.state.adAccounts.find((a) => a.id === id);
      if (!account) throw new Error(`the fake has no ad account ${id}`);
      return { externalId: account.id, name: account.name, currency: account.currency, timezone: account.timezone_name };
    }),
  });
}

/** Gives the fixture's MEMBER a permission on one of the connection's accounts (by its `act_…` id). */
export async function grantMember(
  sandbox: MetaSandbox,
  connection: SeededConnection,
  actId: string,
  role: 'MANAGER' | 'VIEWER',
): Promise<void> {
  const adAccountId = connection.adAccountIds[actId];
  if (!adAccountId) throw new Error(`the connection does not bring ${actId}`);
  await seedPermission(sandbox.server, adAccountId, sandbox.fx.userIds.member, role, sandbox.fx.userIds.teamAdmin);
}

// ── Google ───────────────────────────────────────────────────────────────────────────────────────────────

export type GoogleSeedUser = keyof typeof GOOGLE_SEED_IDS.users;

export interface GoogleSandbox {
  fake: FakeGoogle;
  server: TestServer;
  fx: Fixture;
  close(): Promise<void>;
}

export interface GoogleSandboxOptions {
  fake?: FakeGoogleOptions;
  /** Overrides of the Google adapter settings (attempts, timeout…). */
  upstream?: Partial<UpstreamConfig>;
  server?: Omit<TestServerOptions, 'upstream'>;
}

/**
 * The Google Ads fake (OAuth endpoints on the same port), a server calling it with the fake OAuth client, two
 * attempts per call and no real sleeping, and the fixture workspace with its signed-in cast.
 */
export async function startGoogleSandbox(options: GoogleSandboxOptions = {}): Promise<GoogleSandbox> {
  const fake = await startFakeGoogle(options.fake);
  const server = await startTestServer({
    ...options.server,
    upstream: {
      ...UNREACHABLE_UPSTREAM,
      googleAdsBaseUrl: fake.baseUrl,
      googleOAuthBaseUrl: fake.baseUrl,
      googleClientId: fake.state.oauthClient.clientId,
      googleClientSecret: fake.state.oauthClient.clientSecret,
      maxAttempts: 2,
      timeoutMs: 2_000,
      sleep: async () => undefined,
      ...options.upstream,
    },
  });
  const fx = await createFixture(server);
  return {
    fake,
    server,
    fx,
    async close() {
      await server.close();
      await fake.close();
    },
  };
}

export interface ConnectGoogleUserOptions {
  teamId: string;
  connectedByUserId: string;
  /** Which seeded Google user connects. */
  user: GoogleSeedUser;
  /** The customers (10 digits) the connection brings; default the user's directly accessible non-manager customers. */
  customers?: string[];
  /** When the stored access token stops working; default in an hour. `null` makes the first call refresh it. */
  accessTokenExpiresAt?: Date | null;
  /** Another refresh token (e.g. one a test revokes alone). */
  refreshToken?: string;
}

/** A connection of a seeded fake Google user, with the fake's customer names, currencies and time zones. */
export async function connectGoogleUser(sandbox: GoogleSandbox, options: ConnectGoogleUserOptions): Promise<SeededConnection> {
  const seedUser = GOOGLE_SEED_IDS.users[options.user];
  const user = sandbox.fake.state.users.find((u) => u.id === seedUser.id);
  if (!user) throw new Error(`the fake has no Google user ${options.user}`);
  const customerIds =
    options.customers ?? user.accessibleCustomerIds.filter((id) => sandbox.fake.state.customers.some((c) => c.id === id && !c.manager));
  const connection = await seedConnection(sandbox.server, {
    teamId: options.teamId,
    connectedByUserId: options.connectedByUserId,
    platform: 'GOOGLE',
    platformUserId: user.id,
    accessToken: seedUser.accessToken,
    refreshToken: options.refreshToken ?? seedUser.refreshToken,
    accounts: customerIds.map((id) => {
      const customer = sandbox.fake.state.customers.find((c) => c.id === id);
      if (!customer) throw new Error(`the fake has no Google customer ${id}`);
      return { externalId: customer.id, name: customer.descriptiveName, currency: customer.currencyCode, timezone: customer.timeZone };
    }),
  });
  const expiresAt = options.accessTokenExpiresAt === undefined ? new Date(Date.now() + 3_600_000) : options.accessTokenExpiresAt;
  await sandbox.server.deps.db
    .updateTable('connections')
    .set({ access_token_expires_at: expiresAt })
    .where('id', '=', connection.connectionId)
    .execute();
  return connection;
}
