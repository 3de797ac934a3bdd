// startFakeGoogle(): a seeded, in-process fake of the Google Ads REST API plus Google's OAuth endpoints on an
// ephemeral 127.0.0.1 port. Tests drive it through the returned handle; out-of-process users through `/__…`.
import { createCallLog } from '../shared/calls.ts';
import { toIsoDate } from '../shared/dates.ts';
import { createFaultController, type FaultController, faultFromJson, faultToJson } from '../shared/faults.ts';
import { type Platform, startHttpServer } from '../shared/http.ts';
import { createRng } from '../shared/prng.ts';
import { bearerToken } from './auth.ts';
import type { GoogleContext, ResolvedGoogleOptions } from './context.ts';
import { errorFromFault, errorResponse, type GoogleFaultError, rateLimitError } from './errors.ts';
import { GOOGLE_OAUTH_CLIENT } from './ids.ts';
import { createGoogleRouter, DEFAULT_GOOGLE_VERSION, describeAdsPath } from './router.ts';
import { seedGoogle } from './seed.ts';
import type { GoogleState } from './state.ts';

export interface FakeGoogleOptions {
  /** Default 0 (ephemeral). */
  port?: number;
  host?: string;
  /** PRNG seed for everything below the fixed skeleton. Default 1. */
  seed?: number;
  /** "Today" for seeded metrics and DURING literals (YYYY-MM-DD, UTC). Default: the clock's date. */
  today?: string;
  /** Clock for token/code expiry. Default Date.now. */
  now?: () => number;
  clientId?: string;
  clientSecret?: string;
  /** Allowed redirect URIs for the authorization endpoint; empty accepts any (still checked on exchange). */
  redirectUris?: string[];
  /** Redirect URI the pre-issued seed codes are bound to; default: not bound. */
  seedRedirectUri?: string;
  /** When set, require this `developer-token` header (the real header is sunset and optional). */
  developerToken?: string;
  /** 'TEST' restricts access to test accounts (DEVELOPER_TOKEN_NOT_APPROVED). Default 'STANDARD'. */
  developerTokenAccess?: 'TEST' | 'BASIC' | 'STANDARD';
  /** Rows per googleAds:search page. Default 10000 (the real, fixed size). */
  searchPageSize?: number;
  /** Rows per searchStream batch. Default 10000. */
  streamBatchSize?: number;
  /** Versions below this (e.g. 'v23') answer UNSUPPORTED_VERSION. Default: every version accepted. */
  minVersion?: string;
  /** Make the authorization endpoint deny (also settable later: `fake.state.oauth.deny`). */
  deny?: boolean;
  /** Google user id that consents. Default: Alex Rivera. */
  loginAs?: string;
  /** Access token lifetime. Default 3599 s. */
  accessTokenTtlSeconds?: number;
  /** Authorization code lifetime. Default 10 minutes. */
  codeTtlMs?: number;
  /** Pre-issued seed codes' lifetime. Default 24 hours. */
  seedCodeTtlMs?: number;
}

export interface FakeGoogle {
  baseUrl: string;
  /** `${baseUrl}/v24` — what a client would use as its Google Ads base. */
  adsUrl: string;
  port: number;
  close(): Promise<void>;
  state: GoogleState;
  faults: FaultController<GoogleFaultError>;
  calls: ReturnType<typeof createCallLog>;
  tokens: {
    /** Makes an access token answer UNAUTHENTICATED / OAUTH_TOKEN_EXPIRED from now on. */
    expire(token: string): void;
    /** Revokes a refresh token (and its access tokens) or a single access token. */
    revoke(token: string): void;
  };
}

