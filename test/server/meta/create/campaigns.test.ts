// POST /api/v1/{teamId}/meta/campaign/{lead|traffic|sales|awareness|engagement}: a real server against the Meta
// fake. Each objective creates campaign → ad set → creative → ad with what Meta needs for it; a failing step
// leaves nothing behind (proved with the fake's own state), and the error names the step and what is left.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdlyftClient } from '../../../../client/index.ts';
import { findConnection } from '../../../../server/connections/repository.ts';
import { connectMetaUser, grantMember, META_SEED_IDS, type MetaSandbox, startMetaSandbox } from '../../../support/connected-team.ts';
import { authTable, codeOf, createTeam, expectStatus, fieldsOf, type SeededConnection } from '../../../support/connections.ts';

const USD = META_SEED_IDS.adAccounts.alexUsd;
const EUR = META_SEED_IDS.adAccounts.alexEur;
const JPY = META_SEED_IDS.adAccounts.alexJpy;
const PAGE = META_SEED_IDS.pages.riveraOutdoor.id;
/** A step of Meta's answer longer than the server's per-attempt timeout (startMetaSandbox: 2 s). */
const SLOWER_THAN_TIMEOUT_MS = 2_600;

let sandbox: MetaSandbox;
let connection: SeededConnection;
let leadFormId: string;
let pixelId: string;

beforeAll(async () => {
  sandbox = await startMetaSandbox();
  const { fx, fake } = sandbox;
  connection = await connectMetaUser(sandbox, { teamId: fx.teamId, connectedByUserId: fx.userIds.teamAdmin, user: 'alex' });
  // The MEMBER manages the USD account, only views the EUR one, and holds nothing on the JPY one.
  await grantMember(sandbox, connection, USD, 'MANAGER');
  await grantMember(sandbox, connection, EUR, 'VIEWER');
  const form = fake.state.leadForms.find((f) => f.page_id === PAGE && f.status === 'ACTIVE');
  const pixel = fake.state.pixels.find((p) => `act_${p.account_id}` === USD);
  if (!form || !pixel) throw new Error('the fake seed has no active lead form on the page or no pixel on the USD account');
  leadFormId = form.id;
  pixelId = pixel.id;
});
afterAll(async () => {
  await sandbox?.close();
});

type Kind = 'lead' | 'traffic' | 'sales' | 'awareness' | 'engagement';
const KINDS: Kind[] = ['lead', 'traffic', 'sales', 'awareness', 'engagement'];
const OBJECTIVE: Record<Kind, string> = {
  lead: 'OUTCOME_LEADS',
  traffic: 'OUTCOME_TRAFFIC',
  sales: 'OUTCOME_SALES',
  awareness: 'OUTCOME_AWARENESS',
  engagement: 'OUTCOME_ENGAGEMENT',
};

const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString();

/** A valid body of each objective (the spec's examples, with the fake's page, form and pixel). */
function bodyOf(kind: Kind, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base = {
    campaignName: `${kind} ${randomUUID().slice(0, 8)}`,
    dailyBudget: 25.5,
    adSetName: `${kind} - US 25-45`,
    targeting: { geoLocations: [{ type: 'country', id: 'US' }], ageMin: 25, ageMax: 45 },
    pageId: PAGE,
  };
  const image = {
    primaryText: 'Gear up for spring.',
    headline: 'New in store',
    imageUrl: 'https://images.example.com/ads/spring-1200x628.jpg',
  };
  const byKind: Record<Kind, Record<string, unknown>> = {
    lead: { leadFormId, creative: { ...image, callToAction: 'GET_QUOTE' } },
    traffic: { conversionLocation: 'WEBSITE', creative: { ...image, callToAction: 'LEARN_MORE', url: 'https://example.com/spring' } },
    sales: {
      conversionLocation: 'WEBSITE',
      pixelId,
      conversionEvent: 'PURCHASE',
      creative: { ...image, callToAction: 'SHOP_NOW', url: 'https://example.com/shop' },
    },
    awareness: { optimizationGoal: 'REACH', creative: { ...image, callToAction: 'LEARN_MORE' } },
    engagement: { engagementType: 'POST_ENGAGEMENT', creative: { ...image, callToAction: 'LEARN_MORE' } },
  };
  return { ...base, ...byKind[kind], ...overrides };
}

