// Meta Graph API client bound to one access token. Every call is signed with `access_token` and
// `appsecret_proof`; non-scalar parameters (targeting, filtering, time_range, promoted_object…) travel as JSON
// strings, as Meta's SDKs send them. GET/DELETE parameters go in the query, POST parameters in a form body.
import { createHmac } from 'node:crypto';
import { UpstreamError } from '../errors.ts';
import { apiBase, type HttpSettings, httpSettings, request } from '../http.ts';
import { metaErrorFromResponse } from './errors.ts';
import type { MetaAdAccountRow, MetaUserRow } from './mapper.ts';
import { type MetaPage, nextCursor, nextPageParams, readListEnvelope } from './paging.ts';

export const META_GRAPH_BASE_URL = 'https://graph.facebook.com';
export const DEFAULT_META_API_VERSION = 'v25.0';

export type MetaParamValue = string | number | boolean | null | undefined | readonly unknown[] | { readonly [key: string]: unknown };
export type MetaParams = Readonly<Record<string, MetaParamValue>>;

export interface MetaClientOptions {
  /** Graph API origin; the sandbox points it at the fake. Default https://graph.facebook.com. */
  baseUrl?: string;
  /** Graph API version, `vNN.N`. Default v25.0. */
  version?: string;
  appId: string;
  appSecret: string;
  accessToken: string;
  http?: Partial<HttpSettings>;
}

export interface MetaCallOptions {
  signal?: AbortSignal;
  /** Override the default (GET/DELETE idempotent, POST not). */
  idempotent?: boolean;
}

export interface MetaGetAllOptions extends MetaCallOptions {
  /** Stop with an error rather than follow more pages than this (a loop guard). Default 1000. */
  maxPages?: number;
}

export interface MetaClient {
  readonly version: string;
  get<T>(path: string, params?: MetaParams, options?: MetaCallOptions): Promise<T>;
  /** One page: `limit` rows at most, starting at Meta's `after` cursor. */
  getPage<T>(
    path: string,
    params?: MetaParams,
    page?: { limit?: number; after?: string | null },
    options?: MetaCallOptions,
  ): Promise<MetaPage<T>>;
  /** Every row of a list edge, following `paging.next` until Meta announces no further page. */
  getAll<T>(path: string, params?: MetaParams, options?: MetaGetAllOptions): Promise<T[]>;
  post<T>(path: string, params?: MetaParams, options?: MetaCallOptions): Promise<T>;
  delete<T>(path: string, params?: MetaParams, options?: MetaCallOptions): Promise<T>;
  /** `GET /me` (id and name by default). */
  me(fields?: readonly string[]): Promise<MetaUserRow>;
  /** `GET /me/adaccounts`, every page. */
  listAdAccounts(fields?: readonly string[]): Promise<MetaAdAccountRow[]>;
}

export const DEFAULT_AD_ACCOUNT_FIELDS = ['id', 'account_id', 'name', 'account_status', 'currency', 'timezone_name', 'business'] as const;

/** Hex HMAC-SHA256 of the access token keyed with the app secret (Meta's `appsecret_proof`). */
export function appsecretProof(accessToken: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(accessToken).digest('hex');
}

/**
 * Parameters as Meta expects them on the wire: `fields` arrays comma-joined, other arrays and objects as
 * compact JSON strings, numbers and booleans as text; undefined and null are left out.
 */
export function encodeMetaParams(params: MetaParams = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (key === 'fields' && Array.isArray(value)) out[key] = value.join(',');
    else if (typeof value === 'string') out[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') out[key] = String(value);
    else out[key] = JSON.stringify(value);
  }
  return out;
}

const PATH_SEGMENT = /^[A-Za-z0-9_.:-]+$/;

/** `act_1/campaigns` or `/me` → `act_1/campaigns` / `me`; refuses anything that could leave the node/edge space. */
export function graphPath(path: string): string {
  const trimmed = path.replace(/^\/+/, '');
  const segments = trimmed.split('/');
  if (trimmed === '' || segments.some((s) => !PATH_SEGMENT.test(s) || s === '.' || s === '..')) {
    throw new Error(`not a Graph API path: ${JSON.stringify(path)}`);
  }
  return trimmed;
}

