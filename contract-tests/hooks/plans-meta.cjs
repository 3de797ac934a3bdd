// Contract plans for the Meta operations: see plans.cjs for how a plan works.
//
// Every Meta operation names an ad account (`adAccountId`, act_…) of one of the team's Meta connections: the
// team is connected to the sandbox's Meta user Alex, whose USD account has many campaigns. Real ids (Pages,
// lead forms, pixels, campaigns) are taken from our own API's answers, never hard-coded. The callers:
// - 'admin' (the team's ADMIN) may do everything;
// - for 403, a fresh MEMBER of the team without any permission on the account (reads), or with VIEWER (writes);
//   fresh users, so that the permission plans of other operations cannot change them;
// - for 400, the ad account's id without its act_ prefix;
// - for 404, an ad account of another Meta user (Priya's), which is none of the team's;
// - for 429/502/503, a fault on the one Meta route the operation calls first (see the server's meta/ code):
//   Meta's throttle (where its usage headers name a wait above the server's cap, the server gives up at once;
//   elsewhere after its retries), Meta's transient code 1 (HTTP 500; retried for reads, never for creations),
//   an unlisted code with HTTP 503 (UPSTREAM_UNAVAILABLE, after the retries), and for 504 the same route left
//   silent past the server's upstream timeout (plan-kit.cjs timesOut; retried for reads, never for creations).
const { timesOut, unique } = require('./plan-kit.cjs');

const USD_ACCOUNT = 'act_584930127364001';
/** An ad account of the sandbox's other Meta user: real at Meta, but none of the team's. */
const FOREIGN_ACCOUNT = 'act_620418850093001';

/** Per-run memo of the state the plans look up once (keyed by the context, so a new run starts afresh). */
const memos = new WeakMap();
function memo(ctx) {
  if (!memos.has(ctx)) memos.set(ctx, {});
  return memos.get(ctx);
}
async function once(ctx, key, make) {
  const m = memo(ctx);
  if (!(key in m)) m[key] = make();
  return m[key];
}

/** The team's Meta account act_… (the USD one by default); fails loudly when the connection did not bring it. */
function account(ctx, externalId = USD_ACCOUNT) {
  const found = ctx.meta?.accounts.find((a) => a.externalId === externalId);
  if (!found) throw new Error(`the team's Meta connection has no ad account ${externalId}`);
  return found.externalId;
}

async function adminGet(ctx, path) {
  return ctx.expect('GET', `/api/v1/${ctx.team.id}/meta/${path}`, { token: await ctx.token('admin') }, 200);
}

/** The connection user's Pages (live), the first one's lead forms and the account's pixels, through our API. */
const pages = (ctx) => once(ctx, 'pages', async () => (await adminGet(ctx, `pages?adAccountId=${account(ctx)}`)).items);
async function firstPageId(ctx) {
  const list = await pages(ctx);
  if (list.length === 0) throw new Error('the Meta user has no Page');
  return list[0].id;
}
const activeLeadFormId = (ctx) =>
  once(ctx, 'leadForm', async () => {
    const forms = (await adminGet(ctx, `lead-form?adAccountId=${account(ctx)}&pageId=${await firstPageId(ctx)}`)).items;
    const form = forms.find((f) => f.status === 'ACTIVE');
    if (!form) throw new Error('the first Page has no ACTIVE lead form');
    return form.id;
  });
const pixelId = (ctx) =>
  once(ctx, 'pixel', async () => {
    const pixels = (await adminGet(ctx, `pixels?adAccountId=${account(ctx)}`)).items;
    if (pixels.length === 0) throw new Error('the USD ad account has no pixel');
    return pixels[0].id;
  });
/** A live (neither archived nor deleted) campaign of the USD account. */
const campaignId = (ctx) =>
  once(ctx, 'campaign', async () => {
    const campaigns = (await adminGet(ctx, `campaigns?adAccountId=${account(ctx)}&fields=id,status&limit=20`)).items;
    const campaign = campaigns.find((c) => c.status === 'ACTIVE' || c.status === 'PAUSED');
    if (!campaign) throw new Error('the USD ad account has no ACTIVE or PAUSED campaign');
    return campaign.id;
  });

