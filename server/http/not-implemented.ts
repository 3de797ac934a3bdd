// Operations of the contract that this deployment does not serve yet: each answers 501 NOT_IMPLEMENTED in the
// envelope. This list is the only place that says so; it must be empty once every issue is done.
export const NOT_IMPLEMENTED = [
  'createWorkspace',
  'getWorkspace',
  'updateWorkspace',
  'deleteWorkspace',
  'changeWorkspaceAdmin',
  'createTeam',
  'listWorkspaceTeams',
  'getTeam',
  'updateTeam',
  'deleteTeam',
  'listTeamMembers',
  'assignTeamMembers',
  'removeTeamMember',
] as const;

export type NotImplementedOperation = (typeof NOT_IMPLEMENTED)[number];
