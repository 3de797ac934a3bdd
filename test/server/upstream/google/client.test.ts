// The Google Ads client against the Google fake on an ephemeral port: paging, stream batches, error mapping,
// retries counted by the fake's call log, and RetryInfo waits recorded by an injected sleep.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGoogle, GOOGLE_SEED_IDS, startFakeGoogle } from '../../../../fakes/google/index.ts';
import { toAppError } from '../../../../server/upstream/errors.ts';
import { createGoogleAdsClient, type GoogleAdsClient } from '../../../../server/upstream/google/client.ts';
import { campaignsQuery, customerQuery, insightsQuery } from '../../../../server/upstream/google/gaql.ts';
import { mapGoogleCustomer, microsToMajor } from '../../../../server/upstream/google/mapper.ts';
import { createGoogleOAuth } from '../../../../server/upstream/google/oauth.ts';
import type { HttpSettings } from '../../../../server/upstream/http.ts';
import { expectNoSecrets, recordSleep, upstreamFailure } from '../support.ts';

const { users, customers, oauthClient } = GOOGLE_SEED_IDS;
const DEV_TOKEN = 'fake-developer-token-0123';
const SEARCH = '/customers/*/googleAds:search';
const STREAM = '/customers/*/googleAds:searchStream';

let fake: FakeGoogle;
beforeAll(async () => {
  fake = await startFakeGoogle({ developerToken: DEV_TOKEN, searchPageSize: 3, streamBatchSize: 2 });
});
afterAll(async () => {
  await fake?.close();
});
afterEach(() => {
  fake.faults.reset();
  fake.calls.reset();
});

interface Options {
  http?: Partial<HttpSettings>;
  token?: string;
  loginCustomerId?: string | null;
}

function client(options: Options = {}): { google: GoogleAdsClient; waits: number[] } {
  const recorded = recordSleep();
  const google = createGoogleAdsClient({
    baseUrl: fake.baseUrl,
    developerToken: DEV_TOKEN,
    accessToken: options.token ?? users.alex.accessToken,
    ...(options.loginCustomerId === null ? {} : { loginCustomerId: options.loginCustomerId ?? customers.manager }),
    http: { sleep: recorded.sleep, random: () => 0.5, ...options.http },
  });
  return { google, waits: recorded.waits };
}

interface CampaignRow {
  campaign: { id: string; name: string; status: string };
  campaignBudget?: { amountMicros?: string };
}

describe('Google Ads client: reads', () => {
  it('lists the directly accessible customers as bare ids', async () => {
    const { google } = client({ loginCustomerId: null });
    await expect(google.listAccessibleCustomers()).resolves.toEqual([customers.manager, customers.sakuraJpy]);
    expect(fake.calls.list('/customers:listAccessibleCustomers')[0]?.path).toBe('/v23/customers:listAccessibleCustomers');
  });

  it('follows nextPageToken through every search page', async () => {
    const { google } = client();
    const rows = await google.search<CampaignRow>('527-310-9846', campaignsQuery());
    const pages = fake.calls.count(SEARCH);
    expect(rows.length).toBeGreaterThan(3);
    expect(pages).toBe(Math.ceil(rows.length / 3));
    expect(new Set(rows.map((r) => r.campaign.id)).size).toBe(rows.length);
    expect(rows.every((r) => r.campaign.status !== 'REMOVED')).toBe(true);
  });

  it('reads every batch of a searchStream answer in one call', async () => {
    const { google } = client();
    const streamed = await google.searchStream<CampaignRow>(customers.acmeUsd, campaignsQuery());
    expect(fake.calls.count(STREAM)).toBe(1);
    expect(streamed.length).toBeGreaterThan(2); // more rows than one batch of 2
    const searched = await google.search<CampaignRow>(customers.acmeUsd, campaignsQuery());
    expect(streamed.map((r) => r.campaign.id).sort()).toEqual(searched.map((r) => r.campaign.id).sort());
  });

  it('returns no rows for a stream whose only batch has no results', async () => {
    const { google } = client();
    const rows = await google.searchStream(customers.acmeUsd, "SELECT campaign.id FROM campaign WHERE campaign.name = 'no such campaign'");
    expect(rows).toEqual([]);
  });

  it('converts budgets and cost from micros to major units', async () => {
    const { google } = client();
    const rows = await google.search<CampaignRow>(customers.acmeUsd, campaignsQuery());
    const withBudget = rows.find((r) => r.campaignBudget?.amountMicros !== undefined);
    const micros = withBudget?.campaignBudget?.amountMicros ?? '';
    expect(micros).toMatch(/^\d+$/);
    expect(microsToMajor(micros)).toBeCloseTo(Number(micros) / 1_000_000, 6);

    const since = new Date(Date.parse(fake.state.today) - 13 * 86_400_000).toISOString().slice(0, 10);
    const insights = await google.searchStream<{ metrics: { costMicros?: string; impressions?: string } }>(
      customers.acmeUsd,
      insightsQuery({ level: 'campaign', since, until: fake.state.today, daily: true }),
    );
    expect(insights.length).toBeGreaterThan(0);
    for (const row of insights) expect(microsToMajor(row.metrics.costMicros)).toBe(Number(row.metrics.costMicros ?? 0) / 1_000_000);
  });

  it('maps the customer row (JPY account)', async () => {
    const { google } = client({ loginCustomerId: null });
    const [row] = await google.search(customers.sakuraJpy, customerQuery());
    expect(mapGoogleCustomer(row ?? {}, customers.sakuraJpy)).toMatchObject({
      externalId: customers.sakuraJpy,
      currency: 'JPY',
      status: 'ACTIVE',
      manager: false,
    });
  });

  it('reaches a client account only through its manager (login-customer-id)', async () => {
    const { google } = client({ loginCustomerId: null });
    const error = await upstreamFailure(google.search(customers.acmeUsd, campaignsQuery()));
    expect(error).toMatchObject({
      kind: 'permission',
      code: 'UPSTREAM_PERMISSION_DENIED',
      platformCode: 'authorizationError.USER_PERMISSION_DENIED',
    });
  });

  it('sends the developer token (a fake that requires it refuses another one as our misconfiguration)', async () => {
    const google = createGoogleAdsClient({
      baseUrl: fake.baseUrl,
      developerToken: 'not-the-developer-token',
      accessToken: users.alex.accessToken,
      http: { sleep: recordSleep().sleep },
    });
    const error = await upstreamFailure(google.listAccessibleCustomers());
    expect(error).toMatchObject({
      code: 'UPSTREAM_ERROR',
      platformCode: 'authenticationError.DEVELOPER_TOKEN_INVALID',
      retryable: false,
      attempts: 1,
    });
  });

  it('refuses an invalid customer id before calling Google', async () => {
    const { google } = client();
    await expect(google.search('12/../34', campaignsQuery())).rejects.toThrow('not a Google Ads customer id');
    expect(fake.calls.count()).toBe(0);
  });
});