function create(client: AdlyftClient, kind: Kind, body: Record<string, unknown>, adAccountId: string = USD, teamId = sandbox.fx.teamId) {
  const init = { params: { path: { teamId }, query: { adAccountId } }, body: body as never };
  switch (kind) {
    case 'lead':
      return client.POST('/api/v1/{teamId}/meta/campaign/lead', init);
    case 'traffic':
      return client.POST('/api/v1/{teamId}/meta/campaign/traffic', init);
    case 'sales':
      return client.POST('/api/v1/{teamId}/meta/campaign/sales', init);
    case 'awareness':
      return client.POST('/api/v1/{teamId}/meta/campaign/awareness', init);
    case 'engagement':
      return client.POST('/api/v1/{teamId}/meta/campaign/engagement', init);
  }
}

type Details = { step?: string; objectId?: string; code?: string; message: string }[];
const detailsOf = (result: { error?: unknown }): Details =>
  (result.error as { error?: { details?: Details } } | undefined)?.error?.details ?? [];

/** The ids of every ad object the fake holds now. */
function snapshot(): Set<string> {
  const { state } = sandbox.fake;
  return new Set([...state.campaigns, ...state.adSets, ...state.creatives, ...state.ads].map((o) => o.id));
}

/** The objects created since `before`, by kind. */
function createdSince(before: Set<string>) {
  const { state } = sandbox.fake;
  const fresh = <T extends { id: string }>(list: T[]) => list.filter((o) => !before.has(o.id));
  return { campaigns: fresh(state.campaigns), adSets: fresh(state.adSets), creatives: fresh(state.creatives), ads: fresh(state.ads) };
}

const all = (created: ReturnType<typeof createdSince>) => [...created.campaigns, ...created.adSets, ...created.creatives, ...created.ads];

/** The ids the fake was asked to delete, in order. */
const deletedIds = () => sandbox.fake.calls.list(undefined, 'DELETE').map((c) => c.path.split('/').pop());

