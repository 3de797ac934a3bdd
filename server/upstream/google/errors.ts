// Google's error model → UpstreamError: `{"error":{code,message,status,details:[GoogleAdsFailure…, RetryInfo…]}}`,
// array-wrapped (`[{"error":…}]`) on searchStream. The GoogleAdsError family (authenticationError,
// authorizationError, quotaError) is the most precise signal; the canonical status comes next, the HTTP status last.
import type { ErrorDetail } from '../../http/errors.ts';
import { errorFromHttpStatus, kindForHttpStatus, UpstreamError, type UpstreamErrorKind } from '../errors.ts';
import type { RawResponse } from '../http.ts';

export interface GoogleAdsErrorEntry {
  errorCode?: Record<string, string>;
  message?: string;
  trigger?: unknown;
  location?: unknown;
  details?: { quotaErrorDetails?: { rateScope?: string; rateName?: string; retryDelay?: unknown } };
}

export interface GoogleStatusBody {
  code?: number;
  message?: string;
  status?: string;
  details?: unknown[];
}

const STATUS_KIND: Readonly<Record<string, UpstreamErrorKind>> = {
  UNAUTHENTICATED: 'auth_expired',
  PERMISSION_DENIED: 'permission',
  INVALID_ARGUMENT: 'invalid',
  FAILED_PRECONDITION: 'invalid',
  OUT_OF_RANGE: 'invalid',
  ALREADY_EXISTS: 'invalid',
  UNIMPLEMENTED: 'invalid',
  NOT_FOUND: 'not_found',
  RESOURCE_EXHAUSTED: 'rate_limited',
  UNAVAILABLE: 'unavailable',
  DEADLINE_EXCEEDED: 'timeout',
  INTERNAL: 'transient',
  UNKNOWN: 'transient',
  ABORTED: 'transient',
  CANCELLED: 'transient',
  DATA_LOSS: 'transient',
};

/** `"60s"`, `"1.5s"` or `{seconds, nanos}` → seconds; undefined otherwise. */
export function parseGoogleDuration(value: unknown): number | undefined {
  if (typeof value === 'string') {
    const m = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
    return m?.[1] === undefined ? undefined : Number(m[1]);
  }
  if (typeof value === 'object' && value !== null) {
    const { seconds, nanos } = value as { seconds?: unknown; nanos?: unknown };
    const s = Number(seconds ?? 0);
    const n = Number(nanos ?? 0);
    return Number.isFinite(s) && Number.isFinite(n) && (seconds !== undefined || nanos !== undefined) ? s + n / 1e9 : undefined;
  }
  return undefined;
}

const typeOf = (detail: unknown): string => {
  const t = (detail as { '@type'?: unknown } | null)?.['@type'];
  return typeof t === 'string' ? t : '';
};

function adsFailures(details: unknown[]): { errors: GoogleAdsErrorEntry[]; requestId: string | undefined } {
  const errors: GoogleAdsErrorEntry[] = [];
  let requestId: string | undefined;
  for (const detail of details) {
    if (!typeOf(detail).endsWith('.GoogleAdsFailure')) continue;
    const failure = detail as { errors?: unknown; requestId?: unknown };
    if (Array.isArray(failure.errors)) errors.push(...(failure.errors as GoogleAdsErrorEntry[]));
    if (typeof failure.requestId === 'string') requestId ??= failure.requestId;
  }
  return { errors, requestId };
}

/** `{"authorizationError":"USER_PERMISSION_DENIED"}` → `authorizationError.USER_PERMISSION_DENIED`. */
export function googleAdsErrorCode(entry: GoogleAdsErrorEntry): string | undefined {
  const [family, value] = Object.entries(entry.errorCode ?? {})[0] ?? [];
  return family === undefined ? undefined : `${family}.${String(value)}`;
}

/**
 * Refusals of Adlyft's own credentials (developer token, Cloud project access level): neither the user's
 * connection nor their permissions are at fault, and retrying cannot help — an upstream error (502) for us.
 */
const SERVER_CREDENTIAL_ERROR = /\.(DEVELOPER_TOKEN_[A-Z_]+|CLOUD_PROJECT_NOT_APPROVED_FOR_PRODUCTION|OAUTH_CLIENT_[A-Z_]+)$/;

