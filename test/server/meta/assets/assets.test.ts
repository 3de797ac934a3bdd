// The Meta operations around campaigns against the Meta fake: the connection user's Pages (no tokens in answers),
// a Page's lead forms read and created with the Page's own token, pixels, saved and custom audiences, targeting
// search for every type; who may call them; and how Meta's failures are answered.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdlyftClient } from '../../../../client/index.ts';
import { findConnection } from '../../../../server/connections/repository.ts';
import { connectMetaUser, grantMember, META_SEED_IDS, type MetaSandbox, startMetaSandbox } from '../../../support/connected-team.ts';
import {
  authTable,
  codeOf,
  createTeam,
  expectStatus,
  fieldsOf,
  type Role,
  type SeededConnection,
  seedConnection,
} from '../../../support/connections.ts';

const USD = META_SEED_IDS.adAccounts.alexUsd;
const EUR = META_SEED_IDS.adAccounts.alexEur;
const JPY = META_SEED_IDS.adAccounts.alexJpy;
const OUTDOOR = META_SEED_IDS.pages.riveraOutdoor;
const CAFE = META_SEED_IDS.pages.riveraCafe;
/** Alex's two Page tokens: they must never appear in an answer or a log line. */
const PAGE_TOKENS = [OUTDOOR.accessToken, CAFE.accessToken];

let sandbox: MetaSandbox;
let connection: SeededConnection;

beforeAll(async () => {
  sandbox = await startMetaSandbox();
  const { fx } = sandbox;
  connection = await connectMetaUser(sandbox, { teamId: fx.teamId, connectedByUserId: fx.userIds.teamAdmin, user: 'alex' });
  // The MEMBER manages the USD account, only views the EUR one, and holds nothing on the JPY one.
  await grantMember(sandbox, connection, USD, 'MANAGER');
  await grantMember(sandbox, connection, EUR, 'VIEWER');
  // Room for the pixels this suite creates (Meta's per-account limit is proved on its own below).
  const usd = sandbox.fake.state.adAccounts.find((a) => a.id === USD);
  if (usd) usd.pixelLimit = 100;
});
afterAll(async () => {
  await sandbox?.close();
});

const teamPath = () => ({ teamId: sandbox.fx.teamId });
type Page = { limit?: number; after?: string };

const listPages = (client: AdlyftClient, adAccountId: string = USD, page: Page = {}, teamId = sandbox.fx.teamId) =>
  client.GET('/api/v1/{teamId}/meta/pages', { params: { path: { teamId }, query: { adAccountId, ...page } } });
const listLeadForms = (client: AdlyftClient, pageId: string, adAccountId: string = USD, page: Page = {}) =>
  client.GET('/api/v1/{teamId}/meta/lead-form', { params: { path: teamPath(), query: { adAccountId, pageId, ...page } } });
const createLeadForm = (client: AdlyftClient, body: Record<string, unknown>, adAccountId: string = USD) =>
  client.POST('/api/v1/{teamId}/meta/lead-form', { params: { path: teamPath(), query: { adAccountId } }, body: body as never });
const listPixels = (client: AdlyftClient, adAccountId: string = USD, page: Page = {}, teamId = sandbox.fx.teamId) =>
  client.GET('/api/v1/{teamId}/meta/pixels', { params: { path: { teamId }, query: { adAccountId, ...page } } });
const createPixel = (client: AdlyftClient, name: string, adAccountId: string = USD) =>
  client.POST('/api/v1/{teamId}/meta/pixels', { params: { path: teamPath(), query: { adAccountId } }, body: { name } });
const listSaved = (client: AdlyftClient, adAccountId: string = USD, page: Page = {}) =>
  client.GET('/api/v1/{teamId}/meta/savedAudience', { params: { path: teamPath(), query: { adAccountId, ...page } } });
const listCustom = (client: AdlyftClient, adAccountId: string = USD, page: Page = {}) =>
  client.GET('/api/v1/{teamId}/meta/customAudience', { params: { path: teamPath(), query: { adAccountId, ...page } } });
const search = (client: AdlyftClient, body: Record<string, unknown>, adAccountId: string = USD) =>
  client.POST('/api/v1/{teamId}/meta/targeting/search', { params: { path: teamPath(), query: { adAccountId } }, body: body as never });

