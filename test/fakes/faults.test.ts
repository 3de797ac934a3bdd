import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Fakes, GOOGLE_SEED_IDS, META_SEED_IDS, startFakes } from '../../fakes/index.ts';
import { googlePost, graphGet, request, TODAY } from './helpers.ts';

const metaToken = META_SEED_IDS.users.alex.accessToken;
const account = META_SEED_IDS.adAccounts.alexUsd;
const googleToken = GOOGLE_SEED_IDS.users.alex.accessToken;
const sakura = GOOGLE_SEED_IDS.customers.sakuraJpy;
let fakes: Fakes;

beforeAll(async () => {
  fakes = await startFakes({ today: TODAY });
});
afterEach(() => fakes.reset());
afterAll(() => fakes.close());

const campaigns = () => graphGet(fakes.meta.graphUrl, `/${account}/campaigns`, { access_token: metaToken });
const googleSearch = () =>
  googlePost(`${fakes.google.adsUrl}/customers/${sakura}/googleAds:search`, googleToken, { query: 'SELECT customer.id FROM customer' });

describe('fault injection', () => {
  it('applies a fault only `times` times, then the route recovers', async () => {
    fakes.meta.faults.add({ match: { path: '/act_*/campaigns' }, error: 2, times: 2 });
    expect((await campaigns()).status).toBe(500);
    expect((await campaigns()).status).toBe(500);
    expect((await campaigns()).status).toBe(200);
    expect(fakes.meta.faults.list()).toEqual([]);
  });

  it('matches by method and by RegExp', async () => {
    fakes.meta.faults.add({ match: { method: 'POST', path: /\/campaigns$/ }, error: 100 });
    expect((await campaigns()).status).toBe(200);
    fakes.meta.faults.add({ match: { path: /^\/act_\d+\/campaigns$/ }, error: 10 });
    expect((await campaigns()).body.error.code).toBe(10);
  });

  it('delays the answer by latencyMs and still succeeds', async () => {
    fakes.meta.faults.add({ match: { path: '/me' }, latencyMs: 300, times: 1 });
    const started = Date.now();
    const res = await graphGet(fakes.meta.graphUrl, '/me', { access_token: metaToken });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('drops the connection so the client sees a network error', async () => {
    fakes.google.faults.add({ match: { path: '/customers/*/googleAds:search' }, drop: true, times: 1 });
    await expect(googleSearch()).rejects.toThrow();
    expect((await googleSearch()).status).toBe(200);
  });

  it('rate-limits Meta with error 80004/2446079 and usage headers at 100% with the regain time', async () => {
    fakes.meta.faults.add({ match: { path: '/act_*/campaigns' }, rateLimit: { retryAfterSeconds: 300 }, times: 1 });
    const res = await campaigns();
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 80004, error_subcode: 2446079, is_transient: true });
    const buc = JSON.parse(res.headers.get('x-business-use-case-usage') as string);
    expect(buc[account.slice(4)][0]).toMatchObject({ type: 'ads_management', call_count: 100, estimated_time_to_regain_access: 5 });
    expect(JSON.parse(res.headers.get('x-ad-account-usage') as string)).toMatchObject({ acc_id_util_pct: 100, reset_time_duration: 300 });
  });

  it('rate-limits Meta with another throttle code when asked (17 user request limit)', async () => {
    fakes.meta.faults.add({ match: { path: '/me' }, rateLimit: { code: 17 }, times: 1 });
    const res = await graphGet(fakes.meta.graphUrl, '/me', { access_token: metaToken });
    expect(res.body.error).toMatchObject({ code: 17, message: '(#17) User request limit reached' });
    expect(JSON.parse(res.headers.get('x-app-usage') as string).call_count).toBe(100);
  });

  it('rate-limits Google with 429 RESOURCE_EXHAUSTED, quotaErrorDetails and a RetryInfo retryDelay', async () => {
    fakes.google.faults.add({ match: { path: '/customers/*/googleAds:search' }, rateLimit: { retryAfterSeconds: 45 }, times: 1 });
    const res = await googleSearch();
    expect(res.status).toBe(429);
    expect(res.body.error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
    const [failure, retry] = res.body.error.details;
    expect(failure.errors[0]).toMatchObject({
      errorCode: { quotaError: 'RESOURCE_TEMPORARILY_EXHAUSTED' },
      details: { quotaErrorDetails: { retryDelay: '45s' } },
    });
    expect(retry).toEqual({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '45s' });
  });

  it('expires the presented token on expireToken, so this and later calls fail authentication', async () => {
    const token = fakes.meta.tokens.issue(META_SEED_IDS.users.alex.id);
    fakes.meta.faults.add({ match: { path: '/me' }, expireToken: true, times: 1 });
    const first = await graphGet(fakes.meta.graphUrl, '/me', { access_token: token });
    expect(first.body.error).toMatchObject({ code: 190, error_subcode: 463 });
    const later = await graphGet(fakes.meta.graphUrl, '/me', { access_token: token });
    expect(later.body.error.error_subcode).toBe(463);
  });

  it('expires a Google access token on expireToken (UNAUTHENTICATED / OAUTH_TOKEN_EXPIRED)', async () => {
    const refreshed = await request(`${fakes.google.baseUrl}/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: GOOGLE_SEED_IDS.users.alex.refreshToken,
        client_id: GOOGLE_SEED_IDS.oauthClient.clientId,
        client_secret: GOOGLE_SEED_IDS.oauthClient.clientSecret,
      }),
    });
    fakes.google.faults.add({ match: { path: '/customers:listAccessibleCustomers' }, expireToken: true, times: 1 });
    const res = await request(`${fakes.google.adsUrl}/customers:listAccessibleCustomers`, {
      headers: { authorization: `Bearer ${refreshed.body.access_token}` },
    });
    expect(res.status).toBe(401);
    expect(res.body.error.details[0].errors[0].errorCode).toEqual({ authenticationError: 'OAUTH_TOKEN_EXPIRED' });
  });

  it('is controllable over HTTP at /__faults for out-of-process tests', async () => {
    const added = await request(`${fakes.meta.baseUrl}/__faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ match: { pathRegex: '/campaigns$' }, error: { code: 190, subcode: 460 }, times: 1 }),
    });
    expect(added.status).toBe(201);
    const listed = await request(`${fakes.meta.baseUrl}/__faults`);
    expect(listed.body.faults[0]).toMatchObject({
      id: added.body.id,
      match: { pathRegex: expect.stringContaining('campaigns$') },
      times: 1,
    });
    expect((await campaigns()).body.error.error_subcode).toBe(460);

    await request(`${fakes.google.baseUrl}/__faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ match: { path: '/v*/customers/*/googleAds:search' }, error: 'UNAVAILABLE' }),
    });
    expect((await googleSearch()).status).toBe(503);
    await request(`${fakes.google.baseUrl}/__faults`, { method: 'DELETE' });
    expect((await googleSearch()).status).toBe(200);
  });
});

describe('call counting', () => {
  it('counts upstream calls per route so tests can prove zero calls', async () => {
    expect(fakes.meta.calls.count()).toBe(0);
    await campaigns();
    await campaigns();
    await graphGet(fakes.meta.graphUrl, '/me', { access_token: metaToken });
    expect(fakes.meta.calls.count('/act_*/campaigns')).toBe(2);
    expect(fakes.meta.calls.count('/me', 'GET')).toBe(1);
    expect(fakes.meta.calls.count(/campaigns/)).toBe(2);
    expect(fakes.google.calls.count()).toBe(0);
    fakes.meta.calls.reset();
    expect(fakes.meta.calls.count()).toBe(0);
  });

  it('does not count control routes, and reports counts over HTTP at /__calls', async () => {
    await googleSearch();
    await request(`${fakes.google.baseUrl}/__faults`);
    const res = await request(`${fakes.google.baseUrl}/__calls?path=${encodeURIComponent('/customers/*/googleAds:search')}`);
    expect(res.body.count).toBe(1);
    expect(res.body.calls[0]).toMatchObject({ method: 'POST', path: `/v24/customers/${sakura}/googleAds:search` });
    expect(fakes.google.calls.count()).toBe(1);
  });
});
