// The handler map: one entry per implemented operation of the contract, gathered from each feature.
import { createAuthHandlers } from './auth/handlers.ts';
import { createConnectionHandlers } from './connections/handlers.ts';
import type { Deps } from './deps.ts';
import { createGoogleHandlers } from './google/handlers.ts';
import { createHealthHandlers } from './health/handlers.ts';
import type { Handlers } from './http/handler-types.ts';
import { createMetaAssetHandlers } from './meta/assets/handlers.ts';
import { createMetaCreateHandlers } from './meta/create/handlers.ts';
import { createMetaImportHandlers } from './meta/import/handlers.ts';
import { createMetaReadHandlers } from './meta/reads/handlers.ts';
import { createPermissionHandlers } from './permissions/handlers.ts';
import { createTeamHandlers } from './teams/handlers.ts';
import { createWorkspaceHandlers } from './workspaces/handlers.ts';

export function createHandlers(deps: Deps): Handlers {
  return {
    ...createHealthHandlers(deps),
    ...createAuthHandlers(deps),
    ...createWorkspaceHandlers(deps),
    ...createTeamHandlers(deps),
    ...createConnectionHandlers(deps),
    ...createPermissionHandlers(deps),
    ...createMetaCreateHandlers(deps),
    ...createMetaAssetHandlers(deps),
    ...createMetaImportHandlers(deps),
    ...createMetaReadHandlers(deps),
    ...createGoogleHandlers(deps),
  };
}
