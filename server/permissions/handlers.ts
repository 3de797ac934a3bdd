// POST /{teamId}/ads-accounts/assign, /revoke and /change-permission.
import type { Deps } from '../deps.ts';
import type { HandlerGroup } from '../http/handler-types.ts';
import { callerOf } from '../teams/access.ts';
import { assignPermission, changePermission, revokePermission } from './service.ts';

export function createPermissionHandlers(
  deps: Deps,
): HandlerGroup<'assignAdAccountPermission' | 'revokeAdAccountPermission' | 'changeAdAccountPermission'> {
  return {
    async assignAdAccountPermission({ path, body, auth }) {
      const data = await assignPermission(deps.db, callerOf(auth), path.teamId, body, deps.now());
      return { status: 201, data, message: 'Permission assigned' };
    },
    async revokeAdAccountPermission({ path, body, auth }) {
      await revokePermission(deps.db, callerOf(auth), path.teamId, body);
      return { status: 200, data: null, message: 'Permission revoked' };
    },
    async changeAdAccountPermission({ path, body, auth }) {
      const data = await changePermission(deps.db, callerOf(auth), path.teamId, body, deps.now());
      return { status: 200, data, message: 'Permission changed' };
    },
  };
}
