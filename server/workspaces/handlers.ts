// POST /workspace, GET|PATCH|DELETE /workspace/{enterpriseId}, PATCH /workspace/{enterpriseId}/change-admin.
import type { Deps } from '../deps.ts';
import type { HandlerGroup } from '../http/handler-types.ts';
import { callerOf } from '../teams/access.ts';
import { changeWorkspaceAdmin, createWorkspace, deleteWorkspace, getWorkspace, updateWorkspace } from './service.ts';

export function createWorkspaceHandlers(
  deps: Deps,
): HandlerGroup<'createWorkspace' | 'getWorkspace' | 'updateWorkspace' | 'deleteWorkspace' | 'changeWorkspaceAdmin'> {
  return {
    async createWorkspace({ auth, body }) {
      const workspace = await createWorkspace(deps.db, callerOf(auth), body, deps.now());
      return { status: 201, message: 'Workspace created', data: workspace };
    },
    async getWorkspace({ auth, path }) {
      const workspace = await getWorkspace(deps.db, callerOf(auth), path.enterpriseId);
      return { status: 200, message: 'Workspace retrieved', data: workspace };
    },
    async updateWorkspace({ auth, path, body }) {
      const workspace = await updateWorkspace(deps.db, callerOf(auth), path.enterpriseId, body, deps.now());
      return { status: 200, message: 'Workspace updated', data: workspace };
    },
    async deleteWorkspace({ auth, path }) {
      await deleteWorkspace(deps.db, callerOf(auth), path.enterpriseId);
      return { status: 200, message: 'Workspace deleted with its teams', data: null };
    },
    async changeWorkspaceAdmin({ auth, path, body }) {
      const workspace = await changeWorkspaceAdmin(deps.db, callerOf(auth), path.enterpriseId, body.externalUserId, deps.now());
      return { status: 200, message: 'Workspace admin changed', data: workspace };
    },
  };
}
