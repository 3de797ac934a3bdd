import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGoogle, GOOGLE_SEED_IDS, startFakeGoogle } from '../../fakes/index.ts';
import { googlePost, request, TODAY } from './helpers.ts';

const client = GOOGLE_SEED_IDS.oauthClient;
const redirectUri = 'https://app.adlyft.test/api/v1/google/callback';
const scope = 'https://www.googleapis.com/auth/adwords';
let fake: FakeGoogle;

beforeAll(async () => {
  fake = await startFakeGoogle({ today: TODAY });
});
afterEach(() => {
  fake.state.oauth.deny = false;
});
afterAll(() => fake.close());

async function authorize(params: Record<string, string> = {}): Promise<URL> {
  const url = new URL(`${fake.baseUrl}/o/oauth2/v2/auth`);
  const all = {
    client_id: client.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope,
    access_type: 'offline',
    prompt: 'consent',
    state: 'xyz',
    ...params,
  };
  for (const [k, v] of Object.entries(all)) url.searchParams.set(k, v);
  const res = await request(url.toString());
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') as string);
}

function tokenRequest(params: Record<string, string>) {
  return request(`${fake.baseUrl}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: client.clientId, client_secret: client.clientSecret, ...params }),
  });
}

describe('Google OAuth (web-server flow)', () => {
  it('consents at once and exchanges the code for an access token and a refresh token', async () => {
    const location = await authorize();
    expect(location.searchParams.get('state')).toBe('xyz');
    const code = location.searchParams.get('code') as string;
    expect(code).toMatch(/^4\//);
    const res = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
    expect(res.body).toEqual({
      access_token: expect.stringMatching(/^ya29\./),
      expires_in: 3599,
      scope,
      token_type: 'Bearer',
      refresh_token: expect.stringMatching(/^1\/\//),
    });
    const customers = await request(`${fake.adsUrl}/customers:listAccessibleCustomers`, {
      headers: { authorization: `Bearer ${res.body.access_token}` },
    });
    expect(customers.status).toBe(200);
  });

  it('omits the refresh token on a repeat consent without prompt=consent', async () => {
    const code = (await authorize({ prompt: 'select_account' })).searchParams.get('code') as string;
    const res = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
    expect(res.body.refresh_token).toBeUndefined();
  });

  it('refuses a reused code with invalid_grant', async () => {
    const code = (await authorize()).searchParams.get('code') as string;
    await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
    const again = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: 'invalid_grant', error_description: 'Bad Request' });
  });

  it('refuses a mismatched redirect_uri, a wrong secret and an unknown grant type', async () => {
    const code = (await authorize()).searchParams.get('code') as string;
    expect((await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: 'https://evil.example/cb' })).body.error).toBe(
      'redirect_uri_mismatch',
    );
    const secret = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_secret: 'nope' });
    expect(secret.status).toBe(401);
    expect(secret.body.error).toBe('invalid_client');
    expect((await tokenRequest({ grant_type: 'password' })).body.error).toBe('unsupported_grant_type');
  });

  it('refreshes an access token with the refresh_token grant (no new refresh token)', async () => {
    const res = await tokenRequest({ grant_type: 'refresh_token', refresh_token: GOOGLE_SEED_IDS.users.alex.refreshToken });
    expect(res.body).toEqual({ access_token: expect.stringMatching(/^ya29\./), expires_in: 3599, scope, token_type: 'Bearer' });
  });

  it('refuses a revoked refresh token with invalid_grant "Token has been expired or revoked."', async () => {
    const code = (await authorize()).searchParams.get('code') as string;
    const { body } = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
    expect((await request(`${fake.baseUrl}/revoke?token=${body.refresh_token}`, { method: 'POST' })).status).toBe(200);
    const res = await tokenRequest({ grant_type: 'refresh_token', refresh_token: body.refresh_token });
    expect(res.body).toEqual({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
    const ads = await request(`${fake.adsUrl}/customers:listAccessibleCustomers`, {
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(ads.body.error.details[0].errors[0].errorCode).toEqual({ authenticationError: 'OAUTH_TOKEN_REVOKED' });
  });

  it('redirects with error=access_denied when the user denies', async () => {
    fake.state.oauth.deny = true;
    const location = await authorize();
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('xyz');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('answers UNAUTHENTICATED with OAUTH_TOKEN_EXPIRED once an access token expires', async () => {
    const { body } = await tokenRequest({ grant_type: 'refresh_token', refresh_token: GOOGLE_SEED_IDS.users.alex.refreshToken });
    fake.tokens.expire(body.access_token);
    const res = await googlePost(`${fake.adsUrl}/customers/${GOOGLE_SEED_IDS.customers.sakuraJpy}/googleAds:search`, body.access_token, {
      query: 'SELECT customer.id FROM customer',
    });
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED' });
    expect(res.body.error.details[0].errors[0].errorCode).toEqual({ authenticationError: 'OAUTH_TOKEN_EXPIRED' });
  });

  it('answers a bare 401 without details when no bearer token is sent', async () => {
    const res = await request(`${fake.adsUrl}/customers:listAccessibleCustomers`);
    expect(res.status).toBe(401);
    expect(res.body.error.status).toBe('UNAUTHENTICATED');
    expect(res.body.error.message).toMatch(/^Request is missing required authentication credential/);
    expect(res.body.error.details).toBeUndefined();
  });

  it("exchanges each user's pre-issued seed code once", async () => {
    const res = await tokenRequest({ grant_type: 'authorization_code', code: GOOGLE_SEED_IDS.users.priya.code, redirect_uri: redirectUri });
    const list = await request(`${fake.adsUrl}/customers:listAccessibleCustomers`, {
      headers: { authorization: `Bearer ${res.body.access_token}` },
    });
    expect(list.body).toEqual({ resourceNames: [`customers/${GOOGLE_SEED_IDS.customers.bistroEur}`] });
    expect(
      (await tokenRequest({ grant_type: 'authorization_code', code: GOOGLE_SEED_IDS.users.priya.code, redirect_uri: redirectUri })).body
        .error,
    ).toBe('invalid_grant');
  });
});