describe('POST /api/v1/{teamId}/meta/campaign/* — success', () => {
  it('creates a lead campaign: OUTCOME_LEADS, LEAD_GENERATION on the Page, ON_AD, the form in the call to action', async () => {
    const before = snapshot();
    const result = await create(sandbox.fx.cast.member, 'lead', bodyOf('lead'));
    expect(result.response.status, JSON.stringify(result.error)).toBe(201);
    expect(result.data).toMatchObject({ success: true, statusCode: 201, message: 'Campaign created' });
    const data = result.data?.data;
    const created = createdSince(before);
    expect(data).toEqual({
      campaignId: created.campaigns[0]?.id,
      adSetId: created.adSets[0]?.id,
      creativeId: created.creatives[0]?.id,
      adId: created.ads[0]?.id,
      status: 'PAUSED',
    });
    expect(created.campaigns[0]).toMatchObject({
      objective: 'OUTCOME_LEADS',
      status: 'PAUSED',
      special_ad_categories: [],
      is_adset_budget_sharing_enabled: false,
    });
    expect(created.campaigns[0]).not.toHaveProperty('daily_budget');
    expect(created.adSets[0]).toMatchObject({
      campaign_id: data?.campaignId,
      optimization_goal: 'LEAD_GENERATION',
      billing_event: 'IMPRESSIONS',
      destination_type: 'ON_AD',
      promoted_object: { page_id: PAGE },
      daily_budget: '2550',
      bid_strategy: 'LOWEST_COST_WITHOUT_CAP',
      status: 'PAUSED',
      targeting: { geo_locations: { countries: ['US'] }, age_min: 25, age_max: 45 },
    });
    expect(created.creatives[0]?.object_story_spec).toMatchObject({
      page_id: PAGE,
      link_data: { call_to_action: { type: 'GET_QUOTE', value: { lead_gen_form_id: leadFormId } } },
    });
    expect(created.ads[0]).toMatchObject({ adset_id: data?.adSetId, creative: { id: data?.creativeId }, status: 'PAUSED' });
  });

  it('creates a traffic campaign to a website: OUTCOME_TRAFFIC, LINK_CLICKS, destination WEBSITE, the landing page as link', async () => {
    const before = snapshot();
    const result = await create(sandbox.fx.cast.teamAdmin, 'traffic', bodyOf('traffic', { status: 'ACTIVE' }));
    expect(result.response.status, JSON.stringify(result.error)).toBe(201);
    expect(result.data?.data.status).toBe('ACTIVE');
    const created = createdSince(before);
    expect(created.campaigns[0]).toMatchObject({ objective: 'OUTCOME_TRAFFIC', status: 'ACTIVE' });
    expect(created.adSets[0]).toMatchObject({
      optimization_goal: 'LINK_CLICKS',
      billing_event: 'IMPRESSIONS',
      destination_type: 'WEBSITE',
      status: 'ACTIVE',
    });
    expect(created.adSets[0]).not.toHaveProperty('promoted_object');
    expect(created.creatives[0]?.object_story_spec).toMatchObject({
      link_data: { link: 'https://example.com/spring', picture: expect.any(String) },
    });
    expect(created.ads[0]?.status).toBe('ACTIVE');
  });

  it('creates a traffic campaign to WhatsApp billed per link click, the Page as promoted object', async () => {
    const before = snapshot();
    const body = bodyOf('traffic', {
      conversionLocation: 'WHATSAPP',
      optimizationGoal: 'LINK_CLICKS',
      billingEvent: 'LINK_CLICKS',
      creative: {
        primaryText: 'Book in one message.',
        headline: 'Chat with us',
        callToAction: 'WHATSAPP_MESSAGE',
        imageUrl: 'https://images.example.com/w.jpg',
      },
    });
    const result = await create(sandbox.fx.cast.teamAdmin, 'traffic', body);
    expect(result.response.status, JSON.stringify(result.error)).toBe(201);
    const created = createdSince(before);
    expect(created.adSets[0]).toMatchObject({
      billing_event: 'LINK_CLICKS',
      destination_type: 'WHATSAPP',
      promoted_object: { page_id: PAGE },
    });
    expect(created.creatives[0]?.object_story_spec).toMatchObject({
      link_data: { call_to_action: { type: 'WHATSAPP_MESSAGE', value: { app_destination: 'WHATSAPP' } } },
    });
  });

  it('creates a sales campaign: OUTCOME_SALES, OFFSITE_CONVERSIONS, the pixel and its event as promoted object', async () => {
    const before = snapshot();
    const result = await create(sandbox.fx.cast.member, 'sales', bodyOf('sales'));
    expect(result.response.status, JSON.stringify(result.error)).toBe(201);
    const created = createdSince(before);
    expect(created.campaigns[0]?.objective).toBe('OUTCOME_SALES');
    expect(created.adSets[0]).toMatchObject({
      optimization_goal: 'OFFSITE_CONVERSIONS',
      billing_event: 'IMPRESSIONS',
      destination_type: 'WEBSITE',
      promoted_object: { pixel_id: pixelId, custom_event_type: 'PURCHASE' },
    });
  });

  it('creates an awareness campaign: OUTCOME_AWARENESS, REACH, the Page as promoted object and link', async () => {
    const before = snapshot();
    const result = await create(
      sandbox.fx.cast.member,
      'awareness',
      bodyOf('awareness', { endTime: inAMonth(), bidding: { strategy: 'COST_CAP', amount: 1.25 } }),
    );
    expect(result.response.status, JSON.stringify(result.error)).toBe(201);
    const created = createdSince(before);
    expect(created.campaigns[0]?.objective).toBe('OUTCOME_AWARENESS');
    expect(created.adSets[0]).toMatchObject({
      optimization_goal: 'REACH',
      billing_event: 'IMPRESSIONS',
      promoted_object: { page_id: PAGE },
      bid_strategy: 'COST_CAP',
      bid_amount: 125,
      end_time: expect.any(String),
    });
    expect(created.adSets[0]).not.toHaveProperty('destination_type');
    expect(created.creatives[0]?.object_story_spec).toMatchObject({ link_data: { link: `https://www.facebook.com/${PAGE}` } });
  });

  it('creates an engagement campaign: OUTCOME_ENGAGEMENT, POST_ENGAGEMENT, ON_AD', async () => {
    const before = snapshot();
    const result = await create(sandbox.fx.cast.member, 'engagement', bodyOf('engagement'));
    expect(result.response.status, JSON.stringify(result.error)).toBe(201);
    const created = createdSince(before);
    expect(created.campaigns[0]?.objective).toBe('OUTCOME_ENGAGEMENT');
    expect(created.adSets[0]).toMatchObject({
      optimization_goal: 'POST_ENGAGEMENT',
      billing_event: 'IMPRESSIONS',
      destination_type: 'ON_AD',
    });
  });

  it('creates a ThruPlay video engagement campaign with a video creative', async () => {
    const before = snapshot();
    const creative = {
      primaryText: 'Watch the film.',
      headline: 'Launch',
      callToAction: 'WATCH_MORE',
      videoId: '1234567890123456',
      thumbnailUrl: 'https://images.example.com/p.jpg',
    };
    const result = await create(sandbox.fx.cast.member, 'engagement', bodyOf('engagement', { engagementType: 'VIDEO_VIEWS', creative }));
    expect(result.response.status, JSON.stringify(result.error)).toBe(201);
    const created = createdSince(before);
    expect(created.adSets[0]).toMatchObject({ optimization_goal: 'THRUPLAY', destination_type: 'ON_AD' });
    expect(created.creatives[0]).toMatchObject({ object_type: 'VIDEO', video_id: '1234567890123456' });
  });

  it('maps the whole targeting to Meta’s spec and sends audiences as custom_audiences', async () => {
    const before = snapshot();
    const targeting = {
      geoLocations: [
        { type: 'region', id: '3847' },
        { type: 'city', id: '2420379', radius: 15, distanceUnit: 'mile' },
      ],
      excludedGeoLocations: [{ type: 'city', id: '2421836' }],
      ageMin: 30,
      ageMax: 65,
      genders: [1, 2],
      locales: [6],
      publisherPlatforms: ['facebook', 'instagram'],
      interests: [{ id: '6003384248805', name: 'Solar energy' }],
      familyStatuses: [{ id: '6023005458383', name: 'Parents with teenagers (13-17 years)' }],
      educationStatuses: [3, 9],
    };
    const result = await create(
      sandbox.fx.cast.member,
      'awareness',
      bodyOf('awareness', { targeting, audienceIds: ['23851234567890123'] }),
    );
    expect(result.response.status, JSON.stringify(result.error)).toBe(201);
    expect(createdSince(before).adSets[0]?.targeting).toEqual({
      geo_locations: { regions: [{ key: '3847' }], cities: [{ key: '2420379', radius: 15, distance_unit: 'mile' }] },
      excluded_geo_locations: { cities: [{ key: '2421836' }] },
      age_min: 30,
      age_max: 65,
      genders: [1, 2],
      locales: [6],
      publisher_platforms: ['facebook', 'instagram'],
      education_statuses: [3, 9],
      flexible_spec: [
        {
          interests: [{ id: '6003384248805', name: 'Solar energy' }],
          family_statuses: [{ id: '6023005458383', name: 'Parents with teenagers (13-17 years)' }],
        },
      ],
      custom_audiences: [{ id: '23851234567890123' }],
    });
  });

  it('converts the budget with the offset of a JPY account (×1)', async () => {
    const before = snapshot();
    const result = await create(sandbox.fx.cast.teamAdmin, 'awareness', bodyOf('awareness', { dailyBudget: 3000 }), JPY);
    expect(result.response.status, JSON.stringify(result.error)).toBe(201);
    expect(createdSince(before).adSets[0]?.daily_budget).toBe('3000');
  });

  it('makes exactly four POST calls and no DELETE on success', async () => {
    sandbox.fake.calls.reset();
    expect((await create(sandbox.fx.cast.member, 'traffic', bodyOf('traffic'))).response.status).toBe(201);
    expect(sandbox.fake.calls.count('/act_*/*', 'POST')).toBe(4);
    expect(sandbox.fake.calls.count(undefined, 'DELETE')).toBe(0);
  });
});

