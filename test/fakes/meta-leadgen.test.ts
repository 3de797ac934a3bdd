import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMeta, META_SEED_IDS, startFakeMeta } from '../../fakes/index.ts';
import { graphGet, graphPostJson, type Json, TODAY } from './helpers.ts';

const page = META_SEED_IDS.pages.riveraOutdoor;
const userToken = META_SEED_IDS.users.alex.accessToken;
let fake: FakeMeta;

beforeAll(async () => {
  fake = await startFakeMeta({ today: TODAY });
});
afterAll(() => fake.close());

const form = {
  name: 'Spring quote request',
  questions: [
    { type: 'FULL_NAME' },
    { type: 'EMAIL' },
    { type: 'CUSTOM', key: 'budget', label: 'What is your budget?', options: [{ value: '<1k', key: 'lt1k' }] },
  ],
  privacy_policy: { url: 'https://www.example.com/privacy', link_text: 'Privacy policy' },
  thank_you_page: {
    title: 'Thanks!',
    body: "We'll be in touch.",
    button_type: 'VIEW_WEBSITE',
    button_text: 'Visit site',
    website_url: 'https://example.com',
  },
  locale: 'en_US',
};

describe('Meta lead-gen forms', () => {
  it('lists a Page’s forms with the Page access token from /me/accounts', async () => {
    const accounts = await graphGet(fake.graphUrl, '/me/accounts', { access_token: userToken, fields: 'id,access_token' });
    const pageToken = accounts.body.data.find((p: Json) => p.id === page.id).access_token;
    const res = await graphGet(fake.graphUrl, `/${page.id}/leadgen_forms`, {
      access_token: pageToken,
      fields: 'id,name,status,questions,leads_count',
    });
    const seeded = fake.state.leadForms.filter((f) => f.page_id === page.id);
    expect(res.body.data.map((f: Json) => f.id).sort()).toEqual(seeded.map((f) => f.id).sort());
    expect(res.body.data[0].questions[0]).toMatchObject({ type: expect.any(String), key: expect.any(String) });
  });

  it('refuses a user token with (#190) "This method must be called with a Page Access Token"', async () => {
    const list = await graphGet(fake.graphUrl, `/${page.id}/leadgen_forms`, { access_token: userToken });
    expect(list.status).toBe(400);
    expect(list.body.error).toMatchObject({
      code: 190,
      message: '(#190) This method must be called with a Page Access Token',
      type: 'OAuthException',
    });
    const create = await graphPostJson(fake.graphUrl, `/${page.id}/leadgen_forms`, { access_token: userToken, ...form });
    expect(create.body.error.code).toBe(190);
  });

  it('refuses another Page’s token with (#200)', async () => {
    const res = await graphGet(fake.graphUrl, `/${page.id}/leadgen_forms`, { access_token: META_SEED_IDS.pages.riveraCafe.accessToken });
    expect(res.body.error.code).toBe(200);
  });

  it('creates a form with the Page token (JSON body) and answers {id}', async () => {
    const res = await graphPostJson(fake.graphUrl, `/${page.id}/leadgen_forms`, { access_token: page.accessToken, ...form });
    expect(res.body).toEqual({ id: expect.stringMatching(/^\d+$/) });
    const stored = fake.state.leadForms.find((f) => f.id === res.body.id);
    expect(stored).toMatchObject({ page_id: page.id, locale: 'EN_US', status: 'ACTIVE' });
  });

  it('validates questions, privacy policy and the thank-you page', async () => {
    const post = (body: Record<string, unknown>) =>
      graphPostJson(fake.graphUrl, `/${page.id}/leadgen_forms`, {
        access_token: page.accessToken,
        ...form,
        name: `v-${Math.random()}`,
        ...body,
      });
    expect((await post({ questions: [{ type: 'FAVOURITE_COLOUR' }] })).body.error.message).toMatch(/questions\[0\]\[type\] must be one of/);
    expect((await post({ questions: [{ type: 'CUSTOM' }] })).body.error.message).toMatch(/label\] is required/);
    expect((await post({ privacy_policy: undefined })).body.error.message).toBe('(#100) The parameter privacy_policy is required');
    expect((await post({ privacy_policy: { url: 'https://x.example', link_text: 'x'.repeat(71) } })).body.error.message).toMatch(
      /at most 70/,
    );
    expect((await post({ thank_you_page: { button_type: 'VIEW_WEBSITE' } })).body.error.message).toMatch(/website_url/);
  });

  it('refuses a second form with the same name on the Page', async () => {
    const name = 'Unique name check';
    await graphPostJson(fake.graphUrl, `/${page.id}/leadgen_forms`, { access_token: page.accessToken, ...form, name });
    const again = await graphPostJson(fake.graphUrl, `/${page.id}/leadgen_forms`, { access_token: page.accessToken, ...form, name });
    expect(again.body.error.error_user_title).toBe('Form Name Already Used');
  });

  it('lets a lead ad use a form of its Page through call_to_action.value.lead_gen_form_id', async () => {
    const act = META_SEED_IDS.adAccounts.alexUsd;
    const formId = fake.state.leadForms.find((f) => f.page_id === page.id && f.status === 'ACTIVE')?.id;
    const creative = await graphPostJson(fake.graphUrl, `/${act}/adcreatives`, {
      access_token: userToken,
      name: 'Lead creative',
      object_story_spec: {
        page_id: page.id,
        link_data: {
          message: 'Get a quote',
          picture: 'https://images.example.com/q.jpg',
          call_to_action: { type: 'SIGN_UP', value: { lead_gen_form_id: formId } },
        },
      },
    });
    expect(creative.body.id).toBeDefined();
    const foreign = await graphPostJson(fake.graphUrl, `/${act}/adcreatives`, {
      access_token: userToken,
      object_story_spec: {
        page_id: page.id,
        link_data: { message: 'x', call_to_action: { type: 'SIGN_UP', value: { lead_gen_form_id: '999' } } },
      },
    });
    expect(foreign.body.error.error_user_title).toBe('Invalid Lead Form');
  });
});
