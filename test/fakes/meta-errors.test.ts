import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMeta, META_SEED_IDS, startFakeMeta } from '../../fakes/index.ts';
import { appsecretProof } from '../../fakes/meta/auth.ts';
import { graphGet, request, TODAY } from './helpers.ts';

const token = META_SEED_IDS.users.alex.accessToken;
const account = META_SEED_IDS.adAccounts.alexUsd;
let fake: FakeMeta;

beforeAll(async () => {
  fake = await startFakeMeta({ today: TODAY });
});
afterEach(() => fake.faults.reset());
afterAll(() => fake.close());

const campaigns = () => graphGet(fake.graphUrl, `/${account}/campaigns`, { access_token: token });

describe('Meta error objects', () => {
  it.each([
    [1, 500, true],
    [2, 500, true],
    [4, 400, true],
    [10, 400, false],
    [17, 400, true],
    [32, 400, true],
    [100, 400, false],
    [200, 400, false],
    [613, 400, true],
    [80004, 400, true],
  ])('maps an injected code %i to HTTP %i with the full error envelope', async (code, status, transient) => {
    fake.faults.add({ match: { path: '/act_*/campaigns' }, error: code, times: 1 });
    const res = await campaigns();
    expect(res.status).toBe(status);
    expect(res.body).toEqual({
      error: expect.objectContaining({
        message: expect.any(String),
        type: 'OAuthException',
        code,
        is_transient: transient,
        fbtrace_id: expect.stringMatching(/^[A-Za-z0-9]{11}$/),
      }),
    });
  });

  it.each([458, 460, 463, 467])('maps an injected 190/%i to an OAuthException with a WWW-Authenticate challenge', async (subcode) => {
    fake.faults.add({ match: { path: '/act_*/campaigns' }, error: { code: 190, subcode }, times: 1 });
    const res = await campaigns();
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 190, error_subcode: subcode, type: 'OAuthException' });
    expect(res.body.error.message).toMatch(/^Error validating access token/);
    expect(res.headers.get('www-authenticate')).toMatch(/^OAuth "Facebook Platform" "invalid_token"/);
  });

  it('carries error_user_title and error_user_msg when the fault provides them', async () => {
    fake.faults.add({
      match: { path: '/act_*/campaigns', method: 'GET' },
      error: { code: 100, subcode: 1885272, userTitle: 'Budget too low', userMsg: 'Raise it.' },
      times: 1,
    });
    const res = await campaigns();
    expect(res.body.error).toMatchObject({
      code: 100,
      error_subcode: 1885272,
      error_user_title: 'Budget too low',
      error_user_msg: 'Raise it.',
    });
  });

  it('answers (#104) when no access token is sent and (#2500) for /me without one', async () => {
    const edge = await graphGet(fake.graphUrl, `/${account}/campaigns`);
    expect(edge.body.error).toMatchObject({ code: 104, message: 'An access token is required to request this resource.' });
    const me = await graphGet(fake.graphUrl, '/me');
    expect(me.body.error).toMatchObject({ code: 2500 });
  });

  it('answers 190 without subcode for a token it cannot parse', async () => {
    const res = await graphGet(fake.graphUrl, '/me', { access_token: 'not-a-token' });
    expect(res.body.error).toMatchObject({ code: 190, message: 'Invalid OAuth access token - Cannot parse access token' });
    expect(res.body.error.error_subcode).toBeUndefined();
  });

  it('answers 190/463 "Session has expired" once a token expires, and 190/467 after logout', async () => {
    const expiring = fake.tokens.issue(META_SEED_IDS.users.alex.id);
    fake.tokens.expire(expiring);
    const expired = await graphGet(fake.graphUrl, '/me', { access_token: expiring });
    expect(expired.body.error).toMatchObject({ code: 190, error_subcode: 463 });
    expect(expired.body.error.message).toMatch(/Session has expired on .* The current time is /);

    const loggedOut = fake.tokens.issue(META_SEED_IDS.users.alex.id);
    fake.tokens.invalidate(loggedOut, 467);
    const res = await graphGet(fake.graphUrl, '/me', { access_token: loggedOut });
    expect(res.body.error).toMatchObject({ code: 190, error_subcode: 467 });
  });

  it('answers (#200) when the token lacks ads permissions', async () => {
    const limited = fake.tokens.issue(META_SEED_IDS.users.alex.id, { scopes: ['public_profile'] });
    const res = await graphGet(fake.graphUrl, `/${account}/campaigns`, { access_token: limited });
    expect(res.body.error).toMatchObject({
      code: 200,
      message: '(#200) Ad account owner has NOT grant ads_management or ads_read permission',
    });
  });

  it('rejects a wrong appsecret_proof and accepts the right one', async () => {
    const bad = await graphGet(fake.graphUrl, '/me', { access_token: token, appsecret_proof: 'deadbeef' });
    expect(bad.body.error).toMatchObject({
      code: 100,
      type: 'GraphMethodException',
      message: 'Invalid appsecret_proof provided in the API argument',
    });
    const good = await graphGet(fake.graphUrl, '/me', {
      access_token: token,
      appsecret_proof: appsecretProof(token, fake.state.app.secret),
    });
    expect(good.status).toBe(200);
  });

  it('requires appsecret_proof when the fake is configured to', async () => {
    const strict = await startFakeMeta({ today: TODAY, requireAppsecretProof: true, appSecret: 'strict-secret' });
    try {
      const missing = await graphGet(strict.graphUrl, '/me', { access_token: token });
      expect(missing.body.error).toMatchObject({ code: 100, message: 'API calls from the server require an appsecret_proof argument' });
      const ok = await graphGet(strict.graphUrl, '/me', { access_token: token, appsecret_proof: appsecretProof(token, 'strict-secret') });
      expect(ok.status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('throttles an ad account past its Business Use Case quota with 80004 and a regain time', async () => {
    const tight = await startFakeMeta({ today: TODAY, bucQuotaPerHour: 3 });
    try {
      const call = () => graphGet(tight.graphUrl, `/${account}/campaigns`, { access_token: token });
      for (let i = 0; i < 3; i++) expect((await call()).status).toBe(200);
      const throttled = await call();
      expect(throttled.body.error).toMatchObject({ code: 80004, error_subcode: 2446079, is_transient: true });
      const usage = JSON.parse(throttled.headers.get('x-business-use-case-usage') as string)[account.slice(4)][0];
      expect(usage).toMatchObject({ type: 'ads_management', call_count: 100, estimated_time_to_regain_access: 60 });
    } finally {
      await tight.close();
    }
  });

  it('answers (#2635) for versions older than the configured minimum', async () => {
    const strict = await startFakeMeta({ today: TODAY, minVersion: 'v21.0' });
    try {
      const old = await request(`${strict.baseUrl}/v19.0/me?access_token=${token}`);
      expect(old.body.error).toMatchObject({ code: 2635 });
      const current = await request(`${strict.baseUrl}/v25.0/me?access_token=${token}`);
      expect(current.status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});
