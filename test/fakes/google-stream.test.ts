import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGoogle, GOOGLE_SEED_IDS, startFakeGoogle } from '../../fakes/index.ts';
import { googlePost, type Json, TODAY } from './helpers.ts';

const { customers } = GOOGLE_SEED_IDS;
const token = GOOGLE_SEED_IDS.users.alex.accessToken;
let fake: FakeGoogle;

beforeAll(async () => {
  fake = await startFakeGoogle({ today: TODAY, streamBatchSize: 25 });
});
afterAll(() => fake.close());

const stream = (customer: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  googlePost(`${fake.baseUrl}/v23/customers/${customer}/googleAds:searchStream`, token, body, headers);

describe('Google Ads googleAds:searchStream', () => {
  it('answers one JSON array of batches, each with results, fieldMask and requestId', async () => {
    const res = await stream(customers.sakuraJpy, {
      query: 'SELECT campaign.id, metrics.impressions, segments.date FROM campaign WHERE segments.date DURING LAST_30_DAYS',
    });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body.length).toBeGreaterThan(1);
    const requestId = res.headers.get('request-id');
    for (const batch of res.body.slice(0, -1)) {
      expect(batch.results).toHaveLength(25);
      expect(batch).toMatchObject({ fieldMask: 'campaign.id,metrics.impressions,segments.date', requestId });
    }
    expect(res.body.at(-1).queryResourceConsumption).toMatch(/^\d+$/);
  });

  it('answers zero rows as a single batch without a results key', async () => {
    const res = await stream(customers.sakuraJpy, { query: "SELECT campaign.id FROM campaign WHERE campaign.name = 'does not exist'" });
    expect(res.body).toEqual([{ fieldMask: 'campaign.id', requestId: expect.any(String), queryResourceConsumption: expect.any(String) }]);
  });

  it('wraps errors in an array too, with the called version in the GoogleAdsFailure type', async () => {
    const res = await stream(customers.acmeUsd, { query: 'SELECT campaign.id FROM campaign' });
    expect(res.status).toBe(403);
    expect(res.body).toEqual([
      {
        error: {
          code: 403,
          message: 'The caller does not have permission',
          status: 'PERMISSION_DENIED',
          details: [
            {
              '@type': 'type.googleapis.com/google.ads.googleads.v23.errors.GoogleAdsFailure',
              errors: [{ errorCode: { authorizationError: 'USER_PERMISSION_DENIED' }, message: expect.any(String) }],
              requestId: expect.any(String),
            },
          ],
        },
      },
    ]);
  });

  it('adds the summary row to the last batch when asked', async () => {
    const res = await stream(customers.sakuraJpy, {
      query: 'SELECT campaign.id, metrics.clicks FROM campaign WHERE segments.date DURING LAST_7_DAYS',
      summaryRowSetting: 'SUMMARY_ROW_WITH_RESULTS',
    });
    const total = res.body.flatMap((b: Json) => b.results ?? []).reduce((s: number, r: Json) => s + Number(r.metrics.clicks), 0);
    expect(res.body.at(-1).summaryRow).toEqual({ metrics: { clicks: String(total) } });
  });
});