const accountOf = (actId: string) => {
  const account = sandbox.fake.state.adAccounts.find((a) => a.id === actId);
  if (!account) throw new Error(`no fake account ${actId}`);
  return account;
};

/** The query Meta received on the last call to `path`. */
function lastQuery(path: string): URLSearchParams {
  const calls = sandbox.fake.calls.list(path);
  const last = calls[calls.length - 1];
  if (!last) throw new Error(`Meta received no call to ${path}`);
  return new URLSearchParams(last.query);
}

const newsletterForm = (overrides: Record<string, unknown> = {}) => ({
  pageId: OUTDOOR.id,
  name: `Newsletter ${randomUUID().slice(0, 8)}`,
  locale: 'EN_US',
  questions: [
    { type: 'FULL_NAME' },
    { type: 'EMAIL', key: 'email' },
    {
      type: 'CUSTOM',
      key: 'budget',
      label: 'What is your monthly budget?',
      options: [
        { key: 'lt1k', value: 'Less than $1,000' },
        { key: 'gte1k', value: '$1,000 or more' },
      ],
    },
  ],
  privacyPolicy: { url: 'https://example.com/privacy', linkText: 'Acme privacy policy' },
  thankYouPage: {
    title: "Thanks, you're on the list!",
    body: "We'll send you our best offers.",
    buttonType: 'VIEW_WEBSITE',
    buttonText: 'Visit our shop',
    websiteUrl: 'https://example.com/shop',
  },
  introPage: { title: 'Get 10% off', style: 'LIST_STYLE', content: ['Monthly offers', 'Unsubscribe any time'] },
  ...overrides,
});

describe('GET /api/v1/{teamId}/meta/pages (listMetaPages)', () => {
  it('lists the connection user’s Pages live, without their access tokens', async () => {
    sandbox.fake.calls.reset();
    const result = await listPages(sandbox.fx.cast.member);
    expect(result.response.status).toBe(200);
    expect(result.response.headers.get('x-data-source')).toBe('live');
    expect(result.data).toMatchObject({ success: true, message: 'Pages retrieved' });
    expect(result.data?.data).toEqual({
      items: [
        {
          id: OUTDOOR.id,
          name: 'Rivera Outdoor',
          category: 'Sporting Goods Store',
          tasks: ['ADVERTISE', 'ANALYZE', 'CREATE_CONTENT', 'MESSAGING', 'MODERATE', 'MANAGE'],
          instagram_business_account: { id: OUTDOOR.instagramBusinessAccountId },
        },
        {
          id: CAFE.id,
          name: 'Rivera Tokyo Café',
          category: 'Coffee Shop',
          tasks: ['ADVERTISE', 'ANALYZE', 'CREATE_CONTENT', 'MESSAGING', 'MODERATE', 'MANAGE'],
        },
      ],
      paging: { after: null, hasMore: false },
    });
    expect(lastQuery('/me/accounts').get('fields')).toBe('id,name,category,tasks,instagram_business_account');
    const raw = JSON.stringify(result.data);
    expect(raw).not.toContain('access_token');
    for (const token of PAGE_TOKENS) expect(raw).not.toContain(token);
  });

  it('pages with limit and the opaque after cursor, keeping Meta’s cursor inside it', async () => {
    const first = await listPages(sandbox.fx.cast.member, USD, { limit: 1 });
    expect(first.data?.data.items.map((p) => p.id)).toEqual([OUTDOOR.id]);
    const paging = first.data?.data.paging;
    expect(paging?.hasMore).toBe(true);
    expect(JSON.parse(Buffer.from(paging?.after ?? '', 'base64url').toString())).toMatchObject({ s: 'live', c: expect.any(String) });
    const second = await listPages(sandbox.fx.cast.member, USD, { limit: 1, after: paging?.after ?? '' });
    expect(second.data?.data).toEqual({ items: [expect.objectContaining({ id: CAFE.id })], paging: { after: null, hasMore: false } });
    expect(lastQuery('/me/accounts').get('limit')).toBe('1');
  });

  it.each([
    ['not base64 JSON', '!!!'],
    ['a cursor of the imported copy', Buffer.from(JSON.stringify({ s: 'cache', k: ['x'] })).toString('base64url')],
    ['valid JSON of another shape', Buffer.from(JSON.stringify({ c: 'x' })).toString('base64url')],
  ])('answers 400 naming query.after for %s', async (_name, after) => {
    const result = await listPages(sandbox.fx.cast.member, USD, { after });
    expect(result.response.status).toBe(400);
    expect(fieldsOf(result)).toEqual(['query.after']);
  });

  it.each([0, 501])('answers 400 for limit %i', async (limit) => {
    expect((await listPages(sandbox.fx.cast.member, USD, { limit })).response.status).toBe(400);
  });
});