/** A fresh member of the team with `role` on the USD account (none when undefined); answers the user's name. */
function memberWith(ctx, role) {
  return once(ctx, `member-${role || 'none'}`, async () => {
    const user = await ctx.freshUser(`meta-${(role || 'none').toLowerCase()}`);
    await ctx.addMember(ctx.team.id, user.name);
    if (role) {
      await ctx.expect(
        'POST',
        `/api/v1/${ctx.team.id}/ads-accounts/assign`,
        { token: await ctx.token('admin'), body: { adAccountId: account(ctx), externalUserId: user.externalUserId, role } },
        201,
      );
    }
    return user.name;
  });
}

// ── The sandbox fake ─────────────────────────────────────────────────────────────────────────────────────

const throttled = (method, path) => (_t, ctx) => ctx.fault('META', { match: { method, path }, rateLimit: { retryAfterSeconds: 120 } });
const failing = (method, path) => (_t, ctx) => ctx.fault('META', { match: { method, path }, error: 1 });
const unavailable = (method, path) => (_t, ctx) =>
  ctx.fault('META', { match: { method, path }, error: { code: 9999, status: 503, message: 'Service temporarily unavailable' } });

/** 429, 502, 503 and 504 for an operation whose first Meta call is `method path`. */
const upstream = (method, path) => ({
  429: throttled(method, path),
  502: failing(method, path),
  503: unavailable(method, path),
  504: timesOut('META', { method, path }),
});

async function fakeCalls(ctx, path, method) {
  const response = await fetch(`${ctx.fakes.META}/__calls?path=${encodeURIComponent(path)}&method=${method}`);
  return (await response.json()).count;
}

// ── The common parts ─────────────────────────────────────────────────────────────────────────────────────

/** Points the transaction at the team and its USD account, without the example's cursor. */
function onAccount(t, ctx) {
  t.path({ teamId: ctx.team.id });
  t.query('adAccountId', account(ctx));
  t.query('after', undefined);
}

const common = {
  async 400(t, ctx) {
    // The ad account's id without its act_ prefix.
    t.query('adAccountId', account(ctx).slice('act_'.length));
  },
  async 403(t, ctx) {
    await t.as(await memberWith(ctx, undefined));
  },
  async 404(t) {
    t.query('adAccountId', FOREIGN_ACCOUNT);
  },
};
/** A write: a VIEWER may read the account but not change it. */
const write = {
  ...common,
  async 403(t, ctx) {
    await t.as(await memberWith(ctx, 'VIEWER'));
  },
};

/**
 * A list of ad objects (campaigns, ad sets, ads, creatives) from the imported copy or Meta. Dredd wants every
 * key of the example's n-th item in the answer's n-th item: `pick` (optional) names the id parameter and the
 * field whose objects the 200 asks for by id, as many as the example shows (a campaign without its own budget
 * has no `daily_budget`, for one).
 */
function objectList(edge, idParams, liveOnlyField, pick) {
  return {
    base(t, ctx) {
      onAccount(t, ctx);
      for (const name of idParams) t.query(name, undefined);
      t.query('limit', '5');
    },
    ...common,
    ...(pick
      ? {
          async 200(t, ctx) {
            const example = t.transaction.expected.body;
            const wanted = (typeof example === 'string' ? JSON.parse(example) : example).data.items.length;
            const ids = await once(ctx, `${edge}-with-${pick.field}`, async () => {
              const items = (await adminGet(ctx, `${edge}?adAccountId=${account(ctx)}&fields=id,${pick.field}&limit=100`)).items;
              return items.filter((item) => item[pick.field] !== undefined).map((item) => item.id);
            });
            if (ids.length < wanted) throw new Error(`the USD ad account has fewer than ${wanted} ${edge} with ${pick.field}`);
            t.query(pick.param, ids.slice(0, wanted).join(','));
          },
        }
      : {}),
    ...Object.fromEntries(
      Object.entries(upstream('GET', `/act_*/${edge}`)).map(([status, plan]) => [
        status,
        typeof plan === 'string'
          ? plan
          : async (t, ctx) => {
              // A field the import does not store: Meta answers even when the account has been imported.
              t.query('fields', `id,name,${liveOnlyField}`);
              await plan(t, ctx);
            },
      ]),
    ),
  };
}

