// The retry policy in isolation: a scripted fetch answers each attempt, and the injected sleep records every
// wait instead of sleeping. The same behaviours are proven end to end against the fakes in meta/ and google/.
import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../server/upstream/errors.ts';
import {
  type HttpSettings,
  httpSettings,
  metaUsageWaitSeconds,
  parseMetaUsage,
  parseRetryAfter,
  type RawResponse,
  request,
  type UpstreamRequest,
} from '../../../server/upstream/http.ts';

type Step = Response | Error | ((signal: AbortSignal) => Promise<Response>);

function scripted(steps: Step[]): { fetch: typeof fetch; calls: () => number } {
  let calls = 0;
  const fetchStub = (async (_input: unknown, init?: RequestInit) => {
    const step = steps[Math.min(calls, steps.length - 1)];
    calls++;
    if (step instanceof Error) throw step;
    if (typeof step === 'function') return step(init?.signal as AbortSignal);
    return (step as Response).clone();
  }) as typeof fetch;
  return { fetch: fetchStub, calls: () => calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** Minimal status-only classification, as an adapter would supply. */
function byStatus(res: RawResponse): UpstreamError | undefined {
  if (res.status < 400) return undefined;
  const kind = res.status === 429 ? 'rate_limited' : res.status === 503 ? 'unavailable' : res.status >= 500 ? 'transient' : 'invalid';
  return new UpstreamError({ platform: 'meta', kind, message: `HTTP ${res.status}`, upstreamStatus: res.status });
}

function setup(steps: Step[], overrides: Partial<HttpSettings> = {}) {
  const waits: number[] = [];
  const script = scripted(steps);
  const settings = httpSettings({
    fetch: script.fetch,
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  });
  const send = (extra: Partial<UpstreamRequest> = {}) =>
    request({ platform: 'meta', method: 'GET', url: new URL('http://upstream.test/v25.0/me'), toError: byStatus, ...extra }, settings);
  return { waits, calls: script.calls, send };
}

const networkFailure = (code: string): Error => new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', 0)).toBe(120);
  });

  it('reads an HTTP-date relative to now', () => {
    const now = Date.parse('2026-12-05T10:00:00Z');
    expect(parseRetryAfter('Sat, 05 Dec 2026 10:00:30 GMT', now)).toBe(30);
  });

  it('ignores absent or garbled values', () => {
    expect(parseRetryAfter(null, 0)).toBeUndefined();
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });
});

describe('parseMetaUsage', () => {
  it('reads the three usage headers, BUC wait converted from minutes to seconds', () => {
    const headers = new Headers({
      'x-app-usage': '{"call_count":28,"total_time":25,"total_cputime":25}',
      'x-ad-account-usage': '{"acc_id_util_pct":9.67,"reset_time_duration":100,"ads_api_access_tier":"standard_access"}',
      'x-business-use-case-usage':
        '{"66782684":[{"type":"ads_management","call_count":95,"total_cputime":20,"total_time":20,"estimated_time_to_regain_access":0}],"1015":[{"type":"ads_insights","call_count":100,"total_cputime":23,"total_time":23,"estimated_time_to_regain_access":3}]}',
    });
    expect(parseMetaUsage(headers)).toEqual({
      appPercent: 28,
      adAccountPercent: 9.67,
      adAccountResetSeconds: 100,
      businessUseCasePercent: 100,
      regainAccessSeconds: 180,
    });
  });

  it('derives a wait from estimated_time_to_regain_access, else from a full ad account’s reset time', () => {
    expect(metaUsageWaitSeconds({ regainAccessSeconds: 120, adAccountPercent: 100, adAccountResetSeconds: 10 })).toBe(120);
    expect(metaUsageWaitSeconds({ regainAccessSeconds: 0, adAccountPercent: 100, adAccountResetSeconds: 10 })).toBe(10);
    expect(metaUsageWaitSeconds({ adAccountPercent: 50, adAccountResetSeconds: 10 })).toBeUndefined();
    expect(metaUsageWaitSeconds({ appPercent: 100 })).toBeUndefined();
  });

  it('ignores usage headers that are not JSON', () => {
    expect(parseMetaUsage(new Headers({ 'x-app-usage': 'nope' }))).toBeUndefined();
  });
});