describe('GET /api/v1/{teamId}/meta/lead-form (listMetaLeadForms)', () => {
  it('lists the Page’s forms with the Page token from /me/accounts, which is never returned nor logged', async () => {
    const { fake, server } = sandbox;
    fake.calls.reset();
    const result = await listLeadForms(sandbox.fx.cast.member, OUTDOOR.id);
    expect(result.response.status, JSON.stringify(result.error)).toBe(200);
    expect(result.response.headers.get('x-data-source')).toBe('live');
    const expected = fake.state.leadForms.filter((f) => f.page_id === OUTDOOR.id && f.status !== 'DELETED');
    const items = result.data?.data.items ?? [];
    expect(items.map((f) => f.id).sort()).toEqual(expected.map((f) => f.id).sort());
    const seeded = expected.find((f) => f.id === items[0]?.id);
    expect(items[0]).toEqual({
      id: seeded?.id,
      name: seeded?.name,
      status: seeded?.status,
      locale: seeded?.locale,
      leads_count: seeded?.leads_count,
      created_time: seeded?.created_time,
      privacy_policy_url: seeded?.privacy_policy_url,
      questions: seeded?.questions.map((q) => ({ id: q.id, key: q.key, label: q.label, type: q.type })),
    });
    // The page token came from /me/accounts and went to the leadgen edge (the fake refuses a user token there).
    expect(fake.calls.count('/me/accounts', 'GET')).toBe(1);
    const forms = fake.calls.list(`/${OUTDOOR.id}/leadgen_forms`, 'GET');
    expect(forms).toHaveLength(1);
    expect(new URLSearchParams(forms[0]?.query).get('access_token')).toBe(OUTDOOR.accessToken);
    expect(new URLSearchParams(forms[0]?.query).get('fields')).toBe(
      'id,name,status,locale,leads_count,created_time,privacy_policy_url,questions',
    );
    const raw = JSON.stringify(result.data);
    const logs = server.logs.join('\n');
    for (const token of [...PAGE_TOKENS, META_SEED_IDS.users.alex.accessToken]) {
      expect(raw).not.toContain(token);
      expect(logs).not.toContain(token);
    }
  });

  it('answers 404 for a Page that is not one of the connection user’s, without asking Meta for its forms', async () => {
    sandbox.fake.calls.reset();
    const result = await listLeadForms(sandbox.fx.cast.member, META_SEED_IDS.pages.shahYoga.id);
    expectStatus(result, 404);
    expect(sandbox.fake.calls.count('/*/leadgen_forms')).toBe(0);
  });

  it('answers 400 when pageId is missing or not a Meta id', async () => {
    expect((await listLeadForms(sandbox.fx.cast.member, 'page-1')).response.status).toBe(400);
  });
});