describe('POST /api/v1/{teamId}/meta/campaign/* — 400 before anything is created', () => {
  it.each([
    ['a USD budget with three decimals', 'lead', USD, { dailyBudget: 10.005 }, ['body.dailyBudget']],
    ['a JPY budget with decimals', 'awareness', JPY, { dailyBudget: 100.5 }, ['body.dailyBudget']],
    [
      'a bid cap with three decimals',
      'traffic',
      USD,
      { bidding: { strategy: 'LOWEST_COST_WITH_BID_CAP', amount: 0.125 } },
      ['body.bidding.amount'],
    ],
    ['an endTime in the past', 'engagement', USD, { endTime: '2020-01-01T00:00:00Z' }, ['body.endTime']],
    ['an endTime before startTime', 'sales', USD, { startTime: '2030-02-01T00:00:00Z', endTime: '2030-01-31T00:00:00Z' }, ['body.endTime']],
    [
      'ageMax below ageMin',
      'awareness',
      USD,
      { targeting: { geoLocations: [{ type: 'country', id: 'US' }], ageMin: 40, ageMax: 30 } },
      ['body.targeting.ageMax'],
    ],
    [
      'a 60-mile radius',
      'lead',
      USD,
      { targeting: { geoLocations: [{ type: 'city', id: '2420379', radius: 60, distanceUnit: 'mile' }] } },
      ['body.targeting.geoLocations[0].radius'],
    ],
    [
      'a 12-kilometre radius',
      'traffic',
      USD,
      { targeting: { geoLocations: [{ type: 'city', id: '2420379', radius: 12, distanceUnit: 'kilometer' }] } },
      ['body.targeting.geoLocations[0].radius'],
    ],
    [
      'VALUE with an event other than PURCHASE',
      'sales',
      USD,
      { optimizationGoal: 'VALUE', conversionEvent: 'ADD_TO_CART' },
      ['body.conversionEvent'],
    ],
  ] as const)('answers 400 BAD_REQUEST naming the field for %s', async (_name, kind, adAccountId, overrides, fields) => {
    sandbox.fake.calls.reset();
    const result = await create(sandbox.fx.cast.teamAdmin, kind, bodyOf(kind, overrides), adAccountId);
    expect(result.response.status).toBe(400);
    expect(codeOf(result)).toBe('BAD_REQUEST');
    expect(fieldsOf(result)).toEqual(fields);
    expect(sandbox.fake.calls.count('/act_*/*', 'POST')).toBe(0);
  });

  it.each([
    [
      'a website traffic creative without url',
      'traffic',
      { creative: { primaryText: 'x', headline: 'y', callToAction: 'LEARN_MORE', imageUrl: 'https://i.example.com/a.jpg' } },
    ],
    [
      'a lead ad with a SHOP_NOW button',
      'lead',
      { creative: { primaryText: 'x', headline: 'y', callToAction: 'SHOP_NOW', imageUrl: 'https://i.example.com/a.jpg' } },
    ],
    [
      'a creative with both an image and a video',
      'awareness',
      {
        creative: {
          primaryText: 'x',
          headline: 'y',
          callToAction: 'LEARN_MORE',
          imageUrl: 'https://i.example.com/a.jpg',
          videoId: '1',
          thumbnailUrl: 'https://i.example.com/t.jpg',
        },
      },
    ],
    ['a special ad category without countries', 'awareness', { specialAdCategories: ['HOUSING'] }],
    ['NONE together with another category', 'awareness', { specialAdCategories: ['NONE', 'CREDIT'], specialAdCountries: ['US'] }],
    ['a sales website campaign without a pixel', 'sales', { pixelId: undefined }],
    ['event responses without an eventId', 'engagement', { engagementType: 'EVENT_RESPONSES' }],
    ['LINK_CLICKS billing with LANDING_PAGE_VIEWS', 'traffic', { optimizationGoal: 'LANDING_PAGE_VIEWS', billingEvent: 'LINK_CLICKS' }],
    ['an unknown field', 'lead', { budget: 20 }],
  ] as const)('answers 400 for the schema rule: %s', async (_name, kind, overrides) => {
    const result = await create(sandbox.fx.cast.teamAdmin, kind, bodyOf(kind, overrides as Record<string, unknown>));
    expect(result.response.status).toBe(400);
    expect(codeOf(result)).toBe('BAD_REQUEST');
  });

  it('answers 400 for an adAccountId that is not act_ + digits, and for a teamId that is not a uuid', async () => {
    expect((await create(sandbox.fx.cast.teamAdmin, 'lead', bodyOf('lead'), '584930127364001')).response.status).toBe(400);
    expect((await create(sandbox.fx.cast.teamAdmin, 'lead', bodyOf('lead'), USD, 'not-a-uuid')).response.status).toBe(400);
  });
});