/** The first example's campaign body with the team's real Page, form and pixel, and a start in the future. */
async function campaignBody(t, ctx) {
  const body = t.exampleBody();
  body.campaignName = unique(body.campaignName);
  if ('pageId' in body) body.pageId = await firstPageId(ctx);
  if ('leadFormId' in body) body.leadFormId = await activeLeadFormId(ctx);
  if ('pixelId' in body) body.pixelId = await pixelId(ctx);
  const day = 24 * 3600 * 1000;
  if ('startTime' in body) body.startTime = new Date(Date.now() + 30 * day).toISOString();
  if ('endTime' in body) body.endTime = new Date(Date.now() + 40 * day).toISOString();
  return body;
}

const campaignCreation = {
  async base(t, ctx) {
    onAccount(t, ctx);
    t.body(await campaignBody(t, ctx));
  },
  ...write,
  ...upstream('POST', '/act_*/campaigns'),
};

// ── The import ───────────────────────────────────────────────────────────────────────────────────────────

const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

const importPlans = {
  async base(t, ctx) {
    // An import started by the 409 plan must be over before the next one, or its lock answers 409 instead.
    await memo(ctx).pendingImport;
    onAccount(t, ctx);
    // A week ending yesterday (UTC): never after today in the account's time zone, and quick to read.
    const day = 24 * 3600 * 1000;
    t.query('until', isoDay(Date.now() - day));
    t.query('since', isoDay(Date.now() - 7 * day));
  },
  ...common,
  async 409(t, ctx) {
    // Another import of the account is running: start one whose first Meta read is slow, and send the
    // transaction once it holds the account's import lock (it takes the lock before that read).
    const before = await fakeCalls(ctx, '/act_*', 'GET');
    await ctx.fault('META', { match: { method: 'GET', path: '/act_*' }, latencyMs: 3000, times: 1 });
    const token = await ctx.token('admin');
    memo(ctx).pendingImport = ctx.call('GET', t.transaction.fullPath, { token }).catch(() => undefined);
    const deadline = Date.now() + 5000;
    while ((await fakeCalls(ctx, '/act_*', 'GET')) === before) {
      if (Date.now() > deadline) throw new Error('the concurrent import never reached Meta');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  },
  ...upstream('GET', '/act_*'),
};

// ── The plans ────────────────────────────────────────────────────────────────────────────────────────────

module.exports = {
  importMetaAdAccount: importPlans,

  listMetaPages: {
    // The example's first Page is linked to Instagram and its second is not: so are the user's Pages at Meta.
    base: onAccount,
    ...common,
    ...upstream('GET', '/me/accounts'),
  },

  searchMetaTargeting: {
    base: onAccount,
    200(t) {
      // The example's first option is a city (with its region); Meta lists the state of New York first.
      t.body({ ...t.exampleBody(), locationTypes: ['city'] });
    },
    ...common,
    ...upstream('GET', '/search'),
  },

  listMetaCampaigns: objectList('campaigns', ['campaignId'], 'issues_info', { param: 'campaignId', field: 'daily_budget' }),
  listMetaAdSets: objectList('adsets', ['campaignId', 'adSetId'], 'issues_info', { param: 'adSetId', field: 'daily_budget' }),
  listMetaAds: objectList('ads', ['adId', 'campaignId', 'adSetId'], 'issues_info'),
  listMetaAdCreatives: objectList('adcreatives', ['adCreativeId'], 'image_url'),

  getMetaInsights: {
    base(t, ctx) {
      onAccount(t, ctx);
      // The preset (last 30 days) rather than the example's fixed month, which the fake's 90 days of delivery
      // (counted back from today) will not cover for long.
      t.query('since', undefined);
      t.query('until', undefined);
      t.query('limit', '5');
    },
    ...common,
    ...Object.fromEntries(
      Object.entries(upstream('GET', '/act_*/insights')).map(([status, plan]) => [
        status,
        typeof plan === 'string'
          ? plan
          : async (t, ctx) => {
              // Ad-level rows are never answered from the imported copy: Meta is called.
              t.query('level', 'ad');
              await plan(t, ctx);
            },
      ]),
    ),
  },

  updateMetaCampaignStatus: {
    async base(t, ctx) {
      onAccount(t, ctx);
      t.path({ campaignId: await campaignId(ctx) });
      t.body({ status: 'PAUSED' });
    },
    ...write,
    async 404(t) {
      // Meta knows no such campaign (code 100, subcode 33).
      t.path({ campaignId: '999999999999999' });
    },
    429: async (t, ctx) => throttled('GET', `/${await campaignId(ctx)}`)(t, ctx),
    502: async (t, ctx) => failing('GET', `/${await campaignId(ctx)}`)(t, ctx),
    503: async (t, ctx) => unavailable('GET', `/${await campaignId(ctx)}`)(t, ctx),
    504: timesOut('META', async (ctx) => ({ method: 'GET', path: `/${await campaignId(ctx)}` })),
  },

  createMetaLeadCampaign: campaignCreation,
  createMetaTrafficCampaign: campaignCreation,
  createMetaSalesCampaign: campaignCreation,
  createMetaAwarenessCampaign: campaignCreation,
  createMetaEngagementCampaign: campaignCreation,

  listMetaLeadForms: {
    async base(t, ctx) {
      onAccount(t, ctx);
      t.query('pageId', await firstPageId(ctx));
      // The example's second form starts with a CUSTOM question (with options); the Page's forms do not.
      t.query('limit', '1');
    },
    ...common,
    ...upstream('GET', '/*/leadgen_forms'),
  },

  createMetaLeadForm: {
    async base(t, ctx) {
      onAccount(t, ctx);
      t.body({ ...t.exampleBody(), pageId: await firstPageId(ctx), name: unique('Dredd lead form') });
    },
    ...write,
    ...upstream('POST', '/*/leadgen_forms'),
  },

  listMetaPixels: {
    base: onAccount,
    ...common,
    ...upstream('GET', '/act_*/adspixels'),
  },

  createMetaPixel: {
    base(t, ctx) {
      onAccount(t, ctx);
      t.body({ name: unique('Dredd pixel') });
    },
    ...write,
    ...upstream('POST', '/act_*/adspixels'),
  },

  listMetaSavedAudiences: {
    base: onAccount,
    ...common,
    ...upstream('GET', '/act_*/saved_audiences'),
  },

  listMetaCustomAudiences: {
    base: onAccount,
    async 200(t, ctx) {
      // The example's first audience has a description and retention_days (a website or engagement audience,
      // which a customer list or lookalike has not): start the page at the account's first such audience, and
      // answer it alone (the example's second one, with `description: null`, has no counterpart to match).
      const after = await once(ctx, 'retainedAudience', async () => {
        let cursor = null;
        for (;;) {
          const from = cursor === null ? '' : `&after=${cursor}`;
          const { items, paging } = await adminGet(ctx, `customAudience?adAccountId=${account(ctx)}&limit=1${from}`);
          const [audience] = items;
          if (audience && typeof audience.description === 'string' && audience.retention_days !== undefined) return cursor;
          if (!paging.hasMore) throw new Error('the USD ad account has no custom audience with a description and retention_days');
          cursor = paging.after;
        }
      });
      if (after !== null) t.query('after', after);
      t.query('limit', '1');
    },
    ...common,
    ...upstream('GET', '/act_*/customaudiences'),
  },
};
