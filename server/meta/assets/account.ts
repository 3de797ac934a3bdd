// One Meta ad account of a team, opened for one operation: the caller's access to it (VIEWER or MANAGER reads,
// MANAGER writes, a team admin both), the connection's user token and a Graph client bound to it. Every Meta
// call goes through `call`, which turns the platform's refusal of the token (code 190) into the connection's
// EXPIRED/REVOKED status and 401 CONNECTION_EXPIRED, and any other platform failure into its AppError.
// Used by the asset reads and writes here and by campaign creation (../create).
import { connectionAccessToken } from '../../connections/credentials.ts';
import type { AdAccountRecord, ConnectionRecord } from '../../connections/repository.ts';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../http/errors.ts';
import { type AdAccountAccessRole, markConnectionOnUpstreamError, resolveAdAccountAccess } from '../../permissions/access.ts';
import type { Caller } from '../../teams/access.ts';
import type { MetaClient } from '../../upstream/meta/client.ts';

export type MetaDeps = Pick<Deps, 'db' | 'now' | 'tokenCipher' | 'upstream'>;

export interface MetaAccount {
  adAccount: AdAccountRecord;
  connection: ConnectionRecord;
  role: AdAccountAccessRole;
  /** The ad account's Graph node id, `act_<digits>`. */
  actId: string;
  /** The connection user's client. */
  client: MetaClient;
  /** A client bound to another token of the same user (a Page token); its failures count against the connection. */
  clientFor(accessToken: string): MetaClient;
  /** Runs Meta calls, mapping their failures (see the file comment). */
  call<T>(work: () => Promise<T>): Promise<T>;
}

export interface OpenMetaAccountRequest {
  teamId: string;
  /** `act_<digits>`. */
  adAccountId: string;
  need: 'read' | 'write';
}

export async function openMetaAccount(deps: MetaDeps, caller: Caller, request: OpenMetaAccountRequest): Promise<MetaAccount> {
  const access = await resolveAdAccountAccess(deps.db, {
    tenantId: caller.tenantId,
    userId: caller.userId,
    teamId: request.teamId,
    adAccountId: request.adAccountId,
    need: request.need,
    now: deps.now(),
  });
  if (access.adAccount.platform !== 'META') {
    throw notFound(`Ad account ${request.adAccountId} belongs to none of this team's Meta connections`);
  }
  const token = await connectionAccessToken(deps, access.connection);
  return {
    adAccount: access.adAccount,
    connection: access.connection,
    role: access.role,
    actId: access.adAccount.externalId,
    client: deps.upstream.meta.client(token),
    clientFor: (accessToken) => deps.upstream.meta.client(accessToken),
    async call(work) {
      try {
        return await work();
      } catch (error) {
        return markConnectionOnUpstreamError(deps.db, access.connection.id, error, deps.now());
      }
    },
  };
}
