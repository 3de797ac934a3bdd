// Contract plans for the connections, OAuth callbacks and ad-account permissions: see plans.cjs for how a plan works.
// The standing connections (ctx.meta, ctx.google of ctx.team) are only read here: whatever removes a connection
// or an ad account works on a fresh team connected for that transaction alone, so later transactions still have
// them.

const { timesOut } = require('./plan-kit.cjs');

/** An origin every tenant allows by default (server/tenants/service.ts), as ctx.connect uses. */
const REDIRECT = 'http://localhost:3000/connected';

/** The Google route that account-level insights read (the fake's routes are matched without the API version). */
const GOOGLE_SEARCH = { method: 'POST', path: '/customers/*/googleAds:search' };

const team = (ctx) => ({ teamId: ctx.team.id });

/** A new team of the standing workspace, connected to `platform` through the real OAuth flow. */
async function freshConnection(ctx, platform) {
  const fresh = await ctx.createTeam(ctx.workspace.id, 'admin');
  return { team: fresh, ...(await ctx.connect(platform, fresh.id)) };
}

/**
 * Starts a flow for a new team (POST /connections) and goes through the platform's consent page (the sandbox
 * consents at once), stopping where the browser would call our callback: answers that callback's query
 * parameters (a state really issued and not yet used, and the platform's code).
 */
async function consentedCallback(ctx, platform) {
  const fresh = await ctx.createTeam(ctx.workspace.id, 'admin');
  const started = await ctx.expect(
    'POST',
    '/api/v1/connections',
    { token: await ctx.token('admin'), body: { teamId: fresh.id, platform, redirect: REDIRECT } },
    201,
  );
  const consent = await fetch(started.authUrl, { redirect: 'manual' });
  const location = consent.headers.get('location');
  if (!location) throw new Error(`the ${platform} consent page did not redirect (${consent.status})`);
  const params = new URL(location).searchParams; // Meta appends `#_=_`: the fragment is not part of the query
  if (params.get('state') !== started.state) throw new Error(`the ${platform} consent page did not return the issued state`);
  return params;
}

/**
 * The issued state cut short by one character, as a mangled redirect URL would bring it: malformed, so refused
 * before anything else. (A well-formed state with a forged signature is refused with 400 too, but that answer's
 * `details` carry no `code`, and Dredd demands every key of the documented example, `details[].code` included.)
 */
const malformed = (state) => state.slice(0, -1);

/** A callback plan: Dredd itself makes the final request, with the issued state and code in place of the example's. */
function callbackPlan(platform, exampleOnly) {
  return {
    async base(t, ctx) {
      const params = await consentedCallback(ctx, platform);
      for (const name of exampleOnly) t.query(name, undefined); // the example also shows a declined consent
      for (const [name, value] of params) t.query(name, value);
      t.noApiKey(); // the platform redirects the browser: no credentials but the state
    },
    async 400(t) {
      const state = new URL(t.transaction.fullPath, 'http://x').searchParams.get('state');
      t.query('state', malformed(state));
    },
  };
}

const daysAgo = (days) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** A member of ctx.team created for this transaction (so permissions never collide between transactions). */
async function freshMember(ctx) {
  const user = await ctx.freshUser('perm');
  await ctx.addMember(ctx.team.id, user.name);
  return user;
}

/** Gives `user` a permission on the first Meta account of ctx.team, through the API. */
async function grant(ctx, user, role) {
  await ctx.expect(
    'POST',
    `/api/v1/${ctx.team.id}/ads-accounts/assign`,
    { token: await ctx.token('admin'), body: { adAccountId: ctx.meta.accounts[0].externalId, externalUserId: user.externalUserId, role } },
    201,
  );
}

