// The Meta client against the Meta fake on an ephemeral port: signing, paging, error mapping, retries counted
// by the fake's call log, and waits recorded by an injected sleep.
import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { META_APP, META_USERS } from '../../../../fakes/meta/ids.ts';
import { type FakeMeta, startFakeMeta } from '../../../../fakes/meta/index.ts';
import { toAppError } from '../../../../server/upstream/errors.ts';
import type { HttpSettings } from '../../../../server/upstream/http.ts';
import { createMetaClient, type MetaClient } from '../../../../server/upstream/meta/client.ts';
import { expectNoSecrets, recordSleep, upstreamFailure } from '../support.ts';

const alex = META_USERS[0];
if (!alex) throw new Error('the Meta fake has no seeded user');
const account = alex.adAccounts[0]?.id ?? '';
const TOKEN = alex.token;

let fake: FakeMeta;
beforeAll(async () => {
  fake = await startFakeMeta({ requireAppsecretProof: true });
});
afterAll(async () => {
  await fake?.close();
});
afterEach(() => {
  fake.faults.reset();
  fake.calls.reset();
  fake.resetUsage();
});

function client(
  http: Partial<HttpSettings> = {},
  token = TOKEN,
  appSecret: string = META_APP.secret,
): { meta: MetaClient; waits: number[] } {
  const recorded = recordSleep();
  const meta = createMetaClient({
    baseUrl: fake.baseUrl,
    appId: META_APP.id,
    appSecret,
    accessToken: token,
    http: { sleep: recorded.sleep, random: () => 0.5, ...http },
  });
  return { meta, waits: recorded.waits };
}

describe('Meta client: signing', () => {
  it('sends access_token and the appsecret_proof HMAC on every call', async () => {
    const { meta } = client();
    const me = await meta.me();
    expect(me.id).toBe(alex.id);
    const [call] = fake.calls.list('/me');
    const query = new URLSearchParams(call?.query);
    expect(query.get('access_token')).toBe(TOKEN);
    expect(query.get('appsecret_proof')).toBe(createHmac('sha256', META_APP.secret).update(TOKEN).digest('hex'));
    expect(call?.path).toBe('/v25.0/me');
  });

  it('is refused (UPSTREAM_REJECTED) when the proof is made with the wrong app secret', async () => {
    const { meta } = client({}, TOKEN, 'not-the-app-secret');
    const error = await upstreamFailure(meta.me());
    expect(error).toMatchObject({ kind: 'invalid', code: 'UPSTREAM_REJECTED', platformCode: 100 });
  });

  it('sends object parameters as JSON strings (filtering)', async () => {
    const { meta } = client();
    const filtering = [{ field: 'effective_status', operator: 'IN', value: ['PAUSED'] }];
    const rows = await meta.getAll<{ effective_status: string }>(`${account}/campaigns`, { fields: ['id', 'effective_status'], filtering });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.effective_status === 'PAUSED')).toBe(true);
    const query = new URLSearchParams(fake.calls.list(`/${account}/campaigns`)[0]?.query);
    expect(JSON.parse(query.get('filtering') ?? 'null')).toEqual(filtering);
    expect(query.get('fields')).toBe('id,effective_status');
  });

  it('refuses a path that leaves the Graph node/edge space', async () => {
    const { meta } = client();
    await expect(meta.get('../admin')).rejects.toThrow('not a Graph API path');
    await expect(meta.get('act_1/campaigns?access_token=x')).rejects.toThrow('not a Graph API path');
  });
});

describe('Meta client: paging', () => {
  it('follows paging.next until the last page and returns every row once', async () => {
    const { meta } = client();
    const everything = await meta.getPage<{ id: string }>(`${account}/campaigns`, { fields: ['id'] }, { limit: 1000 });
    expect(everything.hasMore).toBe(false);
    fake.calls.reset();

    const rows = await meta.getAll<{ id: string }>(`${account}/campaigns`, { fields: ['id'], limit: 7 });
    expect(rows.map((r) => r.id).sort()).toEqual(everything.data.map((r) => r.id).sort());
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(fake.calls.count(`/${account}/campaigns`)).toBe(Math.ceil(rows.length / 7));
  });

  it('re-signs each next page itself instead of replaying the token from paging.next', async () => {
    const { meta } = client();
    await meta.getAll(`${account}/campaigns`, { fields: ['id'], limit: 10 });
    const calls = fake.calls.list(`/${account}/campaigns`);
    expect(calls.length).toBeGreaterThan(1);
    for (const call of calls) {
      const query = new URLSearchParams(call.query);
      expect(query.getAll('access_token')).toEqual([TOKEN]);
      expect(query.getAll('appsecret_proof')).toHaveLength(1);
    }
  });

  it('returns one page with Meta’s after cursor, and the next page from that cursor', async () => {
    const { meta } = client();
    const first = await meta.getPage<{ id: string }>(`${account}/campaigns`, { fields: ['id'] }, { limit: 5 });
    expect(first.data).toHaveLength(5);
    expect(first.hasMore).toBe(true);
    expect(first.after).toEqual(expect.any(String));
    const second = await meta.getPage<{ id: string }>(`${account}/campaigns`, { fields: ['id'] }, { limit: 5, after: first.after });
    expect(second.data).toHaveLength(5);
    expect(second.data.map((r) => r.id)).not.toContain(first.data[0]?.id);
  });

  it('lists every ad account of the user (me/adaccounts)', async () => {
    const { meta } = client();
    const accounts = await meta.listAdAccounts();
    expect(accounts.map((a) => a.id).sort()).toEqual(alex.adAccounts.map((a) => a.id).sort());
    expect(accounts[0]).toMatchObject({ currency: expect.any(String), timezone_name: expect.any(String) });
  });
});

