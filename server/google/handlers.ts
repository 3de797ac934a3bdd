// GET /{teamId}/google/list-accessible-accounts, /import, /insights and /assets.
import type { Deps } from '../deps.ts';
import type { HandlerGroup } from '../http/handler-types.ts';
import { callerOf } from '../teams/access.ts';
import { importAccount } from './import.ts';
import { getInsights, listAccessibleCustomers, listAssets } from './service.ts';

type GoogleOperation = 'listGoogleAccessibleCustomers' | 'importGoogleAccount' | 'getGoogleInsights' | 'listGoogleAssets';

export function createGoogleHandlers(deps: Deps): HandlerGroup<GoogleOperation> {
  return {
    async listGoogleAccessibleCustomers({ path, query, auth }) {
      const data = await listAccessibleCustomers(deps, callerOf(auth), path.teamId, query.connectionId);
      return { status: 200, data, message: 'Accessible customers listed', headers: { 'X-Data-Source': 'live' } };
    },
    async importGoogleAccount({ path, query, auth }) {
      const data = await importAccount(deps, callerOf(auth), path.teamId, query);
      return { status: 200, data, message: 'Google Ads account imported' };
    },
    async getGoogleInsights({ path, query, auth }) {
      const { data, source } = await getInsights(deps, callerOf(auth), path.teamId, query);
      return { status: 200, data, message: 'Insights retrieved', headers: { 'X-Data-Source': source } };
    },
    async listGoogleAssets({ path, query, auth }) {
      const { data, source } = await listAssets(deps, callerOf(auth), path.teamId, query);
      return { status: 200, data, message: 'Assets retrieved', headers: { 'X-Data-Source': source } };
    },
  };
}