module.exports = {
  listConnections: {
    base: (t, ctx) => {
      t.query('teamId', ctx.team.id);
      t.query('platform', 'META');
    },
    async 400(t) {
      t.query('teamId', 'not-a-uuid');
    },
    async 404(t, _ctx, uuid) {
      t.query('teamId', uuid());
    },
  },
  createConnection: {
    base: (t, ctx) => t.body({ teamId: ctx.team.id, platform: 'META', redirect: REDIRECT }),
    async 400(t, ctx) {
      // A fragment is refused by the contract's own pattern. (A redirect off the tenant's allowed origins is
      // refused too, but that answer's `details` carry no `code`, which Dredd demands from the example.)
      t.body({ teamId: ctx.team.id, platform: 'META', redirect: `${REDIRECT}#fragment` });
    },
    async 403(t) {
      await t.as('member'); // a MEMBER of the team, not an ADMIN
    },
    async 404(t, _ctx, uuid) {
      t.body({ teamId: uuid(), platform: 'META', redirect: REDIRECT });
    },
  },
  listAdAccountStatuses: {
    base: (t, ctx) => t.query('teamId', ctx.team.id),
    async 400(t) {
      t.query('teamId', 'not-a-uuid');
    },
    async 404(t, _ctx, uuid) {
      t.query('teamId', uuid());
    },
  },
  listTeamConnections: {
    base: (t, ctx) => {
      t.path(team(ctx));
      t.query('platform', 'META');
    },
  },
  removeAdAccountConnection: {
    base: (t, ctx) => t.path({ adAccountId: ctx.meta.accounts[0].adAccountId }),
    async 200(t, ctx) {
      const fresh = await freshConnection(ctx, 'META');
      t.path({ adAccountId: fresh.accounts[0].adAccountId });
    },
  },
  disconnectConnection: {
    base: (t, ctx) => t.path({ connectionId: ctx.meta.connectionId }),
    async 200(t, ctx) {
      t.path({ connectionId: (await freshConnection(ctx, 'META')).connectionId });
    },
  },
  getConnectionInsights: {
    base: (t, ctx) => {
      t.path({ connectionId: ctx.meta.connectionId });
      t.query('since', daysAgo(30));
      t.query('until', daysAgo(1));
    },
    // The platform failures are produced on the Google connection, whose canonical statuses say exactly what
    // failed: account-level insights are read with POST customers/{id}/googleAds:search. Throttling asks for a
    // wait longer than the server will sleep (30 s), so it answers 429 at once; INTERNAL and UNAVAILABLE persist
    // through its retries, and so does a search left unanswered past the server's upstream timeout.
    async 429(t, ctx) {
      t.path({ connectionId: ctx.google.connectionId });
      await ctx.fault('GOOGLE', { match: GOOGLE_SEARCH, rateLimit: { retryAfterSeconds: 120 } });
    },
    async 502(t, ctx) {
      t.path({ connectionId: ctx.google.connectionId });
      await ctx.fault('GOOGLE', { match: GOOGLE_SEARCH, error: 'INTERNAL' });
    },
    async 503(t, ctx) {
      t.path({ connectionId: ctx.google.connectionId });
      await ctx.fault('GOOGLE', { match: GOOGLE_SEARCH, error: 'UNAVAILABLE' });
    },
    async 504(t, ctx) {
      t.path({ connectionId: ctx.google.connectionId });
      await timesOut('GOOGLE', GOOGLE_SEARCH)(t, ctx);
    },
  },
  handleMetaOAuthCallback: callbackPlan('META', ['code', 'error', 'error_code', 'error_reason', 'error_description']),
  handleGoogleOAuthCallback: callbackPlan('GOOGLE', ['code', 'scope', 'error']),
  assignAdAccountPermission: {
    async base(t, ctx) {
      t.path(team(ctx));
      const user = await freshMember(ctx);
      t.body({ adAccountId: ctx.meta.accounts[0].externalId, externalUserId: user.externalUserId, role: 'VIEWER' });
    },
    async 409(t, ctx) {
      const { externalUserId } = t.exampleBody();
      await grant(ctx, { externalUserId }, 'MANAGER');
    },
  },
  changeAdAccountPermission: {
    async base(t, ctx) {
      t.path(team(ctx));
      const user = await freshMember(ctx);
      await grant(ctx, user, 'VIEWER');
      t.body({ adAccountId: ctx.meta.accounts[0].externalId, externalUserId: user.externalUserId, role: 'MANAGER' });
    },
  },
  revokeAdAccountPermission: {
    async base(t, ctx) {
      t.path(team(ctx));
      const user = await freshMember(ctx);
      await grant(ctx, user, 'VIEWER');
      t.body({ adAccountId: ctx.meta.accounts[0].externalId, externalUserId: user.externalUserId });
    },
  },
};