describe('POST /api/v1/{teamId}/meta/lead-form (createMetaLeadForm)', () => {
  it('creates the form on the Page with the Page token and Meta’s field names, and answers 201 with its id', async () => {
    const { fake, server } = sandbox;
    fake.calls.reset();
    const body = newsletterForm();
    const result = await createLeadForm(sandbox.fx.cast.member, body);
    expect(result.response.status, JSON.stringify(result.error)).toBe(201);
    expect(result.data).toMatchObject({ success: true, statusCode: 201, message: 'Lead form created' });
    const form = fake.state.leadForms.find((f) => f.id === result.data?.data.id);
    expect(form).toMatchObject({
      page_id: OUTDOOR.id,
      name: body.name,
      locale: 'EN_US',
      privacy_policy: { url: 'https://example.com/privacy', link_text: 'Acme privacy policy' },
      thank_you_page: {
        title: "Thanks, you're on the list!",
        button_type: 'VIEW_WEBSITE',
        button_text: 'Visit our shop',
        website_url: 'https://example.com/shop',
      },
      context_card: { title: 'Get 10% off', style: 'LIST_STYLE', content: ['Monthly offers', 'Unsubscribe any time'] },
    });
    expect(form?.questions.map((q) => q.key)).toEqual(['full_name', 'email', 'budget']);
    expect(fake.calls.count(`/${OUTDOOR.id}/leadgen_forms`, 'POST')).toBe(1);
    for (const token of PAGE_TOKENS) expect(JSON.stringify(result.data) + server.logs.join('\n')).not.toContain(token);
  });

  it('sends a call button with its country and number', async () => {
    const body = newsletterForm({
      thankYouPage: {
        title: 'Thank you!',
        body: 'We will call you.',
        buttonType: 'CALL_BUSINESS',
        countryCode: 'GB',
        businessPhoneNumber: '+44 20 7946 0958',
      },
      introPage: undefined,
    });
    const result = await createLeadForm(sandbox.fx.cast.teamAdmin, body);
    expect(result.response.status, JSON.stringify(result.error)).toBe(201);
    expect(sandbox.fake.state.leadForms.find((f) => f.id === result.data?.data.id)?.thank_you_page).toEqual({
      title: 'Thank you!',
      body: 'We will call you.',
      button_type: 'CALL_BUSINESS',
      country_code: 'GB',
      business_phone_number: '+44 20 7946 0958',
    });
  });

  it.each([
    ['VIEW_WEBSITE without websiteUrl', { title: 'T', body: 'B', buttonType: 'VIEW_WEBSITE' }],
    ['CALL_BUSINESS without countryCode', { title: 'T', body: 'B', buttonType: 'CALL_BUSINESS', businessPhoneNumber: '+1 212 555 0100' }],
    ['WHATSAPP without businessPhoneNumber', { title: 'T', body: 'B', buttonType: 'WHATSAPP', countryCode: 'US' }],
  ])('answers 400 for a thank-you page with %s', async (_name, thankYouPage) => {
    sandbox.fake.calls.reset();
    const result = await createLeadForm(sandbox.fx.cast.member, newsletterForm({ thankYouPage }));
    expect(result.response.status).toBe(400);
    expect(codeOf(result)).toBe('BAD_REQUEST');
    expect(sandbox.fake.calls.count()).toBe(0);
  });

  it('accepts a button that needs nothing more (NONE)', async () => {
    const result = await createLeadForm(
      sandbox.fx.cast.member,
      newsletterForm({ thankYouPage: { title: 'T', body: 'B', buttonType: 'NONE' } }),
    );
    expect(result.response.status, JSON.stringify(result.error)).toBe(201);
  });

  it.each([
    ['a CUSTOM question without a label', [{ type: 'CUSTOM', key: 'budget' }]],
    ['a predefined question with a label', [{ type: 'EMAIL', label: 'Your email' }]],
    ['no question', []],
  ])('answers 400 for %s', async (_name, questions) => {
    expect((await createLeadForm(sandbox.fx.cast.member, newsletterForm({ questions }))).response.status).toBe(400);
  });

  it('answers 400 naming the question when two questions share a key, without calling Meta', async () => {
    sandbox.fake.calls.reset();
    const questions = [
      { type: 'CUSTOM', key: 'budget', label: 'Budget?' },
      { type: 'EMAIL' },
      { type: 'CUSTOM', key: 'budget', label: 'Budget again?' },
    ];
    const result = await createLeadForm(sandbox.fx.cast.member, newsletterForm({ questions }));
    expect(result.response.status).toBe(400);
    expect(codeOf(result)).toBe('BAD_REQUEST');
    expect(fieldsOf(result)).toEqual(['body.questions[2].key']);
    expect(sandbox.fake.calls.count()).toBe(0);
  });

  it('answers 400 when the same predefined question appears twice without a key', async () => {
    const result = await createLeadForm(sandbox.fx.cast.member, newsletterForm({ questions: [{ type: 'EMAIL' }, { type: 'EMAIL' }] }));
    expect(fieldsOf(result)).toEqual(['body.questions[1].key']);
  });

  it('answers 403 UPSTREAM_PERMISSION_DENIED for a Page whose tasks lack ADVERTISE, without creating anything', async () => {
    const page = sandbox.fake.state.pages.find((p) => p.id === CAFE.id);
    if (!page) throw new Error('no cafe page');
    const tasks = page.tasks;
    page.tasks = ['ANALYZE', 'CREATE_CONTENT'];
    try {
      sandbox.fake.calls.reset();
      const result = await createLeadForm(sandbox.fx.cast.member, newsletterForm({ pageId: CAFE.id }));
      expect(result.response.status).toBe(403);
      expect(codeOf(result)).toBe('UPSTREAM_PERMISSION_DENIED');
      expect(sandbox.fake.calls.count('/*/leadgen_forms', 'POST')).toBe(0);
    } finally {
      page.tasks = tasks;
    }
  });

  it('answers 404 for a Page that is not the connection user’s', async () => {
    expectStatus(await createLeadForm(sandbox.fx.cast.member, newsletterForm({ pageId: META_SEED_IDS.pages.okaforDental.id })), 404);
  });

  it('answers 400 UPSTREAM_REJECTED when Meta refuses the form (a name already used on the Page)', async () => {
    const body = newsletterForm();
    expect((await createLeadForm(sandbox.fx.cast.member, body)).response.status).toBe(201);
    const again = await createLeadForm(sandbox.fx.cast.member, body);
    expect(again.response.status).toBe(400);
    expect(codeOf(again)).toBe('UPSTREAM_REJECTED');
  });
});

