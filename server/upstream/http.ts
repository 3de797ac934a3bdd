// The one request function behind every Meta and Google call: a timeout on every attempt, retries only for
// failures a later attempt can cure, exponential backoff with full jitter, and the platforms' own wait hints
// (Retry-After, Google RetryInfo, Meta usage headers) — never sleeping longer than a cap. The platform adapters
// only say what a failed response means (`toError`); this file decides whether and when to try again.
import { UpstreamError, type UpstreamPlatform } from './errors.ts';

export type Sleep = (ms: number) => Promise<void>;

export interface RetryEvent {
  attempt: number;
  waitMs: number;
  error: UpstreamError;
}

export interface HttpSettings {
  /** Per-attempt timeout (connection, headers and body). */
  timeoutMs: number;
  /** Attempts in all, the first included (1 = no retries). */
  maxAttempts: number;
  /** The longest single wait; a platform asking for more makes us give up at once, passing its wait on. */
  maxWaitSeconds: number;
  /** Backoff base for transient failures: attempt n waits a random time in [0, min(maxDelayMs, base·2^(n-1))). */
  baseDelayMs: number;
  /** Backoff base for rate limits that name no wait. */
  rateLimitBaseDelayMs: number;
  maxDelayMs: number;
  sleep: Sleep;
  /** In [0, 1); injectable so tests can make jitter deterministic. */
  random: () => number;
  now: () => number;
  fetch: typeof fetch;
  /** Called before each wait, for logging. */
  onRetry?: (event: RetryEvent) => void;
}

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const DEFAULT_HTTP_SETTINGS: Readonly<HttpSettings> = {
  timeoutMs: 10_000,
  maxAttempts: 3,
  maxWaitSeconds: 30,
  baseDelayMs: 250,
  rateLimitBaseDelayMs: 1_000,
  maxDelayMs: 8_000,
  sleep: realSleep,
  random: Math.random,
  now: Date.now,
  fetch: (input, init) => fetch(input, init),
};

export function httpSettings(overrides: Partial<HttpSettings> = {}): HttpSettings {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as Partial<HttpSettings>;
  const settings: HttpSettings = { ...DEFAULT_HTTP_SETTINGS, ...defined };
  if (!Number.isInteger(settings.maxAttempts) || settings.maxAttempts < 1) throw new Error('maxAttempts must be a positive integer');
  if (!(settings.timeoutMs > 0)) throw new Error('timeoutMs must be positive');
  return settings;
}

/** A response as the platform adapters see it. */
export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when it is empty or not JSON. */
  json: unknown;
}

export interface UpstreamResponse extends RawResponse {
  attempts: number;
}

export interface UpstreamRequest {
  platform: UpstreamPlatform;
  method: 'GET' | 'POST' | 'DELETE';
  url: URL;
  headers?: Record<string, string>;
  body?: string | URLSearchParams;
  /**
   * Whether repeating the call is harmless. Defaults to true for GET and DELETE. A call that is not idempotent
   * (creating an object, redeeming a single-use OAuth code) is repeated only when the platform certainly did
   * not act on it: a rate-limit refusal, a refused connection or a 503.
   */
  idempotent?: boolean;
  /** Exact secret values to keep out of error messages. */
  secrets?: readonly string[];
  /** What a failed response means, or undefined when the response is a success. */
  toError: (response: RawResponse) => UpstreamError | undefined;
  /** Cancels the call (no retry follows). */
  signal?: AbortSignal;
}

/**
 * A configured base URL as the clients use it: no trailing slash and no trailing API version segment
 * (`http://127.0.0.1:4010/v25.0` → `http://127.0.0.1:4010`), since the version is its own setting.
 */
export function apiBase(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/v\d+(?:\.\d+)?$/, '');
}

// ---------------------------------------------------------------------------------------------------------------
// Wait hints

