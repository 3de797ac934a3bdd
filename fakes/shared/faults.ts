// Per-route fault injection shared by both fakes. A fault only describes *what* goes wrong; each platform turns
// `error` / `rateLimit` into its own wire format (Meta error object + usage headers, Google Status + RetryInfo).
import { methodMatches, type PathPattern, pathMatches } from './match.ts';

export interface FaultMatch {
  method?: string;
  /** Glob string (`/act_*\/campaigns`) or RegExp; matched with and without the version segment. */
  path: PathPattern;
}

export interface RateLimitSpec {
  /** How long the caller should wait; becomes Meta's estimated_time_to_regain_access / Google's retryDelay. */
  retryAfterSeconds?: number;
  /** Meta only: which throttle code to answer (4, 17, 32, 613, 80000, 80004 …). Default 80004. */
  code?: number;
}

export interface FaultSpec<E> {
  match: FaultMatch;
  /** Platform error to answer with (Meta code or `{code, subcode}`; Google status name or `{status, errorCode}`). */
  error?: E;
  /** Apply to this many matching calls, then disappear. Default: until `reset()` / `remove(id)`. */
  times?: number;
  /** Delay before answering (combined with other effects, or alone for a slow success). */
  latencyMs?: number;
  /** Answer with the platform's throttling error and rate-limit headers / retry delay. */
  rateLimit?: boolean | RateLimitSpec;
  /** Destroy the socket without answering (the client sees ECONNRESET / "socket hang up"). */
  drop?: boolean;
  /** Expire the access token presented on the matching call; it and later calls then fail authentication. */
  expireToken?: boolean;
}

export interface ActiveFault<E> extends FaultSpec<E> {
  id: string;
  /** Matching calls this fault has affected so far. */
  hits: number;
}

export interface FaultController<E> {
  /** Adds a fault; returns its id. Earlier faults win when several match the same call. */
  add(spec: FaultSpec<E>): string;
  remove(id: string): boolean;
  reset(): void;
  list(): ActiveFault<E>[];
  /** Used by the fake itself: finds the fault for a call and consumes one of its `times`. */
  take(method: string, path: string): ActiveFault<E> | undefined;
}

export function createFaultController<E>(): FaultController<E> {
  let faults: ActiveFault<E>[] = [];
  let nextId = 1;
  return {
    add(spec) {
      if (spec.times !== undefined && (!Number.isInteger(spec.times) || spec.times < 1)) {
        throw new Error('fault.times must be a positive integer');
      }
      const id = `fault-${nextId++}`;
      faults.push({ ...spec, id, hits: 0 });
      return id;
    },
    remove(id) {
      const before = faults.length;
      faults = faults.filter((f) => f.id !== id);
      return faults.length !== before;
    },
    reset() {
      faults = [];
    },
    list() {
      return faults.map((f) => ({ ...f }));
    },
    take(method, path) {
      const fault = faults.find((f) => methodMatches(f.match.method, method) && pathMatches(f.match.path, path));
      if (!fault) return undefined;
      fault.hits++;
      if (fault.times !== undefined && fault.hits >= fault.times) {
        faults = faults.filter((f) => f !== fault);
      }
      return { ...fault };
    },
  };
}

/** Faults arriving over HTTP carry RegExps as `{ "pathRegex": "…", "flags": "i" }` instead of `path`. */
export function faultFromJson<E>(body: unknown): FaultSpec<E> {
  if (typeof body !== 'object' || body === null) throw new Error('fault must be a JSON object');
  const raw = body as Record<string, unknown>;
  const match = raw.match as Record<string, unknown> | undefined;
  if (typeof match !== 'object' || match === null) throw new Error('fault.match is required');
  let path: PathPattern;
  if (typeof match.pathRegex === 'string') {
    path = new RegExp(match.pathRegex, typeof match.flags === 'string' ? match.flags : '');
  } else if (typeof match.path === 'string') {
    path = match.path;
  } else {
    throw new Error('fault.match.path (glob string) or fault.match.pathRegex is required');
  }
  const spec: FaultSpec<E> = { match: { path } };
  if (typeof match.method === 'string') spec.match.method = match.method;
  if (raw.error !== undefined) spec.error = raw.error as E;
  if (typeof raw.times === 'number') spec.times = raw.times;
  if (typeof raw.latencyMs === 'number') spec.latencyMs = raw.latencyMs;
  if (typeof raw.rateLimit === 'boolean' || (typeof raw.rateLimit === 'object' && raw.rateLimit !== null)) {
    spec.rateLimit = raw.rateLimit as boolean | RateLimitSpec;
  }
  if (raw.drop === true) spec.drop = true;
  if (raw.expireToken === true) spec.expireToken = true;
  return spec;
}

/** JSON view of a fault (RegExp paths become `pathRegex`/`flags`). */
export function faultToJson<E>(fault: ActiveFault<E>): Record<string, unknown> {
  const { match, ...rest } = fault;
  const jsonMatch: Record<string, unknown> =
    typeof match.path === 'string' ? { path: match.path } : { pathRegex: match.path.source, flags: match.path.flags };
  if (match.method) jsonMatch.method = match.method;
  return { ...rest, match: jsonMatch };
}
