// The Connections operations and the two OAuth redirect callbacks.
import type { Deps } from '../deps.ts';
import { unauthorized } from '../http/errors.ts';
import type { HandlerGroup } from '../http/handler-types.ts';
import { callerOf } from '../teams/access.ts';
import { buildAuthUrl, completeOAuthFlow } from './callback.ts';
import { getConnectionInsights } from './insights.ts';
import { disconnectConnection, listAdAccountStatuses, listConnections, removeAdAccount, startConnection } from './service.ts';

type ConnectionOperation =
  | 'listConnections'
  | 'createConnection'
  | 'listAdAccountStatuses'
  | 'listTeamConnections'
  | 'removeAdAccountConnection'
  | 'disconnectConnection'
  | 'getConnectionInsights'
  | 'handleMetaOAuthCallback'
  | 'handleGoogleOAuthCallback';

export function createConnectionHandlers(deps: Deps): HandlerGroup<ConnectionOperation> {
  return {
    async listConnections({ query, auth }) {
      const data = await listConnections(deps.db, callerOf(auth), { teamId: query.teamId, platform: query.platform });
      return { status: 200, data, message: 'Connections retrieved' };
    },
    async listTeamConnections({ path, query, auth }) {
      const data = await listConnections(deps.db, callerOf(auth), { teamId: path.teamId, platform: query.platform });
      return { status: 200, data, message: 'Connections retrieved' };
    },
    async createConnection({ body, auth }) {
      if (!auth.tenant) throw unauthorized('UNAUTHORIZED', 'An API key is required');
      const issued = await startConnection(deps.db, callerOf(auth), auth.tenant, body, deps.oauthStateSecret, deps.now());
      return {
        status: 201,
        data: { authUrl: buildAuthUrl(deps, body.platform, issued.state), state: issued.state, expiresAt: issued.expiresAt.toISOString() },
        message: 'Authorization URL created',
      };
    },
    async listAdAccountStatuses({ query, auth }) {
      const data = await listAdAccountStatuses(deps.db, callerOf(auth), query.teamId);
      return { status: 200, data, message: 'Ad account statuses retrieved' };
    },
    async removeAdAccountConnection({ path, auth }) {
      const data = await removeAdAccount(deps.db, callerOf(auth), path.adAccountId);
      return { status: 200, data, message: 'Ad account removed from its connection' };
    },
    async disconnectConnection({ path, auth }) {
      const data = await disconnectConnection(deps.db, callerOf(auth), path.connectionId);
      return { status: 200, data, message: 'Connection disconnected' };
    },
    async getConnectionInsights({ path, query, auth }) {
      const data = await getConnectionInsights(deps, callerOf(auth), path.connectionId, { since: query.since, until: query.until });
      return { status: 200, data, message: 'Insights retrieved', headers: { 'X-Data-Source': 'live' } };
    },
    async handleMetaOAuthCallback({ query, log }) {
      return { status: 302, location: await completeOAuthFlow(deps, 'META', query, log) };
    },
    async handleGoogleOAuthCallback({ query, log }) {
      return { status: 302, location: await completeOAuthFlow(deps, 'GOOGLE', query, log) };
    },
  };
}
