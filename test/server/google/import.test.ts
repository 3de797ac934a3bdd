// GET /api/v1/{teamId}/google/import against the Google Ads fake, which answers searchStream in batches of 5 rows:
// every batch is stored, in one transaction, idempotently; a failure mid-way keeps the previous copy; a second
// import of the same customer while one runs answers 409; and the permission table.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../server/db/database.ts';
import { todayIn } from '../../../server/google/window.ts';
import {
  addDays,
  CUSTOMERS,
  connectedTeam,
  detailsOf,
  expectError,
  GOOGLE_ROLES,
  GOOGLE_WHO,
  type GoogleRole,
  importCustomer,
  pastWindow,
  startWorld,
  streamCalls,
  type World,
} from './support.ts';

const BATCH = 5;
let world: World;
let db: Db;

beforeAll(async () => {
  world = await startWorld({ fake: { streamBatchSize: BATCH } });
  db = world.sb.server.deps.db;
});

afterAll(async () => {
  await world?.close();
});

const CUSTOMER = CUSTOMERS.sakuraJpy;

/** What the fake holds for a customer, counted the way the import stores it. */
function fakeCopy(customerId: string, window: { since: string; until: string }) {
  const state = world.sb.fake.state;
  const inWindow = state.metrics.filter((m) => m.customerId === customerId && m.date >= window.since && m.date <= window.until);
  const distinct = (keys: string[]) => new Set(keys).size;
  return {
    campaigns: state.campaigns.filter((c) => c.customerId === customerId && c.status !== 'REMOVED').length,
    adGroups: state.adGroups.filter((g) => g.customerId === customerId && g.status !== 'REMOVED').length,
    ads: state.ads.filter((a) => a.customerId === customerId && a.status !== 'REMOVED').length,
    assets: state.assets.filter((a) => a.customerId === customerId).length,
    metrics:
      distinct(inWindow.map((m) => `${m.campaignId}|${m.date}`)) +
      distinct(inWindow.map((m) => `${m.adGroupId}|${m.date}`)) +
      distinct(inWindow.map((m) => `${m.adGroupId}|${m.adId}|${m.date}`)),
  };
}

async function countRows(adAccountId: string) {
  const count = async (table: 'google_campaigns' | 'google_ad_groups' | 'google_ads' | 'google_assets' | 'google_daily_metrics') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('ad_account_id', '=', adAccountId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    campaigns: await count('google_campaigns'),
    adGroups: await count('google_ad_groups'),
    ads: await count('google_ads'),
    assets: await count('google_assets'),
    metrics: await count('google_daily_metrics'),
  };
}

/** Snapshot of the fake's mutable world, restored after a test that changes it. */
function snapshotFake(): () => void {
  const state = world.sb.fake.state;
  const saved = structuredClone({
    campaigns: state.campaigns,
    adGroups: state.adGroups,
    ads: state.ads,
    assets: state.assets,
    metrics: state.metrics,
  });
  return () => Object.assign(state, saved);
}

