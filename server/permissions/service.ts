// Assigning, changing and revoking a team member's MANAGER / VIEWER permission on one of the team's ad accounts.
// Only a team ADMIN (or the workspace admin) may; each write runs in one transaction that first takes the
// workspace lock every write below a workspace takes, so it cannot race a member's removal from the team.

import { findTeamAdAccount } from '../connections/repository.ts';
import type { Db } from '../db/database.ts';
import { conflict, notFound } from '../http/errors.ts';
import { type Caller, requireTeamAccess } from '../teams/access.ts';
import { lockWorkspaceOfTeam } from '../teams/repository.ts';
import {
  type AdAccountPermission,
  type AdAccountRole,
  deletePermission,
  findPermission,
  findPermissionRole,
  findTeamMemberByExternalId,
  insertPermission,
  updatePermissionRole,
} from './repository.ts';

export interface PermissionTarget {
  /** Adlyft's id of the account (uuid) or the platform's (`act_…`, 10-digit customer id). */
  adAccountId: string;
  externalUserId: string;
}

/** In the caller's tenant and as a team admin: the member and the account named by the request, or 404. */
async function resolveTarget(trx: Db, caller: Caller, teamId: string, target: PermissionTarget) {
  await lockWorkspaceOfTeam(trx, caller.tenantId, teamId);
  await requireTeamAccess(trx, caller, teamId, 'admin');
  const member = await findTeamMemberByExternalId(trx, caller.tenantId, teamId, target.externalUserId);
  if (!member) throw notFound(`User ${target.externalUserId} is not a member of this team`);
  const account = await findTeamAdAccount(trx, caller.tenantId, teamId, target.adAccountId);
  if (!account) throw notFound(`Ad account ${target.adAccountId} belongs to none of this team's connections`);
  return { member, account };
}

async function readPermission(trx: Db, teamId: string, adAccountId: string, userId: string): Promise<AdAccountPermission> {
  const permission = await findPermission(trx, teamId, adAccountId, userId);
  if (!permission) throw new Error('permission vanished inside its own transaction');
  return permission;
}

export async function assignPermission(
  db: Db,
  caller: Caller,
  teamId: string,
  input: PermissionTarget & { role: AdAccountRole },
  at: Date,
): Promise<AdAccountPermission> {
  return db.transaction().execute(async (trx) => {
    const { member, account } = await resolveTarget(trx, caller, teamId, input);
    const added = await insertPermission(trx, {
      adAccountId: account.id,
      userId: member.userId,
      role: input.role,
      grantedByUserId: caller.userId,
      at,
    });
    if (!added) {
      throw conflict(`User ${member.externalUserId} already holds a permission on this ad account; change it instead`, [
        { field: 'body.externalUserId', message: 'already holds a permission on this ad account' },
      ]);
    }
    return readPermission(trx, teamId, account.id, member.userId);
  });
}

/** Sets the role; asking for the role the permission already has changes nothing (grantedBy and updatedAt stay). */
export async function changePermission(
  db: Db,
  caller: Caller,
  teamId: string,
  input: PermissionTarget & { role: AdAccountRole },
  at: Date,
): Promise<AdAccountPermission> {
  return db.transaction().execute(async (trx) => {
    const { member, account } = await resolveTarget(trx, caller, teamId, input);
    const current = await findPermissionRole(trx, account.id, member.userId);
    if (!current) throw notFound(`User ${member.externalUserId} holds no permission on this ad account`);
    if (current !== input.role) {
      await updatePermissionRole(trx, {
        adAccountId: account.id,
        userId: member.userId,
        role: input.role,
        grantedByUserId: caller.userId,
        at,
      });
    }
    return readPermission(trx, teamId, account.id, member.userId);
  });
}

export async function revokePermission(db: Db, caller: Caller, teamId: string, input: PermissionTarget): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { member, account } = await resolveTarget(trx, caller, teamId, input);
    if (!(await deletePermission(trx, account.id, member.userId))) {
      throw notFound(`User ${member.externalUserId} holds no permission on this ad account`);
    }
  });
}
