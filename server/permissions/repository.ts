// All SQL about team members' MANAGER / VIEWER permissions on ad accounts. The ad account and the team have
// been resolved in the caller's tenant before these run. Rows are mapped to the contract's AdAccountPermission.
import type { components } from '../../generated/schema.d.ts';
import type { Db } from '../db/database.ts';

export type AdAccountPermission = components['schemas']['AdAccountPermission'];
export type AdAccountRole = components['schemas']['AdAccountRole'];

/** A member of the team, by externalUserId; undefined when the user is unknown in the tenant or not in the team. */
export async function findTeamMemberByExternalId(
  db: Db,
  tenantId: string,
  teamId: string,
  externalUserId: string,
): Promise<{ userId: string; externalUserId: string } | undefined> {
  const row = await db
    .selectFrom('team_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.external_user_id'])
    .where('u.tenant_id', '=', tenantId)
    .where('u.external_user_id', '=', externalUserId)
    .where('m.team_id', '=', teamId)
    .executeTakeFirst();
  return row ? { userId: row.id, externalUserId: row.external_user_id } : undefined;
}

export async function findPermissionRole(db: Db, adAccountId: string, userId: string): Promise<AdAccountRole | undefined> {
  const row = await db
    .selectFrom('ad_account_permissions')
    .select('role')
    .where('ad_account_id', '=', adAccountId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.role;
}

/** The permission with the team and the external ids of the account, the member and the granting admin. */
export async function findPermission(
  db: Db,
  teamId: string,
  adAccountId: string,
  userId: string,
): Promise<AdAccountPermission | undefined> {
  const row = await db
    .selectFrom('ad_account_permissions as p')
    .innerJoin('ad_accounts as a', 'a.id', 'p.ad_account_id')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .innerJoin('users as g', 'g.id', 'p.granted_by_user_id')
    .select(['a.id', 'a.external_id', 'u.external_user_id', 'p.role', 'g.external_user_id as granted_by', 'p.created_at', 'p.updated_at'])
    .where('p.ad_account_id', '=', adAccountId)
    .where('p.user_id', '=', userId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    teamId,
    adAccountId: row.id,
    adAccountExternalId: row.external_id,
    externalUserId: row.external_user_id,
    role: row.role,
    grantedBy: row.granted_by,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export interface NewPermission {
  adAccountId: string;
  userId: string;
  role: AdAccountRole;
  grantedByUserId: string;
  at: Date;
}

/** Adds the permission unless the member already holds one on the account; answers whether it was added. */
export async function insertPermission(db: Db, p: NewPermission): Promise<boolean> {
  const inserted = await db
    .insertInto('ad_account_permissions')
    .values({
      ad_account_id: p.adAccountId,
      user_id: p.userId,
      role: p.role,
      granted_by_user_id: p.grantedByUserId,
      created_at: p.at,
      updated_at: p.at,
    })
    .onConflict((oc) => oc.columns(['ad_account_id', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function updatePermissionRole(db: Db, p: NewPermission): Promise<void> {
  await db
    .updateTable('ad_account_permissions')
    .set({ role: p.role, granted_by_user_id: p.grantedByUserId, updated_at: p.at })
    .where('ad_account_id', '=', p.adAccountId)
    .where('user_id', '=', p.userId)
    .execute();
}

/** Answers whether a permission was removed. */
export async function deletePermission(db: Db, adAccountId: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('ad_account_permissions')
    .where('ad_account_id', '=', adAccountId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