describe('GET /api/v1/{teamId}/google/import', () => {
  it('stores the campaigns, ad groups, ads, assets and daily metrics of the window from every searchStream batch', async () => {
    const team = await connectedTeam(world);
    const window = pastWindow(7);
    const adAccountId = team.adAccountIds[CUSTOMER] ?? '';
    const expected = fakeCopy(CUSTOMER, window);
    const calls = streamCalls(world);

    const result = await importCustomer(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, ...window });

    expect(result.response.status, JSON.stringify(result.error)).toBe(200);
    const data = result.data?.data;
    expect(data?.customerId).toBe(CUSTOMER);
    expect(data?.window).toEqual(window);
    expect(data?.campaigns).toEqual({ created: expected.campaigns, updated: 0, removed: 0 });
    expect(data?.adGroups).toEqual({ created: expected.adGroups, updated: 0, removed: 0 });
    expect(data?.ads).toEqual({ created: expected.ads, updated: 0, removed: 0 });
    expect(data?.assets).toEqual({ created: expected.assets, updated: 0, removed: 0 });
    expect(data?.metrics).toEqual({ created: expected.metrics, updated: 0, removed: 0 });
    // Far more rows than one batch holds: only reading every batch stores them all.
    expect(expected.metrics).toBeGreaterThan(10 * BATCH);
    expect(await countRows(adAccountId)).toEqual(expected);
    // customer, campaigns, ad groups, ads, assets, then metrics at campaign, ad-group and ad level.
    expect(streamCalls(world) - calls).toBe(8);
    const account = await db
      .selectFrom('ad_accounts')
      .select(['name', 'currency', 'timezone', 'last_imported_at'])
      .where('id', '=', adAccountId)
      .executeTakeFirstOrThrow();
    expect(account).toMatchObject({ name: 'Sakura Dental', currency: 'JPY', timezone: 'Asia/Tokyo' });
    expect(new Date(account.last_imported_at ?? 0).toISOString()).toBe(data?.importedAt);
  });

  it('stores the assets in the contract shape and the daily metrics in micros, as Google gave them', async () => {
    const team = await connectedTeam(world);
    const window = pastWindow(3);
    const adAccountId = team.adAccountIds[CUSTOMER] ?? '';

    await importCustomer(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, ...window });

    const sitelink = world.sb.fake.state.assets.find((a) => a.customerId === CUSTOMER && a.type === 'SITELINK');
    const stored = await db
      .selectFrom('google_assets')
      .select('asset')
      .where('ad_account_id', '=', adAccountId)
      .where('asset_id', '=', sitelink?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(stored.asset).toEqual({
      resourceName: `customers/${CUSTOMER}/assets/${sitelink?.id}`,
      id: sitelink?.id,
      type: 'SITELINK',
      source: 'ADVERTISER',
      finalUrls: sitelink?.finalUrls,
      sitelinkAsset: sitelink?.sitelink,
    });
    const day = window.since;
    const campaign = world.sb.fake.state.campaigns.find(
      (c) => c.customerId === CUSTOMER && world.sb.fake.state.metrics.some((m) => m.campaignId === c.id && m.date === day),
    );
    const fakeCost = world.sb.fake.state.metrics
      .filter((m) => m.campaignId === campaign?.id && m.date === day)
      .reduce((sum, m) => sum + m.costMicros, 0);
    const row = await db
      .selectFrom('google_daily_metrics')
      .select(['cost_micros', 'campaign_name'])
      .where('ad_account_id', '=', adAccountId)
      .where('level', '=', 'campaign')
      .where('campaign_id', '=', campaign?.id ?? '')
      .where('date', '=', day)
      .executeTakeFirstOrThrow();
    expect(Number(row.cost_micros)).toBe(fakeCost);
    expect(row.campaign_name).toBe(campaign?.name);
  });

  it('changes nothing when the same data is imported again (0 created, 0 updated, 0 removed)', async () => {
    const team = await connectedTeam(world);
    const window = pastWindow(5);
    const first = await importCustomer(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, ...window });
    expect(first.response.status).toBe(200);

    const second = await importCustomer(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, ...window });

    const nothing = { created: 0, updated: 0, removed: 0 };
    expect(second.data?.data).toMatchObject({ campaigns: nothing, adGroups: nothing, ads: nothing, assets: nothing, metrics: nothing });
    expect(await countRows(team.adAccountIds[CUSTOMER] ?? '')).toEqual(fakeCopy(CUSTOMER, window));
  });

  it('refreshes what changed: new and renamed objects are written, removed ones and vanished metric rows of the window deleted, other days kept', async () => {
    const restore = snapshotFake();
    try {
      const team = await connectedTeam(world);
      const adAccountId = team.adAccountIds[CUSTOMER] ?? '';
      const older = pastWindow(3, 10);
      const window = pastWindow(5);
      await importCustomer(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, ...older });
      await importCustomer(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, ...window });
      const olderRows = (await countRows(adAccountId)).metrics - fakeCopy(CUSTOMER, window).metrics;
      const state = world.sb.fake.state;
      const campaign = state.campaigns.find((c) => c.customerId === CUSTOMER && c.status === 'ENABLED');
      if (!campaign) throw new Error('no enabled campaign');
      campaign.name = `${campaign.name} (renamed)`;
      // An ad with metrics on the last day, whose ad group has another ad with metrics that day.
      const activeOn = (adId: string) => state.metrics.some((m) => m.adId === adId && m.date === window.until);
      const ad = state.ads.find(
        (a) =>
          a.customerId === CUSTOMER &&
          a.status !== 'REMOVED' &&
          a.campaignId !== campaign.id &&
          activeOn(a.adId) &&
          state.ads.some((b) => b.adGroupId === a.adGroupId && b.adId !== a.adId && activeOn(b.adId)),
      );
      if (!ad) throw new Error('no suitable ad');
      ad.status = 'REMOVED';
      state.assets.push({ id: '99000000001', customerId: CUSTOMER, type: 'CALLOUT', calloutText: 'Open on Sundays' });
      // Google no longer reports one ad on the last day of the window.
      const gone = state.metrics.filter((m) => m.adId === ad.adId && m.date === window.until);
      state.metrics = state.metrics.filter((m) => !gone.includes(m));

      const result = await importCustomer(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, ...window });

      const data = result.data?.data;
      expect(data?.campaigns).toEqual({ created: 0, updated: 1, removed: 0 });
      expect(data?.ads).toEqual({ created: 0, updated: 0, removed: 1 });
      expect(data?.assets).toEqual({ created: 1, updated: 0, removed: 0 });
      expect(data?.metrics.created).toBe(0);
      // The renamed campaign's rows now carry the new name; the vanished ad-day is gone at ad level.
      expect(data?.metrics.updated).toBeGreaterThan(0);
      expect(data?.metrics.removed).toBe(1);
      const counts = await countRows(adAccountId);
      expect(counts.metrics).toBe(fakeCopy(CUSTOMER, window).metrics + olderRows);
      const renamed = await db
        .selectFrom('google_campaigns')
        .select('name')
        .where('ad_account_id', '=', adAccountId)
        .where('campaign_id', '=', campaign.id)
        .executeTakeFirstOrThrow();
      expect(renamed.name).toBe(campaign.name);
      // The removed ad's metric rows of other days stay; only the object and the vanished day go.
      const adDays = (
        await db
          .selectFrom('google_daily_metrics')
          .select('date')
          .where('ad_account_id', '=', adAccountId)
          .where('level', '=', 'ad')
          .where('ad_id', '=', ad.adId)
          .execute()
      ).map((r) => new Date(r.date).toISOString().slice(0, 10));
      expect(adDays.length).toBeGreaterThan(0);
      expect(adDays).not.toContain(window.until);
    } finally {
      restore();
    }
  });

  it('keeps the previous copy when Google fails mid-way, and the next import completes it', async () => {
    const restore = snapshotFake();
    const deps = world.sb.server.deps;
    const original = deps.upstream.google.client;
    try {
      const team = await connectedTeam(world);
      const adAccountId = team.adAccountIds[CUSTOMER] ?? '';
      const window = pastWindow(4);
      await importCustomer(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, ...window });
      const before = await countRows(adAccountId);
      const campaign = world.sb.fake.state.campaigns.find((c) => c.customerId === CUSTOMER && c.status === 'ENABLED');
      if (!campaign) throw new Error('no enabled campaign');
      const oldName = campaign.name;
      campaign.name = `${oldName} v2`;
      world.sb.fake.state.assets.push({ id: '99000000002', customerId: CUSTOMER, type: 'TEXT', text: 'Evening hours' });
      // The 4th query (ads) and its retry fail with INTERNAL: campaigns and ad groups have been read by then.
      let queries = 0;
      deps.upstream.google.client = (token, options) => {
        const client = original(token, options);
        return {
          ...client,
          searchStream: (customerId, query, callOptions) => {
            queries++;
            if (queries === 4) world.sb.fake.faults.add({ match: { path: /:searchStream$/ }, error: 'INTERNAL', times: 2 });
            return client.searchStream(customerId, query, callOptions);
          },
        };
      };

      const failed = await importCustomer(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, ...window });

      expectError(failed, 502, 'UPSTREAM_ERROR');
      expect(queries).toBe(4);
      expect(await countRows(adAccountId)).toEqual(before);
      const kept = await db
        .selectFrom('google_campaigns')
        .select('name')
        .where('ad_account_id', '=', adAccountId)
        .where('campaign_id', '=', campaign.id)
        .executeTakeFirstOrThrow();
      expect(kept.name).toBe(oldName);

      deps.upstream.google.client = original;
      const next = await importCustomer(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, ...window });

      expect(next.response.status).toBe(200);
      expect(next.data?.data.campaigns).toEqual({ created: 0, updated: 1, removed: 0 });
      expect(next.data?.data.assets).toEqual({ created: 1, updated: 0, removed: 0 });
    } finally {
      deps.upstream.google.client = original;
      world.sb.fake.faults.reset();
      restore();
    }
  });

  it('writes nothing when the database fails in the middle of the transaction, and releases the lock', async () => {
    const team = await connectedTeam(world);
    const adAccountId = team.adAccountIds[CUSTOMER] ?? '';
    const window = pastWindow(2);
    await sql
      .raw(`CREATE FUNCTION failing_google_ads() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$`)
      .execute(db);
    await sql
      .raw(`CREATE TRIGGER failing_google_ads BEFORE INSERT ON google_ads FOR EACH ROW EXECUTE FUNCTION failing_google_ads()`)
      .execute(db);
    try {
      const failed = await importCustomer(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, ...window });

      expectError(failed, 500, 'INTERNAL_ERROR');
      // Campaigns and ad groups were written before the ads failed; they rolled back with them.
      expect(await countRows(adAccountId)).toEqual({ campaigns: 0, adGroups: 0, ads: 0, assets: 0, metrics: 0 });
      expect(await db.selectFrom('google_import_windows').select('since').where('ad_account_id', '=', adAccountId).execute()).toEqual([]);
      expect(await db.selectFrom('google_import_locks').select('token').where('ad_account_id', '=', adAccountId).execute()).toEqual([]);
    } finally {
      await sql.raw('DROP TRIGGER failing_google_ads ON google_ads').execute(db);
      await sql.raw('DROP FUNCTION failing_google_ads()').execute(db);
    }
    expect((await importCustomer(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, ...window })).response.status).toBe(200);
  });

  it('answers 409 CONFLICT to a second import of the customer while the first runs, and imports again once it has finished', async () => {
    const team = await connectedTeam(world);
    const window = pastWindow(2);
    const calls = streamCalls(world);
    world.sb.fake.faults.add({ match: { path: /:searchStream$/ }, latencyMs: 1_000, times: 1 });

    const first = importCustomer(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, ...window });
    while (streamCalls(world) === calls) await new Promise((resolve) => setTimeout(resolve, 10));
    const second = await importCustomer(world.cast.viewer, team.teamId, { customerId: CUSTOMER, ...window });

    expectError(second, 409, 'CONFLICT');
    expect(detailsOf(second).map((d) => d.objectId)).toEqual([CUSTOMER]);
    expect((await first).response.status).toBe(200);
    expect((await importCustomer(world.cast.viewer, team.teamId, { customerId: CUSTOMER, ...window })).response.status).toBe(200);
  });

  it('takes over the lock of an import that died long ago', async () => {
    const team = await connectedTeam(world);
    const adAccountId = team.adAccountIds[CUSTOMER] ?? '';
    await db
      .insertInto('google_import_locks')
      .values({ ad_account_id: adAccountId, token: '00000000-0000-4000-8000-000000000000', started_at: new Date(Date.now() - 60 * 60_000) })
      .execute();

    const result = await importCustomer(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, ...pastWindow(1) });

    expect(result.response.status).toBe(200);
  });

  it('imports the 30 days ending today in the account time zone by default', async () => {
    const team = await connectedTeam(world);
    const today = todayIn('Asia/Tokyo', new Date());

    const result = await importCustomer(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER });

    expect(result.data?.data.window).toEqual({ since: addDays(today, -29), until: today });
  });

  it('answers 400 for a window that ends after today, starts after it ends or spans more than 90 days, and for a bad customerId', async () => {
    const team = await connectedTeam(world);
    const today = todayIn('Asia/Tokyo', new Date());
    const calls = streamCalls(world);

    const future = await importCustomer(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, until: addDays(today, 1) });
    const reversed = await importCustomer(world.cast.teamAdmin, team.teamId, {
      customerId: CUSTOMER,
      since: addDays(today, -3),
      until: addDays(today, -4),
    });
    const long = await importCustomer(world.cast.teamAdmin, team.teamId, {
      customerId: CUSTOMER,
      since: addDays(today, -90),
      until: today,
    });
    const badId = await importCustomer(world.cast.teamAdmin, team.teamId, { customerId: '706-193-8254' });

    expectError(future, 400, 'BAD_REQUEST');
    expect(detailsOf(future)[0]?.field).toBe('query.until');
    expectError(reversed, 400, 'BAD_REQUEST');
    expect(detailsOf(reversed)[0]?.field).toBe('query.since');
    expectError(long, 400, 'BAD_REQUEST');
    expectError(badId, 400, 'BAD_REQUEST');
    expect(streamCalls(world)).toBe(calls);
  });

  it('answers 404 for a customer that is no ad account of the team, and 401 CONNECTION_EXPIRED without calling Google when the connection is not ACTIVE', async () => {
    const team = await connectedTeam(world);
    const calls = streamCalls(world);

    expectError(await importCustomer(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMERS.bistroEur }), 404, 'NOT_FOUND');
    await db
      .updateTable('connections')
      .set({ status: 'EXPIRED' })
      .where('id', '=', team.connections[0]?.connectionId ?? '')
      .execute();
    expectError(await importCustomer(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER }), 401, 'CONNECTION_EXPIRED');
    expect(streamCalls(world)).toBe(calls);
  });

  it('answers 503 UPSTREAM_UNAVAILABLE with Retry-After when Google stays unavailable, and stores nothing', async () => {
    const team = await connectedTeam(world);
    world.sb.fake.faults.add({ match: { path: /:searchStream$/ }, error: 'UNAVAILABLE', times: 2 });

    const result = await importCustomer(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, ...pastWindow(1) });

    expectError(result, 503, 'UPSTREAM_UNAVAILABLE');
    expect(Number(result.response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await countRows(team.adAccountIds[CUSTOMER] ?? '')).toEqual({ campaigns: 0, adGroups: 0, ads: 0, assets: 0, metrics: 0 });
  });

  describe('who may call it', () => {
    const expected: Record<GoogleRole, number> = {
      none: 401,
      otherTenant: 404,
      outsider: 403,
      member: 403,
      viewer: 200,
      manager: 200,
      teamAdmin: 200,
      workspaceAdmin: 200,
    };
    let teamId: string;

    beforeAll(async () => {
      teamId = (await connectedTeam(world)).teamId;
    });

    for (const role of GOOGLE_ROLES) {
      it(`answers ${expected[role]} to ${GOOGLE_WHO[role]}`, async () => {
        const result = await importCustomer(world.cast[role], teamId, { customerId: CUSTOMER, ...pastWindow(1) });

        expect(result.response.status, JSON.stringify(result.error)).toBe(expected[role]);
      });
    }
  });
});