describe('POST /api/v1/{teamId}/meta/campaign/* — compensation when a step fails', () => {
  const LATER_STEPS = [
    { step: 'adset', path: '/act_*/adsets', createdBefore: 1 },
    { step: 'creative', path: '/act_*/adcreatives', createdBefore: 2 },
    { step: 'ad', path: '/act_*/ads', createdBefore: 3 },
  ] as const;
  const cases = KINDS.flatMap((kind) => LATER_STEPS.map((s) => ({ kind, ...s })));

  it.each(cases)(
    '$kind: when the $step POST fails, deletes the $createdBefore object(s) already created, newest first, and names the step',
    async ({ kind, step, path, createdBefore }) => {
      const { fake } = sandbox;
      const before = snapshot();
      fake.calls.reset();
      fake.faults.add({
        match: { method: 'POST', path },
        times: 1,
        error: {
          code: 100,
          subcode: 1885272,
          userTitle: 'Your Budget Is Too Low',
          userMsg: 'The minimum budget for this ad set is USD 1.00.',
        },
      });
      const result = await create(sandbox.fx.cast.member, kind, bodyOf(kind));
      expect(result.response.status).toBe(400);
      expect(codeOf(result)).toBe('UPSTREAM_REJECTED');
      expect(detailsOf(result)).toEqual([{ step, code: '100/1885272', message: 'The minimum budget for this ad set is USD 1.00.' }]);
      const created = createdSince(before);
      // The failed step created nothing; what the earlier steps created is all DELETED at Meta.
      expect(all(created)).toHaveLength(createdBefore);
      expect(all(created).every((o) => o.status === 'DELETED')).toBe(true);
      expect(created.campaigns[0]?.objective).toBe(OBJECTIVE[kind]);
      const newestFirst = [created.creatives[0]?.id, created.adSets[0]?.id, created.campaigns[0]?.id].filter((id) => id !== undefined);
      expect(deletedIds()).toEqual(newestFirst);
    },
  );

  it('creates and deletes nothing when the campaign step itself fails', async () => {
    const before = snapshot();
    sandbox.fake.calls.reset();
    sandbox.fake.faults.add({
      match: { method: 'POST', path: '/act_*/campaigns' },
      times: 1,
      error: { code: 200, message: '(#200) Ad account owner has NOT grant ads_management permission' },
    });
    const result = await create(sandbox.fx.cast.member, 'lead', bodyOf('lead'));
    expect(result.response.status).toBe(403);
    expect(codeOf(result)).toBe('UPSTREAM_PERMISSION_DENIED');
    expect(detailsOf(result)).toEqual([
      { step: 'campaign', code: '200', message: '(#200) Ad account owner has NOT grant ads_management permission' },
    ]);
    expect(all(createdSince(before))).toEqual([]);
    expect(deletedIds()).toEqual([]);
  });

  it('lists what the cleanup could not delete (step cleanup, objectId) and deletes the rest', async () => {
    const { fake } = sandbox;
    const before = snapshot();
    fake.calls.reset();
    fake.faults.add({ match: { method: 'POST', path: '/act_*/ads' }, times: 1, error: { code: 100, message: 'Invalid parameter' } });
    // The first deletion (the creative, newest) is refused; the ad set and the campaign go.
    fake.faults.add({ match: { method: 'DELETE', path: '/*' }, times: 1, error: { code: 200, message: '(#200) Permissions error' } });
    const result = await create(sandbox.fx.cast.member, 'awareness', bodyOf('awareness'));
    expect(result.response.status).toBe(400);
    const created = createdSince(before);
    const creativeId = created.creatives[0]?.id;
    expect(detailsOf(result)).toEqual([
      { step: 'ad', code: '100', message: 'Invalid parameter' },
      {
        step: 'cleanup',
        objectId: creativeId,
        code: '200',
        message: `The ad creative ${creativeId} could not be deleted and is left in the ad account: (#200) Permissions error`,
      },
    ]);
    expect((result.error as { error: { message: string } }).error.message).toMatch(/could not be deleted/);
    expect(created.creatives[0]?.status).toBe('ACTIVE');
    expect(created.adSets[0]?.status).toBe('DELETED');
    expect(created.campaigns[0]?.status).toBe('DELETED');
    expect(deletedIds()).toEqual([creativeId, created.adSets[0]?.id, created.campaigns[0]?.id]);
  });

  it('answers 502 UPSTREAM_ERROR when Meta fails the ad step with a server error, without repeating the POST', async () => {
    const before = snapshot();
    sandbox.fake.calls.reset();
    sandbox.fake.faults.add({ match: { method: 'POST', path: '/act_*/ads' }, times: 1, error: 2 });
    const result = await create(sandbox.fx.cast.member, 'sales', bodyOf('sales'));
    expect(result.response.status).toBe(502);
    expect(codeOf(result)).toBe('UPSTREAM_ERROR');
    expect(detailsOf(result)[0]).toMatchObject({ step: 'ad', code: '2' });
    expect(sandbox.fake.calls.count('/act_*/ads', 'POST')).toBe(1);
    expect(all(createdSince(before)).every((o) => o.status === 'DELETED')).toBe(true);
  });

  it('answers 429 with Retry-After when Meta throttles the ad set step, after deleting the campaign', async () => {
    const before = snapshot();
    sandbox.fake.faults.add({ match: { method: 'POST', path: '/act_*/adsets' }, times: 1, rateLimit: { retryAfterSeconds: 120 } });
    const result = await create(sandbox.fx.cast.member, 'engagement', bodyOf('engagement'));
    expect(result.response.status).toBe(429);
    expect(codeOf(result)).toBe('UPSTREAM_RATE_LIMITED');
    expect(result.response.headers.get('retry-after')).toBe('120');
    expect(detailsOf(result)[0]).toMatchObject({ step: 'adset', code: '80004/2446079' });
    const created = createdSince(before);
    expect(created.campaigns).toHaveLength(1);
    expect(created.campaigns[0]?.status).toBe('DELETED');
  });

  it('answers 504 when the creative step times out: earlier objects deleted, the timed-out one unknown and left', async () => {
    const before = snapshot();
    sandbox.fake.calls.reset();
    sandbox.fake.faults.add({ match: { method: 'POST', path: '/act_*/adcreatives' }, times: 1, latencyMs: SLOWER_THAN_TIMEOUT_MS });
    const result = await create(sandbox.fx.cast.member, 'traffic', bodyOf('traffic'));
    expect(result.response.status).toBe(504);
    expect(codeOf(result)).toBe('UPSTREAM_TIMEOUT');
    expect(detailsOf(result)[0]).toMatchObject({ step: 'creative', code: 'TIMEOUT' });
    await new Promise((resolve) => setTimeout(resolve, SLOWER_THAN_TIMEOUT_MS - 1_500));
    const created = createdSince(before);
    expect(created.campaigns[0]?.status).toBe('DELETED');
    expect(created.adSets[0]?.status).toBe('DELETED');
    // Meta went on and created the creative after we stopped waiting; its id never reached us, so it stays.
    expect(created.creatives).toHaveLength(1);
    expect(created.creatives[0]?.status).toBe('ACTIVE');
    expect(deletedIds()).toEqual([created.adSets[0]?.id, created.campaigns[0]?.id]);
    expect(sandbox.fake.calls.count('/act_*/adcreatives', 'POST')).toBe(1);
  });

  it('answers 401 CONNECTION_EXPIRED and marks the connection EXPIRED when Meta refuses the token at a step', async () => {
    const { fx, fake, server } = sandbox;
    const teamId = await createTeam(server, fx);
    const own = await connectMetaUser(sandbox, {
      teamId,
      connectedByUserId: fx.userIds.teamAdmin,
      user: 'alex',
      accounts: [USD],
      accessToken: fake.tokens.issue(META_SEED_IDS.users.alex.id),
    });
    const before = snapshot();
    fake.faults.add({ match: { method: 'POST', path: '/act_*/adsets' }, times: 1, error: { code: 190, subcode: 463 } });
    const result = await create(fx.cast.teamAdmin, 'awareness', bodyOf('awareness'), USD, teamId);
    expect(result.response.status).toBe(401);
    expect(codeOf(result)).toBe('CONNECTION_EXPIRED');
    expect(detailsOf(result)[0]).toMatchObject({ step: 'adset', code: '190/463' });
    expect(createdSince(before).campaigns[0]?.status).toBe('DELETED');
    expect((await findConnection(server.deps.db, server.tenant.tenantId, own.connectionId))?.status).toBe('EXPIRED');
    // The next call is refused without reaching Meta.
    fake.calls.reset();
    expect(codeOf(await create(fx.cast.teamAdmin, 'awareness', bodyOf('awareness'), USD, teamId))).toBe('CONNECTION_EXPIRED');
    expect(fake.calls.count()).toBe(0);
  });
});

