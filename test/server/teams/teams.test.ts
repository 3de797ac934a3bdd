import { randomUUID } from 'node:crypto';
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

const createTeam = (client: AdlyftClient, enterpriseId: string, name: string) =>
  client.POST('/api/v1/teams', { body: { enterpriseId, name } });
const listTeams = (client: AdlyftClient, enterpriseId: string) => client.POST('/api/v1/teams/get-all', { body: { enterpriseId } });
const getTeam = (client: AdlyftClient, teamId: string) => client.GET('/api/v1/teams/{teamId}', { params: { path: { teamId } } });
const updateTeam = (client: AdlyftClient, teamId: string, name: string) =>
  client.PATCH('/api/v1/teams/{teamId}', { params: { path: { teamId } }, body: { name } });
const deleteTeam = (client: AdlyftClient, teamId: string) => client.DELETE('/api/v1/teams/{teamId}', { params: { path: { teamId } } });
const listMembers = (client: AdlyftClient, teamId: string) =>
  client.GET('/api/v1/teams/{teamId}/members', { params: { path: { teamId } } });

describe('POST /api/v1/teams (createTeam)', () => {
  it('creates a non-default team with the workspace admin as its only ADMIN and answers 201', async () => {
    const result = await createTeam(cast.workspaceAdmin, shared.workspaceId, 'Search');
    expect(result.response.status).toBe(201);
    expect(result.data?.message).toBe('Team created');
    const team = ok(result);
    expect(team).toMatchObject({ enterpriseId: shared.workspaceId, name: 'Search', isDefault: false, memberCount: 1 });
    expect(team.updatedAt).toBe(team.createdAt);
    expect(ok(await listMembers(cast.workspaceAdmin, team.id))).toEqual([
      { externalUserId: USER.workspaceAdmin, role: 'ADMIN', joinedAt: team.createdAt },
    ]);
  });

  it('answers 409 when the workspace already has a team with this name in any casing, the default team included', async () => {
    for (const name of ['paid social', 'PAID SOCIAL', 'general']) {
      const result = await createTeam(cast.workspaceAdmin, shared.workspaceId, name);
      expectStatus(result, 409);
      expect(codeOf(result)).toBe('CONFLICT');
    }
    expect(ok(await listTeams(cast.workspaceAdmin, shared.workspaceId)).filter((t) => t.name.toLowerCase() === 'paid social')).toHaveLength(
      1,
    );
  });

  it('allows the same name in another workspace', async () => {
    const other = await createFixture(cast, 'Another workspace');
    expect(ok(await createTeam(cast.workspaceAdmin, other.workspaceId, 'Search')).name).toBe('Search');
  });

  it.each([
    ['enterpriseId is not a uuid', { enterpriseId: '2', name: 'Display' }, 'body.enterpriseId'],
    ['enterpriseId is missing', { name: 'Display' }, 'body.enterpriseId'],
    ['the name is blank', { enterpriseId: randomUUID(), name: '   ' }, 'body.name'],
    ['the name is longer than 100 characters', { enterpriseId: randomUUID(), name: 'x'.repeat(101) }, 'body.name'],
    ['the body has an unknown field', { enterpriseId: randomUUID(), name: 'Display', isDefault: true }, 'body.isDefault'],
  ])('answers 400 naming the field when %s', async (_case, body, field) => {
    const result = await cast.workspaceAdmin.POST('/api/v1/teams', { body: body as never });
    expectStatus(result, 400);
    expect(codeOf(result)).toBe('BAD_REQUEST');
    expect(fieldsOf(result)).toContain(field);
  });

  it('answers 404 "Workspace not found" for an unknown workspace', async () => {
    const result = await createTeam(cast.workspaceAdmin, randomUUID(), 'Display');
    expectStatus(result, 404);
    expect(messageOf(result)).toBe('Workspace not found');
  });

  it('creates nothing when adding the first ADMIN fails (one transaction) and answers 500', async () => {
    const restore = await injectFailure(server, 'team_members', 'INSERT');
    try {
      expect((await createTeam(cast.workspaceAdmin, shared.workspaceId, 'Half made')).response.status).toBe(500);
    } finally {
      await restore();
    }
    expect(ok(await listTeams(cast.workspaceAdmin, shared.workspaceId)).map((t) => t.name)).not.toContain('Half made');
  });

  it.each(authTable({ none: 401, otherTenant: 404, outsider: 403, member: 403, teamAdmin: 403, workspaceAdmin: 201 }))(
    'answers %i to %s',
    async (status, _who, role) => {
      const name = `Created by ${role}`;
      expectStatus(await createTeam(cast[role], shared.workspaceId, name), status);
      const names = ok(await listTeams(cast.workspaceAdmin, shared.workspaceId)).map((t) => t.name);
      expect(names.includes(name)).toBe(status === 201);
    },
  );
});

