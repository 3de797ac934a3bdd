import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGoogle, GOOGLE_SEED_IDS, startFakeGoogle } from '../../fakes/index.ts';
import { googlePost, type Json, request, TODAY } from './helpers.ts';

const { customers } = GOOGLE_SEED_IDS;
const alex = GOOGLE_SEED_IDS.users.alex.accessToken;
let fake: FakeGoogle;

beforeAll(async () => {
  fake = await startFakeGoogle({ today: TODAY, searchPageSize: 20 });
});
afterAll(() => fake.close());

const search = (customer: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  googlePost(`${fake.adsUrl}/customers/${customer}/googleAds:search`, alex, body, headers);
const viaManager = { 'login-customer-id': customers.manager };

describe('Google Ads customers:listAccessibleCustomers', () => {
  it('lists only the customers the user reaches directly, as resource names', async () => {
    const res = await request(`${fake.adsUrl}/customers:listAccessibleCustomers`, { headers: { authorization: `Bearer ${alex}` } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ resourceNames: [`customers/${customers.manager}`, `customers/${customers.sakuraJpy}`] });
    expect(res.headers.get('request-id')).toMatch(/^[A-Za-z0-9]{22}$/);
  });
});

describe('Google Ads googleAds:search', () => {
  it('answers camelCase rows with resource names, int64 as strings and a camelCase fieldMask', async () => {
    const res = await search(
      customers.acmeUsd,
      { query: 'SELECT campaign.id, campaign.name, campaign_budget.amount_micros, metrics.cost_micros, metrics.conversions FROM campaign' },
      viaManager,
    );
    expect(res.status).toBe(200);
    const [row] = res.body.results;
    expect(row.campaign).toEqual({
      resourceName: `customers/${customers.acmeUsd}/campaigns/${row.campaign.id}`,
      id: expect.stringMatching(/^\d+$/),
      name: expect.any(String),
    });
    expect(row.campaignBudget.amountMicros).toMatch(/^\d+$/);
    expect(row.metrics.costMicros).toMatch(/^\d+$/);
    expect(typeof row.metrics.conversions).toBe('number');
    expect(res.body.fieldMask).toBe('campaign.id,campaign.name,campaignBudget.amountMicros,metrics.costMicros,metrics.conversions');
  });

  it('pages with nextPageToken until the last page, which has none', async () => {
    const query = `SELECT ad_group.id, metrics.clicks, segments.date FROM ad_group WHERE segments.date DURING LAST_14_DAYS`;
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const res = await search(customers.acmeUsd, { query, ...(pageToken ? { pageToken } : {}) }, viaManager);
      pages++;
      seen.push(...res.body.results.map((r: Json) => `${r.adGroup.id}|${r.segments.date}`));
      pageToken = res.body.nextPageToken;
      if (pageToken) expect(res.body.results).toHaveLength(20);
    } while (pageToken);
    expect(pages).toBeGreaterThan(1);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('rejects pageSize with PAGE_SIZE_NOT_SUPPORTED', async () => {
    const res = await search(customers.sakuraJpy, { query: 'SELECT campaign.id FROM campaign', pageSize: 100 });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].errors[0].errorCode).toEqual({ requestError: 'PAGE_SIZE_NOT_SUPPORTED' });
  });

  it('rejects a page token from another query with INVALID_PAGE_TOKEN', async () => {
    const res = await search(customers.sakuraJpy, { query: 'SELECT campaign.id FROM campaign', pageToken: 'bm90LWEtdG9rZW4' });
    expect(res.body.error.details[0].errors[0].errorCode).toEqual({ requestError: 'INVALID_PAGE_TOKEN' });
  });

  it('answers one row per day for segments.date BETWEEN, summing per-device metrics, and drops all-zero days', async () => {
    const campaign = fake.state.campaigns.find((c) => c.customerId === customers.acmeUsd && c.status === 'ENABLED');
    const res = await search(
      customers.acmeUsd,
      {
        query: `SELECT campaign.id, metrics.impressions, metrics.cost_micros, segments.date FROM campaign WHERE segments.date BETWEEN '2026-09-01' AND '2026-09-07' AND campaign.id = ${campaign?.id}`,
      },
      viaManager,
    );
    const facts = fake.state.metrics.filter((m) => m.campaignId === campaign?.id && m.date >= '2026-09-01' && m.date <= '2026-09-07');
    const days = [...new Set(facts.filter((f) => f.impressions > 0 || f.costMicros > 0).map((f) => f.date))].sort();
    expect(res.body.results.map((r: Json) => r.segments.date)).toEqual(days);
    const first = facts.filter((f) => f.date === days[0]);
    expect(res.body.results[0].metrics.impressions).toBe(String(first.reduce((s, f) => s + f.impressions, 0)));
  });

  it('filters with != on enums, and orders and limits', async () => {
    const res = await search(
      customers.acmeUsd,
      {
        query: "SELECT campaign.name, campaign.status FROM campaign WHERE campaign.status != 'REMOVED' ORDER BY campaign.name DESC LIMIT 3",
      },
      viaManager,
    );
    const names = res.body.results.map((r: Json) => r.campaign.name);
    expect(names).toHaveLength(3);
    expect([...names].sort().reverse()).toEqual(names);
    expect(res.body.results.every((r: Json) => r.campaign.status !== 'REMOVED')).toBe(true);
  });

  it('returns responsive search ad headlines from ad_group_ad', async () => {
    const res = await search(customers.sakuraJpy, {
      query:
        'SELECT ad_group.id, ad_group_ad.ad.id, ad_group_ad.ad.responsive_search_ad.headlines, ad_group_ad.ad.responsive_search_ad.descriptions, ad_group_ad.status FROM ad_group_ad WHERE ad_group_ad.ad.type = RESPONSIVE_SEARCH_AD AND ad_group_ad.status != REMOVED',
    });
    const [row] = res.body.results;
    expect(row.adGroupAd.ad.resourceName).toBe(`customers/${customers.sakuraJpy}/ads/${row.adGroupAd.ad.id}`);
    expect(row.adGroupAd.ad.responsiveSearchAd.headlines[0]).toEqual(expect.objectContaining({ text: expect.any(String) }));
  });

  it('returns assets with nested image fields', async () => {
    const res = await search(customers.sakuraJpy, {
      query: "SELECT asset.id, asset.name, asset.type, asset.image_asset.full_size.url FROM asset WHERE asset.type = 'IMAGE'",
    });
    expect(res.body.results.length).toBeGreaterThan(0);
    expect(res.body.results[0].asset.imageAsset.fullSize.url).toMatch(/^https:\/\//);
  });

  it('returns the account currency from FROM customer', async () => {
    const res = await search(customers.sakuraJpy, {
      query: 'SELECT customer.id, customer.currency_code, customer.time_zone FROM customer',
    });
    expect(res.body.results).toEqual([
      {
        customer: {
          resourceName: `customers/${customers.sakuraJpy}`,
          id: customers.sakuraJpy,
          currencyCode: 'JPY',
          timeZone: 'Asia/Tokyo',
        },
      },
    ]);
  });

  it('adds totalResultsCount and a summary row when searchSettings ask for them', async () => {
    const res = await search(customers.sakuraJpy, {
      query: 'SELECT campaign.id, metrics.clicks FROM campaign WHERE segments.date DURING LAST_30_DAYS',
      searchSettings: { returnTotalResultsCount: true, returnSummaryRow: true },
    });
    expect(res.body.totalResultsCount).toBe(String(fake.state.campaigns.filter((c) => c.customerId === customers.sakuraJpy).length));
    const total = res.body.results.reduce((s: number, r: Json) => s + Number(r.metrics.clicks), 0);
    expect(res.body.summaryRow).toEqual({ metrics: { clicks: String(total) } });
  });

  it('lists the manager hierarchy from customer_client', async () => {
    const res = await search(customers.manager, {
      query:
        'SELECT customer_client.client_customer, customer_client.level, customer_client.manager FROM customer_client WHERE customer_client.level <= 1',
    });
    expect(res.body.results.map((r: Json) => r.customerClient.clientCustomer)).toEqual([
      `customers/${customers.manager}`,
      `customers/${customers.acmeUsd}`,
      `customers/${customers.bistroEur}`,
      `customers/${customers.northwindCancelled}`,
    ]);
  });
});

describe('Google Ads account access', () => {
  it('needs login-customer-id to reach a client through its manager (USER_PERMISSION_DENIED without it)', async () => {
    const res = await search(customers.acmeUsd, { query: 'SELECT campaign.id FROM campaign' });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 403, status: 'PERMISSION_DENIED' });
    expect(res.body.error.details[0].errors[0].errorCode).toEqual({ authorizationError: 'USER_PERMISSION_DENIED' });
  });

  it('refuses a login-customer-id with dashes', async () => {
    const res = await search(customers.acmeUsd, { query: 'SELECT campaign.id FROM campaign' }, { 'login-customer-id': '814-532-7703' });
    expect(res.body.error.details[0].errors[0].errorCode).toEqual({ headerError: 'INVALID_LOGIN_CUSTOMER_ID' });
  });

  it('refuses a cancelled client with CUSTOMER_NOT_ENABLED', async () => {
    const res = await search(customers.northwindCancelled, { query: 'SELECT campaign.id FROM campaign' }, viaManager);
    expect(res.body.error.details[0].errors[0].errorCode).toEqual({ authorizationError: 'CUSTOMER_NOT_ENABLED' });
  });

  it('refuses metrics on a manager account with REQUESTED_METRICS_FOR_MANAGER', async () => {
    const res = await search(customers.manager, { query: 'SELECT customer.id, metrics.clicks FROM customer' });
    expect(res.body.error.details[0].errors[0].errorCode).toEqual({ queryError: 'REQUESTED_METRICS_FOR_MANAGER' });
  });

  it('ignores developer-token by default and checks it when configured', async () => {
    const strict = await startFakeGoogle({ today: TODAY, developerToken: 'DEVTOKEN-1234567890123' });
    try {
      const url = `${strict.adsUrl}/customers/${customers.sakuraJpy}/googleAds:search`;
      const missing = await googlePost(url, alex, { query: 'SELECT customer.id FROM customer' });
      expect(missing.status).toBe(401);
      expect(missing.body.error.details[0].errors[0].errorCode).toEqual({ authenticationError: 'DEVELOPER_TOKEN_INVALID' });
      const ok = await googlePost(
        url,
        alex,
        { query: 'SELECT customer.id FROM customer' },
        { 'developer-token': 'DEVTOKEN-1234567890123' },
      );
      expect(ok.status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});

describe('GAQL errors', () => {
  it.each([
    [
      'SELECT campaign.id FROM campaign WHERE segments.date DURING LAST_90_DAYS',
      'INVALID_VALUE_WITH_DURING_OPERATOR',
      'Invalid date literal supplied for DURING operator: LAST_90_DAYS.',
    ],
    ['SELECT campaign.colour FROM campaign', 'UNRECOGNIZED_FIELD', "Unrecognized field in the query: 'campaign.colour'."],
    ['SELECT campaign.id, segments.date FROM campaign', 'EXPECTED_FILTERS_ON_DATE_RANGE', undefined],
    ['SELECT ad_group.id FROM campaign', 'PROHIBITED_RESOURCE_TYPE_IN_SELECT_CLAUSE', undefined],
    ['SELECT asset.id, metrics.clicks FROM asset', 'PROHIBITED_METRIC_IN_SELECT_OR_WHERE_CLAUSE', undefined],
    ["SELECT campaign.id FROM campaign WHERE campaign.status = 'RUNNING'", 'BAD_ENUM_CONSTANT', undefined],
    ['SELECT campaign.id FROM campaign WHERE campaign.id = 1 OR campaign.id = 2', 'UNEXPECTED_INPUT', undefined],
    ['SELECT campaign.id FROM campaign LIMIT 0', 'LIMIT_VALUE_TOO_LOW', undefined],
    ['SELECT campaign.id', 'EXPECTED_FROM', undefined],
    ['SELECT campaign.id FROM keyword_view_xyz', 'BAD_RESOURCE_TYPE_IN_FROM_CLAUSE', undefined],
  ])('answers INVALID_ARGUMENT with queryError for %s', async (query, code, message) => {
    const res = await search(customers.sakuraJpy, { query });
    expect(res.status).toBe(400);
    expect(res.body.error.status).toBe('INVALID_ARGUMENT');
    const [error] = res.body.error.details[0].errors;
    expect(error.errorCode).toEqual({ queryError: code });
    if (message) expect(error.message).toBe(message);
    expect(res.body.error.details[0]['@type']).toBe('type.googleapis.com/google.ads.googleads.v24.errors.GoogleAdsFailure');
  });
});