describe('pixels', () => {
  it('GET lists the ad account’s pixels live with Meta’s fields', async () => {
    const result = await listPixels(sandbox.fx.cast.member);
    expect(result.response.status).toBe(200);
    expect(result.response.headers.get('x-data-source')).toBe('live');
    const seeded = sandbox.fake.state.pixels.filter((p) => p.account_id === accountOf(USD).account_id);
    expect(result.data?.data.items).toEqual(
      seeded.map((p) => ({
        id: p.id,
        name: p.name,
        code: p.code,
        creation_time: p.creation_time,
        last_fired_time: p.last_fired_time,
        is_unavailable: false,
      })),
    );
    expect(lastQuery('/act_*/adspixels').get('fields')).toBe('id,name,creation_time,last_fired_time,is_unavailable,code');
  });

  it('POST creates a pixel with its name and answers 201 with the id', async () => {
    const result = await createPixel(sandbox.fx.cast.member, 'Rivera Checkout Pixel');
    expect(result.response.status).toBe(201);
    expect(result.data).toMatchObject({ message: 'Pixel created' });
    expect(sandbox.fake.state.pixels.find((p) => p.id === result.data?.data.id)).toMatchObject({
      name: 'Rivera Checkout Pixel',
      account_id: accountOf(USD).account_id,
    });
  });

  it('POST answers 400 UPSTREAM_REJECTED once the account owns as many pixels as Meta allows', async () => {
    const account = accountOf(EUR);
    const limit = account.pixelLimit;
    account.pixelLimit = sandbox.fake.state.pixels.filter((p) => p.account_id === account.account_id).length;
    try {
      const result = await createPixel(sandbox.fx.cast.teamAdmin, 'One too many', EUR);
      expect(result.response.status).toBe(400);
      expect(codeOf(result)).toBe('UPSTREAM_REJECTED');
    } finally {
      account.pixelLimit = limit;
    }
  });

  it.each([
    ['an empty name', ''],
    ['a name over 255 characters', 'x'.repeat(256)],
  ])('POST answers 400 for %s', async (_name, name) => {
    expect((await createPixel(sandbox.fx.cast.member, name)).response.status).toBe(400);
  });
});

