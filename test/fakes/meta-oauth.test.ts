import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMeta, META_SEED_IDS, startFakeMeta } from '../../fakes/index.ts';
import { graphGet, graphPostForm, type Json, request, TODAY } from './helpers.ts';

const app = META_SEED_IDS.app;
const redirectUri = 'https://app.adlyft.test/api/v1/meta/redirect/callback';
let fake: FakeMeta;

beforeAll(async () => {
  fake = await startFakeMeta({ today: TODAY });
});
afterEach(() => {
  fake.state.oauth.deny = false;
});
afterAll(() => fake.close());

function dialogUrl(params: Record<string, string> = {}): string {
  const url = new URL(`${fake.graphUrl}/dialog/oauth`);
  const all = {
    client_id: app.id,
    redirect_uri: redirectUri,
    state: '{"tenantId":"t1"}',
    response_type: 'code',
    scope: 'ads_management,ads_read,pages_show_list',
    ...params,
  };
  for (const [k, v] of Object.entries(all)) url.searchParams.set(k, v);
  return url.toString();
}

async function consent(params: Record<string, string> = {}): Promise<URL> {
  const res = await request(dialogUrl(params));
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') as string);
}

function exchange(code: string, overrides: Record<string, string> = {}) {
  return graphGet(fake.graphUrl, '/oauth/access_token', {
    client_id: app.id,
    client_secret: app.secret,
    redirect_uri: redirectUri,
    code,
    ...overrides,
  });
}

