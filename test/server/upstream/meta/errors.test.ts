import { describe, expect, it } from 'vitest';
import type { RawResponse } from '../../../../server/upstream/http.ts';
import { type MetaErrorBody, metaErrorFromResponse } from '../../../../server/upstream/meta/errors.ts';

const response = (status: number, json: unknown): RawResponse => ({ status, headers: new Headers(), text: JSON.stringify(json), json });
const metaFailure = (error: MetaErrorBody, status = 400) => metaErrorFromResponse(response(status, { error }));

describe('metaErrorFromResponse', () => {
  const table: [string, MetaErrorBody, number, string, number, string][] = [
    [
      '190/463 expired token',
      { code: 190, error_subcode: 463, message: 'Session has expired' },
      400,
      'auth_expired',
      401,
      'CONNECTION_EXPIRED',
    ],
    ['190/467 logged out', { code: 190, error_subcode: 467, message: 'logged out' }, 400, 'auth_expired', 401, 'CONNECTION_EXPIRED'],
    ['190/460 password changed', { code: 190, error_subcode: 460, message: 'changed' }, 401, 'auth_expired', 401, 'CONNECTION_EXPIRED'],
    [
      '10 app permission',
      { code: 10, message: '(#10) Application does not have permission' },
      400,
      'permission',
      403,
      'UPSTREAM_PERMISSION_DENIED',
    ],
    ['200 permissions error', { code: 200, message: '(#200) Permissions error' }, 403, 'permission', 403, 'UPSTREAM_PERMISSION_DENIED'],
    [
      '294 ads permission',
      { code: 294, message: '(#294) Managing advertisements requires…' },
      400,
      'permission',
      403,
      'UPSTREAM_PERMISSION_DENIED',
    ],
    ['100 invalid parameter', { code: 100, message: 'Invalid parameter' }, 400, 'invalid', 400, 'UPSTREAM_REJECTED'],
    [
      '100/33 missing object',
      { code: 100, error_subcode: 33, message: "Object with ID '1' does not exist" },
      400,
      'not_found',
      404,
      'NOT_FOUND',
    ],
    ['4 app limit', { code: 4, message: '(#4) Application request limit reached' }, 400, 'rate_limited', 429, 'UPSTREAM_RATE_LIMITED'],
    ['17 user limit', { code: 17, message: '(#17) User request limit reached' }, 400, 'rate_limited', 429, 'UPSTREAM_RATE_LIMITED'],
    ['32 page limit', { code: 32, message: '(#32) Page request limit reached' }, 400, 'rate_limited', 429, 'UPSTREAM_RATE_LIMITED'],
    [
      '613 custom limit',
      { code: 613, message: 'Calls to this api have exceeded the rate limit.' },
      400,
      'rate_limited',
      429,
      'UPSTREAM_RATE_LIMITED',
    ],
    [
      '80004 ads management BUC',
      { code: 80004, error_subcode: 2446079, message: 'too many calls' },
      400,
      'rate_limited',
      429,
      'UPSTREAM_RATE_LIMITED',
    ],
    [
      '80000 insights BUC',
      { code: 80000, error_subcode: 2446079, message: 'too many calls' },
      400,
      'rate_limited',
      429,
      'UPSTREAM_RATE_LIMITED',
    ],
    ['1 unknown error', { code: 1, message: 'An unknown error has occurred.' }, 500, 'transient', 502, 'UPSTREAM_ERROR'],
    ['2 unexpected error', { code: 2, message: 'An unexpected error has occurred.' }, 500, 'transient', 502, 'UPSTREAM_ERROR'],
    ['2635 deprecated version', { code: 2635, message: '(#2635) deprecated version' }, 400, 'invalid', 400, 'UPSTREAM_REJECTED'],
    ['an unknown code with a 5xx', { code: 9999, message: 'odd' }, 503, 'unavailable', 503, 'UPSTREAM_UNAVAILABLE'],
  ];

  it.each(table)('maps %s to %s (%i → %i %s)', (_name, error, httpStatus, kind, status, code) => {
    expect(metaFailure(error, httpStatus)).toMatchObject({ platform: 'meta', kind, status, code });
  });

  it('keeps the code, subcode and trace id', () => {
    const e = metaFailure({ code: 190, error_subcode: 463, message: 'expired', fbtrace_id: 'EJplcsCHuLu' });
    expect(e).toMatchObject({ platformCode: 190, platformSubcode: 463, traceId: 'EJplcsCHuLu', upstreamStatus: 400 });
    expect(e?.details).toEqual([{ message: 'expired', code: '190/463' }]);
  });

  it('prefers error_user_msg for the message', () => {
    const e = metaFailure({
      code: 100,
      error_subcode: 1487694,
      message: 'Invalid parameter',
      error_user_msg: 'The targeting category is deprecated.',
    });
    expect(e?.message).toBe('The targeting category is deprecated.');
  });

  it('retries only the retryable kinds', () => {
    expect(metaFailure({ code: 2, message: 'x' }, 500)?.retryable).toBe(true);
    expect(metaFailure({ code: 80004, message: 'x' })?.retryable).toBe(true);
    expect(metaFailure({ code: 100, message: 'x' })?.retryable).toBe(false);
    expect(metaFailure({ code: 190, message: 'x' })?.retryable).toBe(false);
  });

  it('treats a 200 without an error as success and {"success": false} as a refusal', () => {
    expect(metaErrorFromResponse(response(200, { id: '1' }))).toBeUndefined();
    expect(metaErrorFromResponse(response(200, { success: false }))).toMatchObject({ kind: 'invalid' });
  });

  it('maps a bare HTML 502 by its status', () => {
    const res: RawResponse = { status: 502, headers: new Headers(), text: '<html>Bad gateway</html>', json: undefined };
    expect(metaErrorFromResponse(res)).toMatchObject({ kind: 'transient', code: 'UPSTREAM_ERROR' });
  });

  it('removes the token from a message that quotes it', () => {
    const e = metaErrorFromResponse(response(400, { error: { code: 190, message: 'Malformed access token EAAGsecretsecret123' } }), [
      'EAAGsecretsecret123',
    ]);
    expect(e?.message).not.toContain('EAAGsecretsecret123');
    expect(JSON.stringify(e?.details)).not.toContain('EAAGsecretsecret123');
  });
});
