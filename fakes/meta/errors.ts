// Meta's error envelope and the codes the server must handle. HTTP status follows the reference: 400 for almost
// everything, 500 for the transient codes 1 and 2; clients are meant to branch on `code`/`error_subcode`.

import { metaSessionStamp } from '../shared/dates.ts';
import type { FakeResponse } from '../shared/http.ts';
import { createRng, type Rng } from '../shared/prng.ts';

export interface MetaErrorBody {
  message: string;
  type: string;
  code: number;
  error_subcode?: number;
  is_transient: boolean;
  error_user_title?: string;
  error_user_msg?: string;
  error_data?: unknown;
  fbtrace_id: string;
}

/** What a test may pass as a fault's `error`: a code, or a code with subcode / overrides. */
export type MetaFaultError =
  | number
  | { code: number; subcode?: number; message?: string; status?: number; userTitle?: string; userMsg?: string };

export interface MetaErrorInit {
  code: number;
  subcode?: number;
  message?: string;
  type?: string;
  status?: number;
  userTitle?: string;
  userMsg?: string;
  transient?: boolean;
  data?: unknown;
  headers?: Record<string, string>;
}

/** Default message/type/transience per code, from the reference's table. */
const DEFAULTS: Record<number, { message: string; type?: string; transient?: boolean; subcode?: number }> = {
  1: { message: 'An unknown error has occurred.', transient: true, subcode: 99 },
  2: { message: 'An unexpected error has occurred. Please retry your request later.', transient: true },
  4: { message: '(#4) Application request limit reached', transient: true },
  10: { message: '(#10) Application does not have permission for this action' },
  17: { message: '(#17) User request limit reached', transient: true, subcode: 2446079 },
  32: { message: '(#32) Page request limit reached', transient: true },
  100: { message: 'Invalid parameter' },
  104: { message: 'An access token is required to request this resource.' },
  190: { message: 'Invalid OAuth access token - Cannot parse access token' },
  200: { message: '(#200) Permissions error' },
  368: { message: '(#368) The action attempted has been deemed abusive or is otherwise disallowed' },
  613: { message: '(#613) Calls to this api have exceeded the rate limit.', transient: true },
  2500: { message: 'An active access token must be used to query information about the current user.' },
  2635: { message: '(#2635) You are calling a deprecated version of the Ads API. Please update to the latest version.' },
  80000: {
    message:
      'There have been too many calls from this ad-account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting#ads-insights.',
    transient: true,
    subcode: 2446079,
  },
  80004: {
    message:
      'There have been too many calls to this ad-account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting#ads-management.',
    transient: true,
    subcode: 2446079,
  },
};

/** 190 messages per subcode (Meta "Handling Errors" subcode table). */
export function tokenErrorMessage(subcode: number | undefined, appId: string, expiredAt?: string, nowStamp?: string): string {
  switch (subcode) {
    case 458:
      return `Error validating access token: The user has not authorized application ${appId}.`;
    case 460:
      return 'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.';
    case 463:
      return `Error validating access token: Session has expired on ${expiredAt ?? 'an earlier date'}. The current time is ${nowStamp ?? 'now'}.`;
    case 467:
      return 'Error validating access token: The session is invalid because the user logged out.';
    default:
      return 'Invalid OAuth access token - Cannot parse access token';
  }
}

export class MetaApiError extends Error {
  readonly init: MetaErrorInit;
  constructor(init: MetaErrorInit) {
    super(init.message ?? DEFAULTS[init.code]?.message ?? `(#${init.code}) Error`);
    this.init = init;
  }
}

/** Shorthand for the most common failure: `(#100)` with a message naming the parameter. */
export function invalidParam(message: string, extra: Partial<MetaErrorInit> = {}): MetaApiError {
  return new MetaApiError({ code: 100, message, ...extra });
}

/** `(#100)` "Invalid parameter" with the user-facing title/message Ads Manager would show. */
export function invalidParamForUser(subcode: number, userTitle: string, userMsg: string, data?: unknown): MetaApiError {
  return new MetaApiError({ code: 100, subcode, message: 'Invalid parameter', userTitle, userMsg, data });
}

/** Object missing, not visible to the token, or wrong verb — Meta folds all three into 100/33. */
export function unsupportedRequest(method: string, id: string): MetaApiError {
  const verb = method === 'GET' ? 'get' : method === 'DELETE' ? 'delete' : 'post';
  return new MetaApiError({
    code: 100,
    subcode: 33,
    type: 'GraphMethodException',
    message: `Unsupported ${verb} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
  });
}

export interface MetaErrorFactory {
  build(init: MetaErrorInit): FakeResponse;
  fromFault(error: MetaFaultError, extraHeaders?: Record<string, string>): FakeResponse;
  traceId(): string;
}

/** fbtrace ids come from their own PRNG stream so they never disturb the seeded data. */
export function createMetaErrorFactory(seed: number, appId: string, now: () => number): MetaErrorFactory {
  const rng: Rng = createRng(seed ^ 0x5eed);
  const traceId = (): string => rng.alnum(11);
  const build = (init: MetaErrorInit): FakeResponse => {
    const defaults = DEFAULTS[init.code];
    const subcode = init.subcode ?? defaults?.subcode;
    let message = init.message ?? defaults?.message ?? `(#${init.code}) An error occurred`;
    if (init.code === 190 && init.message === undefined) {
      const at = now();
      message = tokenErrorMessage(subcode, appId, metaSessionStamp(at - 3_600_000), metaSessionStamp(at));
    }
    const body: MetaErrorBody = {
      message,
      type: init.type ?? 'OAuthException',
      code: init.code,
      is_transient: init.transient ?? defaults?.transient ?? false,
      fbtrace_id: traceId(),
    };
    if (subcode !== undefined) body.error_subcode = subcode;
    if (init.userTitle !== undefined) body.error_user_title = init.userTitle;
    if (init.userMsg !== undefined) body.error_user_msg = init.userMsg;
    if (init.data !== undefined) body.error_data = init.data;
    const headers: Record<string, string> = { 'x-fb-trace-id': body.fbtrace_id, ...init.headers };
    if (init.code === 190 || init.code === 104) {
      // Token failures carry the OAuth challenge header (php-graph-sdk fixture, per the reference).
      headers['www-authenticate'] = `OAuth "Facebook Platform" "invalid_token" "${message.replace(/"/g, "'")}"`;
    }
    const status = init.status ?? (init.code === 1 || init.code === 2 ? 500 : 400);
    return { status, headers, json: { error: body } };
  };
  return {
    build,
    traceId,
    fromFault(error, extraHeaders) {
      const spec = typeof error === 'number' ? { code: error } : error;
      const init: MetaErrorInit = { code: spec.code };
      if (spec.subcode !== undefined) init.subcode = spec.subcode;
      if (spec.message !== undefined) init.message = spec.message;
      if (spec.status !== undefined) init.status = spec.status;
      if (spec.userTitle !== undefined) init.userTitle = spec.userTitle;
      if (spec.userMsg !== undefined) init.userMsg = spec.userMsg;
      if (extraHeaders) init.headers = extraHeaders;
      return build(init);
    },
  };
}
