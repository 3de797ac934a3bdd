// GET /api/v1/{teamId}/meta/insights (getMetaInsights) against the Meta fake: campaign-level reads within imported
// days come from the copy (`cache`, zero Meta calls) and equal what Meta computes; everything else goes to Meta's
// insights edge (`live`); the window rules; money in the major unit of the account currency (JPY tested).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MetaSandbox, startMetaSandbox } from '../../../support/connected-team.ts';
import { codeOf, expectStatus, fieldsOf, ok, type Role, WHO } from '../../../support/connections.ts';
import {
  addDays,
  type ConnectedTeam,
  connectedTeam,
  importAccount,
  META_SEED_IDS,
  pastWindow,
  readFake,
  todayIn,
} from '../import/support.ts';
import { expectCloseRows, expectSource, getInsights } from './support.ts';

const { alexUsd, alexEur, alexJpy } = META_SEED_IDS.adAccounts;
const HEAVY = 120_000;

type Report = {
  currency: string;
  since: string;
  until: string;
  items: Record<string, unknown>[];
  paging: { after: string | null; hasMore: boolean };
};
type Query = Parameters<typeof getInsights>[2];

let sandbox: MetaSandbox;
let imported: ConnectedTeam;
let fresh: ConnectedTeam;
/** The imported days (inside every test window below). */
const window = pastWindow(6);
const inside = { since: addDays(window.since, 1), until: addDays(window.until, -1) };

const admin = () => sandbox.fx.cast.teamAdmin;
const report = (result: Awaited<ReturnType<typeof getInsights>>) => ok(result) as unknown as Report;

beforeAll(async () => {
  sandbox = await startMetaSandbox({ upstream: { timeoutMs: 15_000 } });
  imported = await connectedTeam(sandbox);
  fresh = await connectedTeam(sandbox);
  for (const adAccountId of [alexUsd, alexJpy]) ok(await importAccount(admin(), imported.teamId, { adAccountId, ...window }));
}, HEAVY);
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(() => {
  sandbox.fake.faults.reset();
});

/** The same query from the copy (imported team) and from Meta (fresh team); answers both reports. */
async function bothWays(query: Query): Promise<{ cached: Report; live: Report }> {
  sandbox.fake.calls.reset();
  const cached = await getInsights(admin(), imported.teamId, query);
  expectSource(cached, 'cache');
  expect(sandbox.fake.calls.count()).toBe(0);
  const live = await getInsights(admin(), fresh.teamId, query);
  expectSource(live, 'live');
  expect(sandbox.fake.calls.count('/v25.0/act_*/insights')).toBeGreaterThan(0);
  return { cached: report(cached), live: report(live) };
}

