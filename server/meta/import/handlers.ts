// importMetaAdAccount (GET /api/v1/{teamId}/meta/import).
import type { Deps } from '../../deps.ts';
import type { HandlerGroup } from '../../http/handler-types.ts';
import { callerOf } from '../../teams/access.ts';
import { importMetaAdAccount } from './service.ts';

export function createMetaImportHandlers(deps: Deps): HandlerGroup<'importMetaAdAccount'> {
  return {
    async importMetaAdAccount({ path, query, auth }) {
      const data = await importMetaAdAccount(deps, callerOf(auth), {
        teamId: path.teamId,
        adAccountId: query.adAccountId,
        since: query.since,
        until: query.until,
      });
      return { status: 200, data, message: 'Ad account imported' };
    },
  };
}
