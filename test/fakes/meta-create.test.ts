import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMeta, META_SEED_IDS, startFakeMeta } from '../../fakes/index.ts';
import { graphGet, graphPostForm, graphPostJson, type Json, request, TODAY } from './helpers.ts';

const token = META_SEED_IDS.users.alex.accessToken;
const usd = META_SEED_IDS.adAccounts.alexUsd;
const jpy = META_SEED_IDS.adAccounts.alexJpy;
const pageId = META_SEED_IDS.pages.riveraOutdoor.id;
let fake: FakeMeta;

beforeAll(async () => {
  fake = await startFakeMeta({ today: TODAY });
});
afterAll(() => fake.close());

const post = (path: string, params: Record<string, unknown>) => graphPostForm(fake.graphUrl, path, { access_token: token, ...params });

const trafficCampaign = {
  name: 'Autumn traffic',
  objective: 'OUTCOME_TRAFFIC',
  status: 'PAUSED',
  special_ad_categories: [],
  is_adset_budget_sharing_enabled: false,
};
const targeting = { geo_locations: { countries: ['US'] }, age_min: 25, age_max: 45, publisher_platforms: ['facebook', 'instagram'] };

describe('Meta campaign creation (campaign → ad set → creative → ad)', () => {
  it('creates the full chain with form-encoded JSON-string params and answers {id} at each step', async () => {
    const campaign = await post(`/${usd}/campaigns`, trafficCampaign);
    expect(campaign.body).toEqual({ id: expect.stringMatching(/^\d{18}$/) });

    const adSet = await post(`/${usd}/adsets`, {
      name: 'US 25-45',
      campaign_id: campaign.body.id,
      daily_budget: 2000,
      billing_event: 'IMPRESSIONS',
      optimization_goal: 'LINK_CLICKS',
      bid_strategy: 'LOWEST_COST_WITHOUT_CAP',
      destination_type: 'WEBSITE',
      targeting,
      status: 'PAUSED',
    });
    expect(adSet.body).toEqual({ id: expect.any(String) });

    const creative = await post(`/${usd}/adcreatives`, {
      name: 'Autumn creative',
      object_story_spec: {
        page_id: pageId,
        link_data: {
          message: 'Fresh gear',
          link: 'https://www.example.com/autumn',
          name: 'Autumn',
          picture: 'https://images.example.com/a.jpg',
          call_to_action: { type: 'SHOP_NOW', value: { link: 'https://www.example.com/autumn' } },
        },
      },
    });
    expect(creative.body).toEqual({ id: expect.any(String) });

    const ad = await post(`/${usd}/ads`, {
      name: 'Autumn ad',
      adset_id: adSet.body.id,
      creative: { creative_id: creative.body.id },
      status: 'PAUSED',
    });
    expect(ad.body).toEqual({ id: expect.any(String) });

    const read = await graphGet(fake.graphUrl, `/${adSet.body.id}`, {
      access_token: token,
      fields: 'daily_budget,targeting,campaign_id,effective_status',
    });
    expect(read.body).toMatchObject({ daily_budget: '2000', campaign_id: campaign.body.id, effective_status: 'PAUSED', targeting });
    expect(fake.state.ads.find((a) => a.id === ad.body.id)).toMatchObject({ creative: { id: creative.body.id } });
  });

  it('accepts a JSON body as well as a form body', async () => {
    const res = await graphPostJson(fake.graphUrl, `/${usd}/campaigns`, { access_token: token, ...trafficCampaign, name: 'JSON body' });
    expect(res.body.id).toMatch(/^\d+$/);
    expect(fake.state.campaigns.find((c) => c.id === res.body.id)?.name).toBe('JSON body');
  });

  it('accepts multipart/form-data bodies, as curl -F and the SDKs send them', async () => {
    const form = new FormData();
    form.set('access_token', token);
    for (const [k, v] of Object.entries({ ...trafficCampaign, name: 'Multipart body' }))
      form.set(k, typeof v === 'string' ? v : JSON.stringify(v));
    const res = await request(`${fake.graphUrl}/${usd}/campaigns`, { method: 'POST', body: form });
    expect(res.body.id).toMatch(/^\d+$/);
  });

  it('requires special_ad_categories', async () => {
    const { special_ad_categories: _omit, ...rest } = trafficCampaign;
    const res = await post(`/${usd}/campaigns`, rest);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 100, message: '(#100) The parameter special_ad_categories is required' });
  });

  it('rejects an objective outside the enum', async () => {
    const res = await post(`/${usd}/campaigns`, { ...trafficCampaign, objective: 'MAKE_MONEY' });
    expect(res.body.error.message).toMatch(/^\(#100\) Param objective must be one of \{OUTCOME_APP_PROMOTION/);
  });

  it('requires is_adset_budget_sharing_enabled on a campaign without a campaign budget', async () => {
    const { is_adset_budget_sharing_enabled: _omit, ...rest } = trafficCampaign;
    const res = await post(`/${usd}/campaigns`, rest);
    expect(res.body.error).toMatchObject({
      code: 100,
      error_subcode: 4834011,
      error_user_msg: expect.stringContaining('is_adset_budget_sharing_enabled'),
    });
    const withBudget = await post(`/${usd}/campaigns`, { ...rest, daily_budget: 5000 });
    expect(withBudget.body.id).toBeDefined();
  });

  it('refuses an optimization goal the objective does not offer, with a user-facing message', async () => {
    const campaign = await post(`/${usd}/campaigns`, trafficCampaign);
    const res = await post(`/${usd}/adsets`, {
      name: 'wrong goal',
      campaign_id: campaign.body.id,
      daily_budget: 2000,
      billing_event: 'IMPRESSIONS',
      optimization_goal: 'LEAD_GENERATION',
      targeting,
    });
    expect(res.body.error).toMatchObject({ code: 100, message: 'Invalid parameter', error_user_title: 'Performance Goal Not Available' });
  });

  it('requires promoted_object.page_id for a lead-generation ad set', async () => {
    const campaign = await post(`/${usd}/campaigns`, { ...trafficCampaign, objective: 'OUTCOME_LEADS' });
    const base = {
      name: 'leads',
      campaign_id: campaign.body.id,
      daily_budget: 2000,
      billing_event: 'IMPRESSIONS',
      optimization_goal: 'LEAD_GENERATION',
      destination_type: 'ON_AD',
      targeting,
    };
    const missing = await post(`/${usd}/adsets`, base);
    expect(missing.body.error).toMatchObject({ error_user_title: 'Promoted Object Required' });
    const ok = await post(`/${usd}/adsets`, { ...base, promoted_object: { page_id: pageId } });
    expect(ok.body.id).toBeDefined();
  });

  it('requires a location in targeting', async () => {
    const campaign = await post(`/${usd}/campaigns`, trafficCampaign);
    const res = await post(`/${usd}/adsets`, {
      name: 'nowhere',
      campaign_id: campaign.body.id,
      daily_budget: 2000,
      billing_event: 'IMPRESSIONS',
      optimization_goal: 'LINK_CLICKS',
      targeting: { age_min: 18 },
    });
    expect(res.body.error).toMatchObject({ error_subcode: 1487756, error_user_msg: expect.stringContaining('missing a location') });
  });

  it('reads budgets in minor units: 100 is USD 1.00 but JPY 100, below the yen minimum', async () => {
    const usdCampaign = await post(`/${usd}/campaigns`, { ...trafficCampaign, daily_budget: 100 });
    expect(usdCampaign.body.id).toBeDefined();
    const jpyCampaign = await post(`/${jpy}/campaigns`, { ...trafficCampaign, daily_budget: 100 });
    expect(jpyCampaign.body.error).toMatchObject({ error_subcode: 1885272, error_user_msg: expect.stringContaining('JPY 150') });
    const ok = await post(`/${jpy}/campaigns`, { ...trafficCampaign, daily_budget: 3000 });
    expect(fake.state.campaigns.find((c) => c.id === ok.body.id)?.daily_budget).toBe('3000');
  });

  it('refuses an ad-set budget under a campaign that has a campaign budget', async () => {
    const campaign = await post(`/${usd}/campaigns`, { ...trafficCampaign, daily_budget: 5000 });
    const res = await post(`/${usd}/adsets`, {
      name: 'double budget',
      campaign_id: campaign.body.id,
      daily_budget: 1000,
      billing_event: 'IMPRESSIONS',
      optimization_goal: 'LINK_CLICKS',
      targeting,
    });
    expect(res.body.error).toMatchObject({ error_user_title: 'Budget Is Set At The Campaign Level' });
  });

  it('requires creative={creative_id} on an ad', async () => {
    const adSet = fake.state.adSets.find((s) => `act_${s.account_id}` === usd && s.optimization_goal === 'LINK_CLICKS');
    const res = await post(`/${usd}/ads`, { name: 'no creative', adset_id: adSet?.id });
    expect(res.body.error.message).toBe('(#100) The parameter creative is required');
  });

  it('runs validation only with execution_options=["validate_only"]', async () => {
    const before = fake.state.campaigns.length;
    const res = await post(`/${usd}/campaigns`, { ...trafficCampaign, execution_options: ['validate_only'] });
    expect(res.body).toEqual({ success: true });
    expect(fake.state.campaigns.length).toBe(before);
  });

  it('pauses a campaign with POST /{id} → {success:true}, and its active ad sets become CAMPAIGN_PAUSED', async () => {
    const campaign = fake.state.campaigns.find(
      (c) =>
        `act_${c.account_id}` === usd &&
        c.status === 'ACTIVE' &&
        fake.state.adSets.some((s) => s.campaign_id === c.id && s.status === 'ACTIVE'),
    );
    if (!campaign) throw new Error('no active campaign with active ad sets in the seed');
    const res = await post(`/${campaign.id}`, { status: 'PAUSED' });
    expect(res.body).toEqual({ success: true });
    const adSets = await graphGet(fake.graphUrl, `/${campaign.id}/adsets`, { access_token: token, fields: 'status,effective_status' });
    expect(adSets.body.data.some((s: Json) => s.status === 'ACTIVE' && s.effective_status === 'CAMPAIGN_PAUSED')).toBe(true);
  });

  it('deletes a campaign with DELETE /{id} → {success:true}; it and its children disappear from default listings', async () => {
    const campaign = await post(`/${usd}/campaigns`, trafficCampaign);
    await post(`/${usd}/adsets`, {
      name: 'child',
      campaign_id: campaign.body.id,
      daily_budget: 2000,
      billing_event: 'IMPRESSIONS',
      optimization_goal: 'LINK_CLICKS',
      targeting,
    });
    const res = await request(`${fake.graphUrl}/${campaign.body.id}?access_token=${token}`, { method: 'DELETE' });
    expect(res.body).toEqual({ success: true });
    const node = await graphGet(fake.graphUrl, `/${campaign.body.id}`, { access_token: token, fields: 'status' });
    expect(node.body.status).toBe('DELETED');
    const list = await graphGet(fake.graphUrl, `/${usd}/campaigns`, { access_token: token, limit: '500' });
    expect(list.body.data.map((c: Json) => c.id)).not.toContain(campaign.body.id);
    expect(fake.state.adSets.filter((s) => s.campaign_id === campaign.body.id).every((s) => s.status === 'DELETED')).toBe(true);
  });

  it('refuses writes on a disabled ad account', async () => {
    const sam = META_SEED_IDS.users.sam.accessToken;
    const res = await graphPostForm(fake.graphUrl, `/${META_SEED_IDS.adAccounts.samUsdDisabled}/campaigns`, {
      access_token: sam,
      ...trafficCampaign,
    });
    expect(res.body.error).toMatchObject({ code: 100, error_user_title: 'Ad Account Is Not Active' });
  });

  it('creates a pixel and a custom audience on the account', async () => {
    const pixel = await post(`/${META_SEED_IDS.adAccounts.alexEur}/adspixels`, { name: 'Checkout pixel' });
    expect(pixel.body.id).toMatch(/^\d+$/);
    const audience = await post(`/${usd}/customaudiences`, {
      name: 'Buyers list',
      subtype: 'CUSTOM',
      customer_file_source: 'USER_PROVIDED_ONLY',
    });
    expect(audience.body.id).toMatch(/^\d+$/);
    const missingSource = await post(`/${usd}/customaudiences`, { name: 'No source', subtype: 'CUSTOM' });
    expect(missingSource.body.error.error_user_title).toBe('Customer File Source Required');
  });

  it('keeps the description and retention_days of a new website audience, and refuses a retention outside 1–180', async () => {
    const rule = { inclusions: { operator: 'or', rules: [{ event_sources: [{ id: '1', type: 'pixel' }], retention_seconds: 1_209_600 }] } };
    const created = await post(`/${usd}/customaudiences`, {
      name: 'Visitors 14d',
      subtype: 'WEBSITE',
      description: 'Everyone who visited in the last two weeks',
      retention_days: 14,
      rule,
    });
    expect(created.body.id).toMatch(/^\d+$/);
    const read = await graphGet(fake.graphUrl, `/${created.body.id}`, { access_token: token, fields: 'name,description,retention_days' });
    expect(read.body).toEqual({
      id: created.body.id,
      name: 'Visitors 14d',
      description: 'Everyone who visited in the last two weeks',
      retention_days: 14,
    });
    for (const days of [0, 181]) {
      const refused = await post(`/${usd}/customaudiences`, { name: 'Too long', subtype: 'WEBSITE', retention_days: days, rule });
      expect(refused.body.error).toMatchObject({ code: 100, message: expect.stringContaining('retention_days') });
    }
  });
});
