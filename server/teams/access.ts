// Who may do what in a workspace and its teams: the one place these rules live, reused by every feature that
// works below a team (workspaces, teams, members, connections, ad accounts, Meta and Google reads).
//
// The rules:
// - The workspace admin may do everything in the workspace and in each of its teams, member of them or not.
// - A team ADMIN manages that team (rename, members, connections, ad-account permissions).
// - A team MEMBER reads that team.
// - Anything of another tenant, or that does not exist, answers 404; only a caller of the same tenant who lacks
//   the role gets 403, so a tenant never learns about another tenant's ids.
import type { AuthContext } from '../auth/authenticate.ts';
import type { Db } from '../db/database.ts';
import { forbidden, notFound, unauthorized } from '../http/errors.ts';
import { findWorkspaceAccessRow } from '../workspaces/repository.ts';
import { findTeamAccessRow, type TeamRole } from './repository.ts';

/** The authenticated user of a tenant on whose behalf an operation runs. */
export interface Caller {
  tenantId: string;
  userId: string;
}

/** The caller of an operation secured by ApiKey + BearerAuth (authentication has already run). */
export function callerOf(auth: AuthContext): Caller {
  if (!auth.tenant || !auth.user) throw unauthorized('UNAUTHORIZED', 'An API key and an access token are required');
  return { tenantId: auth.tenant.id, userId: auth.user.id };
}

// ── Workspaces ───────────────────────────────────────────────────────────────────────────────────────────

export interface WorkspaceAccess {
  workspaceId: string;
  /** The caller is the workspace admin. */
  isWorkspaceAdmin: boolean;
  /** The caller belongs (ADMIN or MEMBER) to at least one team of the workspace. */
  isTeamMember: boolean;
}

/**
 * - `member`: the workspace admin, or a member of any of its teams (reads the workspace);
 * - `workspaceAdmin`: the workspace admin only.
 */
export type WorkspaceRequirement = 'member' | 'workspaceAdmin';

/** The caller's standing in the workspace, or undefined when there is no such workspace in the caller's tenant. */
export async function loadWorkspaceAccess(db: Db, caller: Caller, workspaceId: string): Promise<WorkspaceAccess | undefined> {
  const row = await findWorkspaceAccessRow(db, caller.tenantId, workspaceId, caller.userId);
  if (!row) return undefined;
  return { workspaceId, isWorkspaceAdmin: row.adminUserId === caller.userId, isTeamMember: row.userIsTeamMember };
}

export function workspaceAccessAllows(access: WorkspaceAccess, requirement: WorkspaceRequirement): boolean {
  return requirement === 'member' ? access.isWorkspaceAdmin || access.isTeamMember : access.isWorkspaceAdmin;
}

/** The caller's standing in the workspace when it meets the requirement; 404 when not in the tenant, else 403. */
export async function requireWorkspaceAccess(
  db: Db,
  caller: Caller,
  workspaceId: string,
  requirement: WorkspaceRequirement,
): Promise<WorkspaceAccess> {
  const access = await loadWorkspaceAccess(db, caller, workspaceId);
  if (!access) throw notFound('Workspace not found');
  if (!workspaceAccessAllows(access, requirement)) {
    throw forbidden(
      requirement === 'member'
        ? 'Only the workspace admin and members of its teams may read this workspace'
        : 'Only the workspace admin may do this',
    );
  }
  return access;
}

// ── Teams ────────────────────────────────────────────────────────────────────────────────────────────────

export interface TeamAccess {
  teamId: string;
  teamName: string;
  isDefault: boolean;
  workspaceId: string;
  /** The caller's role in this team, or null when not a member of it. */
  role: TeamRole | null;
  /** The caller is the admin of the team's workspace (which gives every right in the team). */
  isWorkspaceAdmin: boolean;
}

/**
 * - `member`: a member of the team (ADMIN or MEMBER) or the workspace admin (reads the team);
 * - `admin`: an ADMIN of the team or the workspace admin (manages the team);
 * - `workspaceAdmin`: the workspace admin only (deletes the team).
 */
export type TeamRequirement = 'member' | 'admin' | 'workspaceAdmin';

/** The caller's standing in the team, or undefined when there is no such team in the caller's tenant. */
export async function loadTeamAccess(db: Db, caller: Caller, teamId: string): Promise<TeamAccess | undefined> {
  const row = await findTeamAccessRow(db, caller.tenantId, teamId, caller.userId);
  if (!row) return undefined;
  return {
    teamId: row.teamId,
    teamName: row.teamName,
    isDefault: row.isDefault,
    workspaceId: row.workspaceId,
    role: row.role,
    isWorkspaceAdmin: row.workspaceAdminUserId === caller.userId,
  };
}

export function teamAccessAllows(access: TeamAccess, requirement: TeamRequirement): boolean {
  if (access.isWorkspaceAdmin) return true;
  if (requirement === 'member') return access.role !== null;
  if (requirement === 'admin') return access.role === 'ADMIN';
  return false;
}

const FORBIDDEN_MESSAGE: Record<TeamRequirement, string> = {
  member: 'Only members of this team and the workspace admin may read it',
  admin: 'Only an ADMIN of this team or the workspace admin may do this',
  workspaceAdmin: 'Only the workspace admin may do this',
};

/** The caller's standing in the team when it meets the requirement; 404 when not in the tenant, else 403. */
export async function requireTeamAccess(db: Db, caller: Caller, teamId: string, requirement: TeamRequirement): Promise<TeamAccess> {
  const access = await loadTeamAccess(db, caller, teamId);
  if (!access) throw notFound('Team not found');
  if (!teamAccessAllows(access, requirement)) throw forbidden(FORBIDDEN_MESSAGE[requirement]);
  return access;
}
