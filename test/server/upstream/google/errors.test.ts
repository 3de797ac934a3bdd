import { describe, expect, it } from 'vitest';
import { googleErrorFromResponse, parseGoogleDuration } from '../../../../server/upstream/google/errors.ts';
import type { RawResponse } from '../../../../server/upstream/http.ts';

const response = (status: number, json: unknown, headers: Record<string, string> = {}): RawResponse => ({
  status,
  headers: new Headers(headers),
  text: JSON.stringify(json),
  json,
});

const adsFailure = (errorCode: Record<string, string>, message: string, extra: Record<string, unknown> = {}) => ({
  '@type': 'type.googleapis.com/google.ads.googleads.v23.errors.GoogleAdsFailure',
  errors: [{ errorCode, message, ...extra }],
  requestId: 'ctPQxfy09Y6rARFlyeiW6w',
});

describe('googleErrorFromResponse', () => {
  it.each([
    ['UNAUTHENTICATED', 401, 'auth_expired', 'CONNECTION_EXPIRED'],
    ['PERMISSION_DENIED', 403, 'permission', 'UPSTREAM_PERMISSION_DENIED'],
    ['INVALID_ARGUMENT', 400, 'invalid', 'UPSTREAM_REJECTED'],
    ['NOT_FOUND', 404, 'not_found', 'NOT_FOUND'],
    ['RESOURCE_EXHAUSTED', 429, 'rate_limited', 'UPSTREAM_RATE_LIMITED'],
    ['UNAVAILABLE', 503, 'unavailable', 'UPSTREAM_UNAVAILABLE'],
    ['INTERNAL', 500, 'transient', 'UPSTREAM_ERROR'],
    ['DEADLINE_EXCEEDED', 504, 'timeout', 'UPSTREAM_TIMEOUT'],
  ] as const)('maps status %s (HTTP %i) to %s / %s', (status, http, kind, code) => {
    expect(googleErrorFromResponse(response(http, { error: { code: http, message: 'm', status } }))).toMatchObject({
      platform: 'google',
      kind,
      code,
    });
  });

  it('reads the GoogleAdsFailure error code, message and request id', () => {
    const e = googleErrorFromResponse(
      response(403, {
        error: {
          code: 403,
          message: 'The caller does not have permission',
          status: 'PERMISSION_DENIED',
          details: [adsFailure({ authorizationError: 'USER_PERMISSION_DENIED' }, "User doesn't have permission to access customer.")],
        },
      }),
    );
    expect(e).toMatchObject({
      kind: 'permission',
      platformCode: 'authorizationError.USER_PERMISSION_DENIED',
      traceId: 'ctPQxfy09Y6rARFlyeiW6w',
      message: "User doesn't have permission to access customer.",
    });
    expect(e?.details).toEqual([
      { message: "User doesn't have permission to access customer.", code: 'authorizationError.USER_PERMISSION_DENIED' },
    ]);
  });

  it('treats an authenticationError as an expired connection', () => {
    const e = googleErrorFromResponse(
      response(401, {
        error: { code: 401, status: 'UNAUTHENTICATED', details: [adsFailure({ authenticationError: 'OAUTH_TOKEN_EXPIRED' }, 'expired')] },
      }),
    );
    expect(e).toMatchObject({ kind: 'auth_expired', code: 'CONNECTION_EXPIRED' });
  });

  it('reads RetryInfo.retryDelay and quotaErrorDetails.retryDelay, taking the longer', () => {
    const e = googleErrorFromResponse(
      response(429, {
        error: {
          code: 429,
          status: 'RESOURCE_EXHAUSTED',
          details: [
            adsFailure({ quotaError: 'RESOURCE_TEMPORARILY_EXHAUSTED' }, 'Too many requests', {
              details: { quotaErrorDetails: { rateScope: 'ACCOUNT', rateName: 'Requests per account', retryDelay: '12s' } },
            }),
            { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' },
          ],
        },
      }),
    );
    expect(e).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 12, platformCode: 'quotaError.RESOURCE_TEMPORARILY_EXHAUSTED' });
  });

  it('finds the error inside a searchStream array', () => {
    const e = googleErrorFromResponse(response(400, [{ error: { code: 400, status: 'INVALID_ARGUMENT', message: 'bad query' } }]));
    expect(e).toMatchObject({ kind: 'invalid', message: 'bad query' });
  });

  it('treats a successful body as success', () => {
    expect(googleErrorFromResponse(response(200, { results: [] }))).toBeUndefined();
    expect(googleErrorFromResponse(response(200, [{ results: [] }]))).toBeUndefined();
  });

  it('maps an HTML 404 (a sunset version) by its status', () => {
    expect(googleErrorFromResponse({ status: 404, headers: new Headers(), text: '<html>', json: undefined })).toMatchObject({
      kind: 'not_found',
    });
  });
});

describe('parseGoogleDuration', () => {
  it('reads "60s", "1.5s" and {seconds, nanos}', () => {
    expect(parseGoogleDuration('60s')).toBe(60);
    expect(parseGoogleDuration('1.5s')).toBe(1.5);
    expect(parseGoogleDuration({ seconds: '3', nanos: 500_000_000 })).toBe(3.5);
    expect(parseGoogleDuration('soon')).toBeUndefined();
  });
});

describe('googleErrorFromResponse: Adlyft’s own credentials', () => {
  it('treats a refused developer token as a non-retryable upstream error, not an expired connection', () => {
    const e = googleErrorFromResponse(
      response(403, {
        error: {
          code: 403,
          status: 'PERMISSION_DENIED',
          details: [
            adsFailure(
              { authorizationError: 'DEVELOPER_TOKEN_NOT_APPROVED' },
              'The developer token is only approved for use with test accounts.',
            ),
          ],
        },
      }),
    );
    expect(e).toMatchObject({ kind: 'transient', code: 'UPSTREAM_ERROR', retryable: false });
  });
});
