// GET /api/v1/{teamId}/google/insights and /assets against the Google Ads fake: live (one searchStream query,
// not stored) until an import covers the request, then from the copy with zero calls to Google; money from
// micros; the type filter; Google's failures mapped; and the permission tables.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findConnection } from '../../../server/connections/repository.ts';
import { todayIn } from '../../../server/google/window.ts';
import {
  addDays,
  CUSTOMERS,
  connectedTeam,
  dataSource,
  detailsOf,
  expectError,
  GOOGLE_ROLES,
  GOOGLE_WHO,
  type GoogleRole,
  getInsights,
  importCustomer,
  listAssets,
  pastWindow,
  startWorld,
  streamCalls,
  type World,
} from './support.ts';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});

afterEach(() => {
  world.sb.fake.faults.reset();
});

afterAll(async () => {
  await world?.close();
});

const CUSTOMER = CUSTOMERS.sakuraJpy;
const LEVELS = ['customer', 'campaign', 'ad_group', 'ad'] as const;

/** All calls the fake received, OAuth included. */
const allCalls = (): number => world.sb.fake.calls.count();

/** Campaign-level daily totals straight from the fake's per-ad, per-device rows. */
function fakeCampaignDays(window: { since: string; until: string }) {
  const sums = new Map<
    string,
    { date: string; campaignId: string; impressions: number; clicks: number; costMicros: number; conversions: number }
  >();
  for (const m of world.sb.fake.state.metrics) {
    if (m.customerId !== CUSTOMER || m.date < window.since || m.date > window.until) continue;
    const key = `${m.date}|${m.campaignId}`;
    const sum = sums.get(key) ?? { date: m.date, campaignId: m.campaignId, impressions: 0, clicks: 0, costMicros: 0, conversions: 0 };
    sum.impressions += m.impressions;
    sum.clicks += m.clicks;
    sum.costMicros += m.costMicros;
    sum.conversions += m.conversions;
    sums.set(key, sum);
  }
  return [...sums.values()].sort(
    (a, b) => a.date.localeCompare(b.date) || a.campaignId.length - b.campaignId.length || a.campaignId.localeCompare(b.campaignId),
  );
}

