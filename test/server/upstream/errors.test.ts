import { describe, expect, it } from 'vitest';
import { AppError } from '../../../server/http/errors.ts';
import {
  errorFromHttpStatus,
  KIND_ANSWER,
  safeMessage,
  toAppError,
  UpstreamError,
  type UpstreamErrorKind,
} from '../../../server/upstream/errors.ts';

describe('toAppError', () => {
  const cases: [UpstreamErrorKind, number, string][] = [
    ['auth_expired', 401, 'CONNECTION_EXPIRED'],
    ['permission', 403, 'UPSTREAM_PERMISSION_DENIED'],
    ['invalid', 400, 'UPSTREAM_REJECTED'],
    ['not_found', 404, 'NOT_FOUND'],
    ['rate_limited', 429, 'UPSTREAM_RATE_LIMITED'],
    ['transient', 502, 'UPSTREAM_ERROR'],
    ['unavailable', 503, 'UPSTREAM_UNAVAILABLE'],
    ['timeout', 504, 'UPSTREAM_TIMEOUT'],
  ];

  it.each(cases)('answers kind %s with status %i and code %s', (kind, status, code) => {
    const app = toAppError(new UpstreamError({ platform: 'meta', kind, message: 'boom' }));
    expect(app).toBeInstanceOf(AppError);
    expect(app.status).toBe(status);
    expect(app.code).toBe(code);
    expect(KIND_ANSWER[kind]).toEqual({ status, code });
  });

  it('adds Retry-After with the platform wait on 429', () => {
    const app = toAppError(new UpstreamError({ platform: 'google', kind: 'rate_limited', message: 'slow down', retryAfterSeconds: 42.2 }));
    expect(app.headers).toEqual({ 'Retry-After': '43' });
  });

  it('adds a default Retry-After on 429 and 503 when the platform named no wait', () => {
    expect(toAppError(new UpstreamError({ platform: 'meta', kind: 'rate_limited', message: 'x' })).headers['Retry-After']).toBe('60');
    expect(toAppError(new UpstreamError({ platform: 'meta', kind: 'unavailable', message: 'x' })).headers['Retry-After']).toBe('30');
  });

  it('adds no Retry-After to other statuses', () => {
    expect(toAppError(new UpstreamError({ platform: 'meta', kind: 'transient', message: 'x' })).headers).toEqual({});
  });

  it('prefixes the message with the platform and keeps the platform code in details', () => {
    const app = toAppError(
      new UpstreamError({
        platform: 'meta',
        kind: 'invalid',
        message: '(#100) Invalid parameter',
        details: [{ message: 'Invalid parameter', code: '100' }],
      }),
    );
    expect(app.message).toBe('Meta: (#100) Invalid parameter');
    expect(app.details).toEqual([{ message: 'Invalid parameter', code: '100' }]);
  });
});

describe('safeMessage', () => {
  it('removes the exact secret values it is given', () => {
    expect(safeMessage('token abcdef123456 is bad', ['abcdef123456'])).toBe('token [redacted] is bad');
  });

  it('removes access_token, appsecret_proof, client_secret and code in query and JSON forms', () => {
    const text =
      'GET /me?access_token=EAAGxyz&appsecret_proof=deadbeef&client_secret=s3cr3t&code=AQabc {"access_token":"tok123","refresh_token":"1//r"}';
    const out = safeMessage(text);
    for (const leaked of ['EAAGxyz', 'deadbeef', 's3cr3t', 'AQabc', 'tok123', '1//r']) expect(out).not.toContain(leaked);
  });

  it('removes bearer tokens and token-shaped strings', () => {
    const out = safeMessage('Authorization: Bearer ya29.a0AfH6SMBx and EAABwzLixnjYBO1234567890abcdef');
    expect(out).not.toContain('ya29.a0AfH6SMBx');
    expect(out).not.toContain('EAABwzLixnjYBO1234567890abcdef');
  });

  it('scrubs messages and details when an UpstreamError is built', () => {
    const e = new UpstreamError({
      platform: 'meta',
      kind: 'invalid',
      message: 'bad token secret-token-value',
      details: [{ message: 'see access_token=secret-token-value' }],
      secrets: ['secret-token-value'],
    });
    expect(JSON.stringify({ m: e.message, d: e.details })).not.toContain('secret-token-value');
  });
});

describe('errorFromHttpStatus', () => {
  it.each([
    [401, 'auth_expired'],
    [403, 'permission'],
    [404, 'not_found'],
    [400, 'invalid'],
    [429, 'rate_limited'],
    [500, 'transient'],
    [502, 'transient'],
    [503, 'unavailable'],
    [504, 'timeout'],
  ] as const)('maps a bare HTTP %i to %s', (status, kind) => {
    expect(errorFromHttpStatus('google', status).kind).toBe(kind);
  });

  it('treats an unexpected 3xx as a non-retryable upstream error', () => {
    const e = errorFromHttpStatus('meta', 302);
    expect(e.kind).toBe('transient');
    expect(e.retryable).toBe(false);
  });
});
