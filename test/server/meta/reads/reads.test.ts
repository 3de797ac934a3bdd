// GET /api/v1/{teamId}/meta/campaigns|adsets|ads|adcreatives against the Meta fake: the imported copy answers
// (`X-Data-Source: cache`, zero Meta calls, the same objects in the same order as Meta), Meta answers otherwise
// (`live`); fields, id filters, limit/after paging; upstream failures mapped to the envelope; who may list.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AdlyftClient } from '../../../../client/index.ts';
import { type MetaSandbox, startMetaSandbox } from '../../../support/connected-team.ts';
import { codeOf, expectStatus, fieldsOf, ok, type Role, WHO } from '../../../support/connections.ts';
import { type ConnectedTeam, connectedTeam, importAccount, META_SEED_IDS, pastWindow } from '../import/support.ts';
import { expectSource, listAdCreatives, listAdSets, listAds, listCampaigns, sourceOf } from './support.ts';

const { alexUsd, alexEur, alexJpy } = META_SEED_IDS.adAccounts;
const HEAVY = 120_000;

type Item = { id: string } & Record<string, unknown>;
type Page = { items: Item[]; paging: { after: string | null; hasMore: boolean } };
type ListResult = { response: Response; error?: unknown; data?: { data: Page } };
type ListCall = (client: AdlyftClient, teamId: string, query: Record<string, unknown>) => Promise<ListResult>;

interface Kind {
  operation: string;
  edge: 'campaigns' | 'adsets' | 'ads' | 'adcreatives';
  list: ListCall;
  message: string;
  /** The parameter naming the listed objects themselves. */
  idParam: string;
  liveOnlyField: string;
  someFields: string[];
}

const KINDS: Kind[] = [
  {
    operation: 'listMetaCampaigns',
    edge: 'campaigns',
    list: listCampaigns as unknown as ListCall,
    message: 'Campaigns retrieved',
    idParam: 'campaignId',
    liveOnlyField: 'budget_remaining',
    someFields: ['name', 'status', 'daily_budget'],
  },
  {
    operation: 'listMetaAdSets',
    edge: 'adsets',
    list: listAdSets as unknown as ListCall,
    message: 'Ad sets retrieved',
    idParam: 'adSetId',
    liveOnlyField: 'learning_stage_info',
    someFields: ['name', 'campaign', 'targeting'],
  },
  {
    operation: 'listMetaAds',
    edge: 'ads',
    list: listAds as unknown as ListCall,
    message: 'Ads retrieved',
    idParam: 'adId',
    liveOnlyField: 'preview_shareable_link',
    someFields: ['name', 'adset', 'creative'],
  },
  {
    operation: 'listMetaAdCreatives',
    edge: 'adcreatives',
    list: listAdCreatives as unknown as ListCall,
    message: 'Ad creatives retrieved',
    idParam: 'adCreativeId',
    liveOnlyField: 'thumbnail_url',
    someFields: ['name', 'title', 'object_story_spec'],
  },
];

let sandbox: MetaSandbox;
/** Alex's three accounts; USD and JPY imported. */
let imported: ConnectedTeam;
/** The same accounts, never imported: Meta answers. */
let fresh: ConnectedTeam;

const admin = () => sandbox.fx.cast.teamAdmin;
const db = () => sandbox.server.deps.db;

beforeAll(async () => {
  sandbox = await startMetaSandbox({ upstream: { timeoutMs: 15_000 } });
  imported = await connectedTeam(sandbox);
  fresh = await connectedTeam(sandbox);
  for (const adAccountId of [alexUsd, alexJpy]) ok(await importAccount(admin(), imported.teamId, { adAccountId, ...pastWindow(1) }));
}, HEAVY);
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(() => {
  sandbox.fake.faults.reset();
});

/** Every page of a list, with the source of each page. */
async function listAll(
  kind: Kind,
  teamId: string,
  query: Record<string, unknown>,
): Promise<{ items: Item[]; sources: (string | null)[]; pages: number }> {
  const items: Item[] = [];
  const sources: (string | null)[] = [];
  let after: string | undefined;
  for (let pages = 1; ; pages++) {
    const result = await kind.list(admin(), teamId, { ...query, ...(after ? { after } : {}) });
    const page = ok(result) as Page;
    items.push(...page.items);
    sources.push(sourceOf(result));
    if (!page.paging.hasMore) {
      expect(page.paging.after).toBeNull();
      return { items, sources, pages };
    }
    after = page.paging.after ?? undefined;
  }
}

