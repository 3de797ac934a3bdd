import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdlyftClient } from '../../../client/index.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';
import {
  authTable,
  type Cast,
  codeOf,
  createFixture,
  ensureUsers,
  expectStatus,
  type Fixture,
  fieldsOf,
  injectFailure,
  messageOf,
  monotonicClock,
  ok,
  type Result,
  seedConnection,
  signInCast,
  USER,
  userIdOf,
} from '../../support/workspaces.ts';

let server: TestServer;
let cast: Cast;
let shared: Fixture;

beforeAll(async () => {
  server = await startTestServer({ now: monotonicClock() });
  cast = await signInCast(server);
  shared = await createFixture(cast);
});
afterAll(async () => {
  await server?.close();
});

type Assignment = { externalUserId: string; role: 'ADMIN' | 'MEMBER' };
const listMembers = (client: AdlyftClient, teamId: string) =>
  client.GET('/api/v1/teams/{teamId}/members', { params: { path: { teamId } } });
const assign = (client: AdlyftClient, teamId: string, members: Assignment[]) =>
  client.POST('/api/v1/teams/{teamId}/members', { params: { path: { teamId } }, body: { members } });
const remove = (client: AdlyftClient, teamId: string, externalUserId: string) =>
  client.DELETE('/api/v1/teams/{teamId}/members', { params: { path: { teamId }, query: { externalUserId } } });

/** The members as externalUserId → role, to compare without timestamps. */
async function rolesIn(teamId: string): Promise<Record<string, string>> {
  const members = ok(await listMembers(cast.workspaceAdmin, teamId));
  return Object.fromEntries(members.map((m) => [m.externalUserId, m.role]));
}

let freshUsers = 0;
/** A new user of the tenant, member of nothing. */
async function freshUser(): Promise<string> {
  freshUsers += 1;
  const externalUserId = `fresh-${freshUsers}`;
  await ensureUsers(server, externalUserId);
  return externalUserId;
}

describe('GET /api/v1/teams/{teamId}/members (listTeamMembers)', () => {
  it('lists the members with their roles, oldest first, and not the workspace admin who left the team', async () => {
    const result = await listMembers(cast.member, shared.teamId);
    expect(result.response.status).toBe(200);
    expect(result.data?.message).toBe('Members retrieved');
    expect(ok(result).map(({ externalUserId, role }) => ({ externalUserId, role }))).toEqual([
      // Both were added by one request, so they joined at the same moment: ties go by externalUserId.
      { externalUserId: USER.member, role: 'MEMBER' },
      { externalUserId: USER.teamAdmin, role: 'ADMIN' },
    ]);
  });

  it('orders members who joined at the same moment by externalUserId, after the older ones', async () => {
    const fixture = await createFixture(cast);
    await ensureUsers(server, 'zed', 'amy');
    ok(
      await assign(cast.teamAdmin, fixture.teamId, [
        { externalUserId: 'zed', role: 'MEMBER' },
        { externalUserId: 'amy', role: 'MEMBER' },
      ]),
    );
    const members = ok(await listMembers(cast.teamAdmin, fixture.teamId));
    expect(members.map((m) => m.externalUserId)).toEqual([USER.member, USER.teamAdmin, 'amy', 'zed']);
    expect(members[2]?.joinedAt).toBe(members[3]?.joinedAt);
    const joined = members.map((m) => Date.parse(m.joinedAt));
    expect([...joined].sort((a, b) => a - b)).toEqual(joined);
  });

  it('answers 400 when teamId is not a uuid, and 404 "Team not found" for an unknown team', async () => {
    expectStatus(await listMembers(cast.member, 'x'), 400);
    const unknown = await listMembers(cast.member, randomUUID());
    expectStatus(unknown, 404);
    expect(messageOf(unknown)).toBe('Team not found');
  });

  it.each(authTable({ none: 401, otherTenant: 404, outsider: 403, member: 200, teamAdmin: 200, workspaceAdmin: 200 }))(
    'answers %i to %s',
    async (status, _who, role) => {
      expectStatus(await listMembers(cast[role], shared.teamId), status);
    },
  );
});

