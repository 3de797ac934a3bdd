// One Meta ad account of a team, opened for one live operation on top of ../shared/account.ts: the caller's
// access (VIEWER or MANAGER reads, MANAGER writes, a team admin both; 404 for an account that is not the team's),
// an ACTIVE connection (else 401 CONNECTION_EXPIRED), the connection user's Graph client, and `call`, which turns
// Meta's refusal of the token (190) into the connection's EXPIRED/REVOKED status and 401 CONNECTION_EXPIRED and
// any other platform failure into its AppError. Used by the asset operations and by campaign creation (../create).
import type { AdAccountRecord, ConnectionRecord } from '../../connections/repository.ts';
import type { Caller } from '../../teams/access.ts';
import type { MetaClient } from '../../upstream/meta/client.ts';
import { type MetaDeps, openLive, resolveMetaTarget } from '../shared/account.ts';
import { decodeCursor, encodeCursor, unreadableCursor } from '../shared/cursor.ts';

export type { MetaDeps };

export interface MetaAccount {
  adAccount: AdAccountRecord;
  connection: ConnectionRecord;
  /** The ad account's Graph node id, `act_<digits>`. */
  actId: string;
  /** The connection user's client. */
  client: MetaClient;
  /** A client bound to another token of the same user (a Page token); run its calls through `call` too. */
  clientFor(accessToken: string): MetaClient;
  /** Runs Meta calls, mapping their failures (see the file comment). */
  call<T>(work: () => Promise<T>): Promise<T>;
}

export async function openMetaAccount(
  deps: MetaDeps,
  caller: Caller,
  request: { teamId: string; adAccountId: string; need: 'read' | 'write' },
): Promise<MetaAccount> {
  const target = await resolveMetaTarget(deps, caller, request);
  const live = await openLive(deps, target);
  return {
    adAccount: target.adAccount,
    connection: target.connection,
    actId: target.adAccount.externalId,
    client: live.client,
    clientFor: (accessToken) => deps.upstream.meta.client(accessToken),
    call: (work) => live.call(() => work()),
  };
}

/** Meta's `after` cursor inside ours (live lists only; a cursor of the imported copy cannot be read here). */
export function metaAfterOf(after: string | undefined): string | undefined {
  const cursor = decodeCursor(after);
  if (cursor === undefined) return undefined;
  if (cursor.s !== 'live') throw unreadableCursor();
  return cursor.c;
}

/** Our cursor around Meta's, or null on the last page. */
export const liveCursorOf = (metaAfter: string | null): string | null =>
  metaAfter === null ? null : encodeCursor({ s: 'live', c: metaAfter });