for (const kind of KINDS) {
  describe(`GET /api/v1/{teamId}/meta/${kind.edge} (${kind.operation})`, () => {
    it('answers from the imported copy with X-Data-Source: cache and no call to Meta: the objects and order Meta lists', async () => {
      sandbox.fake.calls.reset();
      const cached = await kind.list(admin(), imported.teamId, { adAccountId: alexUsd, limit: 500 });
      expectSource(cached, 'cache');
      expect(cached.data?.data.paging).toEqual({ after: null, hasMore: false });
      expect(cached.data && 'message' in cached.data ? cached.data.message : undefined).toBe(kind.message);
      expect(sandbox.fake.calls.count()).toBe(0);

      const live = await kind.list(admin(), fresh.teamId, { adAccountId: alexUsd, limit: 500 });
      expectSource(live, 'live');
      expect(sandbox.fake.calls.count(`/v25.0/${alexUsd}/${kind.edge}`)).toBe(1);
      const liveItems = (ok(live) as Page).items;
      expect(liveItems.length).toBeGreaterThan(10);
      expect((ok(cached) as Page).items).toEqual(liveItems);
    });

    it('pages through the copy with limit and after (every page cache, still no Meta call) as Meta pages through its list', async () => {
      sandbox.fake.calls.reset();
      const cached = await listAll(kind, imported.teamId, { adAccountId: alexUsd, limit: 7, fields: ['id'] });
      expect(sandbox.fake.calls.count()).toBe(0);
      expect(new Set(cached.sources)).toEqual(new Set(['cache']));
      const live = await listAll(kind, fresh.teamId, { adAccountId: alexUsd, limit: 7, fields: ['id'] });
      expect(new Set(live.sources)).toEqual(new Set(['live']));
      expect(cached.items.map((i) => i.id)).toEqual(live.items.map((i) => i.id));
      expect(cached.pages).toBe(Math.ceil(cached.items.length / 7));
      expect(cached.items).toEqual(cached.items.map((i) => ({ id: i.id })));
    });

    it('returns id and the asked stored fields only, from the copy', async () => {
      sandbox.fake.calls.reset();
      const result = await kind.list(admin(), imported.teamId, { adAccountId: alexUsd, fields: kind.someFields, limit: 20 });
      expectSource(result, 'cache');
      const items = (ok(result) as Page).items;
      expect(items).toHaveLength(20);
      for (const item of items) for (const key of Object.keys(item)) expect(['id', ...kind.someFields]).toContain(key);
      expect(items.some((item) => kind.someFields.every((f) => f in item))).toBe(true);
      expect(sandbox.fake.calls.count()).toBe(0);
    });

    it(`calls Meta (X-Data-Source: live) for a live-only field (${kind.liveOnlyField}), even once imported`, async () => {
      sandbox.fake.calls.reset();
      const result = await kind.list(admin(), imported.teamId, { adAccountId: alexUsd, fields: ['name', kind.liveOnlyField], limit: 5 });
      expectSource(result, 'live');
      const [call] = sandbox.fake.calls.list(`/v25.0/${alexUsd}/${kind.edge}`);
      expect(new URLSearchParams(call?.query).get('fields')).toBe(`id,name,${kind.liveOnlyField}`);
      expect(new URLSearchParams(call?.query).get('limit')).toBe('5');
    });

    it(`keeps only the objects named by ${kind.idParam}, from the copy and from Meta alike`, async () => {
      const all = (ok(await kind.list(admin(), imported.teamId, { adAccountId: alexUsd, fields: ['id'], limit: 500 })) as Page).items;
      const wanted = [all[3]?.id, all[7]?.id].filter((id): id is string => id !== undefined);
      const query = { adAccountId: alexUsd, [kind.idParam]: [...wanted, '999999999999'], fields: ['id'] };
      sandbox.fake.calls.reset();
      const cached = await kind.list(admin(), imported.teamId, query);
      expectSource(cached, 'cache');
      expect(sandbox.fake.calls.count()).toBe(0);
      const live = await kind.list(admin(), fresh.teamId, query);
      expectSource(live, 'live');
      const filtering = JSON.parse(
        new URLSearchParams(sandbox.fake.calls.list(`/v25.0/${alexUsd}/${kind.edge}`)[0]?.query).get('filtering') ?? '[]',
      );
      expect(filtering).toEqual([{ field: 'id', operator: 'IN', value: [...wanted, '999999999999'] }]);
      expect((ok(cached) as Page).items.map((i) => i.id)).toEqual(wanted);
      expect((ok(live) as Page).items.map((i) => i.id)).toEqual(wanted);
    });

    it('calls Meta for an account of the team that was never imported', async () => {
      sandbox.fake.calls.reset();
      expectSource(await kind.list(admin(), imported.teamId, { adAccountId: alexEur, limit: 5 }), 'live');
      expect(sandbox.fake.calls.count(`/v25.0/${alexEur}/${kind.edge}`)).toBe(1);
    });

    describe('who may list', () => {
      // The member is a VIEWER of EUR, a MANAGER of JPY and holds nothing on USD; nothing is imported.
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
          expectStatus(await kind.list(sandbox.fx.cast[role], teamId, { adAccountId: account, limit: 2 }), status);
        });
      }
    });
  });
}

