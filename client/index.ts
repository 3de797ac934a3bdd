// The typed Adlyft client for frontend and backend teams: openapi-fetch over the generated contract types.
// It adds the API key and the user's bearer token, and when an access token has expired it refreshes it once
// (one refresh in flight, shared by every concurrent call) and retries the call once.
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from '../generated/schema.d.ts';

export type { paths };

export interface Tokens {
  accessToken?: string | undefined;
  refreshToken?: string | undefined;
}

export interface AdlyftClientOptions extends Tokens {
  /** The server origin, e.g. http://127.0.0.1:3000 (paths carry /api/v1 themselves). */
  baseUrl: string;
  /** The tenant application's API key. */
  apiKey: string;
  /** Called whenever the client obtains a new access token, so the caller can persist it. */
  onTokens?: (tokens: Tokens) => void;
  fetch?: typeof globalThis.fetch;
}

export type AdlyftClient = Client<paths> & {
  /** Issues tokens for a user of the tenant (POST /api/v1/auth/token) and keeps them for later calls. */
  signIn(externalUserId: string): Promise<Tokens>;
  setTokens(tokens: Tokens): void;
  getTokens(): Tokens;
};

const REFRESH_PATH = '/api/v1/auth/refresh-token';
const TOKEN_PATH = '/api/v1/auth/token';

export function createAdlyftClient(options: AdlyftClientOptions): AdlyftClient {
  let tokens: Tokens = { accessToken: options.accessToken, refreshToken: options.refreshToken };
  let refreshInFlight: Promise<string | undefined> | null = null;
  const pendingBodies = new WeakMap<Request, Request>();
  const doFetch = options.fetch ?? globalThis.fetch;
  const client = createClient<paths>({ baseUrl: options.baseUrl, fetch: (input) => doFetch(input) });

  const setTokens = (next: Tokens): void => {
    tokens = { ...tokens, ...next };
    options.onTokens?.(tokens);
  };

  async function refreshAccessToken(): Promise<string | undefined> {
    if (!tokens.refreshToken) return undefined;
    refreshInFlight ??= (async () => {
      try {
        const response = await doFetch(new URL(REFRESH_PATH, options.baseUrl), {
          headers: { 'x-api-key': options.apiKey, authorization: `Bearer ${tokens.refreshToken}` },
        });
        if (!response.ok) return undefined;
        const body = (await response.json()) as { data: { accessToken: string } };
        setTokens({ accessToken: body.data.accessToken });
        return body.data.accessToken;
      } finally {
        refreshInFlight = null;
      }
    })();
    return refreshInFlight;
  }

  const auth: Middleware = {
    onRequest({ request }) {
      request.headers.set('x-api-key', options.apiKey);
      const path = new URL(request.url).pathname;
      if (path === REFRESH_PATH) {
        if (tokens.refreshToken && !request.headers.has('authorization'))
          request.headers.set('authorization', `Bearer ${tokens.refreshToken}`);
      } else if (path !== TOKEN_PATH && tokens.accessToken && !request.headers.has('authorization')) {
        request.headers.set('authorization', `Bearer ${tokens.accessToken}`);
      }
      // Keep a replayable copy: the body of the original is consumed by the first attempt.
      pendingBodies.set(request, request.clone());
      return request;
    },
    async onResponse({ request, response }) {
      const path = new URL(request.url).pathname;
      if (response.status !== 401 || path === REFRESH_PATH || path === TOKEN_PATH || !tokens.refreshToken) return response;
      const body = (await response
        .clone()
        .json()
        .catch(() => null)) as { error?: { code?: string } } | null;
      if (body?.error?.code !== 'TOKEN_EXPIRED') return response;
      const replay = pendingBodies.get(request);
      // A call that was sent with a token already replaced by another call's refresh just replays with the
      // new one: one expiry, one refresh, however the responses interleave.
      const sentWith = request.headers.get('authorization')?.replace(/^Bearer\s+/i, '');
      const accessToken =
        sentWith && tokens.accessToken && sentWith !== tokens.accessToken ? tokens.accessToken : await refreshAccessToken();
      if (!accessToken || !replay) return response;
      replay.headers.set('authorization', `Bearer ${accessToken}`);
      return doFetch(replay);
    },
  };
  client.use(auth);

  return Object.assign(client, {
    async signIn(externalUserId: string): Promise<Tokens> {
      const { data, error } = await client.POST(TOKEN_PATH, { body: { externalUserId } });
      if (!data) throw new Error(`sign-in failed: ${error?.error.code ?? 'unknown'} ${error?.error.message ?? ''}`);
      setTokens({ accessToken: data.data.accessToken, refreshToken: data.data.refreshToken });
      return tokens;
    },
    setTokens,
    getTokens: () => ({ ...tokens }),
  });
}
