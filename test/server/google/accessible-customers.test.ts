// GET /api/v1/{teamId}/google/list-accessible-accounts against the Google Ads fake: customers:listAccessibleCustomers
// per ACTIVE connection, each customer's details by GAQL, a MEMBER limited to their permitted customers, all or
// nothing, and the permission table.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findConnection } from '../../../server/connections/repository.ts';
import { connectGoogleUser } from '../../support/connected-team.ts';
import {
  adsCalls,
  CUSTOMERS,
  connectedTeam,
  dataSource,
  detailsOf,
  expectError,
  GOOGLE_ROLES,
  GOOGLE_SEED_IDS,
  GOOGLE_WHO,
  type GoogleRole,
  listCustomers,
  startWorld,
  type World,
} from './support.ts';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});

afterAll(async () => {
  await world?.close();
});

const LIST_CALLS = /customers:listAccessibleCustomers$/;

describe('GET /api/v1/{teamId}/google/list-accessible-accounts', () => {
  it('lists every customer each ACTIVE Google connection reaches, with its details, by connection then customer id', async () => {
    const team = await connectedTeam(world, { users: ['alex', 'priya'] });
    const [alex, priya] = team.connections.map((c) => c.connectionId) as [string, string];
    const before = adsCalls(world);

    const result = await listCustomers(world.cast.teamAdmin, team.teamId);

    expect(result.response.status).toBe(200);
    expect(dataSource(result)).toBe('live');
    const rows = result.data?.data ?? [];
    const expected = [
      {
        connectionId: alex,
        customerId: CUSTOMERS.sakuraJpy,
        descriptiveName: 'Sakura Dental',
        currencyCode: 'JPY',
        timeZone: 'Asia/Tokyo',
        manager: false,
      },
      {
        connectionId: alex,
        customerId: CUSTOMERS.manager,
        descriptiveName: 'Adlyft Demo MCC',
        currencyCode: 'USD',
        timeZone: 'America/New_York',
        manager: true,
      },
      {
        connectionId: priya,
        customerId: CUSTOMERS.bistroEur,
        descriptiveName: 'Bistro Paris',
        currencyCode: 'EUR',
        timeZone: 'Europe/Paris',
        manager: false,
      },
    ]
      .map((row) => ({ ...row, resourceName: `customers/${row.customerId}` }))
      .sort((a, b) => (a.connectionId < b.connectionId ? -1 : a.connectionId > b.connectionId ? 1 : a.customerId < b.customerId ? -1 : 1));
    expect(rows).toEqual(expected);
    // Per connection one listAccessibleCustomers, then one details query per customer.
    expect(adsCalls(world) - before).toBe(2 + 3);
  });

  it('lists only the connection connectionId when it is given', async () => {
    const team = await connectedTeam(world, { users: ['alex', 'priya'] });
    const priya = team.connections[1]?.connectionId ?? '';

    const result = await listCustomers(world.cast.teamAdmin, team.teamId, priya);

    expect(result.data?.data.map((r) => [r.connectionId, r.customerId])).toEqual([[priya, CUSTOMERS.bistroEur]]);
  });

  it('gives a MEMBER only the customers they hold a permission on, and asks Google nothing for a connection they hold none on', async () => {
    const team = await connectedTeam(world, { users: ['alex', 'priya'] });
    await world.sb.server.deps.db
      .deleteFrom('ad_account_permissions')
      .where('ad_account_id', '=', team.adAccountIds[CUSTOMERS.bistroEur] ?? '')
      .execute();
    const before = world.sb.fake.calls.count(LIST_CALLS);

    const viewer = await listCustomers(world.cast.viewer, team.teamId);
    const member = await listCustomers(world.cast.member, team.teamId);

    // The manager account is no ad account of the team, so no member can hold a permission on it.
    expect(viewer.data?.data.map((r) => r.customerId)).toEqual([CUSTOMERS.sakuraJpy]);
    expect(member.data?.data).toEqual([]);
    expect(world.sb.fake.calls.count(LIST_CALLS) - before).toBe(1);
  });

  it('skips the connections that are not ACTIVE', async () => {
    const team = await connectedTeam(world, { users: ['alex', 'priya'] });
    await world.sb.server.deps.db
      .updateTable('connections')
      .set({ status: 'EXPIRED' })
      .where('id', '=', team.connections[0]?.connectionId ?? '')
      .execute();

    const result = await listCustomers(world.cast.teamAdmin, team.teamId);

    expect(result.data?.data.map((r) => r.customerId)).toEqual([CUSTOMERS.bistroEur]);
  });

  it('answers 401 CONNECTION_EXPIRED, naming the connection, when connectionId is not ACTIVE', async () => {
    const team = await connectedTeam(world, { users: ['alex'] });
    const connectionId = team.connections[0]?.connectionId ?? '';
    await world.sb.server.deps.db.updateTable('connections').set({ status: 'REVOKED' }).where('id', '=', connectionId).execute();

    const result = await listCustomers(world.cast.teamAdmin, team.teamId, connectionId);

    expectError(result, 401, 'CONNECTION_EXPIRED');
    expect(detailsOf(result).map((d) => d.objectId)).toEqual([connectionId]);
  });

  it('answers 404 when connectionId is not a Google connection of the team', async () => {
    const team = await connectedTeam(world, { users: ['alex'] });
    const other = await connectedTeam(world, { users: ['priya'] });

    expectError(await listCustomers(world.cast.teamAdmin, team.teamId, other.connections[0]?.connectionId), 404, 'NOT_FOUND');
    expectError(await listCustomers(world.cast.teamAdmin, team.teamId, randomUUID()), 404, 'NOT_FOUND');
  });

  it('answers an empty list for a team without a Google connection, without calling Google', async () => {
    const team = await connectedTeam(world, { users: [] });
    const before = adsCalls(world);

    const result = await listCustomers(world.cast.teamAdmin, team.teamId);

    expect(result.response.status).toBe(200);
    expect(result.data?.data).toEqual([]);
    expect(adsCalls(world)).toBe(before);
  });

  it('lists a customer whose details Google refuses (a cancelled account) with null details', async () => {
    const team = await connectedTeam(world, { users: ['alex'] });
    const alex = world.sb.fake.state.users.find((u) => u.id === GOOGLE_SEED_IDS.users.alex.id);
    if (!alex) throw new Error('no alex in the fake');
    alex.accessibleCustomerIds.push(CUSTOMERS.northwindCancelled);
    try {
      const result = await listCustomers(world.cast.teamAdmin, team.teamId);

      expect(result.data?.data.find((r) => r.customerId === CUSTOMERS.northwindCancelled)).toEqual({
        connectionId: team.connections[0]?.connectionId,
        customerId: CUSTOMERS.northwindCancelled,
        resourceName: `customers/${CUSTOMERS.northwindCancelled}`,
        descriptiveName: null,
        currencyCode: null,
        timeZone: null,
        manager: null,
      });
    } finally {
      alex.accessibleCustomerIds.pop();
    }
  });

  it('is all or nothing: when Google refuses one connection the request fails, naming that connection', async () => {
    const team = await connectedTeam(world, { users: ['alex', 'priya'] });
    const first = [...team.connections.map((c) => c.connectionId)].sort()[0];
    world.sb.fake.faults.add({ match: { path: LIST_CALLS }, error: 'PERMISSION_DENIED', times: 1 });

    const result = await listCustomers(world.cast.teamAdmin, team.teamId);

    expectError(result, 403, 'UPSTREAM_PERMISSION_DENIED');
    expect(detailsOf(result).map((d) => d.objectId)).toEqual([first]);
    expect(detailsOf(result)[0]?.code).toBe('authorizationError.USER_PERMISSION_DENIED');
  });

  it('refreshes an access token that has run out before calling Google, and stores the new one', async () => {
    const team = await connectedTeam(world, { users: ['alex'], accessTokenExpiresAt: null });
    const connectionId = team.connections[0]?.connectionId ?? '';
    const tokenCalls = () => world.sb.fake.calls.count('/token', 'POST');
    const before = tokenCalls();

    expect((await listCustomers(world.cast.teamAdmin, team.teamId)).response.status).toBe(200);
    expect((await listCustomers(world.cast.teamAdmin, team.teamId)).response.status).toBe(200);

    expect(tokenCalls() - before).toBe(1);
    const connection = await findConnection(world.sb.server.deps.db, world.sb.server.tenant.tenantId, connectionId);
    expect(connection?.accessTokenExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
  });

  it('marks the connection REVOKED and answers 401 CONNECTION_EXPIRED when Google refuses its refresh token (invalid_grant)', async () => {
    const refreshToken = `1//revoked-${randomUUID()}`;
    const alex = GOOGLE_SEED_IDS.users.alex;
    world.sb.fake.state.refreshTokens.set(refreshToken, {
      token: refreshToken,
      userId: alex.id,
      clientId: world.sb.fake.state.oauthClient.clientId,
      scopes: ['https://www.googleapis.com/auth/adwords'],
      revoked: false,
    });
    world.sb.fake.tokens.revoke(refreshToken);
    const team = await connectedTeam(world, { users: [], accessTokenExpiresAt: null });
    const connection = await connectGoogleUser(world.sb, {
      teamId: team.teamId,
      connectedByUserId: world.userIds.teamAdmin,
      user: 'alex',
      refreshToken,
      accessTokenExpiresAt: null,
    });

    const result = await listCustomers(world.cast.teamAdmin, team.teamId, connection.connectionId);

    expectError(result, 401, 'CONNECTION_EXPIRED');
    expect(detailsOf(result).map((d) => d.objectId)).toEqual([connection.connectionId]);
    const stored = await findConnection(world.sb.server.deps.db, world.sb.server.tenant.tenantId, connection.connectionId);
    expect(stored?.status).toBe('REVOKED');
  });

  it('answers 400 when teamId or connectionId is not a uuid', async () => {
    const team = await connectedTeam(world, { users: [] });

    expectError(await listCustomers(world.cast.teamAdmin, 'not-a-uuid'), 400, 'BAD_REQUEST');
    expectError(await listCustomers(world.cast.teamAdmin, team.teamId, 'not-a-uuid'), 400, 'BAD_REQUEST');
  });

  describe('who may call it', () => {
    const expected: Record<GoogleRole, number> = {
      none: 401,
      otherTenant: 404,
      outsider: 403,
      member: 200,
      viewer: 200,
      manager: 200,
      teamAdmin: 200,
      workspaceAdmin: 200,
    };
    let teamId: string;

    beforeAll(async () => {
      teamId = (await connectedTeam(world, { users: ['alex'] })).teamId;
    });

    for (const role of GOOGLE_ROLES) {
      it(`answers ${expected[role]} to ${GOOGLE_WHO[role]}`, async () => {
        const result = await listCustomers(world.cast[role], teamId);

        expect(result.response.status, JSON.stringify(result.error)).toBe(expected[role]);
        if (expected[role] !== 200) return;
        const ids = result.data?.data.map((r) => r.customerId);
        if (role === 'member') expect(ids).toEqual([]);
        else if (role === 'viewer' || role === 'manager') expect(ids).toEqual([CUSTOMERS.sakuraJpy]);
        else expect(ids).toEqual([CUSTOMERS.sakuraJpy, CUSTOMERS.manager]);
      });
    }
  });
});