export async function startFakeGoogle(options: FakeGoogleOptions = {}): Promise<FakeGoogle> {
  const now = options.now ?? Date.now;
  const seed = options.seed ?? 1;
  const resolved: ResolvedGoogleOptions = {
    developerToken: options.developerToken,
    developerTokenAccess: options.developerTokenAccess ?? 'STANDARD',
    searchPageSize: options.searchPageSize ?? 10_000,
    streamBatchSize: options.streamBatchSize ?? 10_000,
    minVersion: options.minVersion === undefined ? undefined : Number(options.minVersion.replace(/^v/, '')),
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3599,
    codeTtlMs: options.codeTtlMs ?? 10 * 60_000,
  };
  const state = seedGoogle({
    seed,
    today: options.today ?? toIsoDate(now()),
    now: now(),
    oauthClient: {
      clientId: options.clientId ?? GOOGLE_OAUTH_CLIENT.clientId,
      clientSecret: options.clientSecret ?? GOOGLE_OAUTH_CLIENT.clientSecret,
      redirectUris: options.redirectUris ?? [],
    },
    seedRedirectUri: options.seedRedirectUri ?? null,
    seedCodeTtlMs: options.seedCodeTtlMs ?? 24 * 3_600_000,
    accessTokenTtlMs: resolved.accessTokenTtlSeconds * 1000,
  });
  if (options.deny) state.oauth.deny = true;
  if (options.loginAs) state.oauth.loginAs = options.loginAs;

  const runtimeRng = createRng(seed ^ 0x600613);
  const ctx: GoogleContext = { state, options: resolved, now, runtimeRng, requestId: () => runtimeRng.alnum(22) };
  const faults = createFaultController<GoogleFaultError>();
  const calls = createCallLog();

  const expire = (value: string): void => {
    const record = state.accessTokens.get(value);
    if (record) record.expiresAt = now() - 1000;
  };
  const revokeToken = (value: string): void => {
    const refresh = state.refreshTokens.get(value);
    if (refresh) {
      refresh.revoked = true;
      for (const t of state.accessTokens.values()) if (t.refreshToken === value) t.revoked = true;
    }
    const access = state.accessTokens.get(value);
    if (access) access.revoked = true;
  };

  const platform: Platform<GoogleFaultError> = {
    route: createGoogleRouter(ctx),
    faults,
    calls,
    faultResponse(fault, req) {
      const { version, stream } = describeAdsPath(req.path);
      const requestId = ctx.requestId();
      if (fault.rateLimit) {
        const seconds = typeof fault.rateLimit === 'object' ? (fault.rateLimit.retryAfterSeconds ?? 30) : 30;
        return errorResponse(rateLimitError(seconds).init, version, requestId, stream);
      }
      return errorResponse(errorFromFault(fault.error as GoogleFaultError).init, version, requestId, stream);
    },
    expireTokenOf(req) {
      const value = bearerToken(req);
      if (value) expire(value);
    },
    internalError(err, req) {
      const { version, stream } = describeAdsPath(req.path);
      return errorResponse(
        {
          status: 'INTERNAL',
          errors: [
            {
              errorCode: { internalError: 'INTERNAL_ERROR' },
              message: `An internal error has occurred. (fake: ${(err as Error).message})`,
            },
          ],
        },
        version,
        ctx.requestId(),
        stream,
      );
    },
    parseFault: (body) => faultFromJson<GoogleFaultError>(body),
    faultJson: (fault) => faultToJson(fault),
    controls: {
      '/__state': () => ({
        status: 200,
        json: {
          seed: state.seed,
          today: state.today,
          oauthClient: { clientId: state.oauthClient.clientId },
          users: state.users.map((u) => ({ ...u })),
          customers: state.customers.map((c) => ({ ...c, campaigns: state.campaigns.filter((x) => x.customerId === c.id).length })),
          oauth: state.oauth,
        },
      }),
      '/__oauth': (req) => {
        if (typeof req.body.deny === 'boolean') state.oauth.deny = req.body.deny;
        if (typeof req.body.loginAs === 'string') state.oauth.loginAs = req.body.loginAs;
        return { status: 200, json: state.oauth };
      },
      '/__tokens/expire': (req) => {
        const value = String(req.body.token ?? '');
        if (!state.accessTokens.has(value)) return { status: 404, json: { error: 'unknown token' } };
        expire(value);
        return { status: 200, json: { ok: true } };
      },
      '/__reset': () => {
        faults.reset();
        calls.reset();
        return { status: 200, json: { ok: true } };
      },
    },
  };

  const server = await startHttpServer(platform, { host: options.host, port: options.port });
  return {
    baseUrl: server.baseUrl,
    adsUrl: `${server.baseUrl}/${DEFAULT_GOOGLE_VERSION}`,
    port: server.port,
    close: server.close,
    state,
    faults,
    calls,
    tokens: { expire, revoke: revokeToken },
  };
}

export { GOOGLE_SEED_IDS } from './ids.ts';
export type { GoogleFaultError };