describe('GET /api/v1/{teamId}/meta/insights (getMetaInsights)', () => {
  describe('from the imported copy', () => {
    it('sums the stored days over the window (all_days) to exactly what Meta reports, with no call to Meta', async () => {
      const { cached, live } = await bothWays({ adAccountId: alexUsd, level: 'campaign', ...inside, limit: 500 });
      expect(cached).toMatchObject({ currency: 'USD', ...inside, paging: { after: null, hasMore: false } });
      expect(cached.items.length).toBeGreaterThan(10);
      expect(cached.items[0]).toMatchObject({ date_start: inside.since, date_stop: inside.until });
      expect(Object.keys(cached.items[0] ?? {})).toEqual(
        expect.arrayContaining(['campaign_id', 'campaign_name', 'impressions', 'clicks', 'spend', 'cpm', 'ctr']),
      );
      expectCloseRows(cached.items, live.items);
    });

    it('returns the stored rows per day (timeIncrement=1) split by one breakdown, as Meta does', async () => {
      const { cached, live } = await bothWays({
        adAccountId: alexUsd,
        level: 'campaign',
        breakdowns: ['gender'],
        timeIncrement: '1',
        ...inside,
        limit: 500,
      });
      expect(new Set(cached.items.map((r) => r.gender))).toEqual(new Set(['female', 'male', 'unknown']));
      expect(cached.items.every((r) => r.date_start === r.date_stop)).toBe(true);
      expectCloseRows(cached.items, live.items);
    });

    for (const breakdown of ['age', 'country', 'publisher_platform', 'impression_device'] as const) {
      it(`serves the daily ${breakdown} breakdown from the copy, equal to Meta's`, async () => {
        const query: Query = {
          adAccountId: alexUsd,
          level: 'campaign',
          breakdowns: [breakdown],
          fields: ['campaign_id', 'impressions', 'spend'],
          timeIncrement: '1',
          ...inside,
          limit: 500,
        };
        const { cached, live } = await bothWays(query);
        expectCloseRows(cached.items, live.items);
      });
    }

    it("sums a breakdown's daily rows over the window (Meta splits each day, so these are the sums of its daily rows)", async () => {
      const cached = report(
        await getInsights(admin(), imported.teamId, {
          adAccountId: alexUsd,
          level: 'campaign',
          breakdowns: ['age'],
          fields: ['clicks'],
          ...inside,
          limit: 500,
        }),
      );
      const daily = await readFake(sandbox, `${alexUsd}/insights`, {
        level: 'campaign',
        breakdowns: 'age',
        time_increment: '1',
        time_range: JSON.stringify(inside),
        fields: 'campaign_id,clicks',
      });
      const sums = new Map<string, number>();
      for (const row of daily)
        sums.set(`${row.campaign_id}|${row.age}`, (sums.get(`${row.campaign_id}|${row.age}`) ?? 0) + Number(row.clicks));
      expect(cached.items.length).toBe(sums.size);
      for (const row of cached.items) expect(row.clicks).toBe(sums.get(`${row.campaign_id}|${row.age}`));
    });

    it('gives account_id and account_name when asked, and leaves out what was not asked', async () => {
      const result = await getInsights(admin(), imported.teamId, {
        adAccountId: alexUsd,
        level: 'campaign',
        fields: ['account_id', 'account_name', 'clicks'],
        ...inside,
      });
      expectSource(result, 'cache');
      for (const row of report(result).items) {
        expect(Object.keys(row).sort()).toEqual([
          'account_id',
          'account_name',
          'campaign_id',
          'campaign_name',
          'clicks',
          'date_start',
          'date_stop',
        ]);
        expect(row).toMatchObject({ account_id: alexUsd.slice(4), account_name: 'Rivera Outdoor – US' });
      }
    });

    it('gives JPY money in whole yen (offset 1), equal to Meta', async () => {
      const { cached, live } = await bothWays({
        adAccountId: alexJpy,
        level: 'campaign',
        fields: ['campaign_id', 'spend', 'cpc', 'action_values'],
        ...inside,
      });
      expect(cached.currency).toBe('JPY');
      expect(cached.items.length).toBeGreaterThan(0);
      for (const row of cached.items) expect(Number.isInteger(row.spend)).toBe(true);
      expectCloseRows(cached.items, live.items);
      // The stored spend is the yen amount itself.
      const stored = await sandbox.server.deps.db
        .selectFrom('meta_campaign_insights')
        .select((eb) => eb.fn.sum<number>('spend_minor').as('total'))
        .where('ad_account_id', '=', imported.adAccountIds[alexJpy] as string)
        .where('breakdown', '=', 'none')
        .where('day', '>=', inside.since)
        .where('day', '<=', inside.until)
        .executeTakeFirstOrThrow();
      expect(Number(stored.total)).toBe(cached.items.reduce((sum, r) => sum + Number(r.spend), 0));
    });

    it('pages through the rows with limit and after, every page from the copy', async () => {
      const query: Query = { adAccountId: alexUsd, level: 'campaign', breakdowns: ['age'], fields: ['impressions'], ...inside, limit: 500 };
      const all = report(await getInsights(admin(), imported.teamId, query)).items;
      const seen: Record<string, unknown>[] = [];
      let after: string | undefined;
      sandbox.fake.calls.reset();
      do {
        const page = await getInsights(admin(), imported.teamId, { ...query, limit: 25, ...(after ? { after } : {}) });
        expectSource(page, 'cache');
        seen.push(...report(page).items);
        after = report(page).paging.after ?? undefined;
      } while (after);
      expect(seen).toEqual(all);
      expect(sandbox.fake.calls.count()).toBe(0);
    });
  });

  describe('from Meta', () => {
    const cases: [string, Query][] = [
      ['the account level (the default)', { adAccountId: alexUsd, ...inside }],
      ['the ad set level', { adAccountId: alexUsd, level: 'adset', ...inside }],
      ['two breakdowns', { adAccountId: alexUsd, level: 'campaign', breakdowns: ['age', 'gender'], ...inside }],
      ['a field the import does not store (reach)', { adAccountId: alexUsd, level: 'campaign', fields: ['reach'], ...inside }],
      ['a time increment other than 1 or all_days', { adAccountId: alexUsd, level: 'campaign', timeIncrement: '7', ...inside }],
      [
        'days outside the imported windows',
        { adAccountId: alexUsd, level: 'campaign', since: addDays(window.since, -1), until: window.until },
      ],
      ['an account that was never imported', { adAccountId: alexEur, level: 'campaign', ...inside }],
    ];
    for (const [what, query] of cases) {
      it(`calls Meta (X-Data-Source: live) for ${what}`, async () => {
        sandbox.fake.calls.reset();
        const result = await getInsights(admin(), imported.teamId, query);
        expectSource(result, 'live');
        expect(sandbox.fake.calls.count('/v25.0/act_*/insights')).toBe(1);
      });
    }

    it("sends Meta the level, fields with the level's id and name, breakdowns, time_range and time_increment, and converts its strings", async () => {
      sandbox.fake.calls.reset();
      const result = await getInsights(admin(), fresh.teamId, {
        adAccountId: alexUsd,
        level: 'adset',
        fields: ['impressions', 'reach', 'frequency', 'spend', 'actions'],
        breakdowns: ['publisher_platform'],
        timeIncrement: 'all_days',
        ...inside,
        limit: 10,
      });
      expectSource(result, 'live');
      const q = new URLSearchParams(sandbox.fake.calls.list('/v25.0/act_*/insights')[0]?.query);
      expect(
        Object.fromEntries(['level', 'fields', 'breakdowns', 'time_range', 'time_increment', 'limit'].map((k) => [k, q.get(k)])),
      ).toEqual({
        level: 'adset',
        fields: 'adset_id,adset_name,impressions,reach,frequency,spend,actions',
        breakdowns: '["publisher_platform"]',
        time_range: JSON.stringify(inside),
        time_increment: 'all_days',
        limit: '10',
      });
      const [row] = report(result).items;
      expect(row).toMatchObject({
        date_start: inside.since,
        date_stop: inside.until,
        publisher_platform: expect.any(String),
        adset_id: expect.any(String),
      });
      expect(Number.isInteger(row?.impressions)).toBe(true);
      expect(typeof row?.spend).toBe('number');
      expect(typeof (row?.actions as { value: unknown }[] | undefined)?.[0]?.value).toBe('number');
    });

    it('pages Meta rows with a live cursor that keeps the live source', async () => {
      const query: Query = { adAccountId: alexUsd, level: 'ad', fields: ['impressions'], ...inside, limit: 20 };
      const first = await getInsights(admin(), imported.teamId, query);
      expectSource(first, 'live');
      expect(report(first).paging.hasMore).toBe(true);
      const second = await getInsights(admin(), imported.teamId, { ...query, after: report(first).paging.after as string });
      expectSource(second, 'live');
      expect(report(second).items[0]).not.toEqual(report(first).items[0]);
    });

    it('resolves a date preset in the ad account time zone and reports the window (last_7d: the 7 days ending yesterday)', async () => {
      const result = await getInsights(admin(), fresh.teamId, { adAccountId: alexJpy, datePreset: 'last_7d' });
      const today = todayIn('Asia/Tokyo');
      expect(report(result)).toMatchObject({ currency: 'JPY', since: addDays(today, -7), until: addDays(today, -1) });
      expect(
        JSON.parse(new URLSearchParams(sandbox.fake.calls.list('/v25.0/act_*/insights').at(-1)?.query).get('time_range') ?? '{}'),
      ).toEqual({
        since: addDays(today, -7),
        until: addDays(today, -1),
      });
    });

    it('defaults to the last 30 days', async () => {
      const today = todayIn('America/Los_Angeles');
      expect(report(await getInsights(admin(), fresh.teamId, { adAccountId: alexUsd }))).toMatchObject({
        since: addDays(today, -30),
        until: addDays(today, -1),
      });
    });

    it('answers 400 UPSTREAM_REJECTED when Meta refuses a breakdown combination', async () => {
      const result = await getInsights(admin(), fresh.teamId, { adAccountId: alexUsd, breakdowns: ['age', 'country'], ...inside });
      expect(result.response.status).toBe(400);
      expect(codeOf(result)).toBe('UPSTREAM_REJECTED');
    });

    it('answers 502 UPSTREAM_ERROR when Meta keeps failing', async () => {
      sandbox.fake.faults.add({ match: { path: '/v25.0/act_*/insights' }, error: 1, times: 2 });
      const result = await getInsights(admin(), fresh.teamId, { adAccountId: alexUsd, ...inside });
      expect(result.response.status).toBe(502);
      expect(codeOf(result)).toBe('UPSTREAM_ERROR');
    });
  });

  describe('answers 400 BAD_REQUEST', () => {
    const today = todayIn('America/Los_Angeles');
    const cases: [string, Partial<Query>, string][] = [
      ['when only since is given', { since: inside.since }, 'query.until'],
      ['when since is after until', { since: inside.until, until: inside.since }, 'query.since'],
      ['when since is more than 37 months ago', { since: addDays(today, -1200), until: addDays(today, -1190) }, 'query.since'],
      ['for an unknown breakdown', { breakdowns: ['region' as 'age'] }, 'query.breakdowns'],
      ['for a time increment of 91 days', { timeIncrement: '91' }, 'query.timeIncrement'],
      ['for an unknown date preset', { datePreset: 'last_2d' as 'last_3d' }, 'query.datePreset'],
    ];
    for (const [what, query, field] of cases) {
      it(what, async () => {
        sandbox.fake.calls.reset();
        const result = await getInsights(admin(), imported.teamId, { adAccountId: alexUsd, ...query });
        expectStatus(result, 400);
        expect(codeOf(result)).toBe('BAD_REQUEST');
        expect(fieldsOf(result).some((f) => f?.startsWith(field))).toBe(true);
        expect(sandbox.fake.calls.count()).toBe(0);
      });
    }
  });

  it('answers from the copy without a working connection', async () => {
    const team = await connectedTeam(sandbox, { accounts: [alexJpy] });
    ok(await importAccount(admin(), team.teamId, { adAccountId: alexJpy, ...pastWindow(2) }));
    await sandbox.server.deps.db.updateTable('connections').set({ status: 'REVOKED' }).where('id', '=', team.connectionId).execute();
    expectSource(await getInsights(admin(), team.teamId, { adAccountId: alexJpy, level: 'campaign', ...pastWindow(2) }), 'cache');
    const live = await getInsights(admin(), team.teamId, { adAccountId: alexJpy, level: 'account', ...pastWindow(2) });
    expect(codeOf(live)).toBe('CONNECTION_EXPIRED');
  });

  it('matches the stored daily rows against the fake for a whole day', async () => {
    // A cross-check of the import itself: the stored unsplit rows of one day are Meta's rows of that day.
    const day = { since: inside.since, until: inside.since };
    const meta = await readFake(sandbox, `${alexUsd}/insights`, {
      level: 'campaign',
      time_increment: '1',
      time_range: JSON.stringify(day),
      fields: 'campaign_id,impressions',
    });
    const cached = report(
      await getInsights(admin(), imported.teamId, {
        adAccountId: alexUsd,
        level: 'campaign',
        fields: ['impressions'],
        timeIncrement: '1',
        ...day,
        limit: 500,
      }),
    );
    expect(cached.items.map((r) => [r.campaign_id, r.impressions])).toEqual(meta.map((r) => [r.campaign_id, Number(r.impressions)]));
  });

  describe('who may read insights', () => {
    const table: { who: string; role: Role; account: string; status: number }[] = [
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
        expectStatus(await getInsights(sandbox.fx.cast[role], teamId, { adAccountId: account, datePreset: 'yesterday' }), status);
      });
    }
  });
});