/** `Retry-After: 120` or `Retry-After: <HTTP-date>` → seconds (never negative); undefined when absent/garbled. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

export interface MetaUsage {
  /** Highest percentage in `x-app-usage` (call_count, total_time, total_cputime). */
  appPercent?: number;
  /** `x-ad-account-usage.acc_id_util_pct`. */
  adAccountPercent?: number;
  /** `x-ad-account-usage.reset_time_duration`, seconds. */
  adAccountResetSeconds?: number;
  /** Highest percentage over every `x-business-use-case-usage` entry. */
  businessUseCasePercent?: number;
  /** Highest `estimated_time_to_regain_access` over the BUC entries, converted from minutes to seconds. */
  regainAccessSeconds?: number;
}

function parseJsonHeader(headers: Headers, name: string): unknown {
  const raw = headers.get(name);
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function maxOf(values: (number | undefined)[]): number | undefined {
  const present = values.filter((v): v is number => v !== undefined);
  return present.length > 0 ? Math.max(...present) : undefined;
}

/** Reads Meta's three usage headers; undefined when none is present. */
export function parseMetaUsage(headers: Headers): MetaUsage | undefined {
  const usage: MetaUsage = {};
  const app = parseJsonHeader(headers, 'x-app-usage');
  if (typeof app === 'object' && app !== null) {
    const a = app as Record<string, unknown>;
    const pct = maxOf([num(a.call_count), num(a.total_time), num(a.total_cputime)]);
    if (pct !== undefined) usage.appPercent = pct;
  }
  const account = parseJsonHeader(headers, 'x-ad-account-usage');
  if (typeof account === 'object' && account !== null) {
    const a = account as Record<string, unknown>;
    const pct = num(a.acc_id_util_pct);
    const reset = num(a.reset_time_duration);
    if (pct !== undefined) usage.adAccountPercent = pct;
    if (reset !== undefined) usage.adAccountResetSeconds = reset;
  }
  const buc = parseJsonHeader(headers, 'x-business-use-case-usage');
  if (typeof buc === 'object' && buc !== null) {
    const entries = Object.values(buc as Record<string, unknown>).flatMap((v) => (Array.isArray(v) ? v : []));
    const pcts: (number | undefined)[] = [];
    const regain: (number | undefined)[] = [];
    for (const entry of entries) {
      if (typeof entry !== 'object' || entry === null) continue;
      const e = entry as Record<string, unknown>;
      pcts.push(num(e.call_count), num(e.total_time), num(e.total_cputime));
      const minutes = num(e.estimated_time_to_regain_access);
      regain.push(minutes === undefined ? undefined : minutes * 60);
    }
    const pct = maxOf(pcts);
    const seconds = maxOf(regain);
    if (pct !== undefined) usage.businessUseCasePercent = pct;
    if (seconds !== undefined) usage.regainAccessSeconds = seconds;
  }
  return Object.keys(usage).length > 0 ? usage : undefined;
}

/**
 * The wait Meta's usage headers imply: the BUC `estimated_time_to_regain_access` when positive, else the ad
 * account's `reset_time_duration` once that account is at 100 %. `x-app-usage` names no time, so it gives none.
 */
export function metaUsageWaitSeconds(usage: MetaUsage | undefined): number | undefined {
  if (!usage) return undefined;
  if (usage.regainAccessSeconds !== undefined && usage.regainAccessSeconds > 0) return usage.regainAccessSeconds;
  if ((usage.adAccountPercent ?? 0) >= 100 && (usage.adAccountResetSeconds ?? 0) > 0) return usage.adAccountResetSeconds;
  return undefined;
}

/** The longest wait any source asks for: the adapter's own (Google RetryInfo), Retry-After, Meta usage. */
function waitHintSeconds(error: UpstreamError, headers: Headers, platform: UpstreamPlatform, nowMs: number): number | undefined {
  return maxOf([
    error.retryAfterSeconds,
    parseRetryAfter(headers.get('retry-after'), nowMs),
    platform === 'meta' ? metaUsageWaitSeconds(parseMetaUsage(headers)) : undefined,
  ]);
}

// ---------------------------------------------------------------------------------------------------------------
// Network failures

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function causeCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const c = current as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof c.code === 'string') return c.code;
    if (Array.isArray(c.errors) && c.errors.length > 0) current = c.errors[0];
    else current = c.cause;
  }
  return undefined;
}