describe('Meta client: writes', () => {
  it('creates a campaign with a form-encoded POST and deletes it', async () => {
    const { meta } = client();
    const created = await meta.post<{ id: string }>(`${account}/campaigns`, {
      name: 'Upstream test',
      objective: 'OUTCOME_TRAFFIC',
      status: 'PAUSED',
      special_ad_categories: [],
      is_adset_budget_sharing_enabled: false,
    });
    expect(created.id).toMatch(/^\d+$/);
    await expect(meta.delete(created.id)).resolves.toMatchObject({ success: true });
  });

  it('does not repeat a create after a transient failure (it may have been applied)', async () => {
    fake.faults.add({ match: { method: 'POST', path: '/act_*/campaigns' }, error: 2, times: 1 });
    const { meta } = client();
    const error = await upstreamFailure(
      meta.post(`${account}/campaigns`, { name: 'x', objective: 'OUTCOME_TRAFFIC', status: 'PAUSED', special_ad_categories: [] }),
    );
    expect(error).toMatchObject({ kind: 'transient', code: 'UPSTREAM_ERROR', attempts: 1 });
    expect(fake.calls.count('/act_*/campaigns', 'POST')).toBe(1);
  });
});

describe('Meta client: error mapping', () => {
  const table: [string, number | { code: number; subcode: number }, string, number, string][] = [
    ['190/463 (expired token)', { code: 190, subcode: 463 }, 'auth_expired', 401, 'CONNECTION_EXPIRED'],
    ['190/467 (logged out)', { code: 190, subcode: 467 }, 'auth_expired', 401, 'CONNECTION_EXPIRED'],
    ['190/460 (password changed)', { code: 190, subcode: 460 }, 'auth_expired', 401, 'CONNECTION_EXPIRED'],
    ['10 (app permission)', 10, 'permission', 403, 'UPSTREAM_PERMISSION_DENIED'],
    ['200 (permissions error)', 200, 'permission', 403, 'UPSTREAM_PERMISSION_DENIED'],
    ['100 (invalid parameter)', 100, 'invalid', 400, 'UPSTREAM_REJECTED'],
    ['100/33 (object does not exist)', { code: 100, subcode: 33 }, 'not_found', 404, 'NOT_FOUND'],
    ['2635 (deprecated version)', 2635, 'invalid', 400, 'UPSTREAM_REJECTED'],
    ['4 (app request limit)', 4, 'rate_limited', 429, 'UPSTREAM_RATE_LIMITED'],
    ['17 (user request limit)', 17, 'rate_limited', 429, 'UPSTREAM_RATE_LIMITED'],
    ['32 (page request limit)', 32, 'rate_limited', 429, 'UPSTREAM_RATE_LIMITED'],
    ['613 (custom rate limit)', 613, 'rate_limited', 429, 'UPSTREAM_RATE_LIMITED'],
    ['80004 (ads management BUC)', 80004, 'rate_limited', 429, 'UPSTREAM_RATE_LIMITED'],
    ['1 (unknown error)', 1, 'transient', 502, 'UPSTREAM_ERROR'],
    ['2 (unexpected error)', 2, 'transient', 502, 'UPSTREAM_ERROR'],
  ];

  it.each(table)('maps Meta %s to %s → %i %s', async (_name, fault, kind, status, code) => {
    fake.faults.add({ match: { path: '/me' }, error: fault });
    const { meta } = client({ maxAttempts: 1 });
    const error = await upstreamFailure(meta.me());
    expect(error).toMatchObject({ platform: 'meta', kind, status, code });
    const app = toAppError(error);
    expect(app.status).toBe(status);
    expect(app.code).toBe(code);
  });

  it('answers CONNECTION_EXPIRED once the token has expired', async () => {
    const token = fake.tokens.issue(alex.id);
    const { meta } = client({}, token);
    await meta.me();
    fake.tokens.expire(token);
    const error = await upstreamFailure(meta.me());
    expect(error).toMatchObject({ kind: 'auth_expired', platformCode: 190, platformSubcode: 463, attempts: 1 });
    expect(toAppError(error)).toMatchObject({ status: 401, code: 'CONNECTION_EXPIRED' });
  });

  it('answers NOT_FOUND for an object that does not exist', async () => {
    const { meta } = client();
    const error = await upstreamFailure(meta.get('120219999999999999', { fields: ['id'] }));
    expect(error).toMatchObject({ kind: 'not_found', status: 404, platformCode: 100, platformSubcode: 33 });
  });

  it('puts no token, app secret or proof in any error it raises', async () => {
    const proof = createHmac('sha256', META_APP.secret).update(TOKEN).digest('hex');
    fake.faults.add({
      match: { path: '/me' },
      error: { code: 190, message: `Malformed access token ${TOKEN} (appsecret_proof=${proof}, client_secret=${META_APP.secret})` },
    });
    const { meta } = client({ maxAttempts: 1 });
    const failures = [await upstreamFailure(meta.me())];
    fake.faults.reset();
    fake.faults.add({ match: { path: '/me' }, drop: true });
    failures.push(await upstreamFailure(meta.me()));
    for (const error of failures) expectNoSecrets(error, [TOKEN, proof, META_APP.secret]);
  });
});

