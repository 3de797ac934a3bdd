import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMeta, META_SEED_IDS, startFakeMeta } from '../../fakes/index.ts';
import { graphGet, type Json, TODAY } from './helpers.ts';

const token = META_SEED_IDS.users.alex.accessToken;
const usd = META_SEED_IDS.adAccounts.alexUsd;
let fake: FakeMeta;

beforeAll(async () => {
  fake = await startFakeMeta({ today: TODAY });
});
afterAll(() => fake.close());

const insights = (node: string, params: Record<string, unknown>) =>
  graphGet(fake.graphUrl, `/${node}/insights`, { access_token: token, limit: '5000', ...params });

function seededSpendMinor(accountId: string, since: string, until: string): number {
  const ads = new Set(fake.state.ads.filter((a) => `act_${a.account_id}` === accountId).map((a) => a.id));
  return fake.state.stats.filter((s) => ads.has(s.ad_id) && s.date >= since && s.date <= until).reduce((sum, s) => sum + s.spend, 0);
}

describe('Meta insights', () => {
  it('returns one account row for a time_range, with spend as a major-unit decimal string', async () => {
    const res = await insights(usd, {
      fields: 'spend,impressions,clicks,cpm,ctr,cpc',
      time_range: { since: '2026-09-01', until: '2026-09-29' },
    });
    expect(res.body.data).toHaveLength(1);
    const [row] = res.body.data;
    expect(row).toMatchObject({ date_start: '2026-09-01', date_stop: '2026-09-29', impressions: expect.stringMatching(/^\d+$/) });
    expect(row.spend).toMatch(/^\d+(\.\d{1,2})?$/);
    expect(Number(row.spend)).toBeCloseTo(seededSpendMinor(usd, '2026-09-01', '2026-09-29') / 100, 2);
    expect(Object.keys(row).slice(-2)).toEqual(['date_start', 'date_stop']);
  });

  it('reports JPY spend without decimals (currency offset 1)', async () => {
    const jpy = META_SEED_IDS.adAccounts.alexJpy;
    const res = await insights(jpy, { fields: 'spend', date_preset: 'last_7d' });
    expect(res.body.data[0].spend).toMatch(/^\d+$/);
    expect(Number(res.body.data[0].spend)).toBe(seededSpendMinor(jpy, '2026-09-23', '2026-09-29'));
  });

  it('splits by day with time_increment=1, and last_7d ends yesterday', async () => {
    const res = await insights(usd, { fields: 'spend', date_preset: 'last_7d', time_increment: '1' });
    expect(res.body.data.map((r: Json) => r.date_start)).toEqual([
      '2026-09-23',
      '2026-09-24',
      '2026-09-25',
      '2026-09-26',
      '2026-09-27',
      '2026-09-28',
      '2026-09-29',
    ]);
    for (const row of res.body.data) expect(row.date_stop).toBe(row.date_start);
  });

  it('rolls up to the requested level with the entity ids and names', async () => {
    const res = await insights(usd, { level: 'campaign', fields: 'campaign_id,campaign_name,objective,spend', date_preset: 'last_30d' });
    const ids = res.body.data.map((r: Json) => r.campaign_id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const row of res.body.data) {
      const campaign = fake.state.campaigns.find((c) => c.id === row.campaign_id);
      expect(row).toMatchObject({ campaign_name: campaign?.name, objective: campaign?.objective });
    }
  });

  it('answers campaign-node insights for just that campaign', async () => {
    const delivering = new Set(fake.state.stats.filter((s) => s.date >= '2026-09-23').map((s) => s.ad_id));
    const campaign = fake.state.campaigns.find(
      (c) => `act_${c.account_id}` === usd && fake.state.ads.some((a) => a.campaign_id === c.id && delivering.has(a.id)),
    );
    if (!campaign) throw new Error('no delivering campaign in the seed');
    const res = await insights(campaign.id, { fields: 'adset_id,campaign_id,spend', level: 'adset', date_preset: 'last_7d' });
    expect(res.body.data.length).toBeGreaterThan(0);
    for (const row of res.body.data) {
      expect(row.campaign_id).toBe(campaign.id);
      expect(fake.state.adSets.find((s) => s.id === row.adset_id)?.campaign_id).toBe(campaign.id);
    }
  });

  it.each([['age,gender'], ['country'], ['publisher_platform'], ['device_platform']])(
    'breaks down by %s with rows that sum exactly to the totals',
    async (breakdowns) => {
      const range = { since: '2026-09-10', until: '2026-09-16' };
      const total = await insights(usd, { fields: 'impressions,clicks,spend', time_range: range });
      const split = await insights(usd, { fields: 'impressions,clicks,spend', time_range: range, breakdowns });
      const keys = breakdowns.split(',');
      for (const row of split.body.data) for (const key of keys) expect(row[key]).toEqual(expect.any(String));
      const sum = (field: string) => split.body.data.reduce((s: number, r: Json) => s + Number(r[field]), 0);
      expect(sum('impressions')).toBe(Number(total.body.data[0].impressions));
      expect(sum('clicks')).toBe(Number(total.body.data[0].clicks));
      expect(sum('spend')).toBeCloseTo(Number(total.body.data[0].spend), 1);
    },
  );

  it('rejects breakdown combinations Meta does not allow', async () => {
    const res = await insights(usd, { fields: 'spend', breakdowns: 'age,country' });
    expect(res.body.error).toMatchObject({ code: 100, message: expect.stringContaining('Current combination of data breakdown columns') });
  });

  it('returns actions as {action_type,value} lists with a key per requested attribution window', async () => {
    const res = await insights(usd, {
      fields: 'actions,cost_per_action_type',
      date_preset: 'last_30d',
      action_attribution_windows: ['7d_click', '1d_view'],
    });
    const link = res.body.data[0].actions.find((a: Json) => a.action_type === 'link_click');
    expect(link).toEqual({
      action_type: 'link_click',
      value: expect.any(String),
      '7d_click': expect.any(String),
      '1d_view': expect.any(String),
    });
    expect(Number(link['7d_click']) + Number(link['1d_view'])).toBe(Number(link.value));
  });

  it('validates date_preset and time_range', async () => {
    const preset = await insights(usd, { fields: 'spend', date_preset: 'last_45d' });
    expect(preset.body.error.message).toMatch(/^\(#100\) date_preset must be one of/);
    const range = await insights(usd, { fields: 'spend', time_range: { since: '2026-09-10', until: '2026-09-01' } });
    expect(range.body.error.code).toBe(100);
    const field = await insights(usd, { fields: 'spend,happiness' });
    expect(field.body.error.message).toContain('happiness is not valid for fields param');
  });

  it('sends usage headers on every ads call (X-Business-Use-Case-Usage keyed by ad account)', async () => {
    const res = await insights(usd, { fields: 'spend' });
    const buc = JSON.parse(res.headers.get('x-business-use-case-usage') as string);
    expect(buc[usd.slice(4)][0]).toMatchObject({
      type: 'ads_insights',
      call_count: expect.any(Number),
      estimated_time_to_regain_access: 0,
      ads_api_access_tier: 'standard_access',
    });
    expect(JSON.parse(res.headers.get('x-ad-account-usage') as string)).toMatchObject({ acc_id_util_pct: expect.any(Number) });
    expect(JSON.parse(res.headers.get('x-app-usage') as string)).toEqual({
      call_count: expect.any(Number),
      total_cputime: expect.any(Number),
      total_time: expect.any(Number),
    });
  });
});