describe('Google Ads client: error mapping', () => {
  it.each([
    ['UNAUTHENTICATED', 'auth_expired', 401, 'CONNECTION_EXPIRED'],
    ['PERMISSION_DENIED', 'permission', 403, 'UPSTREAM_PERMISSION_DENIED'],
    ['INVALID_ARGUMENT', 'invalid', 400, 'UPSTREAM_REJECTED'],
    ['NOT_FOUND', 'not_found', 404, 'NOT_FOUND'],
    ['RESOURCE_EXHAUSTED', 'rate_limited', 429, 'UPSTREAM_RATE_LIMITED'],
    ['UNAVAILABLE', 'unavailable', 503, 'UPSTREAM_UNAVAILABLE'],
    ['INTERNAL', 'transient', 502, 'UPSTREAM_ERROR'],
    ['DEADLINE_EXCEEDED', 'timeout', 504, 'UPSTREAM_TIMEOUT'],
  ] as const)('maps %s to %s → %i %s', async (status, kind, ourStatus, code) => {
    fake.faults.add({ match: { path: SEARCH }, error: status });
    const { google } = client({ http: { maxAttempts: 1 } });
    const error = await upstreamFailure(google.search(customers.acmeUsd, campaignsQuery()));
    expect(error).toMatchObject({ platform: 'google', kind, status: ourStatus, code });
    expect(error.traceId).toEqual(expect.any(String));
  });

  it('maps an error inside the searchStream array', async () => {
    fake.faults.add({ match: { path: STREAM }, error: 'PERMISSION_DENIED' });
    const { google } = client();
    const error = await upstreamFailure(google.searchStream(customers.acmeUsd, campaignsQuery()));
    expect(error).toMatchObject({ kind: 'permission', platformCode: 'authorizationError.USER_PERMISSION_DENIED' });
  });

  it('answers UPSTREAM_REJECTED with the queryError for a bad GAQL field', async () => {
    const { google } = client();
    const error = await upstreamFailure(google.search(customers.acmeUsd, 'SELECT campaign.no_such_field FROM campaign'));
    expect(error.kind).toBe('invalid');
    expect(String(error.platformCode)).toMatch(/^queryError\./);
    expect(fake.calls.count(SEARCH)).toBe(1);
  });

  it('answers CONNECTION_EXPIRED once the access token has expired', async () => {
    const oauth = createGoogleOAuth({ oauthBaseUrl: fake.baseUrl, clientId: oauthClient.clientId, clientSecret: oauthClient.clientSecret });
    const { accessToken } = await oauth.refreshAccessToken(users.alex.refreshToken);
    const { google } = client({ token: accessToken, loginCustomerId: null });
    await google.listAccessibleCustomers();
    fake.tokens.expire(accessToken);
    const error = await upstreamFailure(google.listAccessibleCustomers());
    expect(error).toMatchObject({ kind: 'auth_expired', platformCode: 'authenticationError.OAUTH_TOKEN_EXPIRED', attempts: 1 });
    expect(toAppError(error)).toMatchObject({ status: 401, code: 'CONNECTION_EXPIRED' });
    expectNoSecrets(error, [accessToken, DEV_TOKEN]);
  });

  it('puts no access or developer token in any error it raises', async () => {
    const token = users.alex.accessToken;
    fake.faults.add({
      match: { path: SEARCH },
      error: { status: 'INVALID_ARGUMENT', message: `bad header Authorization: Bearer ${token}; developer-token ${DEV_TOKEN}` },
    });
    const { google } = client();
    expectNoSecrets(await upstreamFailure(google.search(customers.acmeUsd, campaignsQuery())), [token, DEV_TOKEN]);
  });
});

