// What the Meta import and read suites share: a team connected to the Meta fake (one per test, so each test owns
// its imported copy), the member's permissions on its accounts, and the calls of the operations.
import type { AdlyftClient } from '../../../../client/index.ts';
import { connectMetaUser, grantMember, META_SEED_IDS, type MetaSandbox, type MetaSeedUser } from '../../../support/connected-team.ts';
import { createTeam } from '../../../support/connections.ts';

export { META_SEED_IDS };

export interface ConnectedTeam {
  teamId: string;
  connectionId: string;
  /** Adlyft's id of each account, by its `act_…` id. */
  adAccountIds: Record<string, string>;
}

/**
 * A new team of the fixture's workspace (team-admin ADMIN, member MEMBER) with a connection of a seeded Meta user.
 * `member` gives the member a permission on each listed account.
 */
export async function connectedTeam(
  sandbox: MetaSandbox,
  options: { user?: MetaSeedUser; accounts?: string[]; member?: Record<string, 'VIEWER' | 'MANAGER'> } = {},
): Promise<ConnectedTeam> {
  const teamId = await createTeam(sandbox.server, sandbox.fx);
  const connection = await connectMetaUser(sandbox, {
    teamId,
    connectedByUserId: sandbox.fx.userIds.teamAdmin,
    user: options.user ?? 'alex',
    ...(options.accounts ? { accounts: options.accounts } : {}),
  });
  for (const [actId, role] of Object.entries(options.member ?? {})) await grantMember(sandbox, connection, actId, role);
  return { teamId, ...connection };
}

export interface ImportQuery {
  adAccountId: string;
  since?: string;
  until?: string;
}

export const importAccount = (client: AdlyftClient, teamId: string, query: ImportQuery) =>
  client.GET('/api/v1/{teamId}/meta/import', { params: { path: { teamId }, query } });

/** `YYYY-MM-DD` of today in a time zone. */
export function todayIn(timezone: string, at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A window fully in the past everywhere (the fake's days are UTC, the accounts' are local). */
export function pastWindow(days: number, endingDaysAgo = 2): { since: string; until: string } {
  const until = addDays(new Date().toISOString().slice(0, 10), -endingDaysAgo);
  return { since: addDays(until, -(days - 1)), until };
}

/** Reads a Meta edge straight from the fake, every page (what Meta holds, to compare with). */
export async function readFake(
  sandbox: MetaSandbox,
  path: string,
  params: Record<string, string>,
  user: MetaSeedUser = 'alex',
): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  let url: string | undefined =
    `${sandbox.fake.graphUrl}/${path}?${new URLSearchParams({ ...params, limit: '500', access_token: META_SEED_IDS.users[user].accessToken })}`;
  while (url) {
    const body = (await (await fetch(url)).json()) as { data: Record<string, unknown>[]; paging?: { next?: string } };
    rows.push(...body.data);
    url = body.paging?.next;
  }
  return rows;
}
