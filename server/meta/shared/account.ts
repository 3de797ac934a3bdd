// One Meta ad account of a team, for the imported-copy operations: the caller's access is checked by the one
// rule of permissions/access.ts (VIEWER or MANAGER reads, MANAGER writes, a team admin both; 404 for an account
// that is not the team's). Unlike a plain Meta call, a read the imported copy can answer needs no working
// connection (the contract: "Answers from the cache need no working connection"), so the target remembers
// whether the connection is ACTIVE (resolveAdAccountAccess tells it) and only `openLive` insists on it.
import { connectionAccessToken } from '../../connections/credentials.ts';
import type { AdAccountRecord, ConnectionRecord } from '../../connections/repository.ts';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../http/errors.ts';
import { connectionExpired, markConnectionOnUpstreamError, resolveAdAccountAccess } from '../../permissions/access.ts';
import type { Caller } from '../../teams/access.ts';
import type { MetaClient } from '../../upstream/meta/client.ts';

export type MetaDeps = Pick<Deps, 'db' | 'now' | 'tokenCipher' | 'upstream'>;

export interface MetaTarget {
  adAccount: AdAccountRecord;
  connection: ConnectionRecord;
  /** Whether the connection may call Meta (ACTIVE, token not past its expiry). */
  connectionActive: boolean;
}

export interface MetaTargetRequest {
  teamId: string;
  /** `act_<digits>`. */
  adAccountId: string;
  need: 'read' | 'write';
  /** Accept an inactive connection (reads the imported copy may answer); default false. */
  allowInactiveConnection?: boolean;
}

const notTheTeams = (adAccountId: string) => notFound(`Ad account ${adAccountId} belongs to none of this team's Meta connections`);

export async function resolveMetaTarget(deps: MetaDeps, caller: Caller, request: MetaTargetRequest): Promise<MetaTarget> {
  const access = await resolveAdAccountAccess(deps.db, {
    tenantId: caller.tenantId,
    userId: caller.userId,
    teamId: request.teamId,
    adAccountId: request.adAccountId,
    need: request.need,
    now: deps.now(),
    requireActiveConnection: !request.allowInactiveConnection,
  });
  if (access.adAccount.platform !== 'META') throw notTheTeams(request.adAccountId);
  return { adAccount: access.adAccount, connection: access.connection, connectionActive: access.connectionActive };
}

export interface MetaLive {
  client: MetaClient;
  /** Runs Meta calls: a refused token marks the connection EXPIRED/REVOKED (401 CONNECTION_EXPIRED), any other platform failure becomes its AppError. */
  call<T>(work: (client: MetaClient) => Promise<T>): Promise<T>;
}

/** The connection's Graph client; 401 CONNECTION_EXPIRED when the connection is not ACTIVE. */
export async function openLive(deps: MetaDeps, target: MetaTarget): Promise<MetaLive> {
  if (!target.connectionActive) throw connectionExpired();
  const token = await connectionAccessToken(deps, target.connection);
  const client = deps.upstream.meta.client(token);
  return {
    client,
    async call(work) {
      try {
        return await work(client);
      } catch (error) {
        return markConnectionOnUpstreamError(deps.db, target.connection.id, error, deps.now());
      }
    },
  };
}
