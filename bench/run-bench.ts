// `npm run bench`: how much the imported copy saves on listMetaCampaigns, measured in one run.
//
// 1. Starts the platform fakes with 100 ms of latency injected on every Meta call, and the real app on an
//    ephemeral loopback port in this process, on a fresh in-memory database.
// 2. Connects a team the way a tenant would: a token for a user, a workspace, the Meta OAuth flow through the
//    fake's dialog and our callback.
// 3. Lists the campaigns of one ad account N times while it is not imported (Meta answers: `live`), imports it
//    once, then lists the same page N times again (the copy answers: `cache`).
// 4. Prints p50/p95 latency, the Meta calls each phase made and the live/cache ratios of this run.
//
// Options (environment): BENCH_N (default 50), BENCH_LATENCY_MS (default 100), BENCH_ACCOUNT (default the
// fake's USD account of Alex Rivera).
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdlyftClient } from '../client/index.ts';
import { startFakes } from '../fakes/index.ts';
import { META_SEED_IDS } from '../fakes/meta/index.ts';
import { createApp } from '../server/app.ts';
import { createTokenSigner } from '../server/auth/tokens.ts';
import { createTokenCipher } from '../server/connections/token-cipher.ts';
import { openDatabase } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { createLogger } from '../server/http/logger.ts';
import { createTenant } from '../server/tenants/service.ts';
import { createUpstream } from '../server/upstream/index.ts';

const N = Number(process.env.BENCH_N ?? 50);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const ACCOUNT = process.env.BENCH_ACCOUNT ?? META_SEED_IDS.adAccounts.alexUsd;
const REDIRECT = 'http://localhost:5173/settings/connections';

type Result = { data?: unknown; error?: unknown; response: Response };