describe('request', () => {
  it('retries a 503 and returns the later success', async () => {
    const { send, calls, waits } = setup([json(503, {}), json(200, { id: '1' })]);
    const res = await send();
    expect(res.json).toEqual({ id: '1' });
    expect(res.attempts).toBe(2);
    expect(calls()).toBe(2);
    expect(waits).toEqual([125]); // full jitter: 0.5 × min(8000, 250·2⁰)
  });

  it('backs off exponentially with full jitter between attempts', async () => {
    const { send, waits } = setup([json(500, {})], { maxAttempts: 4, random: () => 0.999 });
    await expect(send()).rejects.toBeInstanceOf(UpstreamError);
    expect(waits).toEqual([249, 499, 999]);
  });

  it('never waits longer than maxDelayMs for backoff', async () => {
    const { send, waits } = setup([json(500, {})], { maxAttempts: 6, random: () => 0.999, maxDelayMs: 1000 });
    await expect(send()).rejects.toBeInstanceOf(UpstreamError);
    expect(Math.max(...waits)).toBeLessThan(1000);
  });

  it('gives up after maxAttempts and reports how many were made', async () => {
    const { send, calls, waits } = setup([json(500, {})], { maxAttempts: 3 });
    const error = await send().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'transient', attempts: 3, status: 502, code: 'UPSTREAM_ERROR' });
    expect(calls()).toBe(3);
    expect(waits).toHaveLength(2);
  });

  it('does not retry a failure that is not transient', async () => {
    const { send, calls, waits } = setup([json(400, {}), json(200, {})]);
    await expect(send()).rejects.toMatchObject({ kind: 'invalid', attempts: 1 });
    expect(calls()).toBe(1);
    expect(waits).toEqual([]);
  });

  it('honours Retry-After on a 429 instead of backing off', async () => {
    const { send, waits } = setup([json(429, {}, { 'retry-after': '2' }), json(200, {})]);
    await send();
    expect(waits).toEqual([2000]);
  });

  it('gives up at once when Retry-After exceeds the cap, carrying the wait', async () => {
    const { send, calls, waits } = setup([json(429, {}, { 'retry-after': '120' }), json(200, {})]);
    await expect(send()).rejects.toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 120, attempts: 1 });
    expect(calls()).toBe(1);
    expect(waits).toEqual([]);
  });

  it('honours a 503’s Retry-After too', async () => {
    const { send, waits } = setup([json(503, {}, { 'retry-after': '3' }), json(200, {})]);
    await send();
    expect(waits).toEqual([3000]);
  });

  it('takes the longest of the adapter’s own wait and the headers', async () => {
    const toError = (res: RawResponse) =>
      res.status === 429 ? new UpstreamError({ platform: 'google', kind: 'rate_limited', message: 'x', retryAfterSeconds: 5 }) : undefined;
    const { send, waits } = setup([json(429, {}, { 'retry-after': '1' }), json(200, {})]);
    await send({ toError });
    expect(waits).toEqual([5000]);
  });

  it('waits for Meta’s x-ad-account-usage reset when the account is at 100 %', async () => {
    const usage = { 'x-ad-account-usage': '{"acc_id_util_pct":100,"reset_time_duration":7}' };
    const { send, waits } = setup([json(429, {}, usage), json(200, {})]);
    await send();
    expect(waits).toEqual([7000]);
  });

  it('does not repeat a non-idempotent POST after a transient failure', async () => {
    const { send, calls } = setup([json(500, {}), json(200, {})]);
    await expect(send({ method: 'POST' })).rejects.toMatchObject({ kind: 'transient', attempts: 1 });
    expect(calls()).toBe(1);
  });

  it('repeats a non-idempotent POST after a rate-limit refusal', async () => {
    const { send, calls } = setup([json(429, {}, { 'retry-after': '1' }), json(200, { id: '9' })]);
    const res = await send({ method: 'POST' });
    expect(res.json).toEqual({ id: '9' });
    expect(calls()).toBe(2);
  });

  it('maps a timeout to UPSTREAM_TIMEOUT', async () => {
    const hang = (signal: AbortSignal) =>
      new Promise<Response>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
    const { send } = setup([hang], { timeoutMs: 20, maxAttempts: 2 });
    const error = await send().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'timeout', status: 504, code: 'UPSTREAM_TIMEOUT', attempts: 2 });
  });

  it('maps a refused connection to unavailable and a reset one to transient', async () => {
    await expect(setup([networkFailure('ECONNREFUSED')], { maxAttempts: 1 }).send()).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'UPSTREAM_UNAVAILABLE',
    });
    await expect(setup([networkFailure('ECONNRESET')], { maxAttempts: 1 }).send()).rejects.toMatchObject({
      kind: 'transient',
      code: 'UPSTREAM_ERROR',
    });
  });

  it('retries a dropped connection on an idempotent call', async () => {
    const { send, calls } = setup([networkFailure('UND_ERR_SOCKET'), json(200, { ok: true })]);
    await expect(send()).resolves.toMatchObject({ json: { ok: true }, attempts: 2 });
    expect(calls()).toBe(2);
  });

  it('stops without retrying when the caller aborts', async () => {
    const controller = new AbortController();
    const hang = (signal: AbortSignal) =>
      new Promise<Response>((_resolve, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        controller.abort(new Error('caller gave up'));
      });
    const { send, calls } = setup([hang]);
    await expect(send({ signal: controller.signal })).rejects.toThrow('caller gave up');
    expect(calls()).toBe(1);
  });
});
