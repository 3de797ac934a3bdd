import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMeta, META_SEED_IDS, startFakeMeta } from '../../fakes/index.ts';
import { graphGet, type Json, request, TODAY } from './helpers.ts';

const token = META_SEED_IDS.users.alex.accessToken;
const account = META_SEED_IDS.adAccounts.alexUsd;
let fake: FakeMeta;

beforeAll(async () => {
  fake = await startFakeMeta({ today: TODAY });
});
afterAll(() => fake.close());

describe('Meta field selection and filters', () => {
  it('returns only id for ad objects when fields is absent', async () => {
    const res = await graphGet(fake.graphUrl, `/${account}/campaigns`, { access_token: token, limit: '2' });
    for (const row of res.body.data) expect(Object.keys(row)).toEqual(['id']);
  });

  it('returns exactly the requested fields, always with id, and omits unset ones', async () => {
    const res = await graphGet(fake.graphUrl, `/${account}/campaigns`, {
      access_token: token,
      fields: 'name,objective,effective_status,daily_budget,lifetime_budget',
      limit: '50',
    });
    for (const row of res.body.data) {
      expect(Object.keys(row)).toEqual(expect.arrayContaining(['id', 'name', 'objective', 'effective_status']));
      expect(row.lifetime_budget).toBeUndefined();
      if (row.daily_budget !== undefined) expect(row.daily_budget).toMatch(/^\d+$/);
    }
    expect(res.body.data.some((r: Json) => r.daily_budget === undefined)).toBe(true);
  });

  it('narrows object fields with the nested field{sub} syntax', async () => {
    const res = await graphGet(fake.graphUrl, `/${account}/ads`, { access_token: token, fields: 'name,creative{id}', limit: '1' });
    const [ad] = res.body.data;
    expect(ad.creative).toEqual({ id: expect.stringMatching(/^\d+$/) });
  });

  it('rejects an unknown field with (#100) "Tried accessing nonexisting field"', async () => {
    const res = await graphGet(fake.graphUrl, `/${account}/campaigns`, { access_token: token, fields: 'id,colour' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 100,
      type: 'OAuthException',
      message: '(#100) Tried accessing nonexisting field (colour) on node type (Campaign)',
    });
  });

  it('filters by the JSON-string effective_status parameter, including archived objects when asked', async () => {
    const res = await graphGet(fake.graphUrl, `/${account}/campaigns`, {
      access_token: token,
      fields: 'effective_status',
      effective_status: ['ARCHIVED', 'DELETED'],
    });
    const expected = fake.state.campaigns.filter(
      (c) => `act_${c.account_id}` === account && (c.status === 'ARCHIVED' || c.status === 'DELETED'),
    );
    expect(res.body.data).toHaveLength(expected.length);
    expect(expected.length).toBeGreaterThanOrEqual(3);
  });

  it('filters ad sets by campaign.id with the filtering parameter', async () => {
    const campaign = fake.state.campaigns.find((c) => `act_${c.account_id}` === account && c.status === 'ACTIVE');
    if (!campaign) throw new Error('seed has no active campaign');
    const res = await graphGet(fake.graphUrl, `/${account}/adsets`, {
      access_token: token,
      fields: 'campaign_id,targeting',
      filtering: [{ field: 'campaign.id', operator: 'IN', value: [campaign.id] }],
    });
    const expected = fake.state.adSets.filter((s) => s.campaign_id === campaign.id && s.status !== 'ARCHIVED' && s.status !== 'DELETED');
    expect(res.body.data.map((r: Json) => r.id).sort()).toEqual(expected.map((s) => s.id).sort());
    expect(res.body.data[0].targeting.geo_locations.countries).toEqual(expect.any(Array));
  });

  it('reads a single node with GET /{id}', async () => {
    const creative = fake.state.creatives.find((c) => `act_${c.account_id}` === account);
    const res = await graphGet(fake.graphUrl, `/${creative?.id}`, {
      access_token: token,
      fields: 'name,object_story_spec,call_to_action_type',
    });
    expect(res.body).toMatchObject({ id: creative?.id, name: creative?.name, object_story_spec: { page_id: expect.any(String) } });
  });

  it('answers 100/33 GraphMethodException for an object the token cannot see', async () => {
    const res = await graphGet(fake.graphUrl, `/${META_SEED_IDS.adAccounts.priyaGbp}/campaigns`, { access_token: token });
    expect(res.body.error).toMatchObject({ code: 100, error_subcode: 33, type: 'GraphMethodException' });
  });

  it('accepts the token as a Bearer header as well as a query parameter', async () => {
    const res = await request(`${fake.graphUrl}/me?fields=id,name,email`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.body).toEqual({ id: META_SEED_IDS.users.alex.id, name: 'Alex Rivera', email: 'alex.rivera@example.com' });
  });

  it('accepts any vNN.N version segment and reports it back in facebook-api-version', async () => {
    const res = await request(`${fake.baseUrl}/v23.0/me?access_token=${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('facebook-api-version')).toBe('v23.0');
  });

  it('lists ad accounts with their currency, timezone and minor-unit amount_spent', async () => {
    const res = await graphGet(fake.graphUrl, '/me/adaccounts', {
      access_token: token,
      fields: 'id,account_id,name,currency,timezone_name,account_status,amount_spent',
    });
    expect(res.body.data.map((a: Json) => a.currency)).toEqual(['USD', 'EUR', 'JPY']);
    for (const a of res.body.data) {
      expect(a.id).toBe(`act_${a.account_id}`);
      expect(a.amount_spent).toMatch(/^\d+$/);
    }
  });

  it('lists pages under /me/accounts, each with its own Page access token and tasks', async () => {
    const res = await graphGet(fake.graphUrl, '/me/accounts', { access_token: token });
    expect(res.body.data).toEqual([
      expect.objectContaining({
        id: META_SEED_IDS.pages.riveraOutdoor.id,
        access_token: META_SEED_IDS.pages.riveraOutdoor.accessToken,
        tasks: expect.arrayContaining(['ADVERTISE']),
      }),
      expect.objectContaining({ id: META_SEED_IDS.pages.riveraCafe.id, access_token: META_SEED_IDS.pages.riveraCafe.accessToken }),
    ]);
  });

  it('links the first Page to an Instagram business account, answered only when asked for', async () => {
    const plain = await graphGet(fake.graphUrl, '/me/accounts', { access_token: token });
    for (const page of plain.body.data) expect(page.instagram_business_account).toBeUndefined();
    const res = await graphGet(fake.graphUrl, '/me/accounts', { access_token: token, fields: 'id,name,instagram_business_account' });
    expect(res.body.data).toEqual([
      {
        id: META_SEED_IDS.pages.riveraOutdoor.id,
        name: 'Rivera Outdoor',
        instagram_business_account: { id: META_SEED_IDS.pages.riveraOutdoor.instagramBusinessAccountId },
      },
      { id: META_SEED_IDS.pages.riveraCafe.id, name: 'Rivera Tokyo Café' },
    ]);
    expect(META_SEED_IDS.pages.riveraOutdoor.instagramBusinessAccountId).toMatch(/^17841\d{12}$/);
  });

  it('gives website and engagement audiences a description and retention_days (1–180), other subtypes neither', async () => {
    const retained = new Set(['WEBSITE', 'ENGAGEMENT']);
    let seen = 0;
    for (const id of Object.values(META_SEED_IDS.adAccounts)) {
      const owner = fake.state.adAccounts.find((a) => a.id === id)?.owner;
      const user = Object.values(META_SEED_IDS.users).find((u) => u.id === owner);
      const res = await graphGet(fake.graphUrl, `/${id}/customaudiences`, {
        access_token: user?.accessToken,
        fields: 'id,subtype,description,retention_days',
      });
      for (const audience of res.body.data) {
        if (retained.has(audience.subtype)) {
          seen++;
          expect(audience.description).toEqual(expect.any(String));
          expect(Number.isInteger(audience.retention_days) && audience.retention_days >= 1 && audience.retention_days <= 180).toBe(true);
        } else {
          expect(audience).not.toHaveProperty('retention_days');
          expect(audience).not.toHaveProperty('description');
        }
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('lists pixels, saved audiences and custom audiences of an ad account', async () => {
    const [pixels, saved, custom] = await Promise.all([
      graphGet(fake.graphUrl, `/${account}/adspixels`, { access_token: token, fields: 'id,name,code,last_fired_time' }),
      graphGet(fake.graphUrl, `/${account}/saved_audiences`, {
        access_token: token,
        fields: 'id,name,targeting,approximate_count_lower_bound',
      }),
      graphGet(fake.graphUrl, `/${account}/customaudiences`, { access_token: token, fields: 'id,name,subtype,operation_status' }),
    ]);
    expect(pixels.body.data.length).toBeGreaterThan(0);
    expect(pixels.body.data[0].code).toContain('fbq(');
    expect(saved.body.data[0].targeting.geo_locations).toBeDefined();
    expect(custom.body.data[0]).toMatchObject({ subtype: expect.any(String), operation_status: { code: 200 } });
  });
});
