// Team and membership rules: who may do what (access.ts), unique team names per workspace, the default team
// that only goes with its workspace, the last ADMIN who cannot be removed, and adding one member
// (all-or-nothing) versus several (one by one, reported). Writes that check before they change run in one
// transaction that first locks the workspace row, so the checks cannot race.
import { randomUUID } from 'node:crypto';
import type { components } from '../../generated/schema.d.ts';
import type { Db } from '../db/database.ts';
import { AppError, conflict, notFound } from '../http/errors.ts';
import { findUserByExternalId } from '../users/repository.ts';
import { lockWorkspace } from '../workspaces/repository.ts';
import { type Caller, requireTeamAccess, requireWorkspaceAccess } from './access.ts';
import {
  countAdmins,
  deleteAdAccountPermissionsInTeam,
  deleteMember,
  deleteTeam as deleteTeamRow,
  findMember,
  findTeam,
  insertMember,
  insertTeam,
  listMembers,
  listWorkspaceTeams as listTeamsOfWorkspace,
  listWorkspaceTeamNames,
  lockWorkspaceOfTeam,
  renameTeam,
  type Team,
  type TeamMember,
} from './repository.ts';

export type TeamMemberAssignment = components['schemas']['TeamMemberAssignment'];
export type TeamMemberAssignmentReport = components['schemas']['TeamMemberAssignmentReport'];
type AssignmentFailure = components['schemas']['TeamMemberAssignmentFailure'];

/** Team names are unique within a workspace, compared case-insensitively. */
export function sameTeamName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

async function assertTeamNameFree(db: Db, tenantId: string, workspaceId: string, name: string, exceptTeamId?: string): Promise<void> {
  const teams = await listWorkspaceTeamNames(db, tenantId, workspaceId);
  const taken = teams.find((team) => team.id !== exceptTeamId && sameTeamName(team.name, name));
  if (taken) {
    throw conflict(`The workspace already has a team named '${taken.name}'`, [
      { field: 'body.name', message: 'is already the name of another team of this workspace' },
    ]);
  }
}

async function readTeam(db: Db, tenantId: string, teamId: string): Promise<Team> {
  const team = await findTeam(db, tenantId, teamId);
  if (!team) throw new Error(`team ${teamId} vanished inside its own transaction`);
  return team;
}

// ── Teams ────────────────────────────────────────────────────────────────────────────────────────────────

/** Creates a (non-default) team in the workspace, with the workspace admin (the caller) as its first ADMIN. */
export async function createTeam(db: Db, caller: Caller, workspaceId: string, name: string, at: Date): Promise<Team> {
  return db.transaction().execute(async (trx) => {
    await lockWorkspace(trx, caller.tenantId, workspaceId);
    await requireWorkspaceAccess(trx, caller, workspaceId, 'workspaceAdmin');
    await assertTeamNameFree(trx, caller.tenantId, workspaceId, name);
    const teamId = randomUUID();
    await insertTeam(trx, { id: teamId, tenantId: caller.tenantId, workspaceId, name, isDefault: false, at });
    await insertMember(trx, { teamId, userId: caller.userId, role: 'ADMIN', at });
    return readTeam(trx, caller.tenantId, teamId);
  });
}

/** Every team of the workspace, the default team first; for the workspace admin only. */
export async function listWorkspaceTeams(db: Db, caller: Caller, workspaceId: string): Promise<Team[]> {
  await requireWorkspaceAccess(db, caller, workspaceId, 'workspaceAdmin');
  return listTeamsOfWorkspace(db, caller.tenantId, workspaceId);
}

export async function getTeam(db: Db, caller: Caller, teamId: string): Promise<Team> {
  await requireTeamAccess(db, caller, teamId, 'member');
  return readTeam(db, caller.tenantId, teamId);
}

/** Renames the team (the default team too); its own current name in another casing is allowed. */
export async function updateTeam(db: Db, caller: Caller, teamId: string, name: string, at: Date): Promise<Team> {
  return db.transaction().execute(async (trx) => {
    await lockWorkspaceOfTeam(trx, caller.tenantId, teamId);
    const access = await requireTeamAccess(trx, caller, teamId, 'admin');
    await assertTeamNameFree(trx, caller.tenantId, access.workspaceId, name, teamId);
    await renameTeam(trx, caller.tenantId, teamId, name, at);
    return readTeam(trx, caller.tenantId, teamId);
  });
}