function kindOfAdsError(entry: GoogleAdsErrorEntry): UpstreamErrorKind | undefined {
  const code = googleAdsErrorCode(entry) ?? '';
  if (SERVER_CREDENTIAL_ERROR.test(code)) return 'transient';
  if (code.startsWith('authenticationError.')) return 'auth_expired';
  if (code.startsWith('authorizationError.')) return 'permission';
  if (code === 'quotaError.ACCESS_PROHIBITED') return 'permission';
  if (code.startsWith('quotaError.')) return 'rate_limited';
  return undefined;
}

/** The wait Google asks for: RetryInfo.retryDelay, else the largest quotaErrorDetails.retryDelay. */
function retryDelaySeconds(details: unknown[], errors: GoogleAdsErrorEntry[]): number | undefined {
  const waits: number[] = [];
  for (const detail of details) {
    if (typeOf(detail).endsWith('google.rpc.RetryInfo')) {
      const s = parseGoogleDuration((detail as { retryDelay?: unknown }).retryDelay);
      if (s !== undefined) waits.push(s);
    }
  }
  for (const entry of errors) {
    const s = parseGoogleDuration(entry.details?.quotaErrorDetails?.retryDelay);
    if (s !== undefined) waits.push(s);
  }
  return waits.length > 0 ? Math.max(...waits) : undefined;
}

export function googleError(
  body: GoogleStatusBody,
  httpStatus: number,
  headers: Headers | undefined,
  secrets: readonly string[] = [],
): UpstreamError {
  const details = Array.isArray(body.details) ? body.details : [];
  const { errors, requestId } = adsFailures(details);
  const status = typeof body.status === 'string' ? body.status : undefined;
  const kind =
    errors.map(kindOfAdsError).find((k) => k !== undefined) ??
    (status ? STATUS_KIND[status] : undefined) ??
    kindForHttpStatus(httpStatus >= 400 ? httpStatus : 500);
  const first = errors[0];
  const firstCode = first ? googleAdsErrorCode(first) : undefined;
  const errorDetails: ErrorDetail[] = errors.map((entry) => {
    const code = googleAdsErrorCode(entry);
    return { message: entry.message ?? body.message ?? 'Google Ads error', ...(code ? { code } : {}) };
  });
  if (errorDetails.length === 0 && status) errorDetails.push({ message: body.message ?? status, code: status });
  const retryAfter = retryDelaySeconds(details, errors);
  const serverCredentials = errors.some((e) => SERVER_CREDENTIAL_ERROR.test(googleAdsErrorCode(e) ?? ''));
  const traceId = requestId ?? headers?.get('request-id') ?? undefined;
  return new UpstreamError({
    platform: 'google',
    kind,
    message: first?.message ?? body.message ?? `HTTP ${httpStatus}`,
    platformCode: firstCode ?? status ?? `HTTP_${httpStatus}`,
    upstreamStatus: httpStatus,
    ...(retryAfter === undefined ? {} : { retryAfterSeconds: retryAfter }),
    ...(serverCredentials ? { retryable: false } : {}),
    ...(traceId ? { traceId } : {}),
    details: errorDetails,
    secrets,
  });
}

/** Finds `{error}` at the top level or inside a (stream) array. */
function errorBodyOf(json: unknown): GoogleStatusBody | undefined {
  const candidates = Array.isArray(json) ? json : [json];
  for (const item of candidates) {
    if (typeof item !== 'object' || item === null) continue;
    const error = (item as { error?: unknown }).error;
    if (typeof error === 'object' && error !== null) return error as GoogleStatusBody;
  }
  return undefined;
}

/** `toError` for Google Ads API calls. */
export function googleErrorFromResponse(response: RawResponse, secrets: readonly string[] = []): UpstreamError | undefined {
  const body = errorBodyOf(response.json);
  if (body) return googleError(body, response.status, response.headers, secrets);
  const ok = response.status >= 200 && response.status < 300;
  if (!ok) return errorFromHttpStatus('google', response.status, secrets);
  if (response.text.trim() !== '' && response.json === undefined) {
    return new UpstreamError({
      platform: 'google',
      kind: 'transient',
      message: 'Google Ads answered with a body that is not JSON',
      upstreamStatus: response.status,
      retryable: false,
      secrets,
    });
  }
  return undefined;
}