describe('GET /api/v1/{teamId}/google/insights', () => {
  it('reads live with one searchStream query when no import covers the window, cost in major units from micros', async () => {
    const team = await connectedTeam(world);
    const window = pastWindow(3);
    const calls = streamCalls(world);

    const result = await getInsights(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, level: 'campaign', ...window });

    expect(result.response.status, JSON.stringify(result.error)).toBe(200);
    expect(dataSource(result)).toBe('live');
    expect(streamCalls(world) - calls).toBe(1);
    const data = result.data?.data;
    expect(data).toMatchObject({ customerId: CUSTOMER, currencyCode: 'JPY', level: 'campaign', ...window });
    const expected = fakeCampaignDays(window);
    expect(data?.rows.map((r) => [r.date, r.campaignId, r.impressions, r.clicks, r.cost])).toEqual(
      expected.map((e) => [e.date, e.campaignId, e.impressions, e.clicks, e.costMicros / 1_000_000]),
    );
    for (const [i, row] of (data?.rows ?? []).entries()) {
      const e = expected[i];
      if (!e) throw new Error('missing expected row');
      expect(row.campaignName).toBe(world.sb.fake.state.campaigns.find((c) => c.id === e.campaignId)?.name);
      expect([row.adGroupId, row.adGroupName, row.adId, row.adName]).toEqual([null, null, null, null]);
      expect(row.ctr).toBeCloseTo(e.impressions ? (e.clicks / e.impressions) * 100 : 0, 2);
      if (e.clicks === 0) expect(row.averageCpc).toBeNull();
      else expect(row.averageCpc).toBeCloseTo(e.costMicros / 1_000_000 / e.clicks, 2);
      expect(row.conversions).toBeCloseTo(e.conversions, 4);
    }
    // A live read is not stored.
    expect(
      await world.sb.server.deps.db
        .selectFrom('google_daily_metrics')
        .select('date')
        .where('ad_account_id', '=', team.adAccountIds[CUSTOMER] ?? '')
        .execute(),
    ).toEqual([]);
  });

  it('serves every level from the import once it covers the window: the same rows as live, X-Data-Source cache, zero calls to Google', async () => {
    const team = await connectedTeam(world);
    const window = pastWindow(4);
    const live: Record<string, unknown> = {};
    for (const level of LEVELS) {
      const result = await getInsights(world.cast.viewer, team.teamId, { customerId: CUSTOMER, level, ...window });
      expect(dataSource(result)).toBe('live');
      live[level] = result.data?.data;
    }
    expect((await importCustomer(world.cast.viewer, team.teamId, { customerId: CUSTOMER, ...pastWindow(6) })).response.status).toBe(200);
    const calls = allCalls();

    for (const level of LEVELS) {
      const cached = await getInsights(world.cast.viewer, team.teamId, { customerId: CUSTOMER, level, ...window });

      expect(cached.response.status).toBe(200);
      expect(dataSource(cached)).toBe('cache');
      expect(cached.data?.data).toEqual(live[level]);
    }
    expect(allCalls()).toBe(calls);
  });

  it('names the parents of each ad and leaves the ids of a customer row null', async () => {
    const team = await connectedTeam(world);
    const window = pastWindow(1);

    const ads =
      (await getInsights(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, level: 'ad', ...window })).data?.data.rows ?? [];
    const totals =
      (await getInsights(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, level: 'customer', ...window })).data?.data.rows ?? [];

    const first = ads[0];
    const ad = world.sb.fake.state.ads.find((a) => a.adId === first?.adId);
    expect(first).toMatchObject({ campaignId: ad?.campaignId, adGroupId: ad?.adGroupId });
    expect(first?.adGroupName).toBe(world.sb.fake.state.adGroups.find((g) => g.id === ad?.adGroupId)?.name);
    expect(totals).toHaveLength(1);
    expect(totals[0]).toMatchObject({ date: window.since, campaignId: null, campaignName: null, adGroupId: null, adId: null });
    expect(totals[0]?.impressions).toBe(ads.reduce((sum, r) => sum + r.impressions, 0));
  });

  it('reads live when imports cover only part of the window, and from the copy when two imports cover it together', async () => {
    const team = await connectedTeam(world);
    const older = pastWindow(2, 6);
    const newer = pastWindow(4, 2);
    await importCustomer(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, ...newer });

    const partly = await getInsights(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, since: older.since, until: newer.until });
    await importCustomer(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, ...older });
    const calls = allCalls();
    const together = await getInsights(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, since: older.since, until: newer.until });

    expect(dataSource(partly)).toBe('live');
    expect(dataSource(together)).toBe('cache');
    expect(allCalls()).toBe(calls);
    expect(together.data?.data.rows).toEqual(partly.data?.data.rows);
  });

  it('serves an imported window even when the connection is no longer ACTIVE; only a live read answers 401 CONNECTION_EXPIRED', async () => {
    const team = await connectedTeam(world);
    const window = pastWindow(2);
    await importCustomer(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, ...window });
    await world.sb.server.deps.db
      .updateTable('connections')
      .set({ status: 'EXPIRED' })
      .where('id', '=', team.connections[0]?.connectionId ?? '')
      .execute();

    const cached = await getInsights(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, ...window });
    const live = await getInsights(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, ...pastWindow(3) });

    expect(cached.response.status).toBe(200);
    expect(dataSource(cached)).toBe('cache');
    expectError(live, 401, 'CONNECTION_EXPIRED');
  });

  it('defaults to level campaign and the 30 days ending today in the account time zone', async () => {
    const team = await connectedTeam(world);
    const today = todayIn('Asia/Tokyo', new Date());

    const result = await getInsights(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER });

    expect(result.data?.data).toMatchObject({ level: 'campaign', since: addDays(today, -29), until: today });
  });

  it('answers 400 for an unknown level, a window that ends after today, starts after it ends or spans more than 365 days', async () => {
    const team = await connectedTeam(world);
    const today = todayIn('Asia/Tokyo', new Date());
    const calls = streamCalls(world);

    expectError(
      await getInsights(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, level: 'keyword' as 'ad' }),
      400,
      'BAD_REQUEST',
    );
    const future = await getInsights(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, until: addDays(today, 1) });
    expectError(future, 400, 'BAD_REQUEST');
    expect(detailsOf(future)[0]?.field).toBe('query.until');
    expectError(
      await getInsights(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, since: today, until: addDays(today, -1) }),
      400,
      'BAD_REQUEST',
    );
    expectError(
      await getInsights(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, since: addDays(today, -365), until: today }),
      400,
      'BAD_REQUEST',
    );
    expect(
      (await getInsights(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, since: addDays(today, -364), until: today })).response
        .status,
    ).toBe(200);
    expect(streamCalls(world) - calls).toBe(1);
  });

  describe('when Google fails a live read', () => {
    it('answers 401 CONNECTION_EXPIRED and marks the connection EXPIRED when Google no longer accepts the token', async () => {
      const team = await connectedTeam(world);
      world.sb.fake.faults.add({ match: { path: /:searchStream$/ }, error: 'UNAUTHENTICATED', times: 1 });

      const result = await getInsights(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, ...pastWindow(1) });

      expectError(result, 401, 'CONNECTION_EXPIRED');
      const connection = await findConnection(
        world.sb.server.deps.db,
        world.sb.server.tenant.tenantId,
        team.connections[0]?.connectionId ?? '',
      );
      expect(connection?.status).toBe('EXPIRED');
    });

    it('answers 429 UPSTREAM_RATE_LIMITED with the Retry-After Google asked for (retryDelay)', async () => {
      const team = await connectedTeam(world);
      world.sb.fake.faults.add({ match: { path: /:searchStream$/ }, rateLimit: { retryAfterSeconds: 45 } });

      const result = await getInsights(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, ...pastWindow(1) });

      expectError(result, 429, 'UPSTREAM_RATE_LIMITED');
      expect(result.response.headers.get('retry-after')).toBe('45');
    });

    const cases = [
      { error: 'INTERNAL', status: 502, code: 'UPSTREAM_ERROR' },
      { error: 'UNAVAILABLE', status: 503, code: 'UPSTREAM_UNAVAILABLE' },
      { error: 'DEADLINE_EXCEEDED', status: 504, code: 'UPSTREAM_TIMEOUT' },
      { error: 'PERMISSION_DENIED', status: 403, code: 'UPSTREAM_PERMISSION_DENIED' },
      { error: 'INVALID_ARGUMENT', status: 400, code: 'UPSTREAM_REJECTED' },
    ] as const;
    for (const c of cases) {
      it(`answers ${c.status} ${c.code} when Google keeps answering ${c.error}`, async () => {
        const team = await connectedTeam(world);
        world.sb.fake.faults.add({ match: { path: /:searchStream$/ }, error: c.error });

        const result = await getInsights(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, ...pastWindow(1) });

        expectError(result, c.status, c.code);
        if (c.status === 503) expect(Number(result.response.headers.get('retry-after'))).toBeGreaterThan(0);
        const connection = await findConnection(
          world.sb.server.deps.db,
          world.sb.server.tenant.tenantId,
          team.connections[0]?.connectionId ?? '',
        );
        expect(connection?.status).toBe('ACTIVE');
      });
    }
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
        const result = await getInsights(world.cast[role], teamId, { customerId: CUSTOMER, ...pastWindow(1) });

        expect(result.response.status, JSON.stringify(result.error)).toBe(expected[role]);
      });
    }

    it('answers 404 for a customer that is no ad account of the team', async () => {
      expectError(await getInsights(world.cast.teamAdmin, teamId, { customerId: CUSTOMERS.bistroEur }), 404, 'NOT_FOUND');
    });
  });
});

