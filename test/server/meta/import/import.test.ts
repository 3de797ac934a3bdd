// GET /api/v1/{teamId}/meta/import (importMetaAdAccount) against the Meta fake: what it reads (every page),
// what it stores, idempotence measured on stored values, an interrupted import, the lock, the window rules,
// money per currency, and who may call it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MetaSandbox, startMetaSandbox } from '../../../support/connected-team.ts';
import { codeOf, expectStatus, fieldsOf, ok, type ROLES, WHO } from '../../../support/connections.ts';
import { addDays, connectedTeam, importAccount, META_SEED_IDS, pastWindow, readFake, todayIn } from './support.ts';

const { alexUsd, alexJpy, priyaGbp } = META_SEED_IDS.adAccounts;

let sandbox: MetaSandbox;
/** Imports of the big seeded account: the fake computes every insights page in this process. */
const HEAVY = 120_000;

beforeAll(async () => {
  // A generous per-attempt timeout: the fake computes insights in this process, and a slow machine must not turn
  // that into retries the call counts below would see.
  sandbox = await startMetaSandbox({ upstream: { timeoutMs: 15_000 } });
});
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(() => {
  sandbox.fake.faults.reset();
});

const db = () => sandbox.server.deps.db;
const admin = () => sandbox.fx.cast.teamAdmin;