describe('POST /api/v1/teams/get-all (listWorkspaceTeams)', () => {
  it('lists the default team first, then the others oldest first, with their member counts', async () => {
    const fixture = await createFixture(cast, 'Ordered');
    const display = ok(await createTeam(cast.workspaceAdmin, fixture.workspaceId, 'Display'));
    const search = ok(await createTeam(cast.workspaceAdmin, fixture.workspaceId, 'Search'));
    ok(await updateTeam(cast.workspaceAdmin, fixture.defaultTeamId, 'Zzz renamed default'));
    const result = await listTeams(cast.workspaceAdmin, fixture.workspaceId);
    expect(result.response.status).toBe(200);
    expect(result.data?.message).toBe('Teams retrieved');
    const teams = ok(result);
    expect(teams.map((t) => [t.id, t.isDefault, t.memberCount])).toEqual([
      [fixture.defaultTeamId, true, 1],
      [fixture.teamId, false, 2],
      [display.id, false, 1],
      [search.id, false, 1],
    ]);
    expect(teams.every((t) => t.enterpriseId === fixture.workspaceId)).toBe(true);
  });

  it.each([
    ['enterpriseId is missing', {}],
    ['enterpriseId is not a uuid', { enterpriseId: '1' }],
    ['the body has an unknown field', { enterpriseId: randomUUID(), page: 2 }],
  ])('answers 400 when %s', async (_case, body) => {
    const result = await cast.workspaceAdmin.POST('/api/v1/teams/get-all', { body: body as never });
    expectStatus(result, 400);
    expect(codeOf(result)).toBe('BAD_REQUEST');
  });

  it('answers 404 for an unknown workspace', async () => {
    expectStatus(await listTeams(cast.workspaceAdmin, randomUUID()), 404);
  });

  it.each(authTable({ none: 401, otherTenant: 404, outsider: 403, member: 403, teamAdmin: 403, workspaceAdmin: 200 }))(
    'answers %i to %s',
    async (status, _who, role) => {
      expectStatus(await listTeams(cast[role], shared.workspaceId), status);
    },
  );
});

describe('GET /api/v1/teams/{teamId} (getTeam)', () => {
  it('answers the team with its workspace id and member count to a member', async () => {
    const result = await getTeam(cast.member, shared.teamId);
    expect(result.response.status).toBe(200);
    expect(result.data?.message).toBe('Team retrieved');
    expect(ok(result)).toMatchObject({
      id: shared.teamId,
      enterpriseId: shared.workspaceId,
      name: 'Paid Social',
      isDefault: false,
      memberCount: 2,
    });
  });

  it('answers 403 to a member of another team of the same workspace', async () => {
    // The workspace admin's default team has one member besides them: user-63, who is in no other team.
    await ensureUsers(server, 'user-63');
    ok(
      await cast.workspaceAdmin.POST('/api/v1/teams/{teamId}/members', {
        params: { path: { teamId: shared.defaultTeamId } },
        body: { members: [{ externalUserId: 'user-63', role: 'ADMIN' }] },
      }),
    );
    const user63 = await server.clientFor('user-63');
    expectStatus(await getTeam(user63, shared.teamId), 403);
    expectStatus(await getTeam(user63, shared.defaultTeamId), 200);
  });

  it('answers 400 when teamId is not a uuid, and 404 "Team not found" for an unknown team', async () => {
    expectStatus(await getTeam(cast.member, 'team-1'), 400);
    const unknown = await getTeam(cast.member, randomUUID());
    expectStatus(unknown, 404);
    expect(messageOf(unknown)).toBe('Team not found');
  });

  it.each(authTable({ none: 401, otherTenant: 404, outsider: 403, member: 200, teamAdmin: 200, workspaceAdmin: 200 }))(
    'answers %i to %s',
    async (status, _who, role) => {
      expectStatus(await getTeam(cast[role], shared.teamId), status);
    },
  );
});