describe('GET /api/v1/{teamId}/google/assets', () => {
  const fakeAssetIds = (type?: string) =>
    world.sb.fake.state.assets
      .filter((a) => a.customerId === CUSTOMER && (type === undefined || a.type === type))
      .map((a) => a.id)
      .sort((a, b) => a.length - b.length || a.localeCompare(b));

  it('reads every asset live with one searchStream query before an import, sorted by id, in the API shape', async () => {
    const team = await connectedTeam(world);
    const calls = streamCalls(world);

    const result = await listAssets(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER });

    expect(result.response.status, JSON.stringify(result.error)).toBe(200);
    expect(dataSource(result)).toBe('live');
    expect(streamCalls(world) - calls).toBe(1);
    const assets = result.data?.data ?? [];
    expect(assets.map((a) => a.id)).toEqual(fakeAssetIds());
    const image = world.sb.fake.state.assets.find((a) => a.customerId === CUSTOMER && a.type === 'IMAGE');
    expect(assets.find((a) => a.id === image?.id)).toEqual({
      resourceName: `customers/${CUSTOMER}/assets/${image?.id}`,
      id: image?.id,
      name: image?.name,
      type: 'IMAGE',
      source: 'ADVERTISER',
      imageAsset: {
        fileSize: String(image?.image?.fileSize),
        mimeType: image?.image?.mimeType,
        fullSize: {
          url: image?.image?.url,
          widthPixels: String(image?.image?.widthPixels),
          heightPixels: String(image?.image?.heightPixels),
        },
      },
    });
  });

  it('filters live by type, including the types the contract shapes (CALL)', async () => {
    const team = await connectedTeam(world);
    world.sb.fake.state.assets.push({
      id: '99000000101',
      customerId: CUSTOMER,
      type: 'CALL',
      call: { countryCode: 'JP', phoneNumber: '+81 3-1234-5678' },
    });
    try {
      const sitelinks = await listAssets(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, type: 'SITELINK' });
      const calls = await listAssets(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, type: 'CALL' });

      expect(sitelinks.data?.data.map((a) => a.id)).toEqual(fakeAssetIds('SITELINK'));
      expect(sitelinks.data?.data.every((a) => a.type === 'SITELINK' && a.sitelinkAsset?.linkText && a.finalUrls?.length === 1)).toBe(true);
      expect(calls.data?.data).toEqual([
        {
          resourceName: `customers/${CUSTOMER}/assets/99000000101`,
          id: '99000000101',
          type: 'CALL',
          source: 'ADVERTISER',
          callAsset: { countryCode: 'JP', phoneNumber: '+81 3-1234-5678' },
        },
      ]);
    } finally {
      world.sb.fake.state.assets = world.sb.fake.state.assets.filter((a) => a.id !== '99000000101');
    }
  });

  it('serves the assets from the import once the customer is imported: the same list, the type filter, zero calls to Google', async () => {
    const team = await connectedTeam(world);
    const live = await listAssets(world.cast.manager, team.teamId, { customerId: CUSTOMER });
    await importCustomer(world.cast.manager, team.teamId, { customerId: CUSTOMER, ...pastWindow(1) });
    const calls = allCalls();

    const cached = await listAssets(world.cast.manager, team.teamId, { customerId: CUSTOMER });
    const images = await listAssets(world.cast.manager, team.teamId, { customerId: CUSTOMER, type: 'IMAGE' });
    const none = await listAssets(world.cast.manager, team.teamId, { customerId: CUSTOMER, type: 'MOBILE_APP' });

    expect(allCalls()).toBe(calls);
    expect(dataSource(cached)).toBe('cache');
    expect(cached.data?.data).toEqual(live.data?.data);
    expect(dataSource(images)).toBe('cache');
    expect(images.data?.data.map((a) => a.id)).toEqual(fakeAssetIds('IMAGE'));
    expect(none.data?.data).toEqual([]);
  });

  it('serves imported assets even when the connection is no longer ACTIVE; a live read answers 401 CONNECTION_EXPIRED', async () => {
    const imported = await connectedTeam(world);
    await importCustomer(world.cast.teamAdmin, imported.teamId, { customerId: CUSTOMER, ...pastWindow(1) });
    const fresh = await connectedTeam(world);
    const db = world.sb.server.deps.db;
    for (const team of [imported, fresh]) {
      await db
        .updateTable('connections')
        .set({ status: 'REVOKED' })
        .where('id', '=', team.connections[0]?.connectionId ?? '')
        .execute();
    }

    const cached = await listAssets(world.cast.teamAdmin, imported.teamId, { customerId: CUSTOMER });
    const live = await listAssets(world.cast.teamAdmin, fresh.teamId, { customerId: CUSTOMER });

    expect(cached.response.status).toBe(200);
    expect(dataSource(cached)).toBe('cache');
    expectError(live, 401, 'CONNECTION_EXPIRED');
  });

  it('answers 400 for a type that is not one of the values, and 404 for a customer that is no ad account of the team', async () => {
    const team = await connectedTeam(world);

    expectError(
      await listAssets(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER, type: 'BANNER' as 'IMAGE' }),
      400,
      'BAD_REQUEST',
    );
    expectError(await listAssets(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMERS.bistroEur }), 404, 'NOT_FOUND');
  });

  it('answers 502 UPSTREAM_ERROR when Google keeps failing a live read', async () => {
    const team = await connectedTeam(world);
    world.sb.fake.faults.add({ match: { path: /:searchStream$/ }, error: 'INTERNAL', times: 2 });

    expectError(await listAssets(world.cast.teamAdmin, team.teamId, { customerId: CUSTOMER }), 502, 'UPSTREAM_ERROR');
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
        const result = await listAssets(world.cast[role], teamId, { customerId: CUSTOMER, type: 'TEXT' });

        expect(result.response.status, JSON.stringify(result.error)).toBe(expected[role]);
        if (expected[role] === 200) expect(result.data?.data.map((a) => a.id)).toEqual(fakeAssetIds('TEXT'));
      });
    }
  });
});
