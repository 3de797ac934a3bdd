// Google's web-server OAuth flow against the Google fake: consent URL, code → tokens, refresh.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGoogle, GOOGLE_SEED_IDS, startFakeGoogle } from '../../../../fakes/google/index.ts';
import { createGoogleAdsClient } from '../../../../server/upstream/google/client.ts';
import { buildAuthorizeUrl, createGoogleOAuth, GOOGLE_ADS_SCOPE, type GoogleOAuth } from '../../../../server/upstream/google/oauth.ts';
import { expectNoSecrets, recordSleep, upstreamFailure } from '../support.ts';

const { oauthClient, users } = GOOGLE_SEED_IDS;
const REDIRECT_URI = 'https://app.adlyft.test/api/v1/oauth/google/callback';

let fake: FakeGoogle;
let oauth: GoogleOAuth;
beforeAll(async () => {
  fake = await startFakeGoogle();
  oauth = createGoogleOAuth({
    oauthBaseUrl: fake.baseUrl,
    clientId: oauthClient.clientId,
    clientSecret: oauthClient.clientSecret,
    http: { sleep: recordSleep().sleep },
  });
});
afterAll(async () => {
  await fake?.close();
});
afterEach(() => {
  fake.faults.reset();
  fake.calls.reset();
});

async function consent(state: string): Promise<string> {
  const response = await fetch(oauth.buildAuthorizeUrl({ redirectUri: REDIRECT_URI, state }), { redirect: 'manual' });
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location') ?? '');
  expect(location.searchParams.get('state')).toBe(state);
  return location.searchParams.get('code') ?? '';
}

describe('buildAuthorizeUrl', () => {
  it('asks accounts.google.com for the adwords scope with offline access and forced consent', () => {
    const url = new URL(buildAuthorizeUrl({ clientId: 'cid', redirectUri: REDIRECT_URI, state: 's1' }));
    expect(`${url.origin}${url.pathname}`).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'cid',
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'https://www.googleapis.com/auth/adwords',
      access_type: 'offline',
      prompt: 'consent',
      include_granted_scopes: 'true',
      state: 's1',
    });
  });
});

describe('Google OAuth', () => {
  it('exchanges the consent code for an access and a refresh token, and refreshes the access token', async () => {
    const code = await consent('state-1');
    const grant = await oauth.exchangeCode(code, REDIRECT_URI);
    expect(grant).toMatchObject({ accessToken: expect.stringMatching(/^ya29\./), tokenType: 'Bearer', refreshToken: expect.any(String) });
    expect(grant.scopes).toContain(GOOGLE_ADS_SCOPE);
    expect(grant.expiresInSeconds).toBeGreaterThan(0);

    const refreshed = await oauth.refreshAccessToken(grant.refreshToken ?? '');
    expect(refreshed.accessToken).not.toBe(grant.accessToken);
    expect(refreshed.refreshToken).toBeUndefined();
    const ads = createGoogleAdsClient({ baseUrl: fake.baseUrl, developerToken: '', accessToken: refreshed.accessToken });
    await expect(ads.listAccessibleCustomers()).resolves.toEqual(expect.arrayContaining([expect.stringMatching(/^\d{10}$/)]));
  });

  it('refuses a reused code as UPSTREAM_REJECTED without retrying it', async () => {
    const code = await consent('state-2');
    await oauth.exchangeCode(code, REDIRECT_URI);
    fake.calls.reset();
    const error = await upstreamFailure(oauth.exchangeCode(code, REDIRECT_URI));
    expect(error).toMatchObject({ kind: 'invalid', code: 'UPSTREAM_REJECTED', platformCode: 'invalid_grant' });
    expect(fake.calls.count('/token')).toBe(1);
    expectNoSecrets(error, [code, oauthClient.clientSecret]);
  });

  it('answers CONNECTION_EXPIRED when the refresh token was revoked', async () => {
    const code = await consent('state-3');
    const grant = await oauth.exchangeCode(code, REDIRECT_URI);
    fake.tokens.revoke(grant.refreshToken ?? '');
    const error = await upstreamFailure(oauth.refreshAccessToken(grant.refreshToken ?? ''));
    expect(error).toMatchObject({ kind: 'auth_expired', status: 401, code: 'CONNECTION_EXPIRED' });
    expectNoSecrets(error, [grant.refreshToken ?? '', oauthClient.clientSecret]);
  });

  it('treats a refused client secret as our misconfiguration (502), not retried', async () => {
    const wrong = createGoogleOAuth({
      oauthBaseUrl: fake.baseUrl,
      clientId: oauthClient.clientId,
      clientSecret: 'GOCSPX-wrong',
      http: { sleep: recordSleep().sleep },
    });
    const error = await upstreamFailure(wrong.refreshAccessToken(users.alex.refreshToken));
    expect(error).toMatchObject({
      kind: 'transient',
      code: 'UPSTREAM_ERROR',
      platformCode: 'invalid_client',
      retryable: false,
      attempts: 1,
    });
    expectNoSecrets(error, ['GOCSPX-wrong', users.alex.refreshToken]);
  });

  it('retries a refresh after a dropped connection (refreshing twice is harmless)', async () => {
    fake.faults.add({ match: { path: '/token' }, drop: true, times: 1 });
    await expect(oauth.refreshAccessToken(users.alex.refreshToken)).resolves.toMatchObject({ accessToken: expect.any(String) });
    expect(fake.calls.count('/token')).toBe(2);
  });

  it('does not redeem a code twice after a dropped connection', async () => {
    const code = await consent('state-4');
    fake.faults.add({ match: { path: '/token' }, drop: true, times: 1 });
    const error = await upstreamFailure(oauth.exchangeCode(code, REDIRECT_URI));
    expect(error).toMatchObject({ kind: 'transient', attempts: 1 });
    expect(fake.calls.count('/token')).toBe(1);
  });
});
