// Google's web-server OAuth flow: the authorization endpoint (which in the sandbox consents at once, or answers
// error=access_denied when told to deny), POST /token for authorization_code and refresh_token grants, and
// POST /revoke. Refresh tokens are issued for access_type=offline on first consent or with prompt=consent.
import type { FakeRequest, FakeResponse } from '../../shared/http.ts';
import type { GoogleContext } from '../context.ts';
import type { GoogleAccessToken } from '../state.ts';

function html(status: number, title: string, detail: string): FakeResponse {
  return {
    status,
    text: `<!DOCTYPE html><html lang="en"><head><title>${title}</title></head><body><h1>Access blocked: Authorization Error</h1><p>${detail}</p><p>${title}</p></body></html>`,
  };
}

function oauthError(status: number, error: string, description: string): FakeResponse {
  return {
    status,
    json: { error, error_description: description },
    pretty: true,
    headers: { 'cache-control': 'no-cache, no-store, max-age=0, must-revalidate' },
  };
}

function redirect(target: string, params: Record<string, string>): FakeResponse {
  const url = new URL(target);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return { status: 302, headers: { location: url.toString() }, text: '' };
}

export function authorize(ctx: GoogleContext, req: FakeRequest): FakeResponse {
  const { state } = ctx;
  const q = req.query;
  const clientId = q.get('client_id');
  if (!clientId || clientId !== state.oauthClient.clientId)
    return html(401, 'Error 401: invalid_client', 'The OAuth client was not found.');
  const redirectUri = q.get('redirect_uri');
  if (!redirectUri) return html(400, 'Error 400: invalid_request', 'Missing required parameter: redirect_uri');
  try {
    new URL(redirectUri);
  } catch {
    return html(400, 'Error 400: invalid_request', 'Invalid parameter value for redirect_uri: Invalid URI');
  }
  if (state.oauthClient.redirectUris.length > 0 && !state.oauthClient.redirectUris.includes(redirectUri)) {
    return html(
      400,
      'Error 400: redirect_uri_mismatch',
      `You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy. redirect_uri=${redirectUri}`,
    );
  }
  if (q.get('response_type') !== 'code')
    return html(400, 'Error 400: invalid_request', 'Required parameter is missing or invalid: response_type (expected "code")');
  const scopes = (q.get('scope') ?? '').split(/\s+/).filter(Boolean);
  if (scopes.length === 0) return html(400, 'Error 400: invalid_request', 'Missing required parameter: scope');
  const passState: Record<string, string> = q.get('state') !== null ? { state: q.get('state') as string } : {};
  if (state.oauth.deny) return redirect(redirectUri, { error: 'access_denied', ...passState });

  const userId = state.oauth.loginAs;
  const consentKey = `${userId}|${clientId}`;
  const offline = q.get('access_type') === 'offline';
  const issueRefreshToken = offline && (!state.consents.has(consentKey) || (q.get('prompt') ?? '').split(' ').includes('consent'));
  state.consents.add(consentKey);
  const code = `4/0A${ctx.runtimeRng.alnum(70)}`;
  state.codes.set(code, {
    code,
    userId,
    clientId,
    redirectUri,
    scopes,
    offline,
    issueRefreshToken,
    expiresAt: ctx.now() + ctx.options.codeTtlMs,
    used: false,
  });
  return redirect(redirectUri, { ...passState, code, scope: scopes.join(' ') });
}

/** An ID token as Google shapes it (RS256 JWT); the sandbox signature is random bytes, as nobody verifies it. */
function idToken(ctx: GoogleContext, userId: string, clientId: string): string {
  const user = ctx.state.users.find((u) => u.id === userId);
  const now = Math.floor(ctx.now() / 1000);
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = {
    iss: 'https://accounts.google.com',
    azp: clientId,
    aud: clientId,
    sub: userId,
    ...(user ? { email: user.email, email_verified: true } : {}),
    iat: now,
    exp: now + 3600,
  };
  return `${part({ alg: 'RS256', kid: 'sandbox', typ: 'JWT' })}.${part(claims)}.${ctx.runtimeRng.alnum(86)}`;
}

/** Client credentials from the body or HTTP Basic, as Google accepts both. */
function clientCredentials(req: FakeRequest): { id?: string; secret?: string } {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && /^Basic /i.test(auth)) {
    const [id, secret] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
    return { id: decodeURIComponent(id ?? ''), secret: decodeURIComponent(secret ?? '') };
  }
  const id = typeof req.body.client_id === 'string' ? req.body.client_id : undefined;
  const secret = typeof req.body.client_secret === 'string' ? req.body.client_secret : undefined;
  return { ...(id !== undefined ? { id } : {}), ...(secret !== undefined ? { secret } : {}) };
}

