// All SQL about workspaces. Every query is scoped by tenant, so another tenant's id reads as missing.
// Functions take `db` or a transaction's `trx` first; rows are mapped to the contract's Workspace here.
import type { components } from '../../generated/schema.d.ts';
import type { Db } from '../db/database.ts';

export type Workspace = components['schemas']['Workspace'];

interface WorkspaceRow {
  id: string;
  name: string;
  description: string | null;
  admin_external_user_id: string;
  default_team_id: string;
  created_at: Date;
  updated_at: Date;
}

const toWorkspace = (row: WorkspaceRow): Workspace => ({
  id: row.id,
  name: row.name,
  description: row.description,
  adminExternalUserId: row.admin_external_user_id,
  defaultTeamId: row.default_team_id,
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

export interface NewWorkspace {
  id: string;
  tenantId: string;
  name: string;
  description: string | null;
  adminUserId: string;
  at: Date;
}

export async function insertWorkspace(db: Db, workspace: NewWorkspace): Promise<void> {
  await db
    .insertInto('workspaces')
    .values({
      id: workspace.id,
      tenant_id: workspace.tenantId,
      name: workspace.name,
      description: workspace.description,
      admin_user_id: workspace.adminUserId,
      created_at: workspace.at,
      updated_at: workspace.at,
    })
    .execute();
}

/** The workspace with its admin's externalUserId and its default team's id. */
export async function findWorkspace(db: Db, tenantId: string, workspaceId: string): Promise<Workspace | undefined> {
  const row = await db
    .selectFrom('workspaces as w')
    .innerJoin('users as u', 'u.id', 'w.admin_user_id')
    .innerJoin('teams as t', (join) => join.onRef('t.workspace_id', '=', 'w.id').on('t.is_default', '=', true))
    .select([
      'w.id',
      'w.name',
      'w.description',
      'u.external_user_id as admin_external_user_id',
      't.id as default_team_id',
      'w.created_at',
      'w.updated_at',
    ])
    .where('w.tenant_id', '=', tenantId)
    .where('w.id', '=', workspaceId)
    .executeTakeFirst();
  return row ? toWorkspace(row) : undefined;
}

export interface WorkspaceAccessRow {
  adminUserId: string;
  /** Whether the user belongs (any role) to at least one team of the workspace. */
  userIsTeamMember: boolean;
}

/** What a user may do in a workspace is derived from this; undefined when the workspace is not in the tenant. */
export async function findWorkspaceAccessRow(
  db: Db,
  tenantId: string,
  workspaceId: string,
  userId: string,
): Promise<WorkspaceAccessRow | undefined> {
  const row = await db
    .selectFrom('workspaces as w')
    .select((eb) => [
      'w.admin_user_id',
      eb
        .exists(
          eb
            .selectFrom('team_members as m')
            .innerJoin('teams as t', 't.id', 'm.team_id')
            .select('m.user_id')
            .whereRef('t.workspace_id', '=', 'w.id')
            .where('m.user_id', '=', userId),
        )
        .as('user_is_team_member'),
    ])
    .where('w.tenant_id', '=', tenantId)
    .where('w.id', '=', workspaceId)
    .executeTakeFirst();
  return row ? { adminUserId: row.admin_user_id, userIsTeamMember: Boolean(row.user_is_team_member) } : undefined;
}

/**
 * Locks the workspace row until the transaction ends. Every write to a workspace or its teams and members takes
 * this one lock first, so checks (unique team names, the last team ADMIN, the admin itself) cannot race.
 */
export async function lockWorkspace(trx: Db, tenantId: string, workspaceId: string): Promise<void> {
  await trx.selectFrom('workspaces').select('id').where('tenant_id', '=', tenantId).where('id', '=', workspaceId).forUpdate().execute();
}

export interface WorkspaceChanges {
  name?: string;
  description?: string | null;
}

/** Applies the changes given (fields left out keep their value) and moves updated_at in any case. */
export async function updateWorkspace(db: Db, tenantId: string, workspaceId: string, changes: WorkspaceChanges, at: Date): Promise<void> {
  await db
    .updateTable('workspaces')
    .set({
      ...(changes.name === undefined ? {} : { name: changes.name }),
      ...(changes.description === undefined ? {} : { description: changes.description }),
      updated_at: at,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', workspaceId)
    .execute();
}

export async function setWorkspaceAdmin(db: Db, tenantId: string, workspaceId: string, adminUserId: string, at: Date): Promise<void> {
  await db
    .updateTable('workspaces')
    .set({ admin_user_id: adminUserId, updated_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', workspaceId)
    .execute();
}

/**
 * Deletes the workspace. The foreign keys cascade to everything that hangs from it: teams → team_members and
 * connections → ad_accounts → ad_account_permissions. Users are not touched. Answers whether a row was deleted.
 */
export async function deleteWorkspace(db: Db, tenantId: string, workspaceId: string): Promise<boolean> {
  const result = await db.deleteFrom('workspaces').where('tenant_id', '=', tenantId).where('id', '=', workspaceId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