describe('POST /api/v1/{teamId}/meta/campaign/* — who may create', () => {
  const table = authTable({ none: 401, otherTenant: 404, outsider: 403, member: 201, teamAdmin: 201, workspaceAdmin: 201 });

  describe.each(KINDS)('%s', (kind) => {
    it.each(table)('answers %i to %s (the MEMBER as MANAGER of the account)', async (status, _who, role) => {
      const result = await create(sandbox.fx.cast[role], kind, bodyOf(kind));
      expectStatus(result, status);
    });

    it('answers 403 FORBIDDEN to a VIEWER of the account, before calling Meta', async () => {
      sandbox.fake.calls.reset();
      expectStatus(await create(sandbox.fx.cast.member, kind, bodyOf(kind), EUR), 403);
      expect(sandbox.fake.calls.count()).toBe(0);
    });

    it('answers 403 FORBIDDEN to a member without a permission on the account', async () => {
      expectStatus(await create(sandbox.fx.cast.member, kind, bodyOf(kind), JPY), 403);
    });
  });

  it('answers 404 for an ad account that is none of the team’s, and for an unknown team', async () => {
    expectStatus(await create(sandbox.fx.cast.teamAdmin, 'lead', bodyOf('lead'), META_SEED_IDS.adAccounts.priyaGbp), 404);
    expectStatus(await create(sandbox.fx.cast.teamAdmin, 'lead', bodyOf('lead'), USD, randomUUID()), 404);
  });
});