describe('POST /api/v1/teams/{teamId}/members (assignTeamMembers)', () => {
  describe('one member: all-or-nothing, 201', () => {
    it('adds the user with the role asked and answers 201 with the membership', async () => {
      const user = await freshUser();
      const result = await assign(cast.teamAdmin, shared.teamId, [{ externalUserId: user, role: 'ADMIN' }]);
      expect(result.response.status).toBe(201);
      expect(result.data).toMatchObject({
        success: true,
        statusCode: 201,
        message: 'Member added',
        data: { externalUserId: user, role: 'ADMIN' },
      });
      const listed = ok(await listMembers(cast.member, shared.teamId)).find((m) => m.externalUserId === user);
      expect(listed).toEqual(ok(result));
    });

    it('answers 404 "User not found" with details[0].code UNKNOWN_USER for an unknown user, and changes nothing', async () => {
      const before = await rolesIn(shared.teamId);
      const result = await assign(cast.teamAdmin, shared.teamId, [{ externalUserId: 'user-404', role: 'MEMBER' }]);
      expectStatus(result, 404);
      expect(messageOf(result)).toBe('User not found');
      const details = (result.error as { error: { details?: { code?: string; field?: string }[] } }).error.details;
      expect(details?.[0]).toMatchObject({ code: 'UNKNOWN_USER', field: 'body.members.0.externalUserId' });
      expect(await rolesIn(shared.teamId)).toEqual(before);
    });

    it('treats a user of another tenant, and a different casing of a known user, as unknown', async () => {
      ok(await cast.otherTenant.POST('/api/v1/auth/token', { body: { externalUserId: 'only-elsewhere' } }));
      for (const externalUserId of ['only-elsewhere', USER.member.toUpperCase()]) {
        const result = await assign(cast.teamAdmin, shared.teamId, [{ externalUserId, role: 'MEMBER' }]);
        expectStatus(result, 404);
        expect((result.error as { error: { details?: { code?: string }[] } }).error.details?.[0]?.code).toBe('UNKNOWN_USER');
      }
    });

    it('answers 409 with details[0].code ALREADY_MEMBER for a member, and never changes their role', async () => {
      const result = await assign(cast.teamAdmin, shared.teamId, [{ externalUserId: USER.member, role: 'ADMIN' }]);
      expectStatus(result, 409);
      expect(codeOf(result)).toBe('CONFLICT');
      expect((result.error as { error: { details?: { code?: string }[] } }).error.details?.[0]?.code).toBe('ALREADY_MEMBER');
      expect((await rolesIn(shared.teamId))[USER.member]).toBe('MEMBER');
    });
  });

  describe('several members: one by one, 200 with a report', () => {
    it('adds the members that can be added and reports each one left out, in request order', async () => {
      const fixture = await createFixture(cast);
      await ensureUsers(server, 'user-57', 'user-71');
      const result = await assign(cast.teamAdmin, fixture.teamId, [
        { externalUserId: 'user-57', role: 'ADMIN' },
        { externalUserId: USER.member, role: 'ADMIN' },
        { externalUserId: 'user-71', role: 'MEMBER' },
        { externalUserId: 'user-404', role: 'MEMBER' },
        { externalUserId: 'user-71', role: 'ADMIN' },
      ]);
      expect(result.response.status).toBe(200);
      expect(result.data?.message).toBe('2 of 5 members added');
      const report = ok(result);
      if (!('successful' in report)) throw new Error('expected a report');
      expect(report.successful.map(({ externalUserId, role }) => ({ externalUserId, role }))).toEqual([
        { externalUserId: 'user-57', role: 'ADMIN' },
        { externalUserId: 'user-71', role: 'MEMBER' },
      ]);
      expect(report.failed).toEqual([
        { externalUserId: USER.member, reason: 'ALREADY_MEMBER', message: 'The user is already a member of this team' },
        { externalUserId: 'user-404', reason: 'UNKNOWN_USER', message: 'No user with this externalUserId in this tenant' },
        { externalUserId: 'user-71', reason: 'DUPLICATE_IN_REQUEST', message: 'This externalUserId appears earlier in members' },
      ]);
      expect(report.summary).toEqual({ requested: 5, succeeded: 2, failed: 3 });
      expect(await rolesIn(fixture.teamId)).toEqual({
        [USER.teamAdmin]: 'ADMIN',
        [USER.member]: 'MEMBER',
        'user-57': 'ADMIN',
        'user-71': 'MEMBER',
      });
    });

    it('answers 200 with a report even when every entry fails', async () => {
      const before = await rolesIn(shared.teamId);
      const result = await assign(cast.teamAdmin, shared.teamId, [
        { externalUserId: USER.teamAdmin, role: 'MEMBER' },
        { externalUserId: 'nobody', role: 'MEMBER' },
      ]);
      expect(result.response.status).toBe(200);
      expect(result.data?.message).toBe('0 of 2 members added');
      const report = ok(result);
      if (!('summary' in report)) throw new Error('expected a report');
      expect(report.summary).toEqual({ requested: 2, succeeded: 0, failed: 2 });
      expect(report.failed.map((f) => f.reason)).toEqual(['ALREADY_MEMBER', 'UNKNOWN_USER']);
      expect(await rolesIn(shared.teamId)).toEqual(before);
    });

    it('keeps the entries applied before a failure of the request (each entry on its own)', async () => {
      const fixture = await createFixture(cast);
      const first = await freshUser();
      const second = await freshUser();
      // A failure on the second insert only: the first entry stays applied, as the contract says for a 500.
      const db = server.deps.db;
      const secondId = await userIdOf(server, second);
      await sql
        .raw(
          `CREATE FUNCTION fail_second_member() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.user_id = '${secondId}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`,
        )
        .execute(db);
      await sql
        .raw('CREATE TRIGGER fail_second_member BEFORE INSERT ON team_members FOR EACH ROW EXECUTE FUNCTION fail_second_member()')
        .execute(db);
      try {
        const result = await assign(cast.teamAdmin, fixture.teamId, [
          { externalUserId: first, role: 'MEMBER' },
          { externalUserId: second, role: 'MEMBER' },
        ]);
        expect(result.response.status).toBe(500);
      } finally {
        await sql.raw('DROP TRIGGER fail_second_member ON team_members').execute(db);
        await sql.raw('DROP FUNCTION fail_second_member()').execute(db);
      }
      const roles = await rolesIn(fixture.teamId);
      expect(roles[first]).toBe('MEMBER');
      expect(roles[second]).toBeUndefined();
    });

    it('answers 404 on an unknown team before applying any entry', async () => {
      const user = await freshUser();
      const result = await assign(cast.workspaceAdmin, randomUUID(), [
        { externalUserId: user, role: 'MEMBER' },
        { externalUserId: USER.member, role: 'MEMBER' },
      ]);
      expectStatus(result, 404);
      expect(messageOf(result)).toBe('Team not found');
      expect(
        await server.deps.db
          .selectFrom('team_members')
          .select('team_id')
          .where('user_id', '=', await userIdOf(server, user))
          .execute(),
      ).toEqual([]);
    });

    it('answers 403 to a MEMBER before applying any entry', async () => {
      const user = await freshUser();
      const result = await assign(cast.member, shared.teamId, [
        { externalUserId: user, role: 'MEMBER' },
        { externalUserId: 'nobody', role: 'MEMBER' },
      ]);
      expectStatus(result, 403);
      expect((await rolesIn(shared.teamId))[user]).toBeUndefined();
    });
  });

  it.each([
    ['members is empty', { members: [] }, 'body.members'],
    [
      'members has more than 50 entries',
      { members: Array.from({ length: 51 }, (_, i) => ({ externalUserId: `u-${i}`, role: 'MEMBER' })) },
      'body.members',
    ],
    ['members is missing', {}, 'body.members'],
    ['an entry has an unknown role', { members: [{ externalUserId: USER.outsider, role: 'OWNER' }] }, 'body.members.0.role'],
    ['an entry lacks its role', { members: [{ externalUserId: USER.outsider }] }, 'body.members.0.role'],
    ['an entry lacks its externalUserId', { members: [{ role: 'MEMBER' }] }, 'body.members.0.externalUserId'],
    ['the body has an unknown field', { members: [{ externalUserId: USER.outsider, role: 'MEMBER' }], notify: true }, 'body.notify'],
  ])('answers 400 naming the field when %s', async (_case, body, field) => {
    const result = await cast.teamAdmin.POST('/api/v1/teams/{teamId}/members', {
      params: { path: { teamId: shared.teamId } },
      body: body as never,
    });
    expectStatus(result, 400);
    expect(codeOf(result)).toBe('BAD_REQUEST');
    expect(fieldsOf(result)).toContain(field);
  });

  it.each(authTable({ none: 401, otherTenant: 404, outsider: 403, member: 403, teamAdmin: 201, workspaceAdmin: 201 }))(
    'answers %i to %s',
    async (status, _who, role) => {
      const user = await freshUser();
      expectStatus(await assign(cast[role], shared.teamId, [{ externalUserId: user, role: 'MEMBER' }]), status);
      expect((await rolesIn(shared.teamId))[user]).toBe(status === 201 ? 'MEMBER' : undefined);
    },
  );
});

