// The process: reads configuration, opens and migrates the database, starts the platform fakes in sandbox
// mode, listens on HOST:PORT (127.0.0.1 by default), and drains gracefully on SIGTERM/SIGINT.

import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { startFakes } from '../fakes/index.ts';
import { createApp } from './app.ts';
import { createTokenSigner } from './auth/tokens.ts';
import { ConfigError, loadConfig } from './config.ts';
import { deriveOAuthStateSecret } from './connections/oauth-state.ts';
import { createTokenCipher } from './connections/token-cipher.ts';
import { openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createLogger } from './http/logger.ts';
import { countTenants } from './tenants/repository.ts';
import { createTenant } from './tenants/service.ts';
import { createUpstream } from './upstream/index.ts';

const DRAIN_TIMEOUT_MS = 10_000;

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`configuration error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
const logger = createLogger(config.logLevel);
const version = JSON.parse(readFileSync(resolve(import.meta.dirname, '..', 'package.json'), 'utf8')).version as string;

const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  const applied = await migrateToLatest(database.db);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
} catch (error) {
  logger.fatal({ err: { message: error instanceof Error ? error.message : String(error) } }, 'migration failed');
  await database.close();
  process.exit(1);
}

// First start of an empty embedded database: a demo tenant, so the API can be tried at once.
if (database.kind === 'pglite' && (await countTenants(database.db)) === 0) {
  const demo = await createTenant(database.db, 'Demo tenant');
  console.log(`demo tenant created; its API key (shown only now): ${demo.apiKey}`);
}

const now = () => new Date();
// Sandbox: the Meta and Google fakes run in this process, on their own loopback ports, with this deployment's
// app credentials; a base URL set in the environment still wins (e.g. fakes started with `node fakes/cli.ts`).
const fakes =
  config.upstream === 'sandbox'
    ? await startFakes({
        meta: { appId: config.metaAppId, appSecret: config.metaAppSecret },
        google: { clientId: config.googleClientId, clientSecret: config.googleClientSecret },
      })
    : undefined;
if (fakes) logger.info({ meta: fakes.meta.baseUrl, google: fakes.google.baseUrl }, 'sandbox: platform fakes started');
const upstream = createUpstream({
  metaApiBaseUrl: config.metaApiBaseUrl ?? fakes?.meta.baseUrl,
  // The fake serves the login dialog on the same origin as its Graph API; live mode defaults to Meta's own.
  metaOAuthBaseUrl: config.metaOAuthBaseUrl ?? (config.upstream === 'sandbox' ? (config.metaApiBaseUrl ?? fakes?.meta.baseUrl) : undefined),
  metaApiVersion: config.metaApiVersion,
  metaAppId: config.metaAppId,
  metaAppSecret: config.metaAppSecret,
  googleAdsBaseUrl: config.googleAdsBaseUrl ?? fakes?.google.baseUrl,
  googleOAuthBaseUrl: config.googleOAuthBaseUrl ?? fakes?.google.baseUrl,
  googleAdsApiVersion: config.googleAdsApiVersion,
  googleClientId: config.googleClientId,
  googleClientSecret: config.googleClientSecret,
  googleDeveloperToken: config.googleDeveloperToken,
  timeoutMs: config.upstreamTimeoutMs,
  maxAttempts: config.upstreamMaxAttempts,
});
const app = createApp({
  db: database.db,
  logger,
  now,
  tokens: createTokenSigner(config.jwtSecret, now),
  validateResponses: config.validateResponses,
  version,
  startedAt: now(),
  publicBaseUrl: config.publicBaseUrl,
  tokenCipher: createTokenCipher(config.tokenEncryptionKey),
  oauthStateSecret: deriveOAuthStateSecret(config.jwtSecret),
  upstream,
});

const server = app.listen(config.port, config.host, () => {
  const { port } = server.address() as AddressInfo;
  console.log(`Adlyft API listening on http://${config.host}:${port}/api/v1 (database: ${database.kind}, upstream: ${config.upstream})`);
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'draining');
  const forced = setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS);
  server.closeIdleConnections();
  await new Promise<void>((done) => server.close(() => done()));
  clearTimeout(forced);
  await database.close();
  await fakes?.close();
  logger.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
