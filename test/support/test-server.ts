// A real server for one test file: a fresh database, a tenant, the real app on an ephemeral loopback port,
// response validation on, and the generated client pointed at it.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { type AdlyftClient, createAdlyftClient } from '../../client/index.ts';
import { createApp } from '../../server/app.ts';
import { createTokenSigner } from '../../server/auth/tokens.ts';
import { createTokenCipher } from '../../server/connections/token-cipher.ts';
import type { Deps } from '../../server/deps.ts';
import { createLogger } from '../../server/http/logger.ts';
import { type CreatedTenant, createTenant } from '../../server/tenants/service.ts';
import { createUpstream, type UpstreamConfig } from '../../server/upstream/index.ts';
import { createTestDatabase } from './database.ts';

export interface TestServer {
  baseUrl: string;
  deps: Deps;
  tenant: CreatedTenant;
  /** Every log line the server wrote, for assertions that secrets never appear. */
  logs: string[];
  /** A client for the tenant's user, already signed in. */
  clientFor(externalUserId: string): Promise<AdlyftClient>;
  /** A client with the tenant's key and no token. */
  anonymousClient(apiKey?: string): AdlyftClient;
  createTenant(name: string): Promise<CreatedTenant>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  now?: () => Date;
  jwtSecret?: string;
  extraDeps?: Partial<Deps>;
  /** Where the Meta and Google adapters go (the fakes' URLs); by default nowhere. */
  upstream?: UpstreamConfig;
}

const NOWHERE = 'http://127.0.0.1:9';
export const UNREACHABLE_UPSTREAM: UpstreamConfig = {
  metaApiBaseUrl: NOWHERE,
  metaOAuthBaseUrl: NOWHERE,
  metaAppId: 'test-meta-app',
  metaAppSecret: 'test-meta-secret',
  googleAdsBaseUrl: NOWHERE,
  googleOAuthBaseUrl: NOWHERE,
  googleClientId: 'test-google-client',
  googleClientSecret: 'test-google-secret',
  googleDeveloperToken: 'test-developer-token',
  maxAttempts: 1,
  timeoutMs: 1000,
};

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const now = options.now ?? (() => new Date());
  // Listen first, so the deployment's public base URL (the OAuth callbacks' redirect_uri) is known to the app.
  const server: Server = createServer();
  server.listen(0, '127.0.0.1');
  await new Promise<void>((ready) => server.once('listening', () => ready()));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const deps: Deps = {
    db: database.db,
    logger: createLogger('info', sink),
    now,
    tokens: createTokenSigner(options.jwtSecret ?? 'test-secret-test-secret-test-secret-0123', now),
    validateResponses: true,
    version: '0.0.0-test',
    startedAt: now(),
    publicBaseUrl: baseUrl,
    tokenCipher: createTokenCipher(randomBytes(32)),
    oauthStateSecret: randomBytes(32),
    // No real platform is ever called from a test: without `upstream` options every base URL refuses connections.
    upstream: createUpstream(options.upstream ?? UNREACHABLE_UPSTREAM),
    ...options.extraDeps,
  };
  const tenant = await createTenant(database.db, 'Test tenant');
  server.on('request', createApp(deps));
  return {
    baseUrl,
    deps,
    tenant,
    logs,
    async clientFor(externalUserId) {
      const client = createAdlyftClient({ baseUrl, apiKey: tenant.apiKey });
      await client.signIn(externalUserId);
      return client;
    },
    anonymousClient(apiKey = tenant.apiKey) {
      return createAdlyftClient({ baseUrl, apiKey });
    },
    createTenant: (name) => createTenant(database.db, name),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await database.close();
    },
  };
}
