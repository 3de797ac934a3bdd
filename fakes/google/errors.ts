// Google's error model: {error:{code,message,status,details:[GoogleAdsFailure{errors,requestId}, RetryInfo?]}},
// with the canonical code ↔ HTTP mapping (3→400, 16→401, 7→403, 5→404, 8→429, 13→500, 14→503, 4→504).
// The GoogleAdsFailure @type carries the API version that was called.
import type { FakeResponse } from '../shared/http.ts';

export const GOOGLE_STATUSES = {
  CANCELLED: { code: 1, http: 499, message: 'The operation was cancelled.' },
  UNKNOWN: { code: 2, http: 500, message: 'Unknown error.' },
  INVALID_ARGUMENT: { code: 3, http: 400, message: 'Request contains an invalid argument.' },
  DEADLINE_EXCEEDED: { code: 4, http: 504, message: 'The request deadline was exceeded.' },
  NOT_FOUND: { code: 5, http: 404, message: 'Requested entity was not found.' },
  PERMISSION_DENIED: { code: 7, http: 403, message: 'The caller does not have permission' },
  RESOURCE_EXHAUSTED: { code: 8, http: 429, message: 'Resource has been exhausted (e.g. check quota).' },
  FAILED_PRECONDITION: { code: 9, http: 400, message: 'Precondition check failed.' },
  UNIMPLEMENTED: { code: 12, http: 501, message: 'Operation is not implemented, or supported, or enabled.' },
  INTERNAL: { code: 13, http: 500, message: 'Internal error encountered.' },
  UNAVAILABLE: { code: 14, http: 503, message: 'The service is currently unavailable.' },
  UNAUTHENTICATED: {
    code: 16,
    http: 401,
    message:
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
  },
} as const;

export type GoogleStatus = keyof typeof GOOGLE_STATUSES;

/** Family → enum value, e.g. `{ quotaError: 'RESOURCE_TEMPORARILY_EXHAUSTED' }`. */
export type ErrorCode = Record<string, string>;

export interface GoogleAdsErrorItem {
  errorCode: ErrorCode;
  message: string;
  trigger?: { stringValue?: string; int64Value?: string };
  location?: { fieldPathElements: { fieldName: string; index?: number }[] };
  details?: Record<string, unknown>;
}

/** The default GoogleAdsError per status when a test only names the status. */
const DEFAULT_ERRORS: Partial<Record<GoogleStatus, GoogleAdsErrorItem>> = {
  INVALID_ARGUMENT: { errorCode: { requestError: 'INVALID_INPUT' }, message: 'The input is invalid.' },
  UNAUTHENTICATED: { errorCode: { authenticationError: 'OAUTH_TOKEN_INVALID' }, message: 'Oauth token in the header is not valid.' },
  PERMISSION_DENIED: {
    errorCode: { authorizationError: 'USER_PERMISSION_DENIED' },
    message:
      "User doesn't have permission to access customer. Note: If you're accessing a client customer, the manager's customer id must be set in the 'login-customer-id' header. See https://developers.google.com/google-ads/api/docs/concepts/call-structure#cid",
  },
  RESOURCE_EXHAUSTED: { errorCode: { quotaError: 'RESOURCE_TEMPORARILY_EXHAUSTED' }, message: 'Too many requests. Retry in 30 seconds.' },
  INTERNAL: { errorCode: { internalError: 'INTERNAL_ERROR' }, message: 'An internal error has occurred.' },
  UNAVAILABLE: { errorCode: { internalError: 'TRANSIENT_ERROR' }, message: 'The service is temporarily unavailable. Please retry.' },
  DEADLINE_EXCEEDED: { errorCode: { internalError: 'DEADLINE_EXCEEDED' }, message: 'The request took too long to respond.' },
  NOT_FOUND: { errorCode: { requestError: 'RESOURCE_NAME_MALFORMED' }, message: 'Resource name is malformed.' },
};

export interface GoogleErrorInit {
  status: GoogleStatus;
  errors?: GoogleAdsErrorItem[];
  /** Top-level message; defaults to the canonical one for the status. */
  message?: string;
  /** Adds a google.rpc.RetryInfo detail (and quotaErrorDetails.retryDelay on quota errors). */
  retryDelaySeconds?: number;
  /** No GoogleAdsFailure at all — what the Google front end answers for a missing credential. */
  bare?: boolean;
}

