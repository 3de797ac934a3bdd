// A team connected to the Meta fake, for the suites of operations that call Meta through a connection: the fake
// Graph API on an ephemeral port, a test server whose Meta adapter points at it (no waiting between retries),
// the authorization cast and workspace of connections.ts, and connections of fake Meta users written to the
// tables as the OAuth callback writes them (token encrypted, ad accounts with the fake's names and currencies).
import { type FakeMeta, type FakeMetaOptions, startFakeMeta } from '../../fakes/meta/index.ts';
import { META_SEED_IDS } from '../../fakes/meta/ids.ts';
import type { UpstreamConfig } from '../../server/upstream/index.ts';
import { createFixture, type Fixture, type SeededConnection, seedConnection, seedPermission } from './connections.ts';
import { startTestServer, type TestServer, type TestServerOptions, UNREACHABLE_UPSTREAM } from './test-server.ts';

export { META_SEED_IDS };

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
export async function grantMember(sandbox: MetaSandbox, connection: SeededConnection, actId: string, role: 'MANAGER' | 'VIEWER'): Promise<void> {
  const adAccountId = connection.adAccountIds[actId];
  if (!adAccountId) throw new Error(`the connection does not bring ${actId}`);
  await seedPermission(sandbox.server, adAccountId, sandbox.fx.userIds.member, role, sandbox.fx.userIds.teamAdmin);
}