describe('audiences', () => {
  it('GET savedAudience lists the saved audiences with their targeting', async () => {
    const result = await listSaved(sandbox.fx.cast.member);
    expect(result.response.status).toBe(200);
    expect(result.response.headers.get('x-data-source')).toBe('live');
    const seeded = sandbox.fake.state.savedAudiences.filter((a) => a.account_id === accountOf(USD).account_id);
    expect(result.data?.data.items.map((a) => a.id)).toEqual(seeded.map((a) => a.id));
    expect(result.data?.data.items[0]).toEqual({
      id: seeded[0]?.id,
      name: seeded[0]?.name,
      description: seeded[0]?.description,
      targeting: seeded[0]?.targeting,
      approximate_count_lower_bound: seeded[0]?.approximate_count_lower_bound,
      approximate_count_upper_bound: seeded[0]?.approximate_count_upper_bound,
      time_created: seeded[0]?.time_created,
      time_updated: seeded[0]?.time_updated,
    });
  });

  it('GET customAudience lists the custom audiences, times as Unix seconds', async () => {
    const result = await listCustom(sandbox.fx.cast.member, USD, { limit: 1 });
    expect(result.response.status).toBe(200);
    const seeded = sandbox.fake.state.customAudiences.filter((a) => a.account_id === accountOf(USD).account_id);
    const first = result.data?.data.items[0];
    expect(first).toMatchObject({
      id: seeded[0]?.id,
      subtype: seeded[0]?.subtype,
      time_created: seeded[0]?.time_created,
      operation_status: { code: 200 },
    });
    expect(typeof first?.time_created).toBe('number');
    expect(result.data?.data.paging.hasMore).toBe(seeded.length > 1);
    expect(lastQuery('/act_*/customaudiences').get('fields')).toContain('retention_days');
  });
});

describe('POST /api/v1/{teamId}/meta/targeting/search (searchMetaTargeting)', () => {
  const run = async (body: Record<string, unknown>) => {
    sandbox.fake.calls.reset();
    const result = await search(sandbox.fx.cast.member, body);
    expect(result.response.status, JSON.stringify(result.error)).toBe(200);
    expect(result.response.headers.get('x-data-source')).toBe('live');
    return { data: result.data?.data ?? [], query: lastQuery('/search') };
  };

  it('location → adgeolocation with the location types and country asked for', async () => {
    const { data, query } = await run({
      type: 'location',
      query: 'New York',
      limit: 10,
      locationTypes: ['city', 'region'],
      countryCode: 'US',
    });
    expect(Object.fromEntries(query)).toMatchObject({
      type: 'adgeolocation',
      q: 'New York',
      limit: '10',
      location_types: '["city","region"]',
      country_code: 'US',
    });
    expect(data.map((r) => [r.type, r.key])).toEqual([
      ['region', '3875'],
      ['city', '2490299'],
    ]);
    expect(data[1]).toMatchObject({ name: 'New York', country_code: 'US', region_id: 3875 });
  });

  it('location defaults to countries, regions and cities', async () => {
    const { data, query } = await run({ type: 'location', query: 'United' });
    expect(query.get('location_types')).toBe('["country","region","city"]');
    expect(query.get('limit')).toBe('25');
    expect(data.map((r) => r.key)).toEqual(expect.arrayContaining(['US', 'GB', 'AE']));
  });

  it('locale → adlocale, keys as integers', async () => {
    const { data, query } = await run({ type: 'locale', query: 'English' });
    expect(query.get('type')).toBe('adlocale');
    expect(data).toEqual([
      { key: 6, name: 'English (US)' },
      { key: 24, name: 'English (UK)' },
      { key: 1001, name: 'English (All)' },
    ]);
  });

  it('interest → adinterest with audience sizes and path', async () => {
    const { data, query } = await run({ type: 'interest', query: 'coffee', limit: 5 });
    expect(Object.fromEntries(query)).toMatchObject({ type: 'adinterest', q: 'coffee', limit: '5' });
    expect(data[0]).toEqual({
      id: '6003020834693',
      name: 'Coffee',
      audience_size_lower_bound: 350_880_200,
      audience_size_upper_bound: Math.round(350_880_200 * 1.176),
      path: ['Interests', 'Food and drink', 'Beverages', 'Coffee'],
      topic: 'Food and drink',
      description: null,
    });
  });

  it.each([
    [
      'educationSchool',
      'adeducationschool',
      'Harvard',
      { id: '105930651606', name: 'Harvard University', coverage: 8_395_398, subtext: 'Cambridge, Massachusetts' },
    ],
    ['educationMajor', 'adeducationmajor', 'Physics', { id: '109279729089828', name: 'Physics', coverage: 942_491 }],
    ['workEmployer', 'adworkemployer', 'Starbucks', { id: '22092443056', name: 'Starbucks', coverage: 512_440 }],
    ['workPosition', 'adworkposition', 'Analyst', { id: '105763692790962', name: 'Business Analyst', coverage: 282_124 }],
  ])('%s → %s, Meta’s numeric ids as strings', async (type, metaType, query, first) => {
    const { data, query: sent } = await run({ type, query });
    expect(Object.fromEntries(sent)).toMatchObject({ type: metaType, q: query });
    expect(data).toEqual([first]);
  });

  it.each([
    ['behavior', 'behaviors', 'travel', ['All travelers', 'Frequent travelers', 'Commuters']],
    ['familyStatus', 'family_statuses', 'teen', ['Parents with teenagers (13-17 years)']],
    ['lifeEvent', 'life_events', 'job', ['New job']],
    ['industry', 'industries', 'IT', ['IT and technical services']],
    ['income', 'income', 'top 10%', ['Top 10% of ZIP codes (US)', 'Top 10%-25% of ZIP codes (US)']],
  ])('%s → adTargetingCategory class %s, filtered by name or path here', async (type, cls, query, names) => {
    const { data, query: sent } = await run({ type, query });
    expect(Object.fromEntries(sent)).toMatchObject({ type: 'adTargetingCategory', class: cls });
    expect(sent.has('q')).toBe(false);
    expect(sent.has('limit')).toBe(false);
    expect(data.map((r) => r.name)).toEqual(names);
    expect(data[0]).toMatchObject({ id: expect.any(String), type: cls, path: expect.any(Array) });
  });

  it('lists a whole category without a query, cut to the limit', async () => {
    const { data } = await run({ type: 'behavior', limit: 2 });
    expect(data.map((r) => r.name)).toEqual(['All travelers', 'Frequent travelers']);
  });

  it('answers 200 with an empty list when nothing matches', async () => {
    expect((await run({ type: 'interest', query: 'zzzz-nothing' })).data).toEqual([]);
  });

  it.each([
    ['a searched type without query', { type: 'interest' }],
    ['locationTypes with another type', { type: 'interest', query: 'x', locationTypes: ['city'] }],
    ['countryCode with a category type', { type: 'behavior', countryCode: 'US' }],
    ['an unknown type', { type: 'zip', query: 'x' }],
    ['limit 101', { type: 'interest', query: 'x', limit: 101 }],
  ])('answers 400 for %s', async (_name, body) => {
    const result = await search(sandbox.fx.cast.member, body);
    expect(result.response.status).toBe(400);
    expect(codeOf(result)).toBe('BAD_REQUEST');
  });
});

