// One error type for every failed call to Meta or Google. The platform adapters (meta/errors.ts,
// google/errors.ts) decide the kind; this file fixes what each kind means for our own answer (status and
// ErrorCode from the contract) and turns an UpstreamError into the AppError the error handler renders.
// Messages are scrubbed here, once, so no token, secret, proof or OAuth code can reach a response or a log.
import { AppError, type ErrorCode, type ErrorDetail } from '../http/errors.ts';
import { scrub } from '../http/scrub.ts';

export type UpstreamPlatform = 'meta' | 'google';

export type UpstreamErrorKind =
  | 'auth_expired'
  | 'permission'
  | 'invalid'
  | 'rate_limited'
  | 'transient'
  | 'unavailable'
  | 'timeout'
  | 'not_found';

/** What we answer for each kind (status and the contract's ErrorCode). */
export const KIND_ANSWER: Readonly<Record<UpstreamErrorKind, { status: number; code: ErrorCode }>> = {
  auth_expired: { status: 401, code: 'CONNECTION_EXPIRED' },
  permission: { status: 403, code: 'UPSTREAM_PERMISSION_DENIED' },
  invalid: { status: 400, code: 'UPSTREAM_REJECTED' },
  not_found: { status: 404, code: 'NOT_FOUND' },
  rate_limited: { status: 429, code: 'UPSTREAM_RATE_LIMITED' },
  transient: { status: 502, code: 'UPSTREAM_ERROR' },
  unavailable: { status: 503, code: 'UPSTREAM_UNAVAILABLE' },
  timeout: { status: 504, code: 'UPSTREAM_TIMEOUT' },
};

/** Kinds that a later attempt may cure. */
const RETRYABLE_KINDS: ReadonlySet<UpstreamErrorKind> = new Set(['rate_limited', 'transient', 'unavailable', 'timeout']);

/** Retry-After we send when the platform named no wait. */
export const DEFAULT_RETRY_AFTER_SECONDS: Readonly<Record<429 | 503, number>> = { 429: 60, 503: 30 };

const PLATFORM_LABEL: Record<UpstreamPlatform, string> = { meta: 'Meta', google: 'Google Ads' };

export interface UpstreamErrorInit {
  platform: UpstreamPlatform;
  kind: UpstreamErrorKind;
  /** The platform's message; scrubbed before it is stored. */
  message: string;
  /** Meta `code` (190, 100…) or Google status / errorCode (`PERMISSION_DENIED`, `quotaError.RESOURCE_EXHAUSTED`). */
  platformCode?: string | number;
  /** Meta `error_subcode`. */
  platformSubcode?: number;
  /** HTTP status the platform answered with; absent for network failures and timeouts. */
  upstreamStatus?: number;
  /** How long the platform asked us to wait, in seconds. */
  retryAfterSeconds?: number;
  /** Overrides the kind's default (e.g. a misconfigured OAuth client is `transient` but never worth retrying). */
  retryable?: boolean;
  /** Meta `fbtrace_id` or Google `requestId`, for support tickets and logs. */
  traceId?: string;
  /** Finer reasons (platform code per entry); messages are scrubbed. */
  details?: ErrorDetail[];
  /** Exact secret values (token, app secret, proof) to remove from the message besides the generic patterns. */
  secrets?: readonly string[];
}

/**
 * Removes credentials from text that came from, or is about, a platform: the exact secret values the caller
 * knows, `key=value` / `"key":"value"` pairs of credential keys, bearer tokens and token-shaped strings.
 */
export function safeMessage(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  out = scrub(out);
  out = out.replace(
    /(["']?\b(?:access_token|refresh_token|client_secret|appsecret_proof|fb_exchange_token|code|input_token|id_token)["']?\s*[:=]\s*["']?)([^"'&\s,}]+)/gi,
    '$1[redacted]',
  );
  return out.length > 500 ? `${out.slice(0, 497)}...` : out;
}

export class UpstreamError extends Error {
  override name = 'UpstreamError';
  readonly platform: UpstreamPlatform;
  readonly kind: UpstreamErrorKind;
  /** The status we answer with. */
  readonly status: number;
  readonly code: ErrorCode;
  readonly platformCode: string | number | undefined;
  readonly platformSubcode: number | undefined;
  readonly upstreamStatus: number | undefined;
  readonly retryable: boolean;
  readonly traceId: string | undefined;
  readonly details: ErrorDetail[];
  /** Seconds to wait before trying again (rate limits, unavailability), when known. */
  retryAfterSeconds: number | undefined;
  /** How many attempts were made before giving up (set by the request function). */
  attempts = 1;

  constructor(init: UpstreamErrorInit) {
    const secrets = init.secrets ?? [];
    super(safeMessage(init.message, secrets));
    this.platform = init.platform;
    this.kind = init.kind;
    this.status = KIND_ANSWER[init.kind].status;
    this.code = KIND_ANSWER[init.kind].code;
    this.platformCode = init.platformCode;
    this.platformSubcode = init.platformSubcode;
    this.upstreamStatus = init.upstreamStatus;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.retryable = init.retryable ?? RETRYABLE_KINDS.has(init.kind);
    this.traceId = init.traceId;
    this.details = (init.details ?? []).map((d) => ({ ...d, message: safeMessage(d.message, secrets) }));
  }

  /** `Meta: (#100) Invalid parameter` — the text we answer with. */
  get publicMessage(): string {
    return `${PLATFORM_LABEL[this.platform]}: ${this.message}`;
  }
}

export function isUpstreamError(e: unknown): e is UpstreamError {
  return e instanceof UpstreamError;
}

/** The AppError the one error handler renders; 429 and 503 carry Retry-After (whole seconds, at least 1). */
export function toAppError(e: UpstreamError): AppError {
  const headers: Record<string, string> = {};
  if (e.status === 429 || e.status === 503) {
    const wait = e.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS[e.status];
    headers['Retry-After'] = String(Math.max(1, Math.ceil(wait)));
  }
  return new AppError(e.status, e.code, e.publicMessage, e.details.length > 0 ? e.details : undefined, headers);
}

/** The kind an HTTP status implies when the body says nothing more (HTML error pages, empty bodies). */
export function kindForHttpStatus(status: number): UpstreamErrorKind {
  if (status === 401) return 'auth_expired';
  if (status === 403) return 'permission';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 429) return 'rate_limited';
  if (status === 503) return 'unavailable';
  if (status >= 500) return 'transient';
  if (status >= 400) return 'invalid';
  return 'transient';
}

/** An error from the HTTP status alone, for responses without a usable platform error body. */
export function errorFromHttpStatus(platform: UpstreamPlatform, status: number, secrets: readonly string[] = []): UpstreamError {
  const unexpected = status < 400;
  return new UpstreamError({
    platform,
    kind: kindForHttpStatus(status),
    message: unexpected ? `unexpected HTTP ${status} answer` : `HTTP ${status} without an error body`,
    platformCode: `HTTP_${status}`,
    upstreamStatus: status,
    secrets,
    ...(unexpected ? { retryable: false } : {}),
  });
}