describe('the lists, across the four kinds', () => {
  it('narrows ad sets to campaigns, and ads to a campaign and an ad set, as Meta does', async () => {
    const sets = (ok(await listAdSets(admin(), imported.teamId, { adAccountId: alexUsd, fields: ['campaign_id'], limit: 500 })) as Page)
      .items;
    const campaignIds = [...new Set(sets.map((s) => String(s.campaign_id)))].slice(0, 2);
    for (const teamId of [imported.teamId, fresh.teamId]) {
      const result = await listAdSets(admin(), teamId, {
        adAccountId: alexUsd,
        campaignId: campaignIds,
        fields: ['campaign_id'],
        limit: 500,
      });
      expectSource(result, teamId === imported.teamId ? 'cache' : 'live');
      const items = (ok(result) as Page).items;
      expect(items.map((i) => i.id).sort()).toEqual(
        sets
          .filter((s) => campaignIds.includes(String(s.campaign_id)))
          .map((s) => s.id)
          .sort(),
      );
    }
    const ads = (
      ok(await listAds(admin(), imported.teamId, { adAccountId: alexUsd, fields: ['campaign_id', 'adset_id'], limit: 500 })) as Page
    ).items;
    const ad = ads.find((a) => ads.filter((b) => b.campaign_id === a.campaign_id).length > 1) ?? ads[0];
    const query = {
      adAccountId: alexUsd,
      campaignId: [String(ad?.campaign_id)],
      adSetId: [String(ad?.adset_id)],
      fields: ['adset', 'campaign'] as ('adset' | 'campaign')[],
    };
    const expected = ads
      .filter((a) => a.adset_id === ad?.adset_id)
      .map((a) => ({ id: a.id, adset: { id: a.adset_id }, campaign: { id: a.campaign_id } }));
    sandbox.fake.calls.reset();
    const cached = await listAds(admin(), imported.teamId, query);
    expectSource(cached, 'cache');
    expect((ok(cached) as Page).items).toEqual(expected);
    const live = await listAds(admin(), fresh.teamId, query);
    expectSource(live, 'live');
    expect((ok(live) as Page).items).toEqual(expected);
    expect(JSON.parse(new URLSearchParams(sandbox.fake.calls.list('/v25.0/act_*/ads')[0]?.query).get('filtering') ?? '[]')).toEqual([
      { field: 'campaign.id', operator: 'IN', value: [String(ad?.campaign_id)] },
      { field: 'adset.id', operator: 'IN', value: [String(ad?.adset_id)] },
    ]);
  });

  it('leaves out ad creatives of another ad account', async () => {
    const yen = (ok(await listAdCreatives(admin(), imported.teamId, { adAccountId: alexJpy, fields: ['id'], limit: 1 })) as Page).items[0]
      ?.id as string;
    const dollar = (ok(await listAdCreatives(admin(), imported.teamId, { adAccountId: alexUsd, fields: ['id'], limit: 1 })) as Page)
      .items[0]?.id as string;
    for (const teamId of [imported.teamId, fresh.teamId]) {
      const result = await listAdCreatives(admin(), teamId, { adAccountId: alexUsd, adCreativeId: [yen, dollar], fields: ['name'] });
      expect((ok(result) as Page).items.map((i) => i.id)).toEqual([dollar]);
    }
  });

  it('gives budgets in the minor unit of the account currency: yen as Meta sends them for a JPY account', async () => {
    const result = await listCampaigns(admin(), imported.teamId, { adAccountId: alexJpy, fields: ['daily_budget'], limit: 100 });
    expectSource(result, 'cache');
    const budgeted = (ok(result) as Page).items.filter((c) => c.daily_budget !== undefined);
    expect(budgeted.length).toBeGreaterThan(0);
    for (const campaign of budgeted) {
      const seeded = sandbox.fake.state.campaigns.find((c) => c.id === campaign.id);
      expect(campaign.daily_budget).toBe(seeded?.daily_budget);
      // Whole yen: a JPY budget of "3000" is 3000 yen (offset 1), a USD budget of "3000" would be 30.00 dollars.
      expect(Number(campaign.daily_budget) % 100).toBe(0);
    }
  });

  it(
    'keeps the source of the first page on the following pages, even when the account is imported in between',
    async () => {
      const team = await connectedTeam(sandbox, { accounts: [alexEur] });
      const first = await listCampaigns(admin(), team.teamId, { adAccountId: alexEur, fields: ['id'], limit: 3 });
      expectSource(first, 'live');
      ok(await importAccount(admin(), team.teamId, { adAccountId: alexEur, ...pastWindow(1) }));
      const after = (ok(first) as Page).paging.after as string;
      const second = await listCampaigns(admin(), team.teamId, { adAccountId: alexEur, fields: ['id'], limit: 3, after });
      expectSource(second, 'live');
      expectSource(await listCampaigns(admin(), team.teamId, { adAccountId: alexEur, fields: ['id'], limit: 3 }), 'cache');
    },
    HEAVY,
  );

  it('answers from the copy without a working connection, but a list that needs Meta answers 401 CONNECTION_EXPIRED', async () => {
    const team = await connectedTeam(sandbox, { accounts: [alexJpy] });
    ok(await importAccount(admin(), team.teamId, { adAccountId: alexJpy, ...pastWindow(1) }));
    await db().updateTable('connections').set({ status: 'EXPIRED' }).where('id', '=', team.connectionId).execute();
    sandbox.fake.calls.reset();
    expectSource(await listCampaigns(admin(), team.teamId, { adAccountId: alexJpy }), 'cache');
    const live = await listCampaigns(admin(), team.teamId, { adAccountId: alexJpy, fields: ['issues_info'] });
    expect(live.response.status).toBe(401);
    expect(codeOf(live)).toBe('CONNECTION_EXPIRED');
    expect(sandbox.fake.calls.count()).toBe(0);
  });

  describe('answers 400 BAD_REQUEST', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['for an after cursor it did not write', { after: 'bm90LWEtY3Vyc29y' }, 'query.after'],
      [
        'for a cache cursor of an account that was never imported',
        { after: 'eyJzIjoiY2FjaGUiLCJrIjpbIjIwMjYtMDEtMDFUMDA6MDA6MDAuMDAwWiIsIjEiXX0' },
        'query.after',
      ],
      ['for a limit above 500', { limit: 501 }, 'query.limit'],
      ['for a field that is not a campaign field', { fields: ['id', 'targeting'] }, 'query.fields'],
      ['for a campaignId that is not a Meta id', { campaignId: ['12a'] }, 'query.campaignId'],
      [
        'for more than 50 campaign ids',
        { campaignId: Array.from({ length: 51 }, (_, i) => String(120210000000000000 + i)) },
        'query.campaignId',
      ],
      ['for an adAccountId without act_', { adAccountId: '584930127364002' }, 'query.adAccountId'],
    ];
    for (const [what, query, field] of cases) {
      it(what, async () => {
        const result = await listCampaigns(admin(), imported.teamId, { adAccountId: alexEur, ...query } as never);
        expectStatus(result, 400);
        expect(codeOf(result)).toBe('BAD_REQUEST');
        expect(fieldsOf(result).some((f) => f?.startsWith(field))).toBe(true);
      });
    }
  });

  it('answers 404 NOT_FOUND for an ad account of none of the team connections', async () => {
    const team = await connectedTeam(sandbox, { accounts: [alexJpy] });
    expectStatus(await listCampaigns(admin(), team.teamId, { adAccountId: alexUsd }), 404);
  });
});

