// startFakeMeta(): a seeded, in-process fake of the Meta Graph / Marketing API (and Facebook Login) on an
// ephemeral 127.0.0.1 port. Tests drive it through the returned handle; out-of-process users through `/__…`.
import { createCallLog } from '../shared/calls.ts';
import { toIsoDate } from '../shared/dates.ts';
import { createFaultController, type FaultController, type FaultSpec, faultFromJson, faultToJson } from '../shared/faults.ts';
import { type FakeRequest, type Platform, startHttpServer } from '../shared/http.ts';
import { stripVersion } from '../shared/match.ts';
import { createRng } from '../shared/prng.ts';
import { authenticate, findToken, tokenFromRequest } from './auth.ts';
import type { MetaContext, ResolvedMetaOptions } from './context.ts';
import { createMetaErrorFactory, MetaApiError, type MetaFaultError } from './errors.ts';
import { META_APP } from './ids.ts';
import { createMetaRouter, DEFAULT_GRAPH_VERSION } from './router.ts';
import { seedMeta } from './seed.ts';
import type { MetaState, MetaToken } from './state.ts';
import { type BucKey, createUsageTracker, THROTTLE_CODE } from './usage.ts';

export interface FakeMetaOptions {
  /** Default 0 (ephemeral). */
  port?: number;
  host?: string;
  /** PRNG seed for everything below the fixed skeleton. Default 1. */
  seed?: number;
  /** "Today" for seeded data and date presets (YYYY-MM-DD, UTC). Default: the clock's date. */
  today?: string;
  /** Clock used for token/code expiry and usage windows. Default Date.now. */
  now?: () => number;
  appId?: string;
  appSecret?: string;
  /** Allowed redirect URIs for the dialog; empty accepts any (still checked on exchange). */
  redirectUris?: string[];
  /** Redirect URI the pre-issued seed codes are bound to; default: not bound. */
  seedRedirectUri?: string;
  /** Reject calls without appsecret_proof (a proof that is sent is always checked). Default false. */
  requireAppsecretProof?: boolean;
  /** Make the OAuth dialog deny (also settable later: `fake.state.oauth.deny`). */
  deny?: boolean;
  /** User id that consents in the dialog. Default: Alex Rivera. */
  loginAs?: string;
  /** Dialog code lifetime. Default 10 minutes. */
  codeTtlMs?: number;
  /** Pre-issued seed codes' lifetime. Default 24 hours. */
  seedCodeTtlMs?: number;
  /** expires_in of tokens from the code exchange. Default 5183976 s (~60 days). */
  userTokenTtlSeconds?: number;
  /** expires_in of fb_exchange_token results. Default 5183944 s. */
  longLivedTokenTtlSeconds?: number;
  /** Versions below this (e.g. 'v21.0') answer (#2635). Default: every version accepted. */
  minVersion?: string;
  /** Fixed Business Use Case quota per hour (to test natural throttling). Default: Meta's formulas. */
  bucQuotaPerHour?: number;
  /** Require is_adset_budget_sharing_enabled on campaigns without a campaign budget. Default true. */
  requireBudgetSharingFlag?: boolean;
}

export interface FakeMeta {
  baseUrl: string;
  /** `${baseUrl}/v25.0` — what a client would use as its Graph base. */
  graphUrl: string;
  port: number;
  close(): Promise<void>;
  state: MetaState;
  faults: FaultController<MetaFaultError>;
  calls: ReturnType<typeof createCallLog>;
  tokens: {
    /** Makes a token answer 190/463 from now on. */
    expire(token: string): void;
    /** 458 app removed, 460 password changed, 467 logged out. */
    invalidate(token: string, subcode: 458 | 460 | 467): void;
    /** Issues a fresh user token (all permissions unless `scopes` given). */
    issue(userId: string, options?: { scopes?: string[]; ttlSeconds?: number }): string;
  };
  /** Clears usage windows (BUC / app usage). */
  resetUsage(): void;
}

