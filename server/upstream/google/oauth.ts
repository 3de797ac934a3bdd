// Google OAuth 2.0 web-server flow for the Ads scope: the consent URL (offline access, forced consent so a
// refresh token comes back), code → tokens, refresh token → access token. Token-endpoint errors follow
// RFC 6749 (`{"error":"invalid_grant","error_description":…}`), not the Google Ads error model.
import { errorFromHttpStatus, UpstreamError, type UpstreamErrorKind } from '../errors.ts';
import { type HttpSettings, httpSettings, type RawResponse, request } from '../http.ts';

export const GOOGLE_AUTH_BASE_URL = 'https://accounts.google.com';
export const GOOGLE_TOKEN_BASE_URL = 'https://oauth2.googleapis.com';
export const GOOGLE_ADS_SCOPE = 'https://www.googleapis.com/auth/adwords';

export interface GoogleAuthorizeUrlOptions {
  clientId: string;
  redirectUri: string;
  state: string;
  scopes?: readonly string[];
  /** Default https://accounts.google.com. */
  authBaseUrl?: string;
  loginHint?: string;
}

/** `…/o/oauth2/v2/auth?client_id&redirect_uri&response_type=code&scope=…adwords&access_type=offline&prompt=consent&include_granted_scopes=true&state`. */
export function buildAuthorizeUrl(options: GoogleAuthorizeUrlOptions): string {
  const base = (options.authBaseUrl ?? GOOGLE_AUTH_BASE_URL).replace(/\/+$/, '');
  const url = new URL(`${base}/o/oauth2/v2/auth`);
  url.searchParams.set('client_id', options.clientId);
  url.searchParams.set('redirect_uri', options.redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', (options.scopes ?? [GOOGLE_ADS_SCOPE]).join(' '));
  url.searchParams.set('access_type', 'offline');
  url.searchParams.set('prompt', 'consent');
  url.searchParams.set('include_granted_scopes', 'true');
  url.searchParams.set('state', options.state);
  if (options.loginHint) url.searchParams.set('login_hint', options.loginHint);
  return url.toString();
}

export interface GoogleTokenGrant {
  accessToken: string;
  tokenType: string;
  expiresInSeconds: number | undefined;
  /** Present after a code exchange with offline access; never after a refresh. */
  refreshToken: string | undefined;
  scopes: string[];
  /** OpenID Connect ID token (a JWT naming the account: `sub`, `email`), present when `openid` was granted. */
  idToken?: string | undefined;
}

export interface GoogleOAuthOptions {
  /** One origin for both the consent page and the token endpoint (the sandbox's fake). */
  oauthBaseUrl?: string;
  /** Consent page origin when `oauthBaseUrl` is not set. Default https://accounts.google.com. */
  authBaseUrl?: string;
  /** Token endpoint origin when `oauthBaseUrl` is not set. Default https://oauth2.googleapis.com. */
  tokenBaseUrl?: string;
  clientId: string;
  clientSecret: string;
  http?: Partial<HttpSettings>;
}

export interface GoogleOAuth {
  buildAuthorizeUrl(options: { redirectUri: string; state: string; scopes?: readonly string[]; loginHint?: string }): string;
  /** Redeems the consent page's single-use code (never repeated once Google may have seen it). */
  exchangeCode(code: string, redirectUri: string, codeVerifier?: string): Promise<GoogleTokenGrant>;
  /** A fresh access token; an `invalid_grant` answer means the refresh token is revoked or expired. */
  refreshAccessToken(refreshToken: string): Promise<GoogleTokenGrant>;
}

/**
 * RFC 6749 token errors. `invalid_grant` means the code is bad (exchange) or the refresh token is dead
 * (refresh: the connection must be made again); a refused client is our misconfiguration, not the user's.
 */
export function googleOAuthError(
  response: RawResponse,
  grant: 'authorization_code' | 'refresh_token',
  secrets: readonly string[],
): UpstreamError | undefined {
  const ok = response.status >= 200 && response.status < 300;
  const body = (typeof response.json === 'object' && response.json !== null ? response.json : {}) as Record<string, unknown>;
  const error = typeof body.error === 'string' ? body.error : undefined;
  if (ok && error === undefined) return undefined;
  if (error === undefined) return errorFromHttpStatus('google', response.status, secrets);
  let kind: UpstreamErrorKind;
  let retryable: boolean | undefined;
  if (error === 'invalid_grant') kind = grant === 'refresh_token' ? 'auth_expired' : 'invalid';
  else if (error === 'invalid_client' || error === 'unauthorized_client') {
    kind = 'transient';
    retryable = false;
  } else if (error === 'access_denied') kind = 'permission';
  else if (error === 'temporarily_unavailable') kind = 'unavailable';
  else if (response.status >= 500) kind = 'transient';
  else kind = 'invalid';
  const description = typeof body.error_description === 'string' ? body.error_description : error;
  return new UpstreamError({
    platform: 'google',
    kind,
    message: `${error}: ${description}`,
    platformCode: error,
    upstreamStatus: response.status,
    ...(retryable === undefined ? {} : { retryable }),
    details: [{ message: description, code: error }],
    secrets,
  });
}

function readGrant(json: unknown, secrets: readonly string[]): GoogleTokenGrant {
  const body = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  if (typeof body.access_token !== 'string' || body.access_token === '') {
    throw new UpstreamError({
      platform: 'google',
      kind: 'transient',
      message: 'Google answered the token request without an access_token',
      retryable: false,
      secrets,
    });
  }
  const expires = Number(body.expires_in);
  return {
    accessToken: body.access_token,
    tokenType: typeof body.token_type === 'string' ? body.token_type : 'Bearer',
    expiresInSeconds: body.expires_in !== undefined && Number.isFinite(expires) ? expires : undefined,
    refreshToken: typeof body.refresh_token === 'string' && body.refresh_token !== '' ? body.refresh_token : undefined,
    scopes: typeof body.scope === 'string' ? body.scope.split(/\s+/).filter((s) => s !== '') : [],
    idToken: typeof body.id_token === 'string' && body.id_token !== '' ? body.id_token : undefined,
  };
}

export function createGoogleOAuth(options: GoogleOAuthOptions): GoogleOAuth {
  const strip = (u: string): string => u.replace(/\/+$/, '');
  const authBase = strip(options.oauthBaseUrl ?? options.authBaseUrl ?? GOOGLE_AUTH_BASE_URL);
  const tokenBase = strip(options.oauthBaseUrl ?? options.tokenBaseUrl ?? GOOGLE_TOKEN_BASE_URL);
  const settings = httpSettings(options.http);

  async function tokenCall(
    params: Record<string, string>,
    grant: 'authorization_code' | 'refresh_token',
    secrets: readonly string[],
  ): Promise<GoogleTokenGrant> {
    const all = [options.clientSecret, ...secrets].filter((s) => s !== '');
    const response = await request(
      {
        platform: 'google',
        method: 'POST',
        url: new URL(`${tokenBase}/token`),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...params, client_id: options.clientId, client_secret: options.clientSecret, grant_type: grant }),
        // A code works once; a refresh can be repeated freely.
        idempotent: grant === 'refresh_token',
        secrets: all,
        toError: (res) => googleOAuthError(res, grant, all),
      },
      settings,
    );
    return readGrant(response.json, all);
  }

  return {
    buildAuthorizeUrl: (o) => buildAuthorizeUrl({ ...o, clientId: options.clientId, authBaseUrl: authBase }),
    exchangeCode: (code, redirectUri, codeVerifier) =>
      tokenCall({ code, redirect_uri: redirectUri, ...(codeVerifier ? { code_verifier: codeVerifier } : {}) }, 'authorization_code', [
        code,
      ]),
    refreshAccessToken: (refreshToken) => tokenCall({ refresh_token: refreshToken }, 'refresh_token', [refreshToken]),
  };
}