describe('Meta OAuth (manual login flow)', () => {
  it('consents at once: the dialog redirects to redirect_uri with code and state', async () => {
    const location = await consent();
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
    expect(location.searchParams.get('code')).toMatch(/^AQ/);
    expect(location.searchParams.get('state')).toBe('{"tenantId":"t1"}');
    expect(location.hash).toBe('#_=_');
  });

  it('exchanges the code for a bearer user token that works on /me', async () => {
    const code = (await consent()).searchParams.get('code') as string;
    const res = await exchange(code);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ access_token: expect.stringMatching(/^EAA/), token_type: 'bearer', expires_in: 5183976 });
    const me = await graphGet(fake.graphUrl, '/me', { access_token: res.body.access_token });
    expect(me.body.id).toBe(fake.state.oauth.loginAs);
  });

  it('grants only the requested scopes (plus public_profile)', async () => {
    const code = (await consent({ scope: 'ads_read' })).searchParams.get('code') as string;
    const { body } = await exchange(code);
    const perms = await graphGet(fake.graphUrl, '/me/permissions', { access_token: body.access_token });
    expect(perms.body.data.map((p: Json) => p.permission).sort()).toEqual(['ads_read', 'public_profile']);
    const pages = await graphGet(fake.graphUrl, '/me/accounts', { access_token: body.access_token });
    expect(pages.body).toEqual({ data: [] });
  });

  it('refuses a reused code with 100/36009 "This authorization code has been used."', async () => {
    const code = (await consent()).searchParams.get('code') as string;
    expect((await exchange(code)).status).toBe(200);
    const again = await exchange(code);
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({
      code: 100,
      error_subcode: 36009,
      message: 'This authorization code has been used.',
      type: 'OAuthException',
    });
  });

  it('refuses an exchange whose redirect_uri differs from the dialog one (100/36008)', async () => {
    const code = (await consent()).searchParams.get('code') as string;
    const res = await exchange(code, { redirect_uri: 'https://evil.example/cb' });
    expect(res.body.error).toMatchObject({ code: 100, error_subcode: 36008 });
  });

  it('refuses a wrong client secret (code 1) and an unknown app id (code 101)', async () => {
    const code = (await consent()).searchParams.get('code') as string;
    const secret = await exchange(code, { client_secret: 'nope' });
    expect(secret.status).toBe(400);
    expect(secret.body.error).toMatchObject({ code: 1, message: 'Error validating client secret.' });
    const client = await exchange(code, { client_id: '1' });
    expect(client.body.error).toMatchObject({ code: 101 });
  });

  it('refuses an expired code', async () => {
    let clock = Date.parse(`${TODAY}T12:00:00Z`);
    const timed = await startFakeMeta({ today: TODAY, now: () => clock });
    try {
      const res = await request(
        `${timed.graphUrl}/dialog/oauth?client_id=${app.id}&redirect_uri=${encodeURIComponent(redirectUri)}&response_type=code`,
      );
      const code = new URL(res.headers.get('location') as string).searchParams.get('code') as string;
      clock += 11 * 60_000;
      const late = await graphGet(timed.graphUrl, '/oauth/access_token', {
        client_id: app.id,
        client_secret: app.secret,
        redirect_uri: redirectUri,
        code,
      });
      expect(late.body.error).toMatchObject({ code: 100, message: 'This authorization code has expired.' });
    } finally {
      await timed.close();
    }
  });

  it('redirects with error=access_denied&error_reason=user_denied when the user denies', async () => {
    fake.state.oauth.deny = true;
    const location = await consent();
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('error_reason')).toBe('user_denied');
    expect(location.searchParams.get('error_code')).toBe('200');
    expect(location.searchParams.get('error_description')).toBe('Permissions error');
    expect(location.searchParams.get('state')).toBe('{"tenantId":"t1"}');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('can be told to deny over HTTP for out-of-process tests', async () => {
    await request(`${fake.baseUrl}/__oauth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deny: true }),
    });
    expect((await consent()).searchParams.get('error')).toBe('access_denied');
  });

  it('shows an error page instead of redirecting for an unknown app id or an unknown scope', async () => {
    const badApp = await request(dialogUrl({ client_id: '42' }));
    expect(badApp.status).toBe(400);
    expect(badApp.body).toContain('Invalid App ID');
    const badScope = await request(dialogUrl({ scope: 'ads_management,read_minds' }));
    expect(badScope.body).toContain('Invalid Scopes: read_minds');
  });

  it('upgrades a token with grant_type=fb_exchange_token to a long-lived one', async () => {
    const code = (await consent()).searchParams.get('code') as string;
    const short = (await exchange(code)).body.access_token;
    const res = await graphPostForm(fake.graphUrl, '/oauth/access_token', {
      grant_type: 'fb_exchange_token',
      client_id: app.id,
      client_secret: app.secret,
      fb_exchange_token: short,
    });
    expect(res.body).toEqual({ access_token: expect.stringMatching(/^EAA/), token_type: 'bearer', expires_in: 5183944 });
    expect(res.body.access_token).not.toBe(short);
  });

  it('refuses to exchange an expired token (190/463)', async () => {
    const expired = fake.tokens.issue(META_SEED_IDS.users.alex.id);
    fake.tokens.expire(expired);
    const res = await graphGet(fake.graphUrl, '/oauth/access_token', {
      grant_type: 'fb_exchange_token',
      client_id: app.id,
      client_secret: app.secret,
      fb_exchange_token: expired,
    });
    expect(res.body.error).toMatchObject({ code: 190, error_subcode: 463 });
  });

  it("exchanges each user's pre-issued seed code exactly once", async () => {
    const res = await exchange(META_SEED_IDS.users.priya.code);
    const me = await graphGet(fake.graphUrl, '/me', { access_token: res.body.access_token });
    expect(me.body).toEqual({ id: META_SEED_IDS.users.priya.id, name: 'Priya Shah' });
    expect((await exchange(META_SEED_IDS.users.priya.code)).body.error.error_subcode).toBe(36009);
  });

  it('logs in as the configured user', async () => {
    fake.state.oauth.loginAs = META_SEED_IDS.users.sam.id;
    try {
      const code = (await consent()).searchParams.get('code') as string;
      const { body } = await exchange(code);
      const me = await graphGet(fake.graphUrl, '/me', { access_token: body.access_token });
      expect(me.body.name).toBe('Sam Okafor');
    } finally {
      fake.state.oauth.loginAs = META_SEED_IDS.users.alex.id;
    }
  });
});
