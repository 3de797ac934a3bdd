// The factory wired to both fakes, as server.ts would wire it in the sandbox.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Fakes, GOOGLE_SEED_IDS, startFakes } from '../../../fakes/index.ts';
import { META_APP, META_USERS } from '../../../fakes/meta/ids.ts';
import { loadConfig } from '../../../server/config.ts';
import { createUpstream, type Upstream, upstreamConfigFrom } from '../../../server/upstream/index.ts';
import { recordSleep, upstreamFailure } from './support.ts';

let fakes: Fakes;
let upstream: Upstream;
const waits = recordSleep();
beforeAll(async () => {
  fakes = await startFakes();
  upstream = createUpstream({
    metaApiBaseUrl: fakes.urls.metaGraph, // versioned (…/v25.0): the version segment is dropped, the setting wins
    metaOAuthBaseUrl: fakes.meta.baseUrl,
    metaApiVersion: 'v25.0',
    metaAppId: META_APP.id,
    metaAppSecret: META_APP.secret,
    googleAdsBaseUrl: fakes.google.baseUrl,
    googleOAuthBaseUrl: fakes.google.baseUrl,
    googleAdsApiVersion: 'v23',
    googleClientId: GOOGLE_SEED_IDS.oauthClient.clientId,
    googleClientSecret: GOOGLE_SEED_IDS.oauthClient.clientSecret,
    googleDeveloperToken: 'dev-token',
    timeoutMs: 2_000,
    maxAttempts: 2,
    sleep: waits.sleep,
  });
});
afterAll(async () => {
  await fakes?.close();
});
afterEach(() => {
  fakes.reset();
  waits.waits.length = 0;
});

describe('createUpstream', () => {
  it('builds a Meta client per access token against the configured Graph base and version', async () => {
    const alex = META_USERS[0];
    const me = await upstream.meta.client(alex?.token ?? '').me();
    expect(me.id).toBe(alex?.id);
    expect(fakes.meta.calls.list('/me')[0]?.path).toBe('/v25.0/me');
  });

  it('builds a Google Ads client per access token, acting through a manager when asked', async () => {
    const { users, customers } = GOOGLE_SEED_IDS;
    const google = upstream.google.client(users.alex.accessToken, { loginCustomerId: customers.manager });
    const rows = await google.searchStream(customers.acmeUsd, 'SELECT campaign.id FROM campaign');
    expect(rows.length).toBeGreaterThan(0);
    expect(fakes.google.calls.list('/customers/*/googleAds:searchStream')[0]?.path).toMatch(/^\/v23\//);
  });

  it('points both consent URLs at the configured OAuth bases', () => {
    expect(upstream.meta.oauth.buildAuthorizeUrl({ redirectUri: 'https://a.test/cb', state: 's' })).toMatch(
      new RegExp(`^${fakes.meta.baseUrl}/v25\\.0/dialog/oauth\\?client_id=${META_APP.id}&`),
    );
    expect(upstream.google.oauth.buildAuthorizeUrl({ redirectUri: 'https://a.test/cb', state: 's' })).toMatch(
      new RegExp(`^${fakes.google.baseUrl}/o/oauth2/v2/auth\\?`),
    );
  });

  it('applies maxAttempts and the injected sleep to every client', async () => {
    fakes.meta.faults.add({ match: { path: '/me' }, error: 2 });
    const error = await upstreamFailure(upstream.meta.client(META_USERS[0]?.token ?? '').me());
    expect(error.attempts).toBe(2);
    expect(fakes.meta.calls.count('/me')).toBe(2);
    expect(waits.waits).toHaveLength(1);
  });
});

describe('upstreamConfigFrom', () => {
  it('takes the upstream settings from the server configuration', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://localhost/x',
      JWT_SECRET: 'j'.repeat(32),
      TOKEN_ENCRYPTION_KEY: 'a'.repeat(64),
      META_API_BASE_URL: 'http://127.0.0.1:4010',
      GOOGLE_ADS_BASE_URL: 'http://127.0.0.1:4020',
      UPSTREAM_TIMEOUT_MS: '5000',
      UPSTREAM_MAX_ATTEMPTS: '4',
    });
    const sleep = async (): Promise<void> => {};
    expect(upstreamConfigFrom(config, { sleep })).toMatchObject({
      metaApiBaseUrl: 'http://127.0.0.1:4010',
      metaApiVersion: 'v25.0',
      googleAdsBaseUrl: 'http://127.0.0.1:4020',
      googleAdsApiVersion: 'v23',
      timeoutMs: 5000,
      maxAttempts: 4,
      sleep,
    });
  });
});