describe('Google Ads client: retries', () => {
  it('honours RetryInfo.retryDelay and succeeds on the next attempt', async () => {
    fake.faults.add({ match: { path: STREAM }, rateLimit: { retryAfterSeconds: 5 }, times: 1 });
    const { google, waits } = client();
    await google.searchStream(customers.acmeUsd, campaignsQuery());
    expect(waits).toEqual([5000]);
    expect(fake.calls.count(STREAM)).toBe(2);
  });

  it('gives up at once when retryDelay exceeds the 30 s cap, carrying the wait', async () => {
    fake.faults.add({ match: { path: SEARCH }, rateLimit: { retryAfterSeconds: 90 } });
    const { google, waits } = client();
    const error = await upstreamFailure(google.search(customers.acmeUsd, campaignsQuery()));
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 90, attempts: 1 });
    expect(toAppError(error).headers).toEqual({ 'Retry-After': '90' });
    expect(fake.calls.count(SEARCH)).toBe(1);
    expect(waits).toEqual([]);
  });

  it('retries UNAVAILABLE and succeeds, two calls in all', async () => {
    fake.faults.add({ match: { path: STREAM }, error: 'UNAVAILABLE', times: 1 });
    const { google, waits } = client();
    await google.searchStream(customers.acmeUsd, campaignsQuery());
    expect(fake.calls.count(STREAM)).toBe(2);
    expect(waits).toEqual([125]);
  });

  it('stops after maxAttempts when INTERNAL persists', async () => {
    fake.faults.add({ match: { path: SEARCH }, error: 'INTERNAL' });
    const { google, waits } = client({ http: { maxAttempts: 4 } });
    const error = await upstreamFailure(google.search(customers.acmeUsd, campaignsQuery()));
    expect(error).toMatchObject({ kind: 'transient', code: 'UPSTREAM_ERROR', attempts: 4 });
    expect(fake.calls.count(SEARCH)).toBe(4);
    expect(waits).toHaveLength(3);
  });

  it.each(['INVALID_ARGUMENT', 'PERMISSION_DENIED', 'UNAUTHENTICATED'] as const)('does not retry %s', async (status) => {
    fake.faults.add({ match: { path: SEARCH }, error: status });
    const { google, waits } = client();
    await upstreamFailure(google.search(customers.acmeUsd, campaignsQuery()));
    expect(fake.calls.count(SEARCH)).toBe(1);
    expect(waits).toEqual([]);
  });

  it('answers UPSTREAM_TIMEOUT when Google does not answer in time', async () => {
    fake.faults.add({ match: { path: STREAM }, latencyMs: 400 });
    const { google } = client({ http: { timeoutMs: 100, maxAttempts: 2 } });
    const error = await upstreamFailure(google.searchStream(customers.acmeUsd, campaignsQuery()));
    expect(error).toMatchObject({ kind: 'timeout', code: 'UPSTREAM_TIMEOUT', attempts: 2 });
    expect(fake.calls.count(STREAM)).toBe(2);
  });

  it('retries a dropped connection on a GAQL read (it changes nothing)', async () => {
    fake.faults.add({ match: { path: SEARCH }, drop: true, times: 1 });
    const { google } = client();
    const rows = await google.search(customers.acmeUsd, campaignsQuery());
    expect(rows.length).toBeGreaterThan(0);
    expect(fake.calls.count(SEARCH)).toBe(1 + Math.ceil(rows.length / 3));
  });

  it('maps a connection dropped on every attempt to UPSTREAM_ERROR', async () => {
    fake.faults.add({ match: { path: '/customers:listAccessibleCustomers' }, drop: true });
    const { google } = client({ http: { maxAttempts: 2 } });
    const error = await upstreamFailure(google.listAccessibleCustomers());
    expect(error).toMatchObject({ kind: 'transient', status: 502, code: 'UPSTREAM_ERROR', attempts: 2 });
  });
});
