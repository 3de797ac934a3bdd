// What the Google suites share: the sandbox (the Google Ads fake and a server calling it), a cast with two more
// MEMBERs — one VIEWER and one MANAGER on every customer of the teams built here — and a new connected team per
// test, so each test owns its imported copy. Plus the calls of the four operations and day helpers.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { AdlyftClient } from '../../../client/index.ts';
import { insertMember, insertTeam } from '../../../server/teams/repository.ts';
import {
  connectGoogleUser,
  GOOGLE_SEED_IDS,
  type GoogleSandbox,
  type GoogleSandboxOptions,
  type GoogleSeedUser,
  startGoogleSandbox,
} from '../../support/connected-team.ts';
import { type Cast, type Result, ROLES, type SeededConnection, seedPermission, WHO } from '../../support/connections.ts';
import { userIdOf } from '../../support/workspaces.ts';

export { GOOGLE_SEED_IDS };
export const CUSTOMERS = GOOGLE_SEED_IDS.customers;

export const GOOGLE_ROLES = [...ROLES, 'viewer', 'manager'] as const;
export type GoogleRole = (typeof GOOGLE_ROLES)[number];
export const GOOGLE_WHO: Record<GoogleRole, string> = {
  ...WHO,
  member: 'a MEMBER of the team without a permission on the customer',
  viewer: 'a MEMBER of the team who is VIEWER on the customer',
  manager: 'a MEMBER of the team who is MANAGER on the customer',
};

export interface World {
  sb: GoogleSandbox;
  cast: Cast & { viewer: AdlyftClient; manager: AdlyftClient };
  userIds: GoogleSandbox['fx']['userIds'] & { viewer: string; manager: string };
  close(): Promise<void>;
}

export async function startWorld(options: GoogleSandboxOptions = {}): Promise<World> {
  const sb = await startGoogleSandbox(options);
  const viewer = await sb.server.clientFor('viewer');
  const manager = await sb.server.clientFor('manager');
  return {
    sb,
    cast: { ...sb.fx.cast, viewer, manager },
    userIds: { ...sb.fx.userIds, viewer: await userIdOf(sb.server, 'viewer'), manager: await userIdOf(sb.server, 'manager') },
    close: () => sb.close(),
  };
}

export interface ConnectedTeam {
  teamId: string;
  /** One connection per seeded user, in the order given. */
  connections: SeededConnection[];
  /** Adlyft's ad account id of each customer. */
  adAccountIds: Record<string, string>;
}

/**
 * A new team of the fixture's workspace: team-admin ADMIN; member, viewer and manager MEMBERs; a connection per
 * seeded Google user; viewer VIEWER and manager MANAGER on every customer the connections bring.
 */
export async function connectedTeam(
  world: World,
  options: { users?: GoogleSeedUser[]; customers?: Partial<Record<GoogleSeedUser, string[]>>; accessTokenExpiresAt?: Date | null } = {},
): Promise<ConnectedTeam> {
  const { server, fx } = world.sb;
  const db = server.deps.db;
  const teamId = randomUUID();
  const at = new Date();
  await insertTeam(db, {
    id: teamId,
    tenantId: server.tenant.tenantId,
    workspaceId: fx.workspaceId,
    name: `Search ${teamId.slice(0, 8)}`,
    isDefault: false,
    at,
  });
  await insertMember(db, { teamId, userId: world.userIds.teamAdmin, role: 'ADMIN', at });
  for (const user of ['member', 'viewer', 'manager'] as const)
    await insertMember(db, { teamId, userId: world.userIds[user], role: 'MEMBER', at });
  const connections: SeededConnection[] = [];
  const adAccountIds: Record<string, string> = {};
  for (const user of options.users ?? ['alex']) {
    const customers = options.customers?.[user];
    const connection = await connectGoogleUser(world.sb, {
      teamId,
      connectedByUserId: world.userIds.teamAdmin,
      user,
      ...(customers ? { customers } : {}),
      ...(options.accessTokenExpiresAt !== undefined ? { accessTokenExpiresAt: options.accessTokenExpiresAt } : {}),
    });
    connections.push(connection);
    for (const [customerId, adAccountId] of Object.entries(connection.adAccountIds)) {
      adAccountIds[customerId] = adAccountId;
      await seedPermission(server, adAccountId, world.userIds.viewer, 'VIEWER', world.userIds.teamAdmin);
      await seedPermission(server, adAccountId, world.userIds.manager, 'MANAGER', world.userIds.teamAdmin);
    }
  }
  return { teamId, connections, adAccountIds };
}

// ── The operations ───────────────────────────────────────────────────────────────────────────────────────

type Level = 'customer' | 'campaign' | 'ad_group' | 'ad';

export const listCustomers = (client: AdlyftClient, teamId: string, connectionId?: string) =>
  client.GET('/api/v1/{teamId}/google/list-accessible-accounts', {
    params: { path: { teamId }, query: connectionId === undefined ? {} : { connectionId } },
  });

export const importCustomer = (client: AdlyftClient, teamId: string, query: { customerId: string; since?: string; until?: string }) =>
  client.GET('/api/v1/{teamId}/google/import', { params: { path: { teamId }, query } });

export const getInsights = (
  client: AdlyftClient,
  teamId: string,
  query: { customerId: string; level?: Level; since?: string; until?: string },
) => client.GET('/api/v1/{teamId}/google/insights', { params: { path: { teamId }, query } });

export const listAssets = (
  client: AdlyftClient,
  teamId: string,
  query: { customerId: string; type?: 'IMAGE' | 'TEXT' | 'YOUTUBE_VIDEO' | 'SITELINK' | 'CALLOUT' | 'CALL' | 'MOBILE_APP' },
) => client.GET('/api/v1/{teamId}/google/assets', { params: { path: { teamId }, query } });

export const dataSource = (result: Result): string | null => result.response.headers.get('x-data-source');
export const codeOf = (result: Result): string | undefined => (result.error as { error?: { code?: string } } | undefined)?.error?.code;
export const detailsOf = (result: Result): { field?: string; objectId?: string; code?: string }[] =>
  (result.error as { error?: { details?: { field?: string; objectId?: string; code?: string }[] } } | undefined)?.error?.details ?? [];

export function expectError(result: Result, status: number, code: string): void {
  expect(result.response.status, JSON.stringify(result.error)).toBe(status);
  expect(codeOf(result)).toBe(code);
}

/** Google Ads calls the fake received (OAuth token calls excluded). */
export const adsCalls = (world: World): number => world.sb.fake.calls.count(/^\/v\d+\/customers/);
export const streamCalls = (world: World): number => world.sb.fake.calls.count(/:searchStream$/);

// ── Days ─────────────────────────────────────────────────────────────────────────────────────────────────

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A window fully in the past everywhere (the fake's days are UTC, the accounts' are local). */
export function pastWindow(days: number, endingDaysAgo = 2): { since: string; until: string } {
  const until = addDays(new Date().toISOString().slice(0, 10), -endingDaysAgo);
  return { since: addDays(until, -(days - 1)), until };
}
