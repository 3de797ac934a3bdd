// Facebook Login, manual flow: the dialog (which in the sandbox consents at once, or denies when told to), the
// code → token exchange, the fb_exchange_token upgrade to a long-lived token, app tokens, and debug_token.
// Codes are single-use and short-lived; the exchange checks client id, secret and the exact redirect_uri.
import { findToken } from '../auth.ts';
import type { MetaContext, MetaRoute } from '../context.ts';
import { MetaApiError, tokenErrorMessage } from '../errors.ts';
import { META_SCOPES_ALL } from '../ids.ts';
import { stringParam } from '../params.ts';
import type { MetaToken } from '../state.ts';

/** Permissions the sandbox dialog knows; anything else is an "Invalid Scopes" page, as on facebook.com. */
const KNOWN_SCOPES = new Set<string>([
  ...META_SCOPES_ALL,
  'read_insights',
  'pages_manage_metadata',
  'pages_manage_posts',
  'pages_messaging',
  'instagram_basic',
  'instagram_manage_insights',
  'catalog_management',
  'attribution_read',
]);

function htmlError(title: string, detail: string): { status: number; text: string } {
  return {
    status: 400,
    text: `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>${detail}</p></body></html>`,
  };
}

function withParams(target: string, params: Record<string, string>, fragment?: string): string {
  const url = new URL(target);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  if (fragment !== undefined) url.hash = fragment;
  return url.toString();
}

export function issueToken(ctx: MetaContext, init: Omit<MetaToken, 'token' | 'issuedAt'>): MetaToken {
  const token: MetaToken = { ...init, token: `EAAG${ctx.runtimeRng.alnum(96)}`, issuedAt: ctx.now() };
  ctx.state.tokens.set(token.token, token);
  return token;
}

const dialog: MetaRoute = {
  method: 'GET',
  pattern: /^\/dialog\/oauth$/,
  handler(ctx, req) {
    const { state } = ctx;
    const clientId = req.query.get('client_id');
    const redirectUri = req.query.get('redirect_uri');
    if (!clientId || clientId !== state.app.id) {
      return htmlError('Invalid App ID', 'The provided app ID does not look like a valid app ID.');
    }
    if (!redirectUri) return htmlError('Error', 'The parameter redirect_uri is required');
    let parsed: URL;
    try {
      parsed = new URL(redirectUri);
    } catch {
      return htmlError('URL blocked', 'This redirect failed because the redirect URI is not a valid URL.');
    }
    if (state.app.redirectUris.length > 0 && !state.app.redirectUris.includes(redirectUri)) {
      return htmlError(
        'URL blocked',
        "This redirect failed because the redirect URI is not whitelisted in the app's Client OAuth Settings.",
      );
    }
    const requested = (req.query.get('scope') ?? '').split(/[\s,]+/).filter(Boolean);
    const unknown = requested.filter((s) => !KNOWN_SCOPES.has(s));
    if (unknown.length > 0) return htmlError('Invalid Scopes', `Invalid Scopes: ${unknown.join(', ')}.`);
    const responseType = req.query.get('response_type') ?? 'code';
    if (responseType !== 'code') {
      return htmlError('Error', `The sandbox dialog only supports response_type=code (got ${responseType}).`);
    }
    const stateParam = req.query.get('state');
    const passState: Record<string, string> = stateParam !== null ? { state: stateParam } : {};
    if (state.oauth.deny) {
      // Facebook appends "#_=_" to every post-login redirect.
      const location = withParams(
        parsed.toString(),
        { error: 'access_denied', error_code: '200', error_description: 'Permissions error', error_reason: 'user_denied', ...passState },
        '_=_',
      );
      return { status: 302, headers: { location }, text: '' };
    }
    const code = `AQ${ctx.runtimeRng.alnum(120)}`;
    state.codes.set(code, {
      code,
      userId: state.oauth.loginAs,
      clientId,
      redirectUri,
      scopes: [...new Set(['public_profile', ...requested])],
      expiresAt: ctx.now() + ctx.options.codeTtlMs,
      used: false,
    });
    return { status: 302, headers: { location: withParams(parsed.toString(), { code, ...passState }, '_=_') }, text: '' };
  },
};

function checkClient(ctx: MetaContext, clientId: string | undefined, clientSecret: string | undefined): void {
  if (clientId !== ctx.state.app.id) {
    throw new MetaApiError({ code: 101, message: 'Error validating application. Invalid application ID.' });
  }
  if (clientSecret !== ctx.state.app.secret) {
    throw new MetaApiError({ code: 1, message: 'Error validating client secret.', status: 400, transient: false });
  }
}