function ok<R extends Result>(what: string, result: R): NonNullable<R['data']> {
  if (!result.response.ok || result.data === undefined)
    throw new Error(`${what}: ${result.response.status} ${JSON.stringify(result.error)}`);
  return result.data as NonNullable<R['data']>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

const ms = (n: number): string => `${n.toFixed(1)} ms`;

// ── 1. Fakes and server ──────────────────────────────────────────────────────────────────────────────────
const fakes = await startFakes({ meta: { bucQuotaPerHour: 1_000_000 } });
const meta = fakes.meta;
const database = await openDatabase({ dataDir: 'memory://' });
await migrateToLatest(database.db);
const tenant = await createTenant(database.db, 'Bench tenant');

const server = createServer();
server.listen(0, '127.0.0.1');
await new Promise<void>((ready) => server.once('listening', () => ready()));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const now = () => new Date();
server.on(
  'request',
  createApp({
    db: database.db,
    logger: createLogger('warn'),
    now,
    tokens: createTokenSigner(randomBytes(32).toString('hex'), now),
    validateResponses: false,
    version: 'bench',
    startedAt: now(),
    publicBaseUrl: baseUrl,
    tokenCipher: createTokenCipher(randomBytes(32)),
    oauthStateSecret: randomBytes(32),
    upstream: createUpstream({
      metaApiBaseUrl: meta.baseUrl,
      metaOAuthBaseUrl: meta.baseUrl,
      metaAppId: meta.state.app.id,
      metaAppSecret: meta.state.app.secret,
      googleAdsBaseUrl: fakes.google.baseUrl,
      googleOAuthBaseUrl: fakes.google.baseUrl,
      googleClientId: 'bench-google-client',
      googleClientSecret: 'bench-google-secret',
      googleDeveloperToken: 'bench-developer-token',
      timeoutMs: 30_000,
    }),
  }),
);

try {
  // ── 2. A connected team ────────────────────────────────────────────────────────────────────────────────
  const client = createAdlyftClient({ baseUrl, apiKey: tenant.apiKey });
  await client.signIn('bench-admin');
  const workspace = ok('createWorkspace', await client.POST('/api/v1/workspace', { body: { name: 'Bench workspace' } })).data;
  const teamId = workspace.defaultTeamId;
  const flow = ok(
    'createConnection',
    await client.POST('/api/v1/connections', { body: { teamId, platform: 'META', redirect: REDIRECT } }),
  ).data;
  const dialog = await fetch(flow.authUrl, { redirect: 'manual' });
  const callback = await fetch(dialog.headers.get('location') ?? '', { redirect: 'manual' });
  const outcome = new URL(callback.headers.get('location') ?? '').searchParams;
  if (outcome.get('status') !== 'connected') throw new Error(`connecting failed: ${outcome.toString()}`);

  // Every Meta call from here on waits LATENCY_MS before the fake answers.
  meta.faults.add({ match: { path: '/**' }, latencyMs: LATENCY_MS });

  const listOnce = async (): Promise<{ ms: number; source: string | null }> => {
    const started = performance.now();
    const result = await client.GET('/api/v1/{teamId}/meta/campaigns', {
      params: { path: { teamId }, query: { adAccountId: ACCOUNT, limit: 100 } },
    });
    const elapsed = performance.now() - started;
    ok('listMetaCampaigns', result);
    return { ms: elapsed, source: result.response.headers.get('x-data-source') };
  };

  async function phase(name: 'live' | 'cache') {
    await listOnce(); // warm-up, not measured
    meta.calls.reset();
    const times: number[] = [];
    const sources = new Set<string | null>();
    for (let i = 0; i < N; i++) {
      const { ms: elapsed, source } = await listOnce();
      times.push(elapsed);
      sources.add(source);
    }
    if (sources.size !== 1 || !sources.has(name))
      throw new Error(`expected every ${name} answer to say X-Data-Source: ${name}, got ${[...sources].join(', ')}`);
    times.sort((a, b) => a - b);
    return { p50: percentile(times, 50), p95: percentile(times, 95), calls: meta.calls.count() };
  }

  // ── 3. Live, import, cache ─────────────────────────────────────────────────────────────────────────────
  const live = await phase('live');
  meta.calls.reset();
  const importStarted = performance.now();
  const imported = ok(
    'importMetaAdAccount',
    await client.GET('/api/v1/{teamId}/meta/import', { params: { path: { teamId }, query: { adAccountId: ACCOUNT } } }),
  ).data;
  const importMs = performance.now() - importStarted;
  const importCalls = meta.calls.count();
  const cache = await phase('cache');

  // ── 4. Report ──────────────────────────────────────────────────────────────────────────────────────────
  const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(1)}×` : 'n/a');
  console.log(`listMetaCampaigns, ${N} requests per phase, ${LATENCY_MS} ms injected on every Meta call, account ${ACCOUNT}`);
  console.table({
    'live (Meta answers)': { p50: ms(live.p50), p95: ms(live.p95), 'Meta calls': live.calls, 'calls/request': (live.calls / N).toFixed(2) },
    'cache (imported copy)': {
      p50: ms(cache.p50),
      p95: ms(cache.p95),
      'Meta calls': cache.calls,
      'calls/request': (cache.calls / N).toFixed(2),
    },
  });
  console.log(
    `ratio live/cache: p50 ${ratio(live.p50, cache.p50)}, p95 ${ratio(live.p95, cache.p95)}; Meta calls ${live.calls} vs ${cache.calls}`,
  );
  console.log(
    `the import itself: ${ms(importMs)}, ${importCalls} Meta calls (window ${imported.window.since}..${imported.window.until}; ` +
      `${imported.campaigns.created} campaigns, ${imported.adSets.created} ad sets, ${imported.ads.created} ads, ` +
      `${imported.creatives.created} creatives, ${imported.insights.created} insights rows); ` +
      `it pays for itself after ~${Math.ceil(importCalls / Math.max(1, live.calls / N))} live lists' worth of Meta calls`,
  );
} finally {
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
  await database.close();
  await fakes.close();
}
