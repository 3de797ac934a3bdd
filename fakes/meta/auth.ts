// Token handling as the Graph API does it: the token may come as `access_token` (query or body) or an
// `Authorization: Bearer|OAuth` header; `appsecret_proof` is verified whenever sent and required when the app
// demands it; failures are the 104 / 190(+subcode) / 2500 errors real clients must handle.
import { createHmac } from 'node:crypto';
import { metaSessionStamp } from '../shared/dates.ts';
import type { FakeRequest } from '../shared/http.ts';
import { MetaApiError, tokenErrorMessage } from './errors.ts';
import type { MetaPage, MetaState, MetaToken, MetaUser } from './state.ts';

export interface MetaAuth {
  token: MetaToken;
  user?: MetaUser;
  page?: MetaPage;
}

export interface AuthOptions {
  requireAppsecretProof: boolean;
  now: () => number;
}

export function tokenFromRequest(req: FakeRequest): string | undefined {
  const header = req.headers.authorization;
  if (typeof header === 'string') {
    const m = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header.trim());
    if (m?.[1]) return m[1];
  }
  const fromQuery = req.query.get('access_token');
  if (fromQuery) return fromQuery;
  const fromBody = req.body.access_token;
  return typeof fromBody === 'string' && fromBody !== '' ? fromBody : undefined;
}

export function appsecretProof(token: string, secret: string): string {
  return createHmac('sha256', secret).update(token).digest('hex');
}

/** Looks a token up without judging it (used by the OAuth exchange and `expireToken` faults). */
export function findToken(state: MetaState, token: string): MetaToken | undefined {
  const known = state.tokens.get(token);
  if (known) return known;
  // App access tokens are "{app-id}|{app-secret}".
  if (token === `${state.app.id}|${state.app.secret}`) {
    return { token, kind: 'app', scopes: [], issuedAt: 0, expiresAt: null, longLived: true };
  }
  return undefined;
}

export function authenticate(req: FakeRequest, state: MetaState, options: AuthOptions, aboutMe: boolean): MetaAuth {
  const raw = tokenFromRequest(req);
  if (!raw) {
    throw aboutMe ? new MetaApiError({ code: 2500 }) : new MetaApiError({ code: 104 });
  }
  const token = findToken(state, raw);
  if (!token) throw new MetaApiError({ code: 190, message: tokenErrorMessage(undefined, state.app.id) });
  if (token.invalidSubcode) {
    throw new MetaApiError({
      code: 190,
      subcode: token.invalidSubcode,
      message: tokenErrorMessage(token.invalidSubcode, state.app.id),
    });
  }
  const now = options.now();
  if (token.expiresAt !== null && token.expiresAt <= now) {
    throw new MetaApiError({
      code: 190,
      subcode: 463,
      message: tokenErrorMessage(463, state.app.id, metaSessionStamp(token.expiresAt), metaSessionStamp(now)),
    });
  }
  const proof = req.query.get('appsecret_proof') ?? (typeof req.body.appsecret_proof === 'string' ? req.body.appsecret_proof : undefined);
  if (proof !== undefined) {
    if (proof !== appsecretProof(raw, state.app.secret)) {
      throw new MetaApiError({ code: 100, type: 'GraphMethodException', message: 'Invalid appsecret_proof provided in the API argument' });
    }
  } else if (options.requireAppsecretProof && token.kind !== 'app') {
    throw new MetaApiError({
      code: 100,
      type: 'GraphMethodException',
      message: 'API calls from the server require an appsecret_proof argument',
    });
  }
  const auth: MetaAuth = { token };
  const user = token.userId ? state.users.find((u) => u.id === token.userId) : undefined;
  if (user) auth.user = user;
  const page = token.pageId ? state.pages.find((p) => p.id === token.pageId) : undefined;
  if (page) auth.page = page;
  return auth;
}

/** `(#200)`-family refusal unless the token holds one of the scopes. */
export function requireScope(auth: MetaAuth, anyOf: readonly string[], message: string): void {
  if (!anyOf.some((s) => auth.token.scopes.includes(s))) throw new MetaApiError({ code: 200, message });
}

export const ADS_READ_MESSAGE = '(#200) Ad account owner has NOT grant ads_management or ads_read permission';
export const ADS_MANAGEMENT_MESSAGE = '(#200) Requires ads_management permission to manage the object';
