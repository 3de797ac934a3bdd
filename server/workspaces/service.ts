// Workspace rules: who may do what (see teams/access.ts), the default team created with each workspace, and
// handing a workspace over. Every write runs in one transaction that first locks the workspace row.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { conflict, notFound } from '../http/errors.ts';
import { type Caller, requireWorkspaceAccess } from '../teams/access.ts';
import { insertMember, insertTeam, upsertAdminMember } from '../teams/repository.ts';
import { findUserByExternalId } from '../users/repository.ts';
import {
  deleteWorkspace as deleteWorkspaceRow,
  findWorkspace,
  insertWorkspace,
  lockWorkspace,
  setWorkspaceAdmin,
  updateWorkspace as updateWorkspaceRow,
  type Workspace,
  type WorkspaceChanges,
} from './repository.ts';

/** The name of the team every workspace is created with. */
export const DEFAULT_TEAM_NAME = 'General';

export interface NewWorkspaceInput {
  name: string;
  description?: string | null | undefined;
}

/** Reads the workspace just written in the same transaction; it exists, or the invariant is broken. */
async function readWorkspace(db: Db, tenantId: string, workspaceId: string): Promise<Workspace> {
  const workspace = await findWorkspace(db, tenantId, workspaceId);
  if (!workspace) throw new Error(`workspace ${workspaceId} vanished inside its own transaction`);
  return workspace;
}

/** Creates the workspace and its default team, with the caller as workspace admin and the team's only ADMIN. */
export async function createWorkspace(db: Db, caller: Caller, input: NewWorkspaceInput, at: Date): Promise<Workspace> {
  return db.transaction().execute(async (trx) => {
    const workspaceId = randomUUID();
    const teamId = randomUUID();
    await insertWorkspace(trx, {
      id: workspaceId,
      tenantId: caller.tenantId,
      name: input.name,
      description: input.description ?? null,
      adminUserId: caller.userId,
      at,
    });
    await insertTeam(trx, { id: teamId, tenantId: caller.tenantId, workspaceId, name: DEFAULT_TEAM_NAME, isDefault: true, at });
    await insertMember(trx, { teamId, userId: caller.userId, role: 'ADMIN', at });
    return readWorkspace(trx, caller.tenantId, workspaceId);
  });
}

/** The workspace, for its admin and the members of any of its teams. */
export async function getWorkspace(db: Db, caller: Caller, workspaceId: string): Promise<Workspace> {
  await requireWorkspaceAccess(db, caller, workspaceId, 'member');
  return readWorkspace(db, caller.tenantId, workspaceId);
}

export async function updateWorkspace(
  db: Db,
  caller: Caller,
  workspaceId: string,
  changes: WorkspaceChanges,
  at: Date,
): Promise<Workspace> {
  return db.transaction().execute(async (trx) => {
    await lockWorkspace(trx, caller.tenantId, workspaceId);
    await requireWorkspaceAccess(trx, caller, workspaceId, 'workspaceAdmin');
    await updateWorkspaceRow(trx, caller.tenantId, workspaceId, changes, at);
    return readWorkspace(trx, caller.tenantId, workspaceId);
  });
}

/** Deletes the workspace with everything below it (teams, memberships, connections, ad accounts, permissions). */
export async function deleteWorkspace(db: Db, caller: Caller, workspaceId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockWorkspace(trx, caller.tenantId, workspaceId);
    await requireWorkspaceAccess(trx, caller, workspaceId, 'workspaceAdmin');
    if (!(await deleteWorkspaceRow(trx, caller.tenantId, workspaceId))) throw notFound('Workspace not found');
  });
}

/**
 * Makes `externalUserId` the workspace admin and an ADMIN of the default team (added, or promoted from MEMBER).
 * The former admin keeps their team memberships and roles.
 */
export async function changeWorkspaceAdmin(
  db: Db,
  caller: Caller,
  workspaceId: string,
  externalUserId: string,
  at: Date,
): Promise<Workspace> {
  return db.transaction().execute(async (trx) => {
    await lockWorkspace(trx, caller.tenantId, workspaceId);
    await requireWorkspaceAccess(trx, caller, workspaceId, 'workspaceAdmin');
    const user = await findUserByExternalId(trx, caller.tenantId, externalUserId);
    if (!user) throw notFound('User not found');
    // The caller passed requireWorkspaceAccess as admin, so the current admin is the caller.
    if (user.id === caller.userId) {
      throw conflict('This user is already the workspace admin', [
        { field: 'body.externalUserId', message: 'is already the workspace admin' },
      ]);
    }
    const before = await readWorkspace(trx, caller.tenantId, workspaceId);
    await setWorkspaceAdmin(trx, caller.tenantId, workspaceId, user.id, at);
    await upsertAdminMember(trx, before.defaultTeamId, user.id, at);
    return readWorkspace(trx, caller.tenantId, workspaceId);
  });
}
