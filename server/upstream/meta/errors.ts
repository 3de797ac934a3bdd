// Meta's error envelope → UpstreamError. Meta does not tie HTTP statuses to codes (400 for nearly everything,
// 500 for codes 1 and 2), so the kind comes from `error.code` / `error_subcode` and the status is only a fallback.
import type { ErrorDetail } from '../../http/errors.ts';
import { errorFromHttpStatus, kindForHttpStatus, UpstreamError, type UpstreamErrorKind } from '../errors.ts';
import type { RawResponse } from '../http.ts';

export interface MetaErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_user_title?: string;
  error_user_msg?: string;
  is_transient?: boolean;
  error_data?: unknown;
  fbtrace_id?: string;
}

/** Throttling codes: app (4), user (17), Pages (32), custom (613), business-use-case buckets (80000–80099). */
export function isMetaRateLimitCode(code: number): boolean {
  return code === 4 || code === 17 || code === 32 || code === 613 || (code >= 80000 && code <= 80099);
}

/** The kind for a Meta error; `httpStatus` only decides codes Meta's table does not name. */
export function metaErrorKind(error: MetaErrorBody, httpStatus: number): UpstreamErrorKind {
  const code = error.code;
  const message = error.message ?? '';
  if (code === undefined) return httpStatus >= 400 ? kindForHttpStatus(httpStatus) : 'invalid';
  // Invalid, expired or revoked token (190 + subcode), old session keys (102), no token at all (104).
  if (code === 190 || code === 102 || code === 104) return 'auth_expired';
  if (code === 2500 && /access token/i.test(message)) return 'auth_expired';
  if (code === 10 || (code >= 200 && code <= 299) || code === 368) return 'permission';
  if (isMetaRateLimitCode(code)) return 'rate_limited';
  if (code === 1 || code === 2) return 'transient';
  if ((code === 100 && error.error_subcode === 33) || code === 803) return 'not_found';
  if (code === 100 && /does not exist/i.test(message)) return 'not_found';
  if (code === 100) return 'invalid';
  if (error.is_transient === true) return 'transient';
  return httpStatus >= 500 ? kindForHttpStatus(httpStatus) : 'invalid';
}

function errorBodyOf(json: unknown): MetaErrorBody | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const error = (json as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  return error as MetaErrorBody;
}

/** Builds the UpstreamError for a Meta error body (also used for OAuth endpoint failures). */
export function metaError(error: MetaErrorBody, httpStatus: number, secrets: readonly string[] = []): UpstreamError {
  const code = typeof error.code === 'number' ? error.code : undefined;
  const subcode = typeof error.error_subcode === 'number' ? error.error_subcode : undefined;
  const developerMessage = error.message ?? 'Meta reported an error without a message';
  const platformCode = code === undefined ? undefined : subcode === undefined ? String(code) : `${code}/${subcode}`;
  const detail: ErrorDetail = { message: developerMessage };
  if (platformCode !== undefined) detail.code = platformCode;
  return new UpstreamError({
    platform: 'meta',
    kind: metaErrorKind(error, httpStatus),
    message: error.error_user_msg || developerMessage,
    ...(code === undefined ? {} : { platformCode: code }),
    ...(subcode === undefined ? {} : { platformSubcode: subcode }),
    upstreamStatus: httpStatus,
    // Codes 1/2 are transient by Meta's table, unless the body says otherwise ("reduce the amount of data",
    // "Error validating client secret" come as code 1 with is_transient: false).
    ...(error.is_transient === false && (code === 1 || code === 2) ? { retryable: false } : {}),
    ...(error.fbtrace_id ? { traceId: error.fbtrace_id } : {}),
    details: [detail],
    secrets,
  });
}

/** `toError` for Graph calls: an `error` object (at any status), `{"success": false}`, or a bare non-2xx. */
export function metaErrorFromResponse(response: RawResponse, secrets: readonly string[] = []): UpstreamError | undefined {
  const body = errorBodyOf(response.json);
  if (body) return metaError(body, response.status, secrets);
  const ok = response.status >= 200 && response.status < 300;
  if (!ok) return errorFromHttpStatus('meta', response.status, secrets);
  const json = response.json as { success?: unknown } | undefined;
  if (typeof json === 'object' && json !== null && json.success === false) {
    return new UpstreamError({
      platform: 'meta',
      kind: 'invalid',
      message: 'Meta did not apply the change (success: false)',
      upstreamStatus: response.status,
      secrets,
    });
  }
  if (response.text.trim() !== '' && response.json === undefined) {
    return new UpstreamError({
      platform: 'meta',
      kind: 'transient',
      message: 'Meta answered with a body that is not JSON',
      upstreamStatus: response.status,
      retryable: false,
      secrets,
    });
  }
  return undefined;
}
