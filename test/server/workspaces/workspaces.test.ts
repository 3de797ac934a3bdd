import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdlyftClient, createAdlyftClient } from '../../../client/index.ts';
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

const getWorkspace = (client: AdlyftClient, enterpriseId: string) =>
  client.GET('/api/v1/workspace/{enterpriseId}', { params: { path: { enterpriseId } } });
const updateWorkspace = (client: AdlyftClient, enterpriseId: string, body: { name?: string; description?: string | null }) =>
  client.PATCH('/api/v1/workspace/{enterpriseId}', { params: { path: { enterpriseId } }, body });
const deleteWorkspace = (client: AdlyftClient, enterpriseId: string) =>
  client.DELETE('/api/v1/workspace/{enterpriseId}', { params: { path: { enterpriseId } } });
const changeAdmin = (client: AdlyftClient, enterpriseId: string, externalUserId: string) =>
  client.PATCH('/api/v1/workspace/{enterpriseId}/change-admin', { params: { path: { enterpriseId } }, body: { externalUserId } });
const listMembers = (client: AdlyftClient, teamId: string) =>
  client.GET('/api/v1/teams/{teamId}/members', { params: { path: { teamId } } });

async function countRows(
  table: 'workspaces' | 'teams' | 'team_members' | 'connections' | 'ad_accounts' | 'ad_account_permissions' | 'users',
): Promise<number> {
  const row = await server.deps.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('POST /api/v1/workspace (createWorkspace)', () => {
  it('creates the workspace with the caller as admin and answers 201 with its default team id', async () => {
    const result = await cast.member.POST('/api/v1/workspace', {
      body: { name: 'Acme Marketing', description: 'Paid media for the Acme brands in Europe' },
    });
    expect(result.response.status).toBe(201);
    expect(result.data).toMatchObject({ success: true, statusCode: 201, message: 'Workspace created' });
    const workspace = ok(result);
    expect(workspace).toMatchObject({
      name: 'Acme Marketing',
      description: 'Paid media for the Acme brands in Europe',
      adminExternalUserId: USER.member,
    });
    expect(workspace.createdAt).toBe(workspace.updatedAt);
    expect(ok(await getWorkspace(cast.member, workspace.id))).toEqual(workspace);
  });

  it('creates the default team "General" in the same call, with the caller as its only member, an ADMIN', async () => {
    const workspace = ok(await cast.outsider.POST('/api/v1/workspace', { body: { name: 'Globex Growth' } }));
    const team = ok(await cast.outsider.GET('/api/v1/teams/{teamId}', { params: { path: { teamId: workspace.defaultTeamId } } }));
    expect(team).toMatchObject({
      id: workspace.defaultTeamId,
      enterpriseId: workspace.id,
      name: 'General',
      isDefault: true,
      memberCount: 1,
    });
    const members = ok(await listMembers(cast.outsider, workspace.defaultTeamId));
    expect(members).toEqual([{ externalUserId: USER.outsider, role: 'ADMIN', joinedAt: workspace.createdAt }]);
  });

  it('stores a missing or null description as null', async () => {
    const nameOnly = ok(await cast.member.POST('/api/v1/workspace', { body: { name: 'Name only' } }));
    const nullDescription = ok(await cast.member.POST('/api/v1/workspace', { body: { name: 'Null description', description: null } }));
    expect(nameOnly.description).toBeNull();
    expect(nullDescription.description).toBeNull();
  });

  it('lets a user create several workspaces with the same name', async () => {
    const first = ok(await cast.teamAdmin.POST('/api/v1/workspace', { body: { name: 'Twin' } }));
    const second = ok(await cast.teamAdmin.POST('/api/v1/workspace', { body: { name: 'Twin' } }));
    expect(second.id).not.toBe(first.id);
    expect(second.defaultTeamId).not.toBe(first.defaultTeamId);
  });

  it.each([
    ['the name is blank', { name: '   ' }, 'body.name'],
    ['the name is empty', { name: '' }, 'body.name'],
    ['the name is longer than 100 characters', { name: 'x'.repeat(101) }, 'body.name'],
    ['the description is longer than 500 characters', { name: 'Acme', description: 'x'.repeat(501) }, 'body.description'],
    ['the name is missing', { description: 'no name' }, 'body.name'],
    ['the body has an unknown field', { name: 'Acme', enterpriseId: randomUUID() }, 'body.enterpriseId'],
  ])('answers 400 naming the field when %s', async (_case, body, field) => {
    const before = await countRows('workspaces');
    const result = await cast.member.POST('/api/v1/workspace', { body: body as never });
    expectStatus(result, 400);
    expect(codeOf(result)).toBe('BAD_REQUEST');
    expect(fieldsOf(result)).toContain(field);
    expect(await countRows('workspaces')).toBe(before);
  });

  it('creates nothing when creating the default team fails (one transaction) and answers 500', async () => {
    const before = { workspaces: await countRows('workspaces'), teams: await countRows('teams') };
    const restore = await injectFailure(server, 'team_members', 'INSERT');
    try {
      const result = await cast.member.POST('/api/v1/workspace', { body: { name: 'Doomed' } });
      expect(result.response.status).toBe(500);
      expect(codeOf(result)).toBe('INTERNAL_ERROR');
      expect(messageOf(result)).toBe('Internal server error');
    } finally {
      await restore();
    }
    expect({ workspaces: await countRows('workspaces'), teams: await countRows('teams') }).toEqual(before);
  });

  it.each(authTable({ none: 401, otherTenant: 201, outsider: 201, member: 201, teamAdmin: 201, workspaceAdmin: 201 }))(
    'answers %i to %s',
    async (status, _who, role) => {
      const result = await cast[role].POST('/api/v1/workspace', { body: { name: `Created by ${role}` } });
      expectStatus(result, status);
    },
  );
});

describe('GET /api/v1/workspace/{enterpriseId} (getWorkspace)', () => {
  it('answers the workspace with its admin and default team to a member of one of its teams', async () => {
    const result = await getWorkspace(cast.member, shared.workspaceId);
    expect(result.response.status).toBe(200);
    expect(result.data?.message).toBe('Workspace retrieved');
    expect(ok(result)).toMatchObject({
      id: shared.workspaceId,
      name: 'Acme Marketing',
      adminExternalUserId: USER.workspaceAdmin,
      defaultTeamId: shared.defaultTeamId,
    });
  });

  it('answers 400 when enterpriseId is not a uuid', async () => {
    const result = await getWorkspace(cast.workspaceAdmin, 'not-a-uuid');
    expectStatus(result, 400);
    expect(codeOf(result)).toBe('BAD_REQUEST');
  });

  it('answers 404 "Workspace not found" for an unknown id', async () => {
    const result = await getWorkspace(cast.workspaceAdmin, randomUUID());
    expectStatus(result, 404);
    expect(messageOf(result)).toBe('Workspace not found');
  });

  it.each(authTable({ none: 401, otherTenant: 404, outsider: 403, member: 200, teamAdmin: 200, workspaceAdmin: 200 }))(
    'answers %i to %s',
    async (status, _who, role) => {
      expectStatus(await getWorkspace(cast[role], shared.workspaceId), status);
    },
  );
});

describe('PATCH /api/v1/workspace/{enterpriseId} (updateWorkspace)', () => {
  it('renames the workspace and keeps the description when only the name is sent', async () => {
    const fixture = await createFixture(cast, 'Before');
    ok(await updateWorkspace(cast.workspaceAdmin, fixture.workspaceId, { description: 'Kept' }));
    const result = await updateWorkspace(cast.workspaceAdmin, fixture.workspaceId, { name: 'Acme Marketing EU' });
    expect(result.response.status).toBe(200);
    expect(result.data?.message).toBe('Workspace updated');
    expect(ok(result)).toMatchObject({ name: 'Acme Marketing EU', description: 'Kept', adminExternalUserId: USER.workspaceAdmin });
  });

  it('changes the name and the description together, and null clears the description', async () => {
    const fixture = await createFixture(cast, 'Before');
    const both = ok(await updateWorkspace(cast.workspaceAdmin, fixture.workspaceId, { name: 'After', description: 'Europe and the UK' }));
    expect(both).toMatchObject({ name: 'After', description: 'Europe and the UK' });
    const cleared = ok(await updateWorkspace(cast.workspaceAdmin, fixture.workspaceId, { description: null }));
    expect(cleared).toMatchObject({ name: 'After', description: null });
  });

  it('moves updatedAt even when the values sent equal the current ones, and never createdAt', async () => {
    const before = ok(await getWorkspace(cast.workspaceAdmin, shared.workspaceId));
    const after = ok(await updateWorkspace(cast.workspaceAdmin, shared.workspaceId, { name: before.name }));
    expect(after.createdAt).toBe(before.createdAt);
    expect(Date.parse(after.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
    expect({ ...after, updatedAt: before.updatedAt }).toEqual(before);
  });

  it.each([
    ['the body is empty', {}],
    ['the name is blank', { name: ' \t ' }],
    ['the name is longer than 100 characters', { name: 'x'.repeat(101) }],
    ['the description is longer than 500 characters', { description: 'x'.repeat(501) }],
    ['the body tries to change the admin', { adminExternalUserId: USER.member }],
  ])('answers 400 and changes nothing when %s', async (_case, body) => {
    const before = ok(await getWorkspace(cast.workspaceAdmin, shared.workspaceId));
    const result = await updateWorkspace(cast.workspaceAdmin, shared.workspaceId, body as never);
    expectStatus(result, 400);
    expect(codeOf(result)).toBe('BAD_REQUEST');
    expect(ok(await getWorkspace(cast.workspaceAdmin, shared.workspaceId))).toEqual(before);
  });

  it('answers 404 for an unknown id', async () => {
    expectStatus(await updateWorkspace(cast.workspaceAdmin, randomUUID(), { name: 'Nobody' }), 404);
  });

  it.each(authTable({ none: 401, otherTenant: 404, outsider: 403, member: 403, teamAdmin: 403, workspaceAdmin: 200 }))(
    'answers %i to %s',
    async (status, _who, role) => {
      expectStatus(await updateWorkspace(cast[role], shared.workspaceId, { description: `Set by ${role}` }), status);
      const current = ok(await getWorkspace(cast.workspaceAdmin, shared.workspaceId));
      if (status !== 200) expect(current.description).not.toBe(`Set by ${role}`);
    },
  );
});

describe('DELETE /api/v1/workspace/{enterpriseId} (deleteWorkspace)', () => {
  it('deletes the workspace; reading or deleting it again answers 404', async () => {
    const fixture = await createFixture(cast);
    const result = await deleteWorkspace(cast.workspaceAdmin, fixture.workspaceId);
    expect(result.response.status).toBe(200);
    expect(result.data).toMatchObject({ success: true, data: null, message: 'Workspace deleted with its teams' });
    expectStatus(await getWorkspace(cast.workspaceAdmin, fixture.workspaceId), 404);
    expectStatus(await deleteWorkspace(cast.workspaceAdmin, fixture.workspaceId), 404);
  });

  it('deletes its teams, memberships, connections, ad accounts and permissions, but not the users nor other workspaces', async () => {
    const fixture = await createFixture(cast, 'Doomed');
    const kept = await createFixture(cast, 'Kept');
    const adminId = await userIdOf(server, USER.workspaceAdmin);
    const memberId = await userIdOf(server, USER.member);
    const doomedConnections = [
      await seedConnection(server, fixture.teamId, adminId, memberId),
      await seedConnection(server, fixture.defaultTeamId, adminId, memberId),
    ];
    const keptConnection = await seedConnection(server, kept.teamId, adminId, memberId);
    const users = await countRows('users');

    ok(await deleteWorkspace(cast.workspaceAdmin, fixture.workspaceId));

    const db = server.deps.db;
    const doomedTeams = [fixture.teamId, fixture.defaultTeamId];
    expect(await db.selectFrom('teams').select('id').where('workspace_id', '=', fixture.workspaceId).execute()).toEqual([]);
    expect(await db.selectFrom('team_members').select('user_id').where('team_id', 'in', doomedTeams).execute()).toEqual([]);
    expect(await db.selectFrom('connections').select('id').where('team_id', 'in', doomedTeams).execute()).toEqual([]);
    const doomedAccounts = doomedConnections.map((c) => c.adAccountId);
    expect(await db.selectFrom('ad_accounts').select('id').where('id', 'in', doomedAccounts).execute()).toEqual([]);
    expect(await db.selectFrom('ad_account_permissions').select('user_id').where('ad_account_id', 'in', doomedAccounts).execute()).toEqual(
      [],
    );
    expect(await countRows('users')).toBe(users);
    expect(ok(await getWorkspace(cast.member, kept.workspaceId)).id).toBe(kept.workspaceId);
    expect(ok(await listMembers(cast.member, kept.teamId))).toHaveLength(2);
    const keptPermissions = await db
      .selectFrom('ad_account_permissions')
      .select('user_id')
      .where('ad_account_id', '=', keptConnection.adAccountId)
      .execute();
    expect(keptPermissions).toEqual([{ user_id: memberId }]);
  });

  it('deletes nothing when a part of the cascade fails (one transaction) and answers 500', async () => {
    const fixture = await createFixture(cast, 'Survivor');
    const adminId = await userIdOf(server, USER.workspaceAdmin);
    await seedConnection(server, fixture.teamId, adminId, await userIdOf(server, USER.member));
    const tables = ['workspaces', 'teams', 'team_members', 'connections', 'ad_accounts', 'ad_account_permissions'] as const;
    const before = await Promise.all(tables.map(countRows));
    const restore = await injectFailure(server, 'ad_accounts', 'DELETE');
    try {
      const result = await deleteWorkspace(cast.workspaceAdmin, fixture.workspaceId);
      expect(result.response.status).toBe(500);
      expect(codeOf(result)).toBe('INTERNAL_ERROR');
    } finally {
      await restore();
    }
    expect(await Promise.all(tables.map(countRows))).toEqual(before);
    expect(ok(await listMembers(cast.member, fixture.teamId))).toHaveLength(2);
  });

  it('answers 400 when enterpriseId is not a uuid', async () => {
    expectStatus(await deleteWorkspace(cast.workspaceAdmin, '42'), 400);
  });

  it.each(authTable({ none: 401, otherTenant: 404, outsider: 403, member: 403, teamAdmin: 403, workspaceAdmin: 200 }))(
    'answers %i to %s',
    async (status, _who, role) => {
      const fixture = await createFixture(cast);
      expectStatus(await deleteWorkspace(cast[role], fixture.workspaceId), status);
      expectStatus(await getWorkspace(cast.workspaceAdmin, fixture.workspaceId), status === 200 ? 404 : 200);
    },
  );
});

describe('PATCH /api/v1/workspace/{enterpriseId}/change-admin (changeWorkspaceAdmin)', () => {
  it('makes the user the admin and adds them to the default team as ADMIN; the former admin keeps their memberships', async () => {
    const fixture = await createFixture(cast);
    const before = ok(await getWorkspace(cast.workspaceAdmin, fixture.workspaceId));
    const result = await changeAdmin(cast.workspaceAdmin, fixture.workspaceId, USER.member);
    expect(result.response.status).toBe(200);
    expect(result.data?.message).toBe('Workspace admin changed');
    const after = ok(result);
    expect(after).toMatchObject({
      id: fixture.workspaceId,
      adminExternalUserId: USER.member,
      defaultTeamId: fixture.defaultTeamId,
      createdAt: before.createdAt,
    });
    expect(Date.parse(after.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
    const defaultMembers = ok(await listMembers(cast.member, fixture.defaultTeamId));
    expect(defaultMembers.map(({ externalUserId, role }) => ({ externalUserId, role }))).toEqual([
      { externalUserId: USER.workspaceAdmin, role: 'ADMIN' },
      { externalUserId: USER.member, role: 'ADMIN' },
    ]);
    // The new admin keeps their role in the other team; the former admin lost the workspace-admin rights at once.
    const teamMembers = ok(await listMembers(cast.member, fixture.teamId));
    expect(teamMembers.find((m) => m.externalUserId === USER.member)?.role).toBe('MEMBER');
    expectStatus(await updateWorkspace(cast.workspaceAdmin, fixture.workspaceId, { name: 'Taken back' }), 403);
    expectStatus(await updateWorkspace(cast.member, fixture.workspaceId, { name: 'Mine now' }), 200);
  });

  it('promotes a MEMBER of the default team to ADMIN there, keeping when they joined', async () => {
    const fixture = await createFixture(cast);
    ok(
      await cast.workspaceAdmin.POST('/api/v1/teams/{teamId}/members', {
        params: { path: { teamId: fixture.defaultTeamId } },
        body: { members: [{ externalUserId: USER.outsider, role: 'MEMBER' }] },
      }),
    );
    const joined = ok(await listMembers(cast.workspaceAdmin, fixture.defaultTeamId)).find((m) => m.externalUserId === USER.outsider);
    ok(await changeAdmin(cast.workspaceAdmin, fixture.workspaceId, USER.outsider));
    const promoted = ok(await listMembers(cast.outsider, fixture.defaultTeamId)).find((m) => m.externalUserId === USER.outsider);
    expect(promoted).toEqual({ ...joined, role: 'ADMIN' });
  });

  it('accepts a user of the tenant who belongs to none of the workspace teams', async () => {
    const fixture = await createFixture(cast);
    await ensureUsers(server, 'user-57');
    expect(ok(await changeAdmin(cast.workspaceAdmin, fixture.workspaceId, 'user-57')).adminExternalUserId).toBe('user-57');
  });

  it('answers 404 "User not found" for an unknown user, and the same for a user of another tenant only', async () => {
    const otherTenantOnly = 'only-in-other-tenant';
    const other = await server.createTenant('Third tenant');
    await createAdlyftClient({ baseUrl: server.baseUrl, apiKey: other.apiKey }).signIn(otherTenantOnly);
    for (const externalUserId of ['nobody-here', otherTenantOnly]) {
      const result = await changeAdmin(cast.workspaceAdmin, shared.workspaceId, externalUserId);
      expectStatus(result, 404);
      expect(messageOf(result)).toBe('User not found');
    }
    expect(ok(await getWorkspace(cast.workspaceAdmin, shared.workspaceId)).adminExternalUserId).toBe(USER.workspaceAdmin);
  });

  it('answers 409 when the user is already the admin (the caller naming themselves)', async () => {
    const before = ok(await getWorkspace(cast.workspaceAdmin, shared.workspaceId));
    const result = await changeAdmin(cast.workspaceAdmin, shared.workspaceId, USER.workspaceAdmin);
    expectStatus(result, 409);
    expect(codeOf(result)).toBe('CONFLICT');
    expect(ok(await getWorkspace(cast.workspaceAdmin, shared.workspaceId))).toEqual(before);
  });

  it.each([
    ['externalUserId is empty', { externalUserId: '' }],
    ['externalUserId is longer than 255 characters', { externalUserId: 'u'.repeat(256) }],
    ['externalUserId is missing', {}],
    ['the body uses the published adminId field', { adminId: USER.member }],
  ])('answers 400 when %s', async (_case, body) => {
    const result = await cast.workspaceAdmin.PATCH('/api/v1/workspace/{enterpriseId}/change-admin', {
      params: { path: { enterpriseId: shared.workspaceId } },
      body: body as never,
    });
    expectStatus(result, 400);
    expect(codeOf(result)).toBe('BAD_REQUEST');
  });

  it('answers 400 when enterpriseId is not a uuid', async () => {
    expectStatus(await changeAdmin(cast.workspaceAdmin, 'acme', USER.member), 400);
  });

  it.each(authTable({ none: 401, otherTenant: 404, outsider: 403, member: 403, teamAdmin: 403, workspaceAdmin: 200 }))(
    'answers %i to %s',
    async (status, _who, role) => {
      const fixture = await createFixture(cast);
      expectStatus(await changeAdmin(cast[role], fixture.workspaceId, USER.teamAdmin), status);
      const admin = ok(await getWorkspace(cast.teamAdmin, fixture.workspaceId)).adminExternalUserId;
      expect(admin).toBe(status === 200 ? USER.teamAdmin : USER.workspaceAdmin);
    },
  );
});

describe('tenant isolation of the workspace operations', () => {
  let othersWorkspaceId: string;
  beforeAll(async () => {
    othersWorkspaceId = ok(await cast.otherTenant.POST('/api/v1/workspace', { body: { name: 'Other tenant workspace' } })).id;
  });

  const operations: [string, (client: AdlyftClient, id: string) => Promise<Result>][] = [
    ['getWorkspace', (client, id) => getWorkspace(client, id)],
    ['updateWorkspace', (client, id) => updateWorkspace(client, id, { name: 'Hijacked' })],
    ['deleteWorkspace', (client, id) => deleteWorkspace(client, id)],
    ['changeWorkspaceAdmin', (client, id) => changeAdmin(client, id, USER.member)],
  ];

  it.each(operations)('%s answers another tenant’s workspace id exactly like an unknown id', async (_name, call) => {
    const foreign = await call(cast.workspaceAdmin, othersWorkspaceId);
    const unknown = await call(cast.workspaceAdmin, randomUUID());
    expectStatus(foreign, 404);
    expect({ status: foreign.response.status, code: codeOf(foreign), message: messageOf(foreign) }).toEqual({
      status: unknown.response.status,
      code: codeOf(unknown),
      message: messageOf(unknown),
    });
    const stillThere = ok(await getWorkspace(cast.otherTenant, othersWorkspaceId));
    expect(stillThere).toMatchObject({ name: 'Other tenant workspace', adminExternalUserId: USER.otherTenant });
  });
});
