// POST /teams, POST /teams/get-all, GET|PATCH|DELETE /teams/{teamId}, GET|POST|DELETE /teams/{teamId}/members.
import type { Deps } from '../deps.ts';
import type { HandlerGroup } from '../http/handler-types.ts';
import { callerOf } from './access.ts';
import {
  assignTeamMember,
  assignTeamMembers,
  createTeam,
  deleteTeam,
  getTeam,
  listTeamMembers,
  listWorkspaceTeams,
  removeTeamMember,
  updateTeam,
} from './service.ts';

export function createTeamHandlers(
  deps: Deps,
): HandlerGroup<
  | 'createTeam'
  | 'listWorkspaceTeams'
  | 'getTeam'
  | 'updateTeam'
  | 'deleteTeam'
  | 'listTeamMembers'
  | 'assignTeamMembers'
  | 'removeTeamMember'
> {
  return {
    async createTeam({ auth, body }) {
      const team = await createTeam(deps.db, callerOf(auth), body.enterpriseId, body.name, deps.now());
      return { status: 201, message: 'Team created', data: team };
    },
    async listWorkspaceTeams({ auth, body }) {
      const teams = await listWorkspaceTeams(deps.db, callerOf(auth), body.enterpriseId);
      return { status: 200, message: 'Teams retrieved', data: teams };
    },
    async getTeam({ auth, path }) {
      const team = await getTeam(deps.db, callerOf(auth), path.teamId);
      return { status: 200, message: 'Team retrieved', data: team };
    },
    async updateTeam({ auth, path, body }) {
      const team = await updateTeam(deps.db, callerOf(auth), path.teamId, body.name, deps.now());
      return { status: 200, message: 'Team renamed', data: team };
    },
    async deleteTeam({ auth, path }) {
      const deleted = await deleteTeam(deps.db, callerOf(auth), path.teamId);
      return { status: 200, message: `Team '${deleted.name}' deleted`, data: null };
    },
    async listTeamMembers({ auth, path }) {
      const members = await listTeamMembers(deps.db, callerOf(auth), path.teamId);
      return { status: 200, message: 'Members retrieved', data: members };
    },
    async assignTeamMembers({ auth, path, body }) {
      const caller = callerOf(auth);
      const [single, ...rest] = body.members;
      // One entry is all-or-nothing (201 or an error); several are applied one by one and reported (200).
      if (single && rest.length === 0) {
        const member = await assignTeamMember(deps.db, caller, path.teamId, single, deps.now());
        return { status: 201, message: 'Member added', data: member };
      }
      const report = await assignTeamMembers(deps.db, caller, path.teamId, body.members, deps.now());
      return { status: 200, message: `${report.summary.succeeded} of ${report.summary.requested} members added`, data: report };
    },
    async removeTeamMember({ auth, path, query }) {
      await removeTeamMember(deps.db, callerOf(auth), path.teamId, query.externalUserId);
      return { status: 200, message: 'Member removed', data: null };
    },
  };
}