describe('Meta failures on a live list (listMetaCampaigns), each mapped to the envelope', () => {
  // A sandbox of its own with a short per-attempt timeout, so a slow Meta becomes 504 quickly.
  let failing: MetaSandbox;
  let team: ConnectedTeam;
  const list = () => listCampaigns(failing.fx.cast.teamAdmin, team.teamId, { adAccountId: alexEur, limit: 5 });
  beforeAll(async () => {
    failing = await startMetaSandbox({ upstream: { timeoutMs: 1_000 } });
    team = await connectedTeam(failing, { accounts: [alexEur] });
  });
  afterAll(async () => {
    await failing?.close();
  });
  beforeEach(() => {
    failing.fake.faults.reset();
  });

  it('401 CONNECTION_EXPIRED, and the connection marked EXPIRED, when Meta refuses the token (190/463)', async () => {
    failing.fake.faults.add({ match: { path: '/v25.0/act_*/campaigns' }, error: { code: 190, subcode: 463 }, times: 1 });
    const result = await list();
    expect(result.response.status).toBe(401);
    expect(codeOf(result)).toBe('CONNECTION_EXPIRED');
    const row = await failing.server.deps.db
      .selectFrom('connections')
      .select('status')
      .where('id', '=', team.connectionId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('EXPIRED');
    failing.fake.calls.reset();
    expect(codeOf(await list())).toBe('CONNECTION_EXPIRED');
    expect(failing.fake.calls.count()).toBe(0);
    await failing.server.deps.db.updateTable('connections').set({ status: 'ACTIVE' }).where('id', '=', team.connectionId).execute();
  });

  it('429 UPSTREAM_RATE_LIMITED with Retry-After when Meta throttles the ad account beyond the wait we accept', async () => {
    failing.fake.faults.add({ match: { path: '/v25.0/act_*/campaigns' }, rateLimit: { retryAfterSeconds: 300, code: 80004 } });
    const result = await list();
    expect(result.response.status).toBe(429);
    expect(codeOf(result)).toBe('UPSTREAM_RATE_LIMITED');
    expect(Number(result.response.headers.get('retry-after'))).toBeGreaterThanOrEqual(300);
  });

  it('502 UPSTREAM_ERROR when Meta keeps failing (code 2) through the retries', async () => {
    failing.fake.faults.add({ match: { path: '/v25.0/act_*/campaigns' }, error: 2, times: 2 });
    failing.fake.calls.reset();
    const result = await list();
    expect(result.response.status).toBe(502);
    expect(codeOf(result)).toBe('UPSTREAM_ERROR');
    expect(failing.fake.calls.count('/v25.0/act_*/campaigns')).toBe(2);
  });

  it('504 UPSTREAM_TIMEOUT when Meta does not answer in time', async () => {
    failing.fake.faults.add({ match: { path: '/v25.0/act_*/campaigns' }, latencyMs: 1_500, times: 2 });
    const result = await list();
    expect(result.response.status).toBe(504);
    expect(codeOf(result)).toBe('UPSTREAM_TIMEOUT');
  });

  it('403 UPSTREAM_PERMISSION_DENIED when Meta refuses the user (code 200)', async () => {
    failing.fake.faults.add({ match: { path: '/v25.0/act_*/campaigns' }, error: 200, times: 1 });
    const result = await list();
    expect(result.response.status).toBe(403);
    expect(codeOf(result)).toBe('UPSTREAM_PERMISSION_DENIED');
  });
});