describe('DELETE /api/v1/teams/{teamId}/members (removeTeamMember)', () => {
  it('removes the member and keeps the user and their other memberships', async () => {
    const fixture = await createFixture(cast);
    ok(await assign(cast.workspaceAdmin, fixture.defaultTeamId, [{ externalUserId: USER.member, role: 'MEMBER' }]));
    const result = await remove(cast.teamAdmin, fixture.teamId, USER.member);
    expect(result.response.status).toBe(200);
    expect(result.data).toMatchObject({ success: true, data: null, message: 'Member removed' });
    expect(await rolesIn(fixture.teamId)).toEqual({ [USER.teamAdmin]: 'ADMIN' });
    expect((await rolesIn(fixture.defaultTeamId))[USER.member]).toBe('MEMBER');
    expect(await userIdOf(server, USER.member)).toBeTruthy();
  });

  it('revokes the ad-account permissions the member held in this team, and only those', async () => {
    const fixture = await createFixture(cast);
    ok(await assign(cast.workspaceAdmin, fixture.defaultTeamId, [{ externalUserId: USER.member, role: 'MEMBER' }]));
    const adminId = await userIdOf(server, USER.workspaceAdmin);
    const memberId = await userIdOf(server, USER.member);
    const teamAdminId = await userIdOf(server, USER.teamAdmin);
    const inTeam = await seedConnection(server, fixture.teamId, adminId, memberId);
    await server.deps.db
      .insertInto('ad_account_permissions')
      .values({ ad_account_id: inTeam.adAccountId, user_id: teamAdminId, role: 'MANAGER', granted_by_user_id: adminId })
      .execute();
    const inOtherTeam = await seedConnection(server, fixture.defaultTeamId, adminId, memberId);

    ok(await remove(cast.teamAdmin, fixture.teamId, USER.member));

    const permissions = await server.deps.db
      .selectFrom('ad_account_permissions')
      .select(['ad_account_id', 'user_id'])
      .where('ad_account_id', 'in', [inTeam.adAccountId, inOtherTeam.adAccountId])
      .orderBy('ad_account_id')
      .execute();
    expect(permissions).toEqual(
      expect.arrayContaining([
        { ad_account_id: inTeam.adAccountId, user_id: teamAdminId },
        { ad_account_id: inOtherTeam.adAccountId, user_id: memberId },
      ]),
    );
    expect(permissions).toHaveLength(2);
  });

  it('answers 409 when the member is the last ADMIN of the team, and keeps them', async () => {
    const fixture = await createFixture(cast);
    const result = await remove(cast.teamAdmin, fixture.teamId, USER.teamAdmin);
    expectStatus(result, 409);
    expect(codeOf(result)).toBe('CONFLICT');
    expect(messageOf(result)).toContain('last ADMIN');
    expectStatus(await remove(cast.workspaceAdmin, fixture.teamId, USER.teamAdmin), 409);
    expect((await rolesIn(fixture.teamId))[USER.teamAdmin]).toBe('ADMIN');
  });

  it('lets a team admin remove themselves when another ADMIN remains', async () => {
    const fixture = await createFixture(cast);
    ok(await assign(cast.teamAdmin, fixture.teamId, [{ externalUserId: USER.outsider, role: 'ADMIN' }]));
    ok(await remove(cast.teamAdmin, fixture.teamId, USER.teamAdmin));
    expect(await rolesIn(fixture.teamId)).toEqual({ [USER.member]: 'MEMBER', [USER.outsider]: 'ADMIN' });
    expectStatus(await listMembers(cast.teamAdmin, fixture.teamId), 403);
  });

  it('lets the workspace admin leave a team and keep their workspace-admin rights over it', async () => {
    // createFixture removed the workspace admin from "Paid Social"; they still manage it.
    expect((await rolesIn(shared.teamId))[USER.workspaceAdmin]).toBeUndefined();
    const user = await freshUser();
    expectStatus(await assign(cast.workspaceAdmin, shared.teamId, [{ externalUserId: user, role: 'MEMBER' }]), 201);
    expectStatus(await remove(cast.workspaceAdmin, shared.teamId, user), 200);
  });

  it('answers 404 "Member not found" for a user who is not a member, and the same for an unknown user', async () => {
    for (const externalUserId of [USER.outsider, 'nobody-at-all']) {
      const result = await remove(cast.teamAdmin, shared.teamId, externalUserId);
      expectStatus(result, 404);
      expect(messageOf(result)).toBe('Member not found');
    }
  });

  it('answers 404 "Team not found" for an unknown team', async () => {
    const result = await remove(cast.workspaceAdmin, randomUUID(), USER.member);
    expectStatus(result, 404);
    expect(messageOf(result)).toBe('Team not found');
  });

  it('changes nothing when revoking the permissions fails (one transaction) and answers 500', async () => {
    const fixture = await createFixture(cast);
    const adminId = await userIdOf(server, USER.workspaceAdmin);
    await seedConnection(server, fixture.teamId, adminId, await userIdOf(server, USER.member));
    const restore = await injectFailure(server, 'team_members', 'DELETE');
    try {
      expect((await remove(cast.teamAdmin, fixture.teamId, USER.member)).response.status).toBe(500);
    } finally {
      await restore();
    }
    expect((await rolesIn(fixture.teamId))[USER.member]).toBe('MEMBER');
    const permissions = await server.deps.db
      .selectFrom('ad_account_permissions')
      .select('user_id')
      .where('user_id', '=', await userIdOf(server, USER.member))
      .execute();
    expect(permissions.length).toBeGreaterThan(0);
  });

  it.each([
    ['externalUserId is missing', { teamId: randomUUID() }, {}],
    ['externalUserId is empty', { teamId: randomUUID() }, { externalUserId: '' }],
    ['externalUserId is longer than 255 characters', { teamId: randomUUID() }, { externalUserId: 'u'.repeat(256) }],
    ['teamId is not a uuid', { teamId: 'paid-social' }, { externalUserId: USER.member }],
  ])('answers 400 when %s', async (_case, path, query) => {
    const result = await cast.teamAdmin.DELETE('/api/v1/teams/{teamId}/members', { params: { path, query: query as never } });
    expectStatus(result, 400);
    expect(codeOf(result)).toBe('BAD_REQUEST');
  });

  it.each(authTable({ none: 401, otherTenant: 404, outsider: 403, member: 403, teamAdmin: 200, workspaceAdmin: 200 }))(
    'answers %i to %s',
    async (status, _who, role) => {
      const user = await freshUser();
      ok(await assign(cast.teamAdmin, shared.teamId, [{ externalUserId: user, role: 'MEMBER' }]));
      expectStatus(await remove(cast[role], shared.teamId, user), status);
      expect((await rolesIn(shared.teamId))[user]).toBe(status === 200 ? undefined : 'MEMBER');
    },
  );
});