export class GoogleApiError extends Error {
  readonly init: GoogleErrorInit;
  constructor(init: GoogleErrorInit) {
    super(init.message ?? init.errors?.[0]?.message ?? GOOGLE_STATUSES[init.status].message);
    this.init = init;
  }
}

/** Shorthand: one GoogleAdsError under a status. */
export function adsError(
  status: GoogleStatus,
  errorCode: ErrorCode,
  message: string,
  extra: Partial<GoogleAdsErrorItem> = {},
): GoogleApiError {
  return new GoogleApiError({ status, errors: [{ errorCode, message, ...extra }] });
}

/** What a test may pass as a fault's `error`. */
export type GoogleFaultError = GoogleStatus | { status: GoogleStatus; errorCode?: ErrorCode; message?: string; retryDelaySeconds?: number };

export function errorFromFault(error: GoogleFaultError): GoogleApiError {
  const spec = typeof error === 'string' ? { status: error } : error;
  if (!(spec.status in GOOGLE_STATUSES)) throw new Error(`unknown Google status ${spec.status}`);
  const fallback = DEFAULT_ERRORS[spec.status];
  const item: GoogleAdsErrorItem | undefined = spec.errorCode
    ? { errorCode: spec.errorCode, message: spec.message ?? fallback?.message ?? GOOGLE_STATUSES[spec.status].message }
    : fallback
      ? { ...fallback, ...(spec.message ? { message: spec.message } : {}) }
      : undefined;
  const init: GoogleErrorInit = { status: spec.status };
  if (item) init.errors = [item];
  const retry = spec.retryDelaySeconds ?? (spec.status === 'RESOURCE_EXHAUSTED' ? 30 : undefined);
  if (retry !== undefined) init.retryDelaySeconds = retry;
  return new GoogleApiError(init);
}

export function rateLimitError(retryDelaySeconds: number): GoogleApiError {
  return new GoogleApiError({
    status: 'RESOURCE_EXHAUSTED',
    retryDelaySeconds,
    errors: [
      {
        errorCode: { quotaError: 'RESOURCE_TEMPORARILY_EXHAUSTED' },
        message: `Too many requests. Retry in ${retryDelaySeconds} seconds.`,
        details: {
          quotaErrorDetails: { rateScope: 'ACCOUNT', rateName: 'Requests per account per second', retryDelay: `${retryDelaySeconds}s` },
        },
      },
    ],
  });
}

export function errorBody(
  init: GoogleErrorInit,
  version: string,
  requestId: string,
): { http: number; body: { error: Record<string, unknown> } } {
  const meta = GOOGLE_STATUSES[init.status];
  const error: Record<string, unknown> = { code: meta.http, message: init.message ?? meta.message, status: init.status };
  if (!init.bare) {
    const details: Record<string, unknown>[] = [];
    const errors = (init.errors ?? []).map((e) => {
      if (init.retryDelaySeconds !== undefined && e.errorCode.quotaError && !e.details) {
        return {
          ...e,
          details: {
            quotaErrorDetails: {
              rateScope: 'ACCOUNT',
              rateName: 'Requests per account per second',
              retryDelay: `${init.retryDelaySeconds}s`,
            },
          },
        };
      }
      return e;
    });
    details.push({ '@type': `type.googleapis.com/google.ads.googleads.${version}.errors.GoogleAdsFailure`, errors, requestId });
    if (init.retryDelaySeconds !== undefined) {
      details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${init.retryDelaySeconds}s` });
    }
    error.details = details;
  }
  return { http: meta.http, body: { error } };
}

/** Builds the response; searchStream errors are wrapped in a JSON array like its successes. */
export function errorResponse(init: GoogleErrorInit, version: string, requestId: string, stream: boolean): FakeResponse {
  const { http, body } = errorBody(init, version, requestId);
  const headers: Record<string, string> = { 'request-id': requestId };
  if (init.status === 'UNAUTHENTICATED') headers['www-authenticate'] = 'Bearer realm="https://accounts.google.com/", error="invalid_token"';
  return { status: http, headers, json: stream ? [body] : body, pretty: true };
}