export async function startFakeMeta(options: FakeMetaOptions = {}): Promise<FakeMeta> {
  const now = options.now ?? Date.now;
  const seed = options.seed ?? 1;
  const app = { id: options.appId ?? META_APP.id, secret: options.appSecret ?? META_APP.secret, redirectUris: options.redirectUris ?? [] };
  const resolved: ResolvedMetaOptions = {
    requireAppsecretProof: options.requireAppsecretProof ?? false,
    codeTtlMs: options.codeTtlMs ?? 10 * 60_000,
    userTokenTtlSeconds: options.userTokenTtlSeconds ?? 5_183_976,
    longLivedTokenTtlSeconds: options.longLivedTokenTtlSeconds ?? 5_183_944,
    minVersion: options.minVersion === undefined ? undefined : Number(options.minVersion.replace(/^v/, '')),
    requireBudgetSharingFlag: options.requireBudgetSharingFlag ?? true,
  };
  const state = seedMeta({
    seed,
    today: options.today ?? toIsoDate(now()),
    now: now(),
    app,
    seedRedirectUri: options.seedRedirectUri ?? null,
    seedCodeTtlMs: options.seedCodeTtlMs ?? 24 * 3_600_000,
    userTokenTtlMs: resolved.longLivedTokenTtlSeconds * 1000,
  });
  if (options.deny) state.oauth.deny = true;
  if (options.loginAs) state.oauth.loginAs = options.loginAs;

  const errors = createMetaErrorFactory(seed, app.id, now);
  const usage = createUsageTracker(options.bucQuotaPerHour === undefined ? { now } : { now, quotaPerHour: options.bucQuotaPerHour });
  const runtimeRng = createRng(seed ^ 0x0c0ffee);
  let baseUrl = '';
  const usedIds = new Set<string>();
  const ctx: MetaContext = {
    state,
    options: resolved,
    errors,
    usage,
    now,
    baseUrl: () => baseUrl,
    runtimeRng,
    newId(prefix = '12021', length = 18) {
      for (;;) {
        const id = prefix + runtimeRng.digits(length - prefix.length);
        if (!usedIds.has(id) && !state.campaigns.some((c) => c.id === id)) {
          usedIds.add(id);
          return id;
        }
      }
    },
    authenticate: (req, aboutMe = false) =>
      authenticate(req, state, { requireAppsecretProof: resolved.requireAppsecretProof, now }, aboutMe),
    useBucket(scope, key) {
      scope.bucket = key;
      usage.record(key);
      const wait = usage.throttled(key);
      if (wait !== undefined) throw new MetaApiError({ code: THROTTLE_CODE[key.type], subcode: 2446079 });
    },
  };
  const route = createMetaRouter(ctx);
  const faults = createFaultController<MetaFaultError>();
  const calls = createCallLog();

  /** The bucket a faulted path would have counted against, so rate-limit faults carry believable headers. */
  const bucketForPath = (path: string): BucKey | undefined => {
    const bare = stripVersion(path);
    const act = /^\/act_(\d+)/.exec(bare);
    if (act?.[1]) return { id: act[1], type: bare.endsWith('/insights') ? 'ads_insights' : 'ads_management' };
    const node = /^\/(\d+)/.exec(bare);
    if (node?.[1]) return { id: node[1], type: bare.endsWith('/leadgen_forms') ? 'pages' : 'ads_management' };
    return undefined;
  };

  const expire = (token: string): void => {
    const record = state.tokens.get(token);
    if (record) record.expiresAt = now() - 1000;
  };

  const platform: Platform<MetaFaultError> = {
    route,
    faults,
    calls,
    faultResponse(fault, req: FakeRequest) {
      if (fault.rateLimit) {
        const spec = typeof fault.rateLimit === 'object' ? fault.rateLimit : {};
        const retryAfterSeconds = spec.retryAfterSeconds ?? 60;
        const errorCode = typeof fault.error === 'number' ? fault.error : typeof fault.error === 'object' ? fault.error.code : undefined;
        const code = spec.code ?? errorCode ?? 80004;
        const bucket = bucketForPath(req.path);
        const headers = usage.headers(bucket, { retryAfterSeconds });
        const subcode = code === 17 || code === 80004 || code === 80000 || code === 80003 ? 2446079 : code === 613 ? 1487742 : undefined;
        return errors.build({
          code,
          ...(subcode !== undefined ? { subcode } : {}),
          headers: { ...headers, 'facebook-api-version': DEFAULT_GRAPH_VERSION },
        });
      }
      return errors.fromFault(fault.error as MetaFaultError);
    },
    expireTokenOf(req) {
      const token = tokenFromRequest(req);
      if (token) expire(token);
    },
    internalError(err) {
      return errors.build({
        code: 2,
        status: 500,
        message: `An unexpected error has occurred. Please retry your request later. (fake: ${(err as Error).message})`,
      });
    },
    parseFault: (body) => faultFromJson<MetaFaultError>(body),
    faultJson: (fault) => faultToJson(fault),
    controls: {
      '/__state': () => ({
        status: 200,
        json: {
          seed: state.seed,
          today: state.today,
          app: { id: state.app.id },
          users: state.users.map((u) => ({
            id: u.id,
            name: u.name,
            code: u.code,
            accessToken: u.accessToken,
            adAccountIds: u.adAccountIds,
            pageIds: u.pageIds,
          })),
          adAccounts: state.adAccounts.map((a) => ({
            id: a.id,
            name: a.name,
            currency: a.currency,
            account_status: a.account_status,
            campaigns: state.campaigns.filter((c) => c.account_id === a.account_id).length,
          })),
          pages: state.pages.map((p) => ({
            id: p.id,
            name: p.name,
            access_token: p.access_token,
            ...(p.instagram_business_account ? { instagram_business_account: p.instagram_business_account } : {}),
          })),
          oauth: state.oauth,
        },
      }),
      '/__oauth': (req) => {
        if (typeof req.body.deny === 'boolean') state.oauth.deny = req.body.deny;
        if (typeof req.body.loginAs === 'string') state.oauth.loginAs = req.body.loginAs;
        return { status: 200, json: state.oauth };
      },
      '/__tokens/expire': (req) => {
        const token = String(req.body.token ?? '');
        const known = findToken(state, token);
        if (!known) return { status: 404, json: { error: 'unknown token' } };
        expire(token);
        return { status: 200, json: { ok: true } };
      },
      '/__reset': () => {
        faults.reset();
        calls.reset();
        usage.reset();
        return { status: 200, json: { ok: true } };
      },
    },
  };

  const server = await startHttpServer(platform, { host: options.host, port: options.port });
  baseUrl = server.baseUrl;
  return {
    baseUrl: server.baseUrl,
    graphUrl: `${server.baseUrl}/${DEFAULT_GRAPH_VERSION}`,
    port: server.port,
    close: server.close,
    state,
    faults,
    calls,
    tokens: {
      expire,
      invalidate(token, subcode) {
        const record = state.tokens.get(token);
        if (record) record.invalidSubcode = subcode;
      },
      issue(userId, issueOptions = {}) {
        const token: MetaToken = {
          token: `EAAG${runtimeRng.alnum(96)}`,
          kind: 'user',
          userId,
          scopes: issueOptions.scopes ?? [...(state.tokens.get(state.users.find((u) => u.id === userId)?.accessToken ?? '')?.scopes ?? [])],
          issuedAt: now(),
          expiresAt: now() + (issueOptions.ttlSeconds ?? resolved.userTokenTtlSeconds) * 1000,
          longLived: true,
        };
        state.tokens.set(token.token, token);
        return token.token;
      },
    },
    resetUsage: () => usage.reset(),
  };
}

export { META_SEED_IDS } from './ids.ts';
export type { FaultSpec, MetaFaultError };
