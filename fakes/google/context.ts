// What every Google route receives. Routes throw GoogleApiError; the router renders it (array-wrapped for
// searchStream) with the API version that was called.
import type { Rng } from '../shared/prng.ts';
import type { GoogleState } from './state.ts';

export interface ResolvedGoogleOptions {
  /** When set, the developer-token header is required and must match (pre-sunset behaviour). */
  developerToken: string | undefined;
  /** TEST-level tokens may only reach test accounts (DEVELOPER_TOKEN_NOT_APPROVED otherwise). */
  developerTokenAccess: 'TEST' | 'BASIC' | 'STANDARD';
  searchPageSize: number;
  streamBatchSize: number;
  /** Versions below this answer UNSUPPORTED_VERSION; undefined accepts any. */
  minVersion: number | undefined;
  accessTokenTtlSeconds: number;
  codeTtlMs: number;
}

export interface GoogleContext {
  state: GoogleState;
  options: ResolvedGoogleOptions;
  now: () => number;
  runtimeRng: Rng;
  requestId(): string;
}
