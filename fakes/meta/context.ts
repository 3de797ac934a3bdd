// What every Meta route receives: the state, resolved options, error factory, usage tracker and a per-request
// scope. Routes throw MetaApiError for failures; the router turns them into Graph error responses.
import type { FakeRequest } from '../shared/http.ts';
import type { Rng } from '../shared/prng.ts';
import type { MetaAuth } from './auth.ts';
import type { MetaErrorFactory } from './errors.ts';
import type { MetaState } from './state.ts';
import type { BucKey, UsageTracker } from './usage.ts';

export interface ResolvedMetaOptions {
  requireAppsecretProof: boolean;
  codeTtlMs: number;
  userTokenTtlSeconds: number;
  longLivedTokenTtlSeconds: number;
  /** Versions older than this answer (#2635); undefined accepts any. */
  minVersion: number | undefined;
  /** Enforce Meta's rule that campaigns without a campaign budget state is_adset_budget_sharing_enabled. */
  requireBudgetSharingFlag: boolean;
}

export interface RequestScope {
  /** The business-use-case bucket this call counted against (drives usage headers). */
  bucket?: BucKey;
  version?: string;
}

export interface MetaContext {
  state: MetaState;
  options: ResolvedMetaOptions;
  errors: MetaErrorFactory;
  usage: UsageTracker;
  now: () => number;
  /** Public base URL (for paging links and redirects). */
  baseUrl: () => string;
  /** Draws for objects/tokens created at run time — a stream separate from the seed's. */
  runtimeRng: Rng;
  newId(prefix?: string, length?: number): string;
  authenticate(req: FakeRequest, aboutMe?: boolean): MetaAuth;
  /** Counts the call against a BUC bucket; throws the bucket's throttle error when it is over quota. */
  useBucket(scope: RequestScope, key: BucKey): void;
}

export interface MetaResult {
  status?: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export type MetaHandler = (ctx: MetaContext, req: FakeRequest, scope: RequestScope, params: string[]) => MetaResult;

export interface MetaRoute {
  method: 'GET' | 'POST' | 'DELETE';
  /** Matched against the path without its version segment. */
  pattern: RegExp;
  handler: MetaHandler;
}