describe('who may call them', () => {
  type Call = (client: AdlyftClient, adAccountId: string) => Promise<{ response: Response; error?: unknown }>;
  const OPERATIONS: { name: string; write: boolean; call: Call }[] = [
    { name: 'listMetaPages', write: false, call: (c, a) => listPages(c, a) },
    { name: 'listMetaLeadForms', write: false, call: (c, a) => listLeadForms(c, OUTDOOR.id, a) },
    { name: 'createMetaLeadForm', write: true, call: (c, a) => createLeadForm(c, newsletterForm(), a) },
    { name: 'listMetaPixels', write: false, call: (c, a) => listPixels(c, a) },
    { name: 'createMetaPixel', write: true, call: (c, a) => createPixel(c, `Pixel ${randomUUID().slice(0, 6)}`, a) },
    { name: 'listMetaSavedAudiences', write: false, call: (c, a) => listSaved(c, a) },
    { name: 'listMetaCustomAudiences', write: false, call: (c, a) => listCustom(c, a) },
    { name: 'searchMetaTargeting', write: false, call: (c, a) => search(c, { type: 'interest', query: 'coffee' }, a) },
  ];

  describe.each(OPERATIONS)('$name', ({ write, call }) => {
    const ok = write ? 201 : 200;
    const table = authTable({ none: 401, otherTenant: 404, outsider: 403, member: ok, teamAdmin: ok, workspaceAdmin: ok });
    it.each(table)('answers %i to %s (the MEMBER as MANAGER of the account)', async (status, _who, role: Role) => {
      expectStatus(await call(sandbox.fx.cast[role], USD), status);
    });

    it(`answers ${write ? '403 FORBIDDEN' : '200'} to a VIEWER of the account`, async () => {
      sandbox.fake.calls.reset();
      const result = await call(sandbox.fx.cast.member, EUR);
      expectStatus(result, write ? 403 : 200);
      if (write) expect(sandbox.fake.calls.count()).toBe(0);
    });

    it('answers 403 FORBIDDEN to a member without a permission on the account', async () => {
      expectStatus(await call(sandbox.fx.cast.member, JPY), 403);
    });

    it('answers 404 for an ad account that is none of the team’s', async () => {
      expectStatus(await call(sandbox.fx.cast.teamAdmin, META_SEED_IDS.adAccounts.priyaGbp), 404);
    });

    it('answers 400 for an adAccountId that is not act_ + digits', async () => {
      expect((await call(sandbox.fx.cast.teamAdmin, '584930127364001')).response.status).toBe(400);
    });
  });
});

