// Entry point for the upstream fakes: start both platforms together (sandbox `npm start`, server tests) or one
// at a time. Each listens on its own ephemeral 127.0.0.1 port unless told otherwise.
import { type FakeGoogle, type FakeGoogleOptions, startFakeGoogle } from './google/index.ts';
import { type FakeMeta, type FakeMetaOptions, startFakeMeta } from './meta/index.ts';

export interface FakesOptions {
  /** Seed and "today" shared by both fakes unless overridden per platform. */
  seed?: number;
  today?: string;
  now?: () => number;
  meta?: FakeMetaOptions;
  google?: FakeGoogleOptions;
}

export interface Fakes {
  meta: FakeMeta;
  google: FakeGoogle;
  /** Base URLs a server would be configured with. */
  urls: {
    metaGraph: string;
    metaDialog: string;
    metaToken: string;
    googleAds: string;
    googleAuthorize: string;
    googleToken: string;
  };
  /** Clears faults and call logs on both fakes (seeded state is kept). */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakes(options: FakesOptions = {}): Promise<Fakes> {
  const shared = {
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.today !== undefined ? { today: options.today } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
  };
  const [meta, google] = await Promise.all([
    startFakeMeta({ ...shared, ...options.meta }),
    startFakeGoogle({ ...shared, ...options.google }),
  ]);
  return {
    meta,
    google,
    urls: {
      metaGraph: meta.graphUrl,
      metaDialog: `${meta.graphUrl}/dialog/oauth`,
      metaToken: `${meta.graphUrl}/oauth/access_token`,
      googleAds: google.adsUrl,
      googleAuthorize: `${google.baseUrl}/o/oauth2/v2/auth`,
      googleToken: `${google.baseUrl}/token`,
    },
    reset() {
      meta.faults.reset();
      meta.calls.reset();
      meta.resetUsage();
      google.faults.reset();
      google.calls.reset();
    },
    async close() {
      await Promise.all([meta.close(), google.close()]);
    },
  };
}

export { type FakeGoogle, type FakeGoogleOptions, GOOGLE_SEED_IDS, type GoogleFaultError, startFakeGoogle } from './google/index.ts';
export { type FakeMeta, type FakeMetaOptions, META_SEED_IDS, type MetaFaultError, startFakeMeta } from './meta/index.ts';
export type { FaultSpec } from './shared/faults.ts';
