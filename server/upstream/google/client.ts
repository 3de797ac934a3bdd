// Google Ads REST client bound to one OAuth access token (and optionally a manager account acting as
// login-customer-id). GAQL reads are POSTs but change nothing, so they are retried like GETs. `search` pages by
// `nextPageToken` (fixed 10,000-row pages); `searchStream` answers one JSON array of batches.
import { UpstreamError } from '../errors.ts';
import { apiBase, type HttpSettings, httpSettings, request } from '../http.ts';
import { googleErrorFromResponse } from './errors.ts';
import { normalizeCustomerId } from './gaql.ts';
import { customerIdFromResourceName } from './mapper.ts';

export const GOOGLE_ADS_BASE_URL = 'https://googleads.googleapis.com';
/** v19–v22 are sunset (v22 on 2026-10-07); v23 is the oldest active version. */
export const DEFAULT_GOOGLE_ADS_API_VERSION = 'v23';

/** A GAQL result row: camelCase resources (`campaign`, `adGroup`, `metrics`, `segments`), int64 as strings. */
export type GoogleAdsRow = Record<string, unknown>;

export interface GoogleAdsClientOptions {
  /** Default https://googleads.googleapis.com; the sandbox points it at the fake. */
  baseUrl?: string;
  /** Default v23. */
  version?: string;
  /** Sent as `developer-token` when not empty. */
  developerToken: string;
  accessToken: string;
  /** The manager account to act through (`login-customer-id`), dashes allowed. */
  loginCustomerId?: string;
  http?: Partial<HttpSettings>;
}

export interface GoogleCallOptions {
  signal?: AbortSignal;
}

export interface GoogleSearchPage<T> {
  results: T[];
  nextPageToken: string | undefined;
  totalResultsCount?: number;
}

export interface GoogleAdsClient {
  readonly version: string;
  /** Ids (10 digits) of the customers the token's user can reach directly. */
  listAccessibleCustomers(options?: GoogleCallOptions): Promise<string[]>;
  /** One page of `googleAds:search`. */
  searchPage<T = GoogleAdsRow>(
    customerId: string,
    query: string,
    pageToken?: string,
    options?: GoogleCallOptions,
  ): Promise<GoogleSearchPage<T>>;
  /** Every row of `googleAds:search`, following `nextPageToken`. */
  search<T = GoogleAdsRow>(customerId: string, query: string, options?: GoogleCallOptions & { maxPages?: number }): Promise<T[]>;
  /** Every row of every batch of `googleAds:searchStream`. */
  searchStream<T = GoogleAdsRow>(customerId: string, query: string, options?: GoogleCallOptions): Promise<T[]>;
}

function malformed(message: string, secrets: readonly string[]): UpstreamError {
  return new UpstreamError({ platform: 'google', kind: 'transient', message, retryable: false, secrets });
}

export function createGoogleAdsClient(options: GoogleAdsClientOptions): GoogleAdsClient {
  const baseUrl = apiBase(options.baseUrl ?? GOOGLE_ADS_BASE_URL);
  const version = options.version ?? DEFAULT_GOOGLE_ADS_API_VERSION;
  const settings = httpSettings(options.http);
  const secrets = [options.accessToken, options.developerToken].filter((s) => s !== '');
  const headers: Record<string, string> = { authorization: `Bearer ${options.accessToken}` };
  if (options.developerToken) headers['developer-token'] = options.developerToken;
  if (options.loginCustomerId) headers['login-customer-id'] = normalizeCustomerId(options.loginCustomerId);

  async function call(method: 'GET' | 'POST', path: string, body: unknown, callOptions: GoogleCallOptions = {}): Promise<unknown> {
    const url = new URL(`${baseUrl}/${version}/${path}`);
    const response = await request(
      {
        platform: 'google',
        method,
        url,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        idempotent: true,
        ...(callOptions.signal ? { signal: callOptions.signal } : {}),
        secrets,
        toError: (res) => googleErrorFromResponse(res, secrets),
      },
      settings,
    );
    return response.json;
  }

  async function searchPage<T>(
    customerId: string,
    query: string,
    pageToken?: string,
    callOptions?: GoogleCallOptions,
  ): Promise<GoogleSearchPage<T>> {
    const id = normalizeCustomerId(customerId);
    const json = await call('POST', `customers/${id}/googleAds:search`, pageToken ? { query, pageToken } : { query }, callOptions);
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      throw malformed('Google Ads answered search with an unexpected body', secrets);
    const body = json as { results?: unknown; nextPageToken?: unknown; totalResultsCount?: unknown };
    const results = body.results === undefined ? [] : body.results;
    if (!Array.isArray(results)) throw malformed('Google Ads answered search without a results array', secrets);
    const page: GoogleSearchPage<T> = {
      results: results as T[],
      nextPageToken: typeof body.nextPageToken === 'string' && body.nextPageToken !== '' ? body.nextPageToken : undefined,
    };
    if (body.totalResultsCount !== undefined) page.totalResultsCount = Number(body.totalResultsCount);
    return page;
  }

  return {
    version,
    async listAccessibleCustomers(callOptions) {
      const json = await call('GET', 'customers:listAccessibleCustomers', undefined, callOptions);
      const names = (json as { resourceNames?: unknown } | undefined)?.resourceNames ?? [];
      if (!Array.isArray(names)) throw malformed('Google Ads answered listAccessibleCustomers without resourceNames', secrets);
      return names.map((n) => customerIdFromResourceName(String(n)));
    },
    searchPage,
    async search<T>(customerId: string, query: string, callOptions: GoogleCallOptions & { maxPages?: number } = {}) {
      const maxPages = callOptions.maxPages ?? 1000;
      const rows: T[] = [];
      const seen = new Set<string>();
      let token: string | undefined;
      for (let page = 1; ; page++) {
        const result = await searchPage<T>(customerId, query, token, callOptions);
        rows.push(...result.results);
        token = result.nextPageToken;
        if (token === undefined) return rows;
        if (seen.has(token) || page >= maxPages) {
          throw malformed(seen.has(token) ? 'Google Ads repeated a page token' : `search exceeded ${maxPages} pages`, secrets);
        }
        seen.add(token);
      }
    },
    async searchStream<T>(customerId: string, query: string, callOptions?: GoogleCallOptions) {
      const id = normalizeCustomerId(customerId);
      const json = await call('POST', `customers/${id}/googleAds:searchStream`, { query }, callOptions);
      if (!Array.isArray(json)) throw malformed('Google Ads answered searchStream without a JSON array of batches', secrets);
      const rows: T[] = [];
      for (const batch of json) {
        const results = (batch as { results?: unknown } | null)?.results;
        if (results === undefined) continue;
        if (!Array.isArray(results)) throw malformed('a searchStream batch has a results value that is not an array', secrets);
        rows.push(...(results as T[]));
      }
      return rows;
    },
  };
}