describe('Meta failures', () => {
  it('answers 401 CONNECTION_EXPIRED without calling Meta when the connection is not ACTIVE', async () => {
    const { fx, server, fake } = sandbox;
    const teamId = await createTeam(server, fx);
    await seedConnection(server, {
      teamId,
      connectedByUserId: fx.userIds.teamAdmin,
      status: 'EXPIRED',
      accounts: [{ externalId: USD, currency: 'USD' }],
    });
    fake.calls.reset();
    const result = await listPixels(fx.cast.teamAdmin, USD, {}, teamId);
    expect(result.response.status).toBe(401);
    expect(codeOf(result)).toBe('CONNECTION_EXPIRED');
    expect(fake.calls.count()).toBe(0);
  });

  it('answers 401 CONNECTION_EXPIRED and marks the connection EXPIRED when Meta says the token expired (190)', async () => {
    const { fx, server, fake } = sandbox;
    const teamId = await createTeam(server, fx);
    const token = fake.tokens.issue(META_SEED_IDS.users.alex.id);
    const own = await connectMetaUser(sandbox, {
      teamId,
      connectedByUserId: fx.userIds.teamAdmin,
      user: 'alex',
      accounts: [USD],
      accessToken: token,
    });
    fake.tokens.expire(token);
    const result = await listPixels(fx.cast.teamAdmin, USD, {}, teamId);
    expect(result.response.status).toBe(401);
    expect(codeOf(result)).toBe('CONNECTION_EXPIRED');
    expect((await findConnection(server.deps.db, server.tenant.tenantId, own.connectionId))?.status).toBe('EXPIRED');
    expect(JSON.stringify(result.error)).not.toContain(token);
  });

  it('answers 429 UPSTREAM_RATE_LIMITED with Retry-After when Meta keeps throttling the ad account', async () => {
    sandbox.fake.faults.add({ match: { method: 'GET', path: '/act_*/adspixels' }, times: 1, rateLimit: { retryAfterSeconds: 120 } });
    const result = await listPixels(sandbox.fx.cast.member);
    expect(result.response.status).toBe(429);
    expect(codeOf(result)).toBe('UPSTREAM_RATE_LIMITED');
    expect(result.response.headers.get('retry-after')).toBe('120');
  });

  it('answers 502 UPSTREAM_ERROR when Meta fails every attempt (a read is tried twice)', async () => {
    sandbox.fake.calls.reset();
    sandbox.fake.faults.add({ match: { method: 'GET', path: '/act_*/saved_audiences' }, times: 2, error: 2 });
    const result = await listSaved(sandbox.fx.cast.member);
    expect(result.response.status).toBe(502);
    expect(codeOf(result)).toBe('UPSTREAM_ERROR');
    expect(sandbox.fake.calls.count('/act_*/saved_audiences', 'GET')).toBe(2);
  });

  it('answers 504 UPSTREAM_TIMEOUT when Meta does not answer in time', async () => {
    sandbox.fake.faults.add({ match: { method: 'GET', path: '/search' }, times: 2, latencyMs: 2_300 });
    const result = await search(sandbox.fx.cast.member, { type: 'interest', query: 'coffee' });
    expect(result.response.status).toBe(504);
    expect(codeOf(result)).toBe('UPSTREAM_TIMEOUT');
  });
});
