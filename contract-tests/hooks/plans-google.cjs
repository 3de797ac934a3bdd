// Contract plans for the Google operations: see plans.cjs for how a plan works.
// Reads use the standing Google connection of ctx.team (ctx.google), which is never imported: its insights and
// assets are always read live, so faults injected into the Google fake reach them. Imports that succeed run on
// a fresh team connected for that transaction alone.

const { timesOut } = require('./plan-kit.cjs');

const SEARCH_STREAM = { method: 'POST', path: '/customers/*/googleAds:searchStream' };
const LIST_ACCESSIBLE = { method: 'GET', path: '/customers:listAccessibleCustomers' };

const daysAgo = (days) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const customerOf = (connection) => connection.accounts[0].externalId;

/** A new team of the standing workspace, connected to Google through the real OAuth flow. */
async function freshGoogleTeam(ctx) {
  const team = await ctx.createTeam(ctx.workspace.id, 'admin');
  return { team, ...(await ctx.connect('GOOGLE', team.id)) };
}

/** An import started by a hook and still running; later Google transactions wait for it first. */
let running = Promise.resolve();
const settled = () => running;

/** Google throttling (429 RESOURCE_EXHAUSTED) asking for a wait longer than the server will sleep: it gives up at once. */
const rateLimited = (match) => (ctx) => ctx.fault('GOOGLE', { match, rateLimit: { retryAfterSeconds: 120 } });
const failing = (match, error) => (ctx) => ctx.fault('GOOGLE', { match, error });

/** The 429/502/503/504 plans of a Google operation whose live read goes through `match` on the fake (504: silent). */
function upstreamFailures(match) {
  return {
    async 429(_t, ctx) {
      await rateLimited(match)(ctx);
    },
    async 502(_t, ctx) {
      await failing(match, 'INTERNAL')(ctx); // retried, and still failing
    },
    async 503(_t, ctx) {
      await failing(match, 'UNAVAILABLE')(ctx);
    },
    504: timesOut('GOOGLE', match),
  };
}

/**
 * Starts an import of the customer of a fresh team in the background, held at its first Google call by a slow
 * answer, and returns once that call has reached the fake: the import then holds the customer's import lock.
 */
async function importHeldRunning(ctx) {
  const fresh = await freshGoogleTeam(ctx);
  const customerId = customerOf(fresh);
  const origin = ctx.fakes.GOOGLE;
  await ctx.fault('GOOGLE', { match: SEARCH_STREAM, latencyMs: 3000, times: 1 });
  const token = await ctx.token('admin');
  running = ctx
    .call('GET', `/api/v1/${fresh.team.id}/google/import?customerId=${customerId}&since=${daysAgo(7)}&until=${daysAgo(1)}`, { token })
    .then(
      () => undefined,
      () => undefined,
    );
  // A fault given `times: 1` leaves the fake's list once a call has taken it.
  for (let i = 0; i < 100; i++) {
    const { faults } = await (await fetch(`${origin}/__faults`)).json();
    if (faults.length === 0) return { team: fresh.team, customerId };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the background import never reached the Google fake');
}

module.exports = {
  listGoogleAccessibleCustomers: {
    async base(t, ctx) {
      await settled();
      t.path({ teamId: ctx.team.id });
      t.query('connectionId', ctx.google.connectionId);
    },
    ...upstreamFailures(LIST_ACCESSIBLE),
  },
  importGoogleAccount: {
    async base(t, ctx) {
      await settled();
      t.path({ teamId: ctx.team.id });
      t.query('customerId', customerOf(ctx.google));
      t.query('since', daysAgo(7));
      t.query('until', daysAgo(1));
    },
    async 200(t, ctx) {
      const fresh = await freshGoogleTeam(ctx);
      t.path({ teamId: fresh.team.id });
      t.query('customerId', customerOf(fresh));
    },
    async 409(t, ctx) {
      const held = await importHeldRunning(ctx);
      t.path({ teamId: held.team.id });
      t.query('customerId', held.customerId);
    },
    ...upstreamFailures(SEARCH_STREAM),
  },
  getGoogleInsights: {
    async base(t, ctx) {
      await settled();
      t.path({ teamId: ctx.team.id });
      t.query('customerId', customerOf(ctx.google));
      t.query('level', 'campaign');
      t.query('since', daysAgo(7));
      t.query('until', daysAgo(1));
    },
    ...upstreamFailures(SEARCH_STREAM),
  },
  listGoogleAssets: {
    async base(t, ctx) {
      await settled();
      t.path({ teamId: ctx.team.id });
      t.query('customerId', customerOf(ctx.google));
      // Dredd compares a list item by item with the documented example (an image, a text, a video, a sitelink,
      // in that order), which no real asset library sorted by id reproduces: ask for a type the sandbox
      // customer has none of, the documented `none` example.
      t.query('type', 'PROMOTION');
    },
    ...upstreamFailures(SEARCH_STREAM),
  },
};