export function createMetaClient(options: MetaClientOptions): MetaClient {
  const baseUrl = apiBase(options.baseUrl ?? META_GRAPH_BASE_URL);
  const version = options.version ?? DEFAULT_META_API_VERSION;
  const settings = httpSettings(options.http);
  const proof = options.appSecret ? appsecretProof(options.accessToken, options.appSecret) : undefined;
  const credentials: Record<string, string> = { access_token: options.accessToken, ...(proof ? { appsecret_proof: proof } : {}) };
  const secrets = [options.accessToken, options.appSecret, ...(proof ? [proof] : [])].filter((s) => s !== '');

  async function call(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    params: Record<string, string>,
    callOptions: MetaCallOptions = {},
  ): Promise<unknown> {
    const url = new URL(`${baseUrl}/${version}/${graphPath(path)}`);
    const signed = { ...params, ...credentials };
    let body: URLSearchParams | undefined;
    const headers: Record<string, string> = {};
    if (method === 'POST') {
      body = new URLSearchParams(signed);
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else {
      for (const [key, value] of Object.entries(signed)) url.searchParams.set(key, value);
    }
    const response = await request(
      {
        platform: 'meta',
        method,
        url,
        headers,
        ...(body ? { body } : {}),
        ...(callOptions.idempotent === undefined ? {} : { idempotent: callOptions.idempotent }),
        ...(callOptions.signal ? { signal: callOptions.signal } : {}),
        secrets,
        toError: (res) => metaErrorFromResponse(res, secrets),
      },
      settings,
    );
    return response.json;
  }

  async function getPage<T>(
    path: string,
    params: MetaParams = {},
    page: { limit?: number; after?: string | null } = {},
    callOptions: MetaCallOptions = {},
  ): Promise<MetaPage<T>> {
    const encoded = encodeMetaParams(params);
    if (page.limit !== undefined) encoded.limit = String(page.limit);
    if (page.after) encoded.after = page.after;
    const envelope = readListEnvelope<T>(await call('GET', path, encoded, callOptions));
    const after = nextCursor(envelope.paging);
    return { data: envelope.data, after, hasMore: after !== null, ...(envelope.summary ? { summary: envelope.summary } : {}) };
  }

  async function getAll<T>(path: string, params: MetaParams = {}, callOptions: MetaGetAllOptions = {}): Promise<T[]> {
    const maxPages = callOptions.maxPages ?? 1000;
    const rows: T[] = [];
    const keyOf = (q: Record<string, string>): string => JSON.stringify(Object.entries(q).sort());
    let query: Record<string, string> = encodeMetaParams(params);
    const seen = new Set<string>([keyOf(query)]);
    for (let page = 1; ; page++) {
      const envelope = readListEnvelope<T>(await call('GET', path, query, callOptions));
      rows.push(...envelope.data);
      const next = nextPageParams(envelope.paging);
      if (!next) return rows;
      query = { ...query, ...next };
      const key = keyOf(query);
      if (seen.has(key) || page >= maxPages) {
        throw new UpstreamError({
          platform: 'meta',
          kind: 'transient',
          message: seen.has(key) ? 'Meta repeated a paging cursor' : `Meta list exceeded ${maxPages} pages`,
          retryable: false,
        });
      }
      seen.add(key);
    }
  }

  return {
    version,
    get: async <T>(path: string, params?: MetaParams, o?: MetaCallOptions) => (await call('GET', path, encodeMetaParams(params), o)) as T,
    post: async <T>(path: string, params?: MetaParams, o?: MetaCallOptions) => (await call('POST', path, encodeMetaParams(params), o)) as T,
    delete: async <T>(path: string, params?: MetaParams, o?: MetaCallOptions) =>
      (await call('DELETE', path, encodeMetaParams(params), o)) as T,
    getPage,
    getAll,
    me: async (fields = ['id', 'name']) => (await call('GET', 'me', encodeMetaParams({ fields }))) as MetaUserRow,
    listAdAccounts: (fields = DEFAULT_AD_ACCOUNT_FIELDS) => getAll<MetaAdAccountRow>('me/adaccounts', { fields, limit: 100 }),
  };
}