const accessToken = (method: 'GET' | 'POST'): MetaRoute => ({
  method,
  pattern: /^\/oauth\/access_token$/,
  handler(ctx, req) {
    const { state } = ctx;
    const grantType = stringParam(req, 'grant_type');
    const clientId = stringParam(req, 'client_id');
    const clientSecret = stringParam(req, 'client_secret');

    if (grantType === 'client_credentials') {
      checkClient(ctx, clientId, clientSecret);
      return { json: { access_token: `${state.app.id}|${state.app.secret}`, token_type: 'bearer' } };
    }

    if (grantType === 'fb_exchange_token') {
      checkClient(ctx, clientId, clientSecret);
      const short = stringParam(req, 'fb_exchange_token');
      if (!short) throw new MetaApiError({ code: 100, message: 'Missing fb_exchange_token parameter' });
      const known = findToken(state, short);
      if (known?.kind !== 'user') {
        throw new MetaApiError({ code: 190, message: tokenErrorMessage(undefined, state.app.id) });
      }
      if (known.invalidSubcode) {
        throw new MetaApiError({
          code: 190,
          subcode: known.invalidSubcode,
          message: tokenErrorMessage(known.invalidSubcode, state.app.id),
        });
      }
      if (known.expiresAt !== null && known.expiresAt <= ctx.now()) {
        // "Expired tokens cannot be exchanged."
        throw new MetaApiError({ code: 190, subcode: 463, message: tokenErrorMessage(463, state.app.id, 'an earlier date', 'now') });
      }
      const ttl = ctx.options.longLivedTokenTtlSeconds;
      const issued = issueToken(ctx, {
        kind: 'user',
        userId: known.userId as string,
        scopes: [...known.scopes],
        expiresAt: ctx.now() + ttl * 1000,
        longLived: true,
      });
      return { json: { access_token: issued.token, token_type: 'bearer', expires_in: ttl } };
    }

    if (grantType !== undefined && grantType !== 'authorization_code') {
      throw new MetaApiError({ code: 100, message: `Unsupported grant_type: ${grantType}` });
    }
    checkClient(ctx, clientId, clientSecret);
    const redirectUri = stringParam(req, 'redirect_uri');
    const codeValue = stringParam(req, 'code');
    if (!codeValue) throw new MetaApiError({ code: 100, message: 'Missing authorization code' });
    const code = state.codes.get(codeValue);
    if (!code) throw new MetaApiError({ code: 100, message: 'Invalid verification code format.' });
    if (code.used) throw new MetaApiError({ code: 100, subcode: 36009, message: 'This authorization code has been used.' });
    if (code.expiresAt <= ctx.now()) {
      throw new MetaApiError({ code: 100, subcode: 36007, message: 'This authorization code has expired.' });
    }
    if (code.clientId !== clientId || (code.redirectUri !== null && code.redirectUri !== redirectUri)) {
      throw new MetaApiError({
        code: 100,
        subcode: 36008,
        message:
          'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
      });
    }
    code.used = true;
    const ttl = ctx.options.userTokenTtlSeconds;
    const issued = issueToken(ctx, {
      kind: 'user',
      userId: code.userId,
      scopes: code.scopes,
      expiresAt: ctx.now() + ttl * 1000,
      longLived: true,
    });
    return { json: { access_token: issued.token, token_type: 'bearer', expires_in: ttl } };
  },
});

const debugToken: MetaRoute = {
  method: 'GET',
  pattern: /^\/debug_token$/,
  handler(ctx, req) {
    ctx.authenticate(req);
    const input = req.query.get('input_token') ?? '';
    const token = findToken(ctx.state, input);
    const now = ctx.now();
    if (!token) {
      return {
        json: { data: { is_valid: false, error: { code: 190, message: tokenErrorMessage(undefined, ctx.state.app.id) }, scopes: [] } },
      };
    }
    const expired = token.expiresAt !== null && token.expiresAt <= now;
    const data: Record<string, unknown> = {
      app_id: ctx.state.app.id,
      type: token.kind.toUpperCase(),
      application: 'Adlyft (sandbox)',
      data_access_expires_at: Math.floor((token.issuedAt + 90 * 86_400_000) / 1000),
      expires_at: token.expiresAt === null ? 0 : Math.floor(token.expiresAt / 1000),
      is_valid: !expired && !token.invalidSubcode,
      issued_at: Math.floor(token.issuedAt / 1000),
      scopes: token.scopes,
    };
    if (token.userId) data.user_id = token.userId;
    if (token.pageId) data.profile_id = token.pageId;
    if (expired || token.invalidSubcode) {
      const subcode = token.invalidSubcode ?? 463;
      data.error = { code: 190, subcode, message: tokenErrorMessage(subcode, ctx.state.app.id) };
    }
    return { json: { data } };
  },
};

export const oauthRoutes: MetaRoute[] = [dialog, accessToken('GET'), accessToken('POST'), debugToken];