describe('tenant isolation of the member operations', () => {
  let foreignTeamId: string;
  beforeAll(async () => {
    const workspace = ok(await cast.otherTenant.POST('/api/v1/workspace', { body: { name: 'Other tenant workspace' } }));
    foreignTeamId = workspace.defaultTeamId;
  });

  const operations: [string, (client: AdlyftClient, teamId: string) => Promise<Result>][] = [
    ['listTeamMembers', (client, teamId) => listMembers(client, teamId)],
    ['assignTeamMembers (one member)', (client, teamId) => assign(client, teamId, [{ externalUserId: USER.member, role: 'ADMIN' }])],
    [
      'assignTeamMembers (several members)',
      (client, teamId) =>
        assign(client, teamId, [
          { externalUserId: USER.member, role: 'ADMIN' },
          { externalUserId: USER.outsider, role: 'ADMIN' },
        ]),
    ],
    ['removeTeamMember', (client, teamId) => remove(client, teamId, USER.otherTenant)],
  ];

  it.each(operations)('%s answers another tenant’s team id exactly like an unknown id', async (_name, call) => {
    const fromForeign = await call(cast.workspaceAdmin, foreignTeamId);
    const fromUnknown = await call(cast.workspaceAdmin, randomUUID());
    expectStatus(fromForeign, 404);
    const summary = (r: Result) => ({ status: r.response.status, code: codeOf(r), message: messageOf(r) });
    expect(summary(fromForeign)).toEqual(summary(fromUnknown));
    const members = ok(await listMembers(cast.otherTenant, foreignTeamId));
    expect(members.map(({ externalUserId, role }) => ({ externalUserId, role }))).toEqual([
      { externalUserId: USER.otherTenant, role: 'ADMIN' },
    ]);
  });
});