async function countRows(
  table: 'meta_campaigns' | 'meta_ad_sets' | 'meta_ads' | 'meta_ad_creatives' | 'meta_campaign_insights',
  adAccountId: string,
) {
  const row = await db()
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('ad_account_id', '=', adAccountId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function storedCampaignName(adAccountId: string, campaignId: string) {
  const row = await db()
    .selectFrom('meta_campaigns')
    .select('name')
    .where('ad_account_id', '=', adAccountId)
    .where('meta_id', '=', campaignId)
    .executeTakeFirst();
  return row?.name;
}

const idsOf = (rows: Record<string, unknown>[]) => rows.map((r) => String(r.id)).sort();

describe('GET /api/v1/{teamId}/meta/import (importMetaAdAccount)', () => {
  it(
    'copies every campaign, ad set, ad and creative Meta lists, reading every page, and the daily campaign insights by each breakdown',
    async () => {
      const team = await connectedTeam(sandbox, { accounts: [alexUsd] });
      const id = team.adAccountIds[alexUsd] as string;
      const window = pastWindow(3);
      sandbox.fake.calls.reset();
      const result = await importAccount(admin(), team.teamId, { adAccountId: alexUsd, ...window });
      expect(result.response.status).toBe(200);
      expect(result.data?.message).toBe('Ad account imported');
      const data = ok(result);
      expect(data).toMatchObject({ adAccountId: alexUsd, window });

      // Every page of every edge was read (50 objects a page), before anything else asks the fake.
      const calls = sandbox.fake.calls;
      const counted = {
        account: calls.count(`/v25.0/${alexUsd}`, 'GET'),
        campaigns: calls.count('/v25.0/act_*/campaigns', 'GET'),
        adSets: calls.count('/v25.0/act_*/adsets', 'GET'),
        ads: calls.count('/v25.0/act_*/ads', 'GET'),
        creatives: calls.count('/v25.0/act_*/adcreatives', 'GET'),
      };
      const insightCalls = calls.list('/v25.0/act_*/insights').map((c) => new URLSearchParams(c.query));
      const listed = { fields: 'id' };
      const campaigns = await readFake(sandbox, `${alexUsd}/campaigns`, listed);
      const adSets = await readFake(sandbox, `${alexUsd}/adsets`, listed);
      const ads = await readFake(sandbox, `${alexUsd}/ads`, listed);
      const creatives = await readFake(sandbox, `${alexUsd}/adcreatives`, listed);
      const pages = (n: number) => Math.max(1, Math.ceil(n / 50));
      expect(ads.length).toBeGreaterThan(50);
      expect(counted).toEqual({
        account: 1,
        campaigns: pages(campaigns.length),
        adSets: pages(adSets.length),
        ads: pages(ads.length),
        creatives: pages(creatives.length),
      });
      const breakdowns = new Set(insightCalls.map((q) => q.get('breakdowns') ?? 'none'));
      expect([...breakdowns].sort()).toEqual(
        ['["age"]', '["country"]', '["gender"]', '["impression_device"]', '["publisher_platform"]', 'none'].sort(),
      );
      for (const q of insightCalls) {
        expect(q.get('level')).toBe('campaign');
        expect(q.get('time_increment')).toBe('1');
        expect(JSON.parse(q.get('time_range') ?? '{}')).toEqual(window);
        expect(q.get('fields')).toBe('campaign_id,campaign_name,impressions,clicks,spend,actions,action_values');
      }

      // What Meta lists is what is stored, and the counts say so.
      expect(data.campaigns).toEqual({ created: campaigns.length, updated: 0, removed: 0 });
      expect(data.adSets).toEqual({ created: adSets.length, updated: 0, removed: 0 });
      expect(data.ads).toEqual({ created: ads.length, updated: 0, removed: 0 });
      expect(data.creatives).toEqual({ created: creatives.length, updated: 0, removed: 0 });
      const stored = await db().selectFrom('meta_campaigns').select('meta_id as id').where('ad_account_id', '=', id).execute();
      expect(idsOf(stored)).toEqual(idsOf(campaigns));
      expect(await countRows('meta_ads', id)).toBe(ads.length);
      expect(await countRows('meta_ad_sets', id)).toBe(adSets.length);
      expect(await countRows('meta_ad_creatives', id)).toBe(creatives.length);
      let metaRows = 0;
      for (const breakdown of [undefined, 'age', 'gender', 'country', 'publisher_platform', 'impression_device']) {
        const rows = await readFake(sandbox, `${alexUsd}/insights`, {
          level: 'campaign',
          time_increment: '1',
          time_range: JSON.stringify(window),
          fields: 'campaign_id',
          ...(breakdown ? { breakdowns: breakdown } : {}),
        });
        metaRows += rows.length;
      }
      expect(data.insights).toEqual({ created: metaRows, updated: 0, removed: 0 });
      expect(await countRows('meta_campaign_insights', id)).toBe(metaRows);

      // The ad account records the import.
      const account = await db()
        .selectFrom('ad_accounts')
        .select(['last_imported_at', 'name', 'currency'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(new Date(account.last_imported_at ?? 0).toISOString()).toBe(data.importedAt);
      expect(account).toMatchObject({ name: 'Rivera Outdoor – US', currency: 'USD' });
    },
    HEAVY,
  );

  it(
    'imports the last 30 days, today included in the ad account time zone, when no window is given',
    async () => {
      const team = await connectedTeam(sandbox, { accounts: [alexJpy] });
      const data = ok(await importAccount(admin(), team.teamId, { adAccountId: alexJpy }));
      const until = todayIn('Asia/Tokyo');
      expect(data.window).toEqual({ since: addDays(until, -29), until });
      expect(data.campaigns.created).toBe(7);
    },
    HEAVY,
  );

  it('stores the fields Meta sends: budgets as minor-unit integers, refs as ids, specs as JSON', async () => {
    const team = await connectedTeam(sandbox, { accounts: [alexUsd] });
    const id = team.adAccountIds[alexUsd] as string;
    ok(await importAccount(admin(), team.teamId, { adAccountId: alexUsd, ...pastWindow(3) }));
    const withBudget = sandbox.fake.state.campaigns.find(
      (c) => c.account_id === alexUsd.slice(4) && c.daily_budget && c.status === 'ACTIVE',
    );
    if (!withBudget) throw new Error('the seed has no ACTIVE USD campaign with a budget');
    const row = await db()
      .selectFrom('meta_campaigns')
      .selectAll()
      .where('ad_account_id', '=', id)
      .where('meta_id', '=', withBudget.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      name: withBudget.name,
      objective: withBudget.objective,
      daily_budget: Number(withBudget.daily_budget),
      status: 'ACTIVE',
    });
    const ad = sandbox.fake.state.ads.find((a) => a.campaign_id === withBudget.id);
    const adRow = await db()
      .selectFrom('meta_ads')
      .selectAll()
      .where('ad_account_id', '=', id)
      .where('meta_id', '=', ad?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(adRow).toMatchObject({ adset_id: ad?.adset_id, campaign_id: withBudget.id, creative_id: ad?.creative.id });
    const adSet = sandbox.fake.state.adSets.find((s) => s.id === ad?.adset_id);
    const setRow = await db()
      .selectFrom('meta_ad_sets')
      .selectAll()
      .where('ad_account_id', '=', id)
      .where('meta_id', '=', adSet?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(setRow.targeting).toEqual(adSet?.targeting);
  });

  it(
    'is idempotent: importing the unchanged account again counts nothing created, updated or removed',
    async () => {
      const team = await connectedTeam(sandbox, { accounts: [alexUsd] });
      const window = pastWindow(4);
      const first = ok(await importAccount(admin(), team.teamId, { adAccountId: alexUsd, ...window }));
      expect(first.insights.created).toBeGreaterThan(1000);
      const second = ok(await importAccount(admin(), team.teamId, { adAccountId: alexUsd, ...window }));
      const nothing = { created: 0, updated: 0, removed: 0 };
      expect(second).toMatchObject({ campaigns: nothing, adSets: nothing, ads: nothing, creatives: nothing, insights: nothing, window });
      expect(new Date(second.importedAt).getTime()).toBeGreaterThan(new Date(first.importedAt).getTime());
    },
    HEAVY,
  );

  it(
    'counts what changed on Meta by comparing stored values: a renamed campaign is updated, an archived one removed, a restored one created',
    async () => {
      const team = await connectedTeam(sandbox, { user: 'priya', accounts: [priyaGbp] });
      const id = team.adAccountIds[priyaGbp] as string;
      const window = pastWindow(2);
      ok(await importAccount(admin(), team.teamId, { adAccountId: priyaGbp, ...window }));
      const campaigns = sandbox.fake.state.campaigns.filter((c) => c.account_id === priyaGbp.slice(4));
      const renamed = campaigns.find((c) => c.status === 'ACTIVE');
      const archived = campaigns.find((c) => c.status === 'PAUSED');
      const restored = campaigns.find((c) => c.status === 'ARCHIVED');
      if (!renamed || !archived || !restored) throw new Error('the GBP seed lacks an ACTIVE, a PAUSED or an ARCHIVED campaign');
      const saved = { name: renamed.name, archived: archived.status, restored: restored.status };
      renamed.name = 'Renamed on Meta';
      archived.status = 'ARCHIVED';
      restored.status = 'PAUSED';
      try {
        const second = ok(await importAccount(admin(), team.teamId, { adAccountId: priyaGbp, ...window }));
        expect(second.campaigns).toEqual({ created: 1, updated: 1, removed: 1 });
        // The archived campaign's ad sets and ads are no longer listed either; its insights rows stay.
        expect(second.adSets.removed).toBeGreaterThan(0);
        expect(await storedCampaignName(id, renamed.id)).toBe('Renamed on Meta');
        expect(await storedCampaignName(id, archived.id)).toBeUndefined();
        expect(await storedCampaignName(id, restored.id)).toBe(restored.name);
      } finally {
        renamed.name = saved.name;
        archived.status = saved.archived;
        restored.status = saved.restored;
      }
    },
    HEAVY,
  );

  it(
    'leaves the stored copy as it was when Meta fails on the 2nd page of ads, and the next run completes the import',
    async () => {
      const team = await connectedTeam(sandbox, { accounts: [alexUsd] });
      const id = team.adAccountIds[alexUsd] as string;
      const window = pastWindow(2);
      const first = ok(await importAccount(admin(), team.teamId, { adAccountId: alexUsd, ...window }));
      const campaign = sandbox.fake.state.campaigns.find((c) => c.account_id === alexUsd.slice(4) && c.status === 'ACTIVE');
      if (!campaign) throw new Error('no ACTIVE USD campaign');
      const savedName = campaign.name;
      campaign.name = 'Renamed before the interrupted import';
      try {
        // The first call to the ads edge passes; the second (its 2nd page) fails on every attempt.
        sandbox.fake.faults.add({ match: { method: 'GET', path: '/v25.0/act_*/ads' }, times: 1 });
        sandbox.fake.faults.add({ match: { method: 'GET', path: '/v25.0/act_*/ads' }, error: 2, times: 2 });
        sandbox.fake.calls.reset();
        const failed = await importAccount(admin(), team.teamId, { adAccountId: alexUsd, ...window });
        expect(failed.response.status).toBe(502);
        expect(codeOf(failed)).toBe('UPSTREAM_ERROR');
        expect(sandbox.fake.calls.count('/v25.0/act_*/ads')).toBe(3);
        // Nothing was written: the old name, the old import time, no lock left behind.
        expect(await storedCampaignName(id, campaign.id)).toBe(savedName);
        const account = await db().selectFrom('ad_accounts').select('last_imported_at').where('id', '=', id).executeTakeFirstOrThrow();
        expect(new Date(account.last_imported_at ?? 0).toISOString()).toBe(first.importedAt);
        expect(await db().selectFrom('meta_import_locks').selectAll().where('ad_account_id', '=', id).execute()).toEqual([]);

        const next = ok(await importAccount(admin(), team.teamId, { adAccountId: alexUsd, ...window }));
        expect(next.campaigns).toEqual({ created: 0, updated: 1, removed: 0 });
        expect(await storedCampaignName(id, campaign.id)).toBe('Renamed before the interrupted import');
      } finally {
        campaign.name = savedName;
      }
    },
    HEAVY,
  );

  it('answers 409 CONFLICT to a second import of the account while one is running', async () => {
    const team = await connectedTeam(sandbox, { accounts: [alexJpy] });
    const window = pastWindow(1);
    sandbox.fake.faults.add({ match: { method: 'GET', path: `/v25.0/${alexJpy}` }, latencyMs: 400, times: 1 });
    sandbox.fake.calls.reset();
    const running = importAccount(admin(), team.teamId, { adAccountId: alexJpy, ...window });
    while (sandbox.fake.calls.count(`/v25.0/${alexJpy}`) === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const second = await importAccount(sandbox.fx.cast.workspaceAdmin, team.teamId, { adAccountId: alexJpy, ...window });
    expect(second.response.status).toBe(409);
    expect(codeOf(second)).toBe('CONFLICT');
    expect((await running).response.status).toBe(200);
    // Once it has finished, the next import runs.
    expect((await importAccount(admin(), team.teamId, { adAccountId: alexJpy, ...window })).response.status).toBe(200);
  });

  it('takes over the lock of an import that died more than 15 minutes ago', async () => {
    const team = await connectedTeam(sandbox, { accounts: [alexJpy] });
    const id = team.adAccountIds[alexJpy] as string;
    await db()
      .insertInto('meta_import_locks')
      .values({ ad_account_id: id, lock_id: '00000000-0000-4000-8000-000000000001', started_at: new Date(Date.now() - 16 * 60_000) })
      .execute();
    expect((await importAccount(admin(), team.teamId, { adAccountId: alexJpy, ...pastWindow(1) })).response.status).toBe(200);
  });

  it(
    'stores JPY money with offset 1 and USD money with offset 100 (spend in minor units, budgets as Meta sends them)',
    async () => {
      const team = await connectedTeam(sandbox, { accounts: [alexJpy, alexUsd] });
      const window = pastWindow(3);
      for (const actId of [alexJpy, alexUsd]) {
        ok(await importAccount(admin(), team.teamId, { adAccountId: actId, ...window }));
        const meta = await readFake(sandbox, `${actId}/insights`, {
          level: 'campaign',
          time_increment: '1',
          time_range: JSON.stringify(window),
          fields: 'campaign_id,spend',
        });
        const sample = meta.find((r) => Number(r.spend) > 0) as { campaign_id: string; spend: string; date_start: string };
        const row = await db()
          .selectFrom('meta_campaign_insights')
          .select('spend_minor')
          .where('ad_account_id', '=', team.adAccountIds[actId] as string)
          .where('breakdown', '=', 'none')
          .where('campaign_id', '=', sample.campaign_id)
          .where('day', '=', sample.date_start)
          .executeTakeFirstOrThrow();
        expect(row.spend_minor).toBe(Math.round(Number(sample.spend) * (actId === alexJpy ? 1 : 100)));
      }
      const yen = sandbox.fake.state.campaigns.find((c) => c.account_id === alexJpy.slice(4) && c.daily_budget);
      if (yen) {
        const row = await db().selectFrom('meta_campaigns').select('daily_budget').where('meta_id', '=', yen.id).executeTakeFirstOrThrow();
        expect(row.daily_budget).toBe(Number(yen.daily_budget));
      }
    },
    HEAVY,
  );

  describe('the window', () => {
    it('imports the asked days and answers them', async () => {
      const team = await connectedTeam(sandbox, { accounts: [alexJpy] });
      const window = pastWindow(5);
      expect(ok(await importAccount(admin(), team.teamId, { adAccountId: alexJpy, ...window })).window).toEqual(window);
      const days = await db()
        .selectFrom('meta_campaign_insights')
        .select((eb) => [eb.fn.min('day').as('first'), eb.fn.max('day').as('last')])
        .where('ad_account_id', '=', team.adAccountIds[alexJpy] as string)
        .executeTakeFirstOrThrow();
      expect(new Date(days.first as string | Date).toISOString().slice(0, 10) >= window.since).toBe(true);
      expect(new Date(days.last as string | Date).toISOString().slice(0, 10) <= window.until).toBe(true);
    });

    const today = () => todayIn('Asia/Tokyo');
    const cases: [string, () => { since?: string; until?: string }, string][] = [
      ['since is after until', () => ({ since: addDays(today(), -1), until: addDays(today(), -2) }), 'query.since'],
      ['the window is longer than 90 days', () => ({ since: addDays(today(), -90), until: today() }), 'query.since'],
      [
        'the window ends after today in the account time zone',
        () => ({ since: addDays(today(), -1), until: addDays(today(), 1) }),
        'query.until',
      ],
      [
        'the window starts more than 37 months ago',
        () => ({ since: addDays(today(), -1200), until: addDays(today(), -1180) }),
        'query.since',
      ],
      ['since is not a date', () => ({ since: '2026-13-01' }), 'query.since'],
    ];
    for (const [what, window, field] of cases) {
      it(`answers 400 BAD_REQUEST without calling Meta when ${what}`, async () => {
        const team = await connectedTeam(sandbox, { accounts: [alexJpy] });
        sandbox.fake.calls.reset();
        const result = await importAccount(admin(), team.teamId, { adAccountId: alexJpy, ...window() });
        expectStatus(result, 400);
        expect(codeOf(result)).toBe('BAD_REQUEST');
        expect(fieldsOf(result)).toContain(field);
        expect(sandbox.fake.calls.count()).toBe(0);
      });
    }
  });

  describe('errors', () => {
    it('answers 400 BAD_REQUEST when adAccountId is not act_ and digits', async () => {
      const team = await connectedTeam(sandbox, { accounts: [alexJpy] });
      const result = await importAccount(admin(), team.teamId, { adAccountId: '584930127364003' });
      expectStatus(result, 400);
      expect(fieldsOf(result)).toContain('query.adAccountId');
    });

    it('answers 404 NOT_FOUND for an ad account of none of the team connections', async () => {
      const team = await connectedTeam(sandbox, { accounts: [alexJpy] });
      expectStatus(await importAccount(admin(), team.teamId, { adAccountId: alexUsd }), 404);
    });

    it('answers 401 CONNECTION_EXPIRED without calling Meta when the connection is not ACTIVE', async () => {
      const team = await connectedTeam(sandbox, { accounts: [alexJpy] });
      await db().updateTable('connections').set({ status: 'EXPIRED' }).where('id', '=', team.connectionId).execute();
      sandbox.fake.calls.reset();
      const result = await importAccount(admin(), team.teamId, { adAccountId: alexJpy });
      expect(result.response.status).toBe(401);
      expect(codeOf(result)).toBe('CONNECTION_EXPIRED');
      expect(sandbox.fake.calls.count()).toBe(0);
    });

    it('answers 401 CONNECTION_EXPIRED and marks the connection EXPIRED when Meta refuses the token mid-import (190)', async () => {
      const team = await connectedTeam(sandbox, { accounts: [alexJpy] });
      sandbox.fake.faults.add({ match: { path: '/v25.0/act_*/adsets' }, error: { code: 190, subcode: 463 }, times: 1 });
      const result = await importAccount(admin(), team.teamId, { adAccountId: alexJpy, ...pastWindow(1) });
      expect(result.response.status).toBe(401);
      expect(codeOf(result)).toBe('CONNECTION_EXPIRED');
      const connection = await db()
        .selectFrom('connections')
        .select('status')
        .where('id', '=', team.connectionId)
        .executeTakeFirstOrThrow();
      expect(connection.status).toBe('EXPIRED');
      expect(await countRows('meta_campaigns', team.adAccountIds[alexJpy] as string)).toBe(0);
    });

    it('answers 429 UPSTREAM_RATE_LIMITED with Retry-After when Meta keeps throttling the ad account', async () => {
      const team = await connectedTeam(sandbox, { accounts: [alexJpy] });
      sandbox.fake.faults.add({ match: { path: '/v25.0/act_*/insights' }, rateLimit: { retryAfterSeconds: 600 } });
      const result = await importAccount(admin(), team.teamId, { adAccountId: alexJpy, ...pastWindow(1) });
      expect(result.response.status).toBe(429);
      expect(codeOf(result)).toBe('UPSTREAM_RATE_LIMITED');
      expect(Number(result.response.headers.get('retry-after'))).toBeGreaterThanOrEqual(600);
      expect(await countRows('meta_campaigns', team.adAccountIds[alexJpy] as string)).toBe(0);
    });
  });

  describe('who may import', () => {
    // The member is a VIEWER of the EUR account, a MANAGER of the JPY one and holds nothing on the USD one.
    const { alexEur } = META_SEED_IDS.adAccounts;
    const table: { who: string; role: (typeof ROLES)[number]; account: string; status: number }[] = [
      { who: WHO.none, role: 'none', account: alexJpy, status: 401 },
      { who: WHO.otherTenant, role: 'otherTenant', account: alexJpy, status: 404 },
      { who: WHO.outsider, role: 'outsider', account: alexJpy, status: 403 },
      { who: 'a MEMBER without a permission on the account', role: 'member', account: alexUsd, status: 403 },
      { who: 'a MEMBER with VIEWER on the account', role: 'member', account: alexEur, status: 200 },
      { who: 'a MEMBER with MANAGER on the account', role: 'member', account: alexJpy, status: 200 },
      { who: WHO.teamAdmin, role: 'teamAdmin', account: alexJpy, status: 200 },
      { who: WHO.workspaceAdmin, role: 'workspaceAdmin', account: alexJpy, status: 200 },
    ];
    let teamId: string;
    beforeAll(async () => {
      teamId = (await connectedTeam(sandbox, { member: { [alexEur]: 'VIEWER', [alexJpy]: 'MANAGER' } })).teamId;
    });
    for (const { who, role, account, status } of table) {
      it(`answers ${status} to ${who}`, async () => {
        expectStatus(await importAccount(sandbox.fx.cast[role], teamId, { adAccountId: account, ...pastWindow(1) }), status);
      });
    }
  });
});
