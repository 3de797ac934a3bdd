// Facebook Login, manual flow: the dialog URL, code → short-lived user token, short → long-lived (~60 days)
// token. The dialog lives on www.facebook.com, the exchanges on the Graph API host; both bases are
// configurable so the sandbox can point them at the fake. Who the user is and which ad accounts they hold
// come from the token-bound client (`me()`, `listAdAccounts()`).
import { UpstreamError } from '../errors.ts';
import { apiBase, type HttpSettings, httpSettings, request } from '../http.ts';
import { DEFAULT_META_API_VERSION, META_GRAPH_BASE_URL } from './client.ts';
import { metaErrorFromResponse } from './errors.ts';

export const META_OAUTH_BASE_URL = 'https://www.facebook.com';

/** What Adlyft asks for: ads read/write, Pages for lead forms, business accounts for business-owned ad accounts. */
export const DEFAULT_META_SCOPES: readonly string[] = [
  'ads_management',
  'ads_read',
  'business_management',
  'pages_show_list',
  'pages_read_engagement',
  'pages_manage_ads',
  'leads_retrieval',
];

export interface MetaAuthorizeUrlOptions {
  appId: string;
  redirectUri: string;
  state: string;
  scopes?: readonly string[];
  /** Default https://www.facebook.com. */
  oauthBaseUrl?: string;
  /** Default v25.0. */
  version?: string;
  /** `rerequest` asks again for permissions the user declined. */
  authType?: 'rerequest';
}

/** `https://www.facebook.com/v25.0/dialog/oauth?client_id=…&redirect_uri=…&state=…&response_type=code&scope=…`. */
export function buildAuthorizeUrl(options: MetaAuthorizeUrlOptions): string {
  const base = apiBase(options.oauthBaseUrl ?? META_OAUTH_BASE_URL);
  const url = new URL(`${base}/${options.version ?? DEFAULT_META_API_VERSION}/dialog/oauth`);
  url.searchParams.set('client_id', options.appId);
  url.searchParams.set('redirect_uri', options.redirectUri);
  url.searchParams.set('state', options.state);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', (options.scopes ?? DEFAULT_META_SCOPES).join(','));
  if (options.authType) url.searchParams.set('auth_type', options.authType);
  return url.toString();
}

export interface MetaTokenGrant {
  accessToken: string;
  tokenType: string;
  /** Seconds until expiry; Meta may leave it out. */
  expiresInSeconds: number | undefined;
}

export interface MetaOAuthOptions {
  /** Graph API origin for the token exchanges. Default https://graph.facebook.com. */
  apiBaseUrl?: string;
  /** Origin of the login dialog. Default https://www.facebook.com. */
  oauthBaseUrl?: string;
  version?: string;
  appId: string;
  appSecret: string;
  http?: Partial<HttpSettings>;
}

export interface MetaOAuth {
  buildAuthorizeUrl(options: { redirectUri: string; state: string; scopes?: readonly string[]; authType?: 'rerequest' }): string;
  /** Redeems the dialog's single-use code (never repeated once Meta may have seen it). */
  exchangeCode(code: string, redirectUri: string): Promise<MetaTokenGrant>;
  /** `grant_type=fb_exchange_token`: short-lived user token → long-lived one. */
  exchangeForLongLivedToken(shortLivedToken: string): Promise<MetaTokenGrant>;
}

function readGrant(json: unknown, secrets: readonly string[]): MetaTokenGrant {
  const body = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  if (typeof body.access_token !== 'string' || body.access_token === '') {
    throw new UpstreamError({
      platform: 'meta',
      kind: 'transient',
      message: 'Meta answered the token exchange without an access_token',
      retryable: false,
      secrets,
    });
  }
  const expires =
    typeof body.expires_in === 'number' ? body.expires_in : typeof body.expires_in === 'string' ? Number(body.expires_in) : Number.NaN;
  return {
    accessToken: body.access_token,
    tokenType: typeof body.token_type === 'string' ? body.token_type : 'bearer',
    expiresInSeconds: Number.isFinite(expires) ? expires : undefined,
  };
}

export function createMetaOAuth(options: MetaOAuthOptions): MetaOAuth {
  const graphBase = apiBase(options.apiBaseUrl ?? META_GRAPH_BASE_URL);
  const version = options.version ?? DEFAULT_META_API_VERSION;
  const settings = httpSettings(options.http);

  async function tokenCall(params: Record<string, string>, secrets: readonly string[], idempotent: boolean): Promise<MetaTokenGrant> {
    const url = new URL(`${graphBase}/${version}/oauth/access_token`);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    const all = [options.appSecret, ...secrets].filter((s) => s !== '');
    const response = await request(
      { platform: 'meta', method: 'GET', url, idempotent, secrets: all, toError: (res) => metaErrorFromResponse(res, all) },
      settings,
    );
    return readGrant(response.json, all);
  }

  return {
    buildAuthorizeUrl: (o) =>
      buildAuthorizeUrl({
        ...o,
        appId: options.appId,
        version,
        ...(options.oauthBaseUrl ? { oauthBaseUrl: options.oauthBaseUrl } : {}),
      }),
    exchangeCode: (code, redirectUri) =>
      tokenCall({ client_id: options.appId, redirect_uri: redirectUri, client_secret: options.appSecret, code }, [code], false),
    exchangeForLongLivedToken: (shortLivedToken) =>
      tokenCall(
        { grant_type: 'fb_exchange_token', client_id: options.appId, client_secret: options.appSecret, fb_exchange_token: shortLivedToken },
        [shortLivedToken],
        true,
      ),
  };
}