describe('PATCH /api/v1/teams/{teamId} (updateTeam)', () => {
  it('renames the team, moves updatedAt and keeps createdAt', async () => {
    const fixture = await createFixture(cast);
    const before = ok(await getTeam(cast.teamAdmin, fixture.teamId));
    const result = await updateTeam(cast.teamAdmin, fixture.teamId, 'Paid Social EU');
    expect(result.response.status).toBe(200);
    expect(result.data?.message).toBe('Team renamed');
    const after = ok(result);
    expect(after).toMatchObject({ id: fixture.teamId, name: 'Paid Social EU', memberCount: 2, createdAt: before.createdAt });
    expect(Date.parse(after.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
  });

  it('allows renaming a team to its own name in another casing, and renaming the default team', async () => {
    const fixture = await createFixture(cast);
    expect(ok(await updateTeam(cast.teamAdmin, fixture.teamId, 'PAID social')).name).toBe('PAID social');
    const renamedDefault = ok(await updateTeam(cast.workspaceAdmin, fixture.defaultTeamId, 'Everyone'));
    expect(renamedDefault).toMatchObject({ name: 'Everyone', isDefault: true });
  });

  it('answers 409 when another team of the workspace has the name in any casing, and changes nothing', async () => {
    const fixture = await createFixture(cast);
    const result = await updateTeam(cast.teamAdmin, fixture.teamId, 'GENERAL');
    expectStatus(result, 409);
    expect(codeOf(result)).toBe('CONFLICT');
    expect(ok(await getTeam(cast.teamAdmin, fixture.teamId)).name).toBe('Paid Social');
  });

  it.each([
    ['the name is blank', { name: '  ' }],
    ['the name is missing', {}],
    ['the name is longer than 100 characters', { name: 'x'.repeat(101) }],
    ['the body has an unknown field', { name: 'Search', isDefault: true }],
  ])('answers 400 when %s', async (_case, body) => {
    const result = await cast.teamAdmin.PATCH('/api/v1/teams/{teamId}', {
      params: { path: { teamId: shared.teamId } },
      body: body as never,
    });
    expectStatus(result, 400);
    expect(codeOf(result)).toBe('BAD_REQUEST');
  });

  it('answers 404 for an unknown team', async () => {
    expectStatus(await updateTeam(cast.workspaceAdmin, randomUUID(), 'Nobody'), 404);
  });

  it.each(authTable({ none: 401, otherTenant: 404, outsider: 403, member: 403, teamAdmin: 200, workspaceAdmin: 200 }))(
    'answers %i to %s',
    async (status, _who, role) => {
      const name = `Renamed by ${role}`;
      expectStatus(await updateTeam(cast[role], shared.teamId, name), status);
      expect(ok(await getTeam(cast.member, shared.teamId)).name === name).toBe(status === 200);
    },
  );
});

describe('DELETE /api/v1/teams/{teamId} (deleteTeam)', () => {
  it('deletes the team and answers "Team \'<name>\' deleted"; reading or deleting it again answers 404', async () => {
    const fixture = await createFixture(cast);
    const result = await deleteTeam(cast.workspaceAdmin, fixture.teamId);
    expect(result.response.status).toBe(200);
    expect(result.data).toMatchObject({ success: true, data: null, message: "Team 'Paid Social' deleted" });
    expectStatus(await getTeam(cast.workspaceAdmin, fixture.teamId), 404);
    expectStatus(await deleteTeam(cast.workspaceAdmin, fixture.teamId), 404);
    expect(ok(await listTeams(cast.workspaceAdmin, fixture.workspaceId)).map((t) => t.id)).toEqual([fixture.defaultTeamId]);
  });

  it('deletes its memberships, connections, ad accounts and permissions, but not the users nor the other teams', async () => {
    const fixture = await createFixture(cast);
    const adminId = await userIdOf(server, USER.workspaceAdmin);
    const memberId = await userIdOf(server, USER.member);
    const doomed = await seedConnection(server, fixture.teamId, adminId, memberId);
    const kept = await seedConnection(server, fixture.defaultTeamId, adminId, memberId);

    ok(await deleteTeam(cast.workspaceAdmin, fixture.teamId));

    const db = server.deps.db;
    expect(await db.selectFrom('team_members').select('user_id').where('team_id', '=', fixture.teamId).execute()).toEqual([]);
    expect(await db.selectFrom('connections').select('id').where('id', '=', doomed.connectionId).execute()).toEqual([]);
    expect(await db.selectFrom('ad_accounts').select('id').where('id', '=', doomed.adAccountId).execute()).toEqual([]);
    expect(
      await db.selectFrom('ad_account_permissions').select('user_id').where('ad_account_id', '=', doomed.adAccountId).execute(),
    ).toEqual([]);
    expect(await db.selectFrom('users').select('id').where('id', 'in', [adminId, memberId]).execute()).toHaveLength(2);
    expect(await db.selectFrom('ad_account_permissions').select('user_id').where('ad_account_id', '=', kept.adAccountId).execute()).toEqual(
      [{ user_id: memberId }],
    );
    expect(ok(await getTeam(cast.workspaceAdmin, fixture.defaultTeamId)).memberCount).toBe(1);
  });

  it('answers 409 for the default team of the workspace and deletes nothing', async () => {
    const result = await deleteTeam(cast.workspaceAdmin, shared.defaultTeamId);
    expectStatus(result, 409);
    expect(codeOf(result)).toBe('CONFLICT');
    expect(ok(await getTeam(cast.workspaceAdmin, shared.defaultTeamId)).isDefault).toBe(true);
  });

  it('answers 400 when teamId is not a uuid', async () => {
    expectStatus(await deleteTeam(cast.workspaceAdmin, 'paid-social'), 400);
  });

  it.each(authTable({ none: 401, otherTenant: 404, outsider: 403, member: 403, teamAdmin: 403, workspaceAdmin: 200 }))(
    'answers %i to %s',
    async (status, _who, role) => {
      const fixture = await createFixture(cast);
      expectStatus(await deleteTeam(cast[role], fixture.teamId), status);
      expectStatus(await getTeam(cast.member, fixture.teamId), status === 200 ? 404 : 200);
    },
  );
});

describe('tenant isolation of the team operations', () => {
  let foreign: { workspaceId: string; teamId: string };
  beforeAll(async () => {
    const workspace = ok(await cast.otherTenant.POST('/api/v1/workspace', { body: { name: 'Other tenant workspace' } }));
    const team = ok(await createTeam(cast.otherTenant, workspace.id, 'Other tenant team'));
    foreign = { workspaceId: workspace.id, teamId: team.id };
  });

  const byWorkspace: [string, (client: AdlyftClient, id: string) => Promise<Result>][] = [
    ['createTeam', (client, id) => createTeam(client, id, 'Planted')],
    ['listWorkspaceTeams', (client, id) => listTeams(client, id)],
  ];
  const byTeam: [string, (client: AdlyftClient, id: string) => Promise<Result>][] = [
    ['getTeam', (client, id) => getTeam(client, id)],
    ['updateTeam', (client, id) => updateTeam(client, id, 'Hijacked')],
    ['deleteTeam', (client, id) => deleteTeam(client, id)],
  ];

  async function expectSameAsUnknown(call: (client: AdlyftClient, id: string) => Promise<Result>, foreignId: string): Promise<void> {
    const fromForeign = await call(cast.workspaceAdmin, foreignId);
    const fromUnknown = await call(cast.workspaceAdmin, randomUUID());
    expectStatus(fromForeign, 404);
    const summary = (r: Result) => ({ status: r.response.status, code: codeOf(r), message: messageOf(r) });
    expect(summary(fromForeign)).toEqual(summary(fromUnknown));
  }

  it.each(byWorkspace)('%s answers another tenant’s workspace id exactly like an unknown id', async (_name, call) => {
    await expectSameAsUnknown(call, foreign.workspaceId);
  });

  it.each(byTeam)('%s answers another tenant’s team id exactly like an unknown id', async (_name, call) => {
    await expectSameAsUnknown(call, foreign.teamId);
  });

  it('leaves the other tenant’s workspace and teams untouched', async () => {
    const teams = ok(await listTeams(cast.otherTenant, foreign.workspaceId));
    expect(teams.map((t) => t.name)).toEqual(['General', 'Other tenant team']);
  });
});