/** Deletes a team that is not the default one, with its memberships, connections, ad accounts and permissions. */
export async function deleteTeam(db: Db, caller: Caller, teamId: string): Promise<{ name: string }> {
  return db.transaction().execute(async (trx) => {
    await lockWorkspaceOfTeam(trx, caller.tenantId, teamId);
    const access = await requireTeamAccess(trx, caller, teamId, 'workspaceAdmin');
    if (access.isDefault) throw conflict('The default team cannot be deleted; it goes only with its workspace');
    if (!(await deleteTeamRow(trx, caller.tenantId, teamId))) throw notFound('Team not found');
    return { name: access.teamName };
  });
}

// ── Members ──────────────────────────────────────────────────────────────────────────────────────────────

export async function listTeamMembers(db: Db, caller: Caller, teamId: string): Promise<TeamMember[]> {
  await requireTeamAccess(db, caller, teamId, 'member');
  return listMembers(db, teamId);
}

/** Adds one member, all-or-nothing: 404 UNKNOWN_USER or 409 ALREADY_MEMBER with nothing changed. */
export async function assignTeamMember(
  db: Db,
  caller: Caller,
  teamId: string,
  assignment: TeamMemberAssignment,
  at: Date,
): Promise<TeamMember> {
  await requireTeamAccess(db, caller, teamId, 'admin');
  const field = 'body.members.0.externalUserId';
  const user = await findUserByExternalId(db, caller.tenantId, assignment.externalUserId);
  if (!user)
    throw new AppError(404, 'NOT_FOUND', 'User not found', [
      { field, message: 'No user with this externalUserId in this tenant', code: 'UNKNOWN_USER' },
    ]);
  const added = await insertMember(db, { teamId, userId: user.id, role: assignment.role, at });
  if (!added)
    throw conflict('The user is already a member of this team', [
      { field, message: 'The user is already a member of this team', code: 'ALREADY_MEMBER' },
    ]);
  return { externalUserId: user.externalUserId, role: assignment.role, joinedAt: at.toISOString() };
}

/**
 * Adds several members one by one, in request order; each entry is applied (one atomic insert) or left out
 * with its reason, and the ones applied stay applied whatever happens to the others.
 */
export async function assignTeamMembers(
  db: Db,
  caller: Caller,
  teamId: string,
  assignments: TeamMemberAssignment[],
  at: Date,
): Promise<TeamMemberAssignmentReport> {
  await requireTeamAccess(db, caller, teamId, 'admin');
  const successful: TeamMember[] = [];
  const failed: AssignmentFailure[] = [];
  const seen = new Set<string>();
  for (const { externalUserId, role } of assignments) {
    if (seen.has(externalUserId)) {
      failed.push({ externalUserId, reason: 'DUPLICATE_IN_REQUEST', message: 'This externalUserId appears earlier in members' });
      continue;
    }
    seen.add(externalUserId);
    const user = await findUserByExternalId(db, caller.tenantId, externalUserId);
    if (!user) {
      failed.push({ externalUserId, reason: 'UNKNOWN_USER', message: 'No user with this externalUserId in this tenant' });
    } else if (await insertMember(db, { teamId, userId: user.id, role, at })) {
      successful.push({ externalUserId, role, joinedAt: at.toISOString() });
    } else {
      failed.push({ externalUserId, reason: 'ALREADY_MEMBER', message: 'The user is already a member of this team' });
    }
  }
  return { successful, failed, summary: { requested: assignments.length, succeeded: successful.length, failed: failed.length } };
}

/** Removes a member and, with the membership, the ad-account permissions they held in this team. */
export async function removeTeamMember(db: Db, caller: Caller, teamId: string, externalUserId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockWorkspaceOfTeam(trx, caller.tenantId, teamId);
    await requireTeamAccess(trx, caller, teamId, 'admin');
    const user = await findUserByExternalId(trx, caller.tenantId, externalUserId);
    const member = user ? await findMember(trx, teamId, user.id) : undefined;
    if (!user || !member) throw notFound('Member not found');
    if (member.role === 'ADMIN' && (await countAdmins(trx, teamId)) <= 1) {
      throw conflict("The member is the team's last ADMIN; make another member ADMIN first");
    }
    await deleteAdAccountPermissionsInTeam(trx, teamId, user.id);
    await deleteMember(trx, teamId, user.id);
  });
}