describe('Meta client: retries', () => {
  it('retries a transient code 2 and succeeds, two calls in all', async () => {
    fake.faults.add({ match: { path: '/me' }, error: 2, times: 1 });
    const { meta, waits } = client();
    await expect(meta.me()).resolves.toMatchObject({ id: alex.id });
    expect(fake.calls.count('/me')).toBe(2);
    expect(waits).toEqual([125]);
  });

  it('stops after maxAttempts when code 1 persists', async () => {
    fake.faults.add({ match: { path: '/me' }, error: 1 });
    const { meta, waits } = client({ maxAttempts: 3 });
    const error = await upstreamFailure(meta.me());
    expect(error).toMatchObject({ kind: 'transient', code: 'UPSTREAM_ERROR', attempts: 3 });
    expect(fake.calls.count('/me')).toBe(3);
    expect(waits).toHaveLength(2);
  });

  it.each([
    ['100 (invalid parameter)', 100],
    ['190 (invalid token)', 190],
    ['200 (permissions)', 200],
  ])('does not retry %s', async (_name, code) => {
    fake.faults.add({ match: { path: '/me' }, error: code });
    const { meta, waits } = client({ maxAttempts: 3 });
    await upstreamFailure(meta.me());
    expect(fake.calls.count('/me')).toBe(1);
    expect(waits).toEqual([]);
  });

  it('retries a throttle that names no wait with backoff, then succeeds', async () => {
    fake.faults.add({ match: { path: '/me' }, rateLimit: { code: 4 }, times: 1 });
    const { meta, waits } = client();
    await meta.me();
    expect(fake.calls.count('/me')).toBe(2);
    expect(waits).toEqual([500]); // 0.5 × rate-limit base 1000 ms
  });

  it('gives up at once when estimated_time_to_regain_access exceeds the 30 s cap, carrying the wait', async () => {
    fake.faults.add({ match: { path: '/act_*/campaigns' }, rateLimit: { retryAfterSeconds: 300 } });
    const { meta, waits } = client();
    const error = await upstreamFailure(meta.getAll(`${account}/campaigns`, { fields: ['id'] }));
    expect(error).toMatchObject({ kind: 'rate_limited', platformCode: 80004, retryAfterSeconds: 300, attempts: 1 });
    expect(toAppError(error).headers).toEqual({ 'Retry-After': '300' });
    expect(fake.calls.count('/act_*/campaigns')).toBe(1);
    expect(waits).toEqual([]);
  });

  it('answers UPSTREAM_TIMEOUT when Meta does not answer in time', async () => {
    fake.faults.add({ match: { path: '/me' }, latencyMs: 400 });
    const { meta } = client({ timeoutMs: 100, maxAttempts: 2 });
    const error = await upstreamFailure(meta.me());
    expect(error).toMatchObject({ kind: 'timeout', status: 504, code: 'UPSTREAM_TIMEOUT', attempts: 2 });
    expect(fake.calls.count('/me')).toBe(2);
  });

  it('retries a dropped connection and succeeds', async () => {
    fake.faults.add({ match: { path: '/me' }, drop: true, times: 1 });
    const { meta } = client();
    await expect(meta.me()).resolves.toMatchObject({ id: alex.id });
    expect(fake.calls.count('/me')).toBe(2);
  });

  it('maps a connection dropped on every attempt to UPSTREAM_ERROR', async () => {
    fake.faults.add({ match: { path: '/me' }, drop: true });
    const { meta } = client({ maxAttempts: 3 });
    const error = await upstreamFailure(meta.me());
    expect(error).toMatchObject({ kind: 'transient', status: 502, code: 'UPSTREAM_ERROR', attempts: 3 });
    expect(fake.calls.count('/me')).toBe(3);
  });
});