function issueAccessToken(ctx: GoogleContext, init: Omit<GoogleAccessToken, 'token' | 'expiresAt' | 'revoked'>): GoogleAccessToken {
  const token: GoogleAccessToken = {
    ...init,
    token: `ya29.a0${ctx.runtimeRng.alnum(100)}`,
    expiresAt: ctx.now() + ctx.options.accessTokenTtlSeconds * 1000,
    revoked: false,
  };
  ctx.state.accessTokens.set(token.token, token);
  return token;
}

export function token(ctx: GoogleContext, req: FakeRequest): FakeResponse {
  const { state } = ctx;
  const client = clientCredentials(req);
  const grantType = typeof req.body.grant_type === 'string' ? req.body.grant_type : undefined;
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    return oauthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType ?? ''}`);
  }
  if (client.id !== state.oauthClient.clientId) return oauthError(401, 'invalid_client', 'The OAuth client was not found.');
  if (client.secret !== state.oauthClient.clientSecret) return oauthError(401, 'invalid_client', 'Unauthorized');

  if (grantType === 'refresh_token') {
    const refresh = state.refreshTokens.get(String(req.body.refresh_token ?? ''));
    if (!refresh || refresh.revoked || refresh.clientId !== client.id) {
      return oauthError(400, 'invalid_grant', 'Token has been expired or revoked.');
    }
    const access = issueAccessToken(ctx, {
      userId: refresh.userId,
      clientId: refresh.clientId,
      scopes: refresh.scopes,
      refreshToken: refresh.token,
    });
    return {
      status: 200,
      pretty: true,
      json: {
        access_token: access.token,
        expires_in: ctx.options.accessTokenTtlSeconds,
        scope: refresh.scopes.join(' '),
        token_type: 'Bearer',
      },
    };
  }

  const codeValue = String(req.body.code ?? '');
  if (!codeValue.startsWith('4/')) return oauthError(400, 'invalid_grant', 'Malformed auth code.');
  const code = state.codes.get(codeValue);
  if (!code || code.used || code.expiresAt <= ctx.now() || code.clientId !== client.id) {
    return oauthError(400, 'invalid_grant', 'Bad Request');
  }
  const redirectUri = typeof req.body.redirect_uri === 'string' ? req.body.redirect_uri : undefined;
  if (code.redirectUri !== null && code.redirectUri !== redirectUri) return oauthError(400, 'redirect_uri_mismatch', 'Bad Request');
  code.used = true;
  let refreshToken: string | undefined;
  if (code.issueRefreshToken) {
    refreshToken = `1//0${ctx.runtimeRng.alnum(60)}`;
    state.refreshTokens.set(refreshToken, {
      token: refreshToken,
      userId: code.userId,
      clientId: code.clientId,
      scopes: code.scopes,
      revoked: false,
    });
  }
  const access = issueAccessToken(ctx, {
    userId: code.userId,
    clientId: code.clientId,
    scopes: code.scopes,
    ...(refreshToken ? { refreshToken } : {}),
  });
  const body: Record<string, unknown> = {
    access_token: access.token,
    expires_in: ctx.options.accessTokenTtlSeconds,
    scope: code.scopes.join(' '),
    token_type: 'Bearer',
  };
  if (refreshToken) body.refresh_token = refreshToken;
  // OpenID Connect: with the openid scope Google also answers an ID token naming the account (sub, email).
  if (code.scopes.includes('openid')) body.id_token = idToken(ctx, code.userId, code.clientId);
  return { status: 200, pretty: true, json: body };
}

/** Revoking a refresh token also revokes the access tokens minted from it. */
export function revoke(ctx: GoogleContext, req: FakeRequest): FakeResponse {
  const value = req.query.get('token') ?? (typeof req.body.token === 'string' ? req.body.token : '');
  const refresh = ctx.state.refreshTokens.get(value);
  const access = ctx.state.accessTokens.get(value);
  if (!refresh && !access) return oauthError(400, 'invalid_token', 'Token expired or revoked');
  if (refresh) {
    refresh.revoked = true;
    for (const t of ctx.state.accessTokens.values()) if (t.refreshToken === refresh.token) t.revoked = true;
  }
  if (access) access.revoked = true;
  return { status: 200, json: {} };
}
