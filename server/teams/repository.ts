// All SQL about teams and their members. Teams are scoped by tenant, so another tenant's id reads as missing;
// member queries take a team id the caller has already resolved in its tenant. Functions take `db` or a
// transaction's `trx` first; rows are mapped to the contract's Team and TeamMember here.
import { type ExpressionBuilder, sql } from 'kysely';
import type { components } from '../../generated/schema.d.ts';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/tables.ts';

export type Team = components['schemas']['Team'];
export type TeamMember = components['schemas']['TeamMember'];
export type TeamRole = components['schemas']['TeamRole'];

interface TeamRow {
  id: string;
  workspace_id: string;
  name: string;
  is_default: boolean;
  /** A scalar subquery, so typed nullable; count(*) is never null. */
  member_count: number | null;
  created_at: Date;
  updated_at: Date;
}

const toTeam = (row: TeamRow): Team => ({
  id: row.id,
  enterpriseId: row.workspace_id,
  name: row.name,
  isDefault: row.is_default,
  memberCount: Number(row.member_count ?? 0),
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

interface MemberRow {
  external_user_id: string;
  role: TeamRole;
  joined_at: Date;
}

const toTeamMember = (row: MemberRow): TeamMember => ({
  externalUserId: row.external_user_id,
  role: row.role,
  joinedAt: new Date(row.joined_at).toISOString(),
});

const memberCount = (eb: ExpressionBuilder<Database, 'teams'>) =>
  eb.selectFrom('team_members as m').select(sql<number>`count(*)::int`.as('n')).whereRef('m.team_id', '=', 'teams.id').as('member_count');

function selectTeams(db: Db, tenantId: string) {
  return db
    .selectFrom('teams')
    .select((eb) => [
      'teams.id',
      'teams.workspace_id',
      'teams.name',
      'teams.is_default',
      memberCount(eb),
      'teams.created_at',
      'teams.updated_at',
    ])
    .where('teams.tenant_id', '=', tenantId);
}

// ── Teams ────────────────────────────────────────────────────────────────────────────────────────────────

export interface NewTeam {
  id: string;
  tenantId: string;
  workspaceId: string;
  name: string;
  isDefault: boolean;
  at: Date;
}

export async function insertTeam(db: Db, team: NewTeam): Promise<void> {
  await db
    .insertInto('teams')
    .values({
      id: team.id,
      tenant_id: team.tenantId,
      workspace_id: team.workspaceId,
      name: team.name,
      is_default: team.isDefault,
      created_at: team.at,
      updated_at: team.at,
    })
    .execute();
}

export async function findTeam(db: Db, tenantId: string, teamId: string): Promise<Team | undefined> {
  const row = await selectTeams(db, tenantId).where('teams.id', '=', teamId).executeTakeFirst();
  return row ? toTeam(row) : undefined;
}

/** The workspace's teams: the default team first, then by creation time (ties by id, so the order is stable). */
export async function listWorkspaceTeams(db: Db, tenantId: string, workspaceId: string): Promise<Team[]> {
  const rows = await selectTeams(db, tenantId)
    .where('teams.workspace_id', '=', workspaceId)
    .orderBy('teams.is_default', 'desc')
    .orderBy('teams.created_at', 'asc')
    .orderBy('teams.id', 'asc')
    .execute();
  return rows.map(toTeam);
}

/** The names of the workspace's teams, for the uniqueness rule (compared by the service, case-insensitively). */
export async function listWorkspaceTeamNames(db: Db, tenantId: string, workspaceId: string): Promise<{ id: string; name: string }[]> {
  return db.selectFrom('teams').select(['id', 'name']).where('tenant_id', '=', tenantId).where('workspace_id', '=', workspaceId).execute();
}

export async function renameTeam(db: Db, tenantId: string, teamId: string, name: string, at: Date): Promise<void> {
  await db.updateTable('teams').set({ name, updated_at: at }).where('tenant_id', '=', tenantId).where('id', '=', teamId).execute();
}

/**
 * Deletes the team. The foreign keys cascade to its memberships and its connections → ad_accounts →
 * ad_account_permissions. Users are not touched. Answers whether a row was deleted.
 */
export async function deleteTeam(db: Db, tenantId: string, teamId: string): Promise<boolean> {
  const result = await db.deleteFrom('teams').where('tenant_id', '=', tenantId).where('id', '=', teamId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Locks the row of the team's workspace (see lockWorkspace): the one lock every write below a workspace takes. */
export async function lockWorkspaceOfTeam(trx: Db, tenantId: string, teamId: string): Promise<void> {
  await trx
    .selectFrom('workspaces')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', (eb) => eb.selectFrom('teams').select('workspace_id').where('tenant_id', '=', tenantId).where('id', '=', teamId))
    .forUpdate()
    .execute();
}

export interface TeamAccessRow {
  teamId: string;
  teamName: string;
  isDefault: boolean;
  workspaceId: string;
  workspaceAdminUserId: string;
  /** The user's role in the team, or null when not a member. */
  role: TeamRole | null;
}

/** What a user may do in a team is derived from this; undefined when the team is not in the tenant. */
export async function findTeamAccessRow(db: Db, tenantId: string, teamId: string, userId: string): Promise<TeamAccessRow | undefined> {
  const row = await db
    .selectFrom('teams as t')
    .innerJoin('workspaces as w', 'w.id', 't.workspace_id')
    .leftJoin('team_members as m', (join) => join.onRef('m.team_id', '=', 't.id').on('m.user_id', '=', userId))
    .select(['t.id', 't.name', 't.is_default', 't.workspace_id', 'w.admin_user_id', 'm.role'])
    .where('t.tenant_id', '=', tenantId)
    .where('t.id', '=', teamId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    teamId: row.id,
    teamName: row.name,
    isDefault: row.is_default,
    workspaceId: row.workspace_id,
    workspaceAdminUserId: row.admin_user_id,
    role: row.role ?? null,
  };
}

// ── Members ──────────────────────────────────────────────────────────────────────────────────────────────

export interface NewMember {
  teamId: string;
  userId: string;
  role: TeamRole;
  at: Date;
}

/** Adds the membership unless the user already has one (their role is then left as it is). Answers whether it was added. */
export async function insertMember(db: Db, member: NewMember): Promise<boolean> {
  const inserted = await db
    .insertInto('team_members')
    .values({ team_id: member.teamId, user_id: member.userId, role: member.role, joined_at: member.at })
    .onConflict((oc) => oc.columns(['team_id', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Makes the user an ADMIN of the team: adds them, or promotes them if a MEMBER (joined_at is kept). */
export async function upsertAdminMember(db: Db, teamId: string, userId: string, at: Date): Promise<void> {
  await db
    .insertInto('team_members')
    .values({ team_id: teamId, user_id: userId, role: 'ADMIN', joined_at: at })
    .onConflict((oc) => oc.columns(['team_id', 'user_id']).doUpdateSet({ role: 'ADMIN' }))
    .execute();
}

export async function findMember(db: Db, teamId: string, userId: string): Promise<TeamMember | undefined> {
  const row = await db
    .selectFrom('team_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.external_user_id', 'm.role', 'm.joined_at'])
    .where('m.team_id', '=', teamId)
    .where('m.user_id', '=', userId)
    .executeTakeFirst();
  return row ? toTeamMember(row) : undefined;
}

/** Every member, oldest membership first, ties by externalUserId. */
export async function listMembers(db: Db, teamId: string): Promise<TeamMember[]> {
  const rows = await db
    .selectFrom('team_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.external_user_id', 'm.role', 'm.joined_at'])
    .where('m.team_id', '=', teamId)
    .orderBy('m.joined_at', 'asc')
    .orderBy('u.external_user_id', 'asc')
    .execute();
  return rows.map(toTeamMember);
}

export async function countAdmins(db: Db, teamId: string): Promise<number> {
  const row = await db
    .selectFrom('team_members')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('team_id', '=', teamId)
    .where('role', '=', 'ADMIN')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function deleteMember(db: Db, teamId: string, userId: string): Promise<void> {
  await db.deleteFrom('team_members').where('team_id', '=', teamId).where('user_id', '=', userId).execute();
}

/** Revokes every ad-account permission the user holds on ad accounts imported through the team's connections. */
export async function deleteAdAccountPermissionsInTeam(db: Db, teamId: string, userId: string): Promise<void> {
  await db
    .deleteFrom('ad_account_permissions')
    .where('user_id', '=', userId)
    .where('ad_account_id', 'in', (eb) =>
      eb
        .selectFrom('ad_accounts as a')
        .innerJoin('connections as c', 'c.id', 'a.connection_id')
        .select('a.id')
        .where('c.team_id', '=', teamId),
    )
    .execute();
}