function networkError(err: unknown, req: UpstreamRequest, timeoutMs: number): UpstreamError {
  const name = (err as { name?: unknown })?.name;
  if (name === 'TimeoutError') {
    return new UpstreamError({
      platform: req.platform,
      kind: 'timeout',
      message: `no answer within ${timeoutMs} ms`,
      platformCode: 'TIMEOUT',
    });
  }
  const code = causeCode(err);
  if (code !== undefined && UNREACHABLE_CODES.has(code)) {
    return new UpstreamError({ platform: req.platform, kind: 'unavailable', message: `could not connect (${code})`, platformCode: code });
  }
  return new UpstreamError({
    platform: req.platform,
    kind: 'transient',
    message: `the connection failed before an answer arrived (${code ?? 'network error'})`,
    platformCode: code ?? 'NETWORK',
    secrets: req.secrets ?? [],
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The request

function mayRepeat(error: UpstreamError, idempotent: boolean): boolean {
  if (!error.retryable) return false;
  if (idempotent) return true;
  return error.kind === 'rate_limited' || error.kind === 'unavailable';
}

function backoffMs(error: UpstreamError, attempt: number, s: HttpSettings): number {
  const base = error.kind === 'rate_limited' ? s.rateLimitBaseDelayMs : s.baseDelayMs;
  const ceiling = Math.min(s.maxDelayMs, base * 2 ** (attempt - 1));
  return Math.floor(s.random() * ceiling);
}

async function attemptOnce(req: UpstreamRequest, s: HttpSettings): Promise<RawResponse> {
  const timeout = AbortSignal.timeout(s.timeoutMs);
  const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  const init: RequestInit = { method: req.method, headers, signal, redirect: 'manual' };
  if (req.body !== undefined) init.body = req.body;
  const res = await s.fetch(req.url, init);
  const text = await res.text();
  let json: unknown;
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status: res.status, headers: res.headers, text, json };
}

/**
 * Sends one logical request, repeating it while the failure is retryable, attempts remain and the wait stays
 * under the cap. Resolves with the successful response; rejects with an UpstreamError (or the caller's abort
 * reason when `signal` fired).
 */
export async function request(req: UpstreamRequest, settings: HttpSettings = DEFAULT_HTTP_SETTINGS): Promise<UpstreamResponse> {
  const idempotent = req.idempotent ?? req.method !== 'POST';
  for (let attempt = 1; ; attempt++) {
    let error: UpstreamError;
    let headers: Headers | undefined;
    try {
      const response = await attemptOnce(req, settings);
      const failure = req.toError(response);
      if (!failure) return { ...response, attempts: attempt };
      error = failure;
      headers = response.headers;
    } catch (err) {
      if (req.signal?.aborted) throw req.signal.reason;
      error = networkError(err, req, settings.timeoutMs);
    }
    error.attempts = attempt;
    if (headers && (error.kind === 'rate_limited' || error.kind === 'unavailable')) {
      error.retryAfterSeconds = waitHintSeconds(error, headers, req.platform, settings.now());
    }
    if (!mayRepeat(error, idempotent)) throw error;
    const hinted = error.retryAfterSeconds;
    if (hinted !== undefined && hinted > settings.maxWaitSeconds) throw error;
    if (attempt >= settings.maxAttempts) throw error;
    const waitMs = hinted !== undefined ? Math.ceil(hinted * 1000) : backoffMs(error, attempt, settings);
    settings.onRetry?.({ attempt, waitMs, error });
    await settings.sleep(waitMs);
    if (req.signal?.aborted) throw req.signal.reason;
  }
}
