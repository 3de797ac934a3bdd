import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGoogle, GOOGLE_SEED_IDS, startFakeGoogle } from '../../fakes/index.ts';
import { googlePost, request, TODAY } from './helpers.ts';

const token = GOOGLE_SEED_IDS.users.alex.accessToken;
const sakura = GOOGLE_SEED_IDS.customers.sakuraJpy;
let fake: FakeGoogle;

beforeAll(async () => {
  fake = await startFakeGoogle({ today: TODAY });
});
afterEach(() => fake.faults.reset());
afterAll(() => fake.close());

describe('Google error objects', () => {
  it.each([
    ['INVALID_ARGUMENT', 400, 3, 'requestError'],
    ['UNAUTHENTICATED', 401, 16, 'authenticationError'],
    ['PERMISSION_DENIED', 403, 7, 'authorizationError'],
    ['RESOURCE_EXHAUSTED', 429, 8, 'quotaError'],
    ['INTERNAL', 500, 13, 'internalError'],
    ['UNAVAILABLE', 503, 14, 'internalError'],
  ] as const)('maps an injected %s to HTTP %i with a GoogleAdsFailure detail', async (status, http, _grpc, family) => {
    fake.faults.add({ match: { path: '/customers/*/googleAds:search' }, error: status, times: 1 });
    const res = await googlePost(`${fake.baseUrl}/v25/customers/${sakura}/googleAds:search`, token, {
      query: 'SELECT customer.id FROM customer',
    });
    expect(res.status).toBe(http);
    expect(res.body.error).toMatchObject({ code: http, status, message: expect.any(String) });
    const [failure] = res.body.error.details;
    expect(failure['@type']).toBe('type.googleapis.com/google.ads.googleads.v25.errors.GoogleAdsFailure');
    expect(Object.keys(failure.errors[0].errorCode)).toEqual([family]);
    expect(failure.requestId).toMatch(/^[A-Za-z0-9]{22}$/);
  });

  it('lets a fault name the exact errorCode, message and retry delay', async () => {
    fake.faults.add({
      match: { path: '/customers/*/googleAds:search' },
      error: {
        status: 'RESOURCE_EXHAUSTED',
        errorCode: { quotaError: 'EXCESSIVE_SHORT_TERM_QUERY_RESOURCE_CONSUMPTION' },
        message: 'Slow down.',
        retryDelaySeconds: 120,
      },
    });
    const res = await googlePost(`${fake.adsUrl}/customers/${sakura}/googleAds:search`, token, {
      query: 'SELECT customer.id FROM customer',
    });
    expect(res.body.error.details).toEqual([
      expect.objectContaining({
        errors: [
          expect.objectContaining({ errorCode: { quotaError: 'EXCESSIVE_SHORT_TERM_QUERY_RESOURCE_CONSUMPTION' }, message: 'Slow down.' }),
        ],
      }),
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '120s' },
    ]);
  });

  it('answers OAUTH_TOKEN_INVALID for an unknown bearer token', async () => {
    const res = await request(`${fake.adsUrl}/customers:listAccessibleCustomers`, { headers: { authorization: 'Bearer ya29.unknown' } });
    expect(res.status).toBe(401);
    expect(res.body.error.details[0].errors[0].errorCode).toEqual({ authenticationError: 'OAUTH_TOKEN_INVALID' });
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('answers REQUIRED_FIELD_MISSING for a search without query, and a bare INVALID_ARGUMENT for malformed JSON', async () => {
    const missing = await googlePost(`${fake.adsUrl}/customers/${sakura}/googleAds:search`, token, {});
    expect(missing.body.error.details[0].errors[0]).toMatchObject({
      errorCode: { requestError: 'REQUIRED_FIELD_MISSING' },
      location: { fieldPathElements: [{ fieldName: 'query' }] },
    });
    const malformed = await request(`${fake.adsUrl}/customers/${sakura}/googleAds:search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/^Invalid JSON payload received/);
  });

  it('answers UNSUPPORTED_VERSION below a configured minimum version', async () => {
    const strict = await startFakeGoogle({ today: TODAY, minVersion: 'v23' });
    try {
      const res = await request(`${strict.baseUrl}/v20/customers:listAccessibleCustomers`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.body.error.details[0].errors[0]).toMatchObject({
        errorCode: { requestError: 'UNSUPPORTED_VERSION' },
        message: 'Version v20 is deprecated. Requests to this version will be blocked.',
      });
    } finally {
      await strict.close();
    }
  });

  it('answers Google’s HTML 404 for an unknown REST path', async () => {
    const res = await request(`${fake.adsUrl}/customers/${sakura}/googleAds:mutateEverything`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(404);
    expect(res.body).toContain('Error 404 (Not Found)');
  });
});
