// Facebook Login against the Meta fake: the dialog URL, code → token, short → long-lived token.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { META_APP } from '../../../../fakes/meta/ids.ts';
import { type FakeMeta, startFakeMeta } from '../../../../fakes/meta/index.ts';
import { createMetaClient } from '../../../../server/upstream/meta/client.ts';
import { buildAuthorizeUrl, createMetaOAuth, type MetaOAuth } from '../../../../server/upstream/meta/oauth.ts';
import { expectNoSecrets, recordSleep, upstreamFailure } from '../support.ts';

const REDIRECT_URI = 'https://app.adlyft.test/api/v1/oauth/meta/callback';

let fake: FakeMeta;
let oauth: MetaOAuth;
beforeAll(async () => {
  fake = await startFakeMeta();
  oauth = createMetaOAuth({
    apiBaseUrl: fake.baseUrl,
    oauthBaseUrl: fake.baseUrl,
    appId: META_APP.id,
    appSecret: META_APP.secret,
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

/** Follows the sandbox dialog (which consents at once) and returns the code from the redirect. */
async function consent(state: string): Promise<string> {
  const response = await fetch(oauth.buildAuthorizeUrl({ redirectUri: REDIRECT_URI, state }), { redirect: 'manual' });
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location') ?? '');
  expect(location.searchParams.get('state')).toBe(state);
  return location.searchParams.get('code') ?? '';
}

describe('buildAuthorizeUrl', () => {
  it('points at facebook.com/{version}/dialog/oauth with client id, redirect, state, code response and scopes', () => {
    const url = new URL(
      buildAuthorizeUrl({
        appId: '123',
        redirectUri: REDIRECT_URI,
        state: 's1',
        scopes: ['ads_management', 'ads_read'],
        authType: 'rerequest',
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe('https://www.facebook.com/v25.0/dialog/oauth');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: '123',
      redirect_uri: REDIRECT_URI,
      state: 's1',
      response_type: 'code',
      scope: 'ads_management,ads_read',
      auth_type: 'rerequest',
    });
  });

  it('uses the configured base and version (the sandbox points it at the fake)', () => {
    const url = new URL(
      buildAuthorizeUrl({ appId: '1', redirectUri: REDIRECT_URI, state: 's', oauthBaseUrl: 'http://127.0.0.1:9/', version: 'v26.0' }),
    );
    expect(url.href.startsWith('http://127.0.0.1:9/v26.0/dialog/oauth?')).toBe(true);
    expect(url.searchParams.get('scope')).toContain('ads_management');
  });
});

describe('Meta OAuth', () => {
  it('exchanges the dialog’s code for a token, then for a long-lived token that works', async () => {
    const code = await consent('state-1');
    const short = await oauth.exchangeCode(code, REDIRECT_URI);
    expect(short).toMatchObject({ accessToken: expect.stringMatching(/^EAA/), tokenType: 'bearer', expiresInSeconds: expect.any(Number) });

    const long = await oauth.exchangeForLongLivedToken(short.accessToken);
    expect(long.accessToken).not.toBe(short.accessToken);
    const exchange = new URLSearchParams(fake.calls.list('/oauth/access_token').at(-1)?.query);
    expect(exchange.get('grant_type')).toBe('fb_exchange_token');

    const client = createMetaClient({
      baseUrl: fake.baseUrl,
      appId: META_APP.id,
      appSecret: META_APP.secret,
      accessToken: long.accessToken,
    });
    await expect(client.me()).resolves.toMatchObject({ id: expect.any(String) });
  });

  it('refuses a reused code as UPSTREAM_REJECTED without retrying, and keeps the code out of the message', async () => {
    const code = await consent('state-2');
    await oauth.exchangeCode(code, REDIRECT_URI);
    fake.calls.reset();
    const error = await upstreamFailure(oauth.exchangeCode(code, REDIRECT_URI));
    expect(error).toMatchObject({ kind: 'invalid', code: 'UPSTREAM_REJECTED', platformCode: 100, platformSubcode: 36009 });
    expect(fake.calls.count('/oauth/access_token')).toBe(1);
    expectNoSecrets(error, [code, META_APP.secret]);
  });

  it('does not redeem a code twice after a dropped connection (codes are single-use)', async () => {
    const code = await consent('state-3');
    fake.faults.add({ match: { path: '/oauth/access_token' }, drop: true, times: 1 });
    const error = await upstreamFailure(oauth.exchangeCode(code, REDIRECT_URI));
    expect(error).toMatchObject({ kind: 'transient', attempts: 1 });
    expect(fake.calls.count('/oauth/access_token')).toBe(1);
  });

  it('refuses a redirect_uri that differs from the dialog’s', async () => {
    const code = await consent('state-4');
    const error = await upstreamFailure(oauth.exchangeCode(code, 'https://elsewhere.test/cb'));
    expect(error).toMatchObject({ kind: 'invalid', platformSubcode: 36008 });
  });

  it('answers CONNECTION_EXPIRED when an expired short-lived token is exchanged', async () => {
    const token = fake.tokens.issue(fake.state.users[0]?.id ?? '');
    fake.tokens.expire(token);
    const error = await upstreamFailure(oauth.exchangeForLongLivedToken(token));
    expect(error).toMatchObject({ kind: 'auth_expired', code: 'CONNECTION_EXPIRED' });
    expectNoSecrets(error, [token, META_APP.secret]);
  });

  it('does not retry a wrong app secret (code 1 that Meta marks not transient)', async () => {
    const wrong = createMetaOAuth({
      apiBaseUrl: fake.baseUrl,
      appId: META_APP.id,
      appSecret: 'wrong-secret',
      http: { sleep: recordSleep().sleep },
    });
    const token = fake.tokens.issue(fake.state.users[0]?.id ?? '');
    const error = await upstreamFailure(wrong.exchangeForLongLivedToken(token));
    expect(error).toMatchObject({ code: 'UPSTREAM_ERROR', platformCode: 1, retryable: false, attempts: 1 });
    expectNoSecrets(error, ['wrong-secret', token]);
  });
});
