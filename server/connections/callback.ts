// The OAuth redirect callbacks. Once the state is verified and consumed, every outcome is a redirect to the
// tenant's `redirect` with `status`, `platform` and `connectionId` or `error`; never JSON, never the code or a
// token. Nothing is stored unless every step succeeded, and then everything is stored in one transaction.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Db } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { badRequest } from '../http/errors.ts';
import { scrub } from '../http/scrub.ts';
import { loadTeamAccess, teamAccessAllows } from '../teams/access.ts';
import { lockWorkspaceOfTeam } from '../teams/repository.ts';
import { isUpstreamError, type UpstreamError } from '../upstream/errors.ts';
import { GOOGLE_ADS_SCOPE } from '../upstream/google/oauth.ts';
import {
  discoverGoogleAdAccounts,
  discoverMetaAdAccounts,
  GOOGLE_SCOPES,
  identifyMetaUser,
  META_REQUIRED_SCOPES,
  META_SCOPES,
  readGoogleIdToken,
} from './discovery.ts';
import { consumeOAuthState, type OAuthFlow } from './oauth-state.ts';
import {
  type AdAccountWrite,
  deleteAdAccounts,
  findConnectionIdByPlatformUser,
  insertAdAccount,
  insertConnection,
  listTeamPlatformAdAccounts,
  type Platform,
  renewConnection,
  updateAdAccount,
} from './repository.ts';
import { tokenAad } from './token-cipher.ts';

export const CALLBACK_PATH: Record<Platform, string> = {
  META: '/api/v1/meta/redirect/callback',
  GOOGLE: '/api/v1/google/redirect/callback',
};

export type CallbackErrorCode =
  | 'ACCESS_DENIED'
  | 'MISSING_PERMISSIONS'
  | 'CODE_EXCHANGE_FAILED'
  | 'TEAM_NOT_FOUND'
  | 'FORBIDDEN'
  | 'UPSTREAM_ERROR'
  | 'INTERNAL_ERROR';

/** A failure of the flow after the state was verified: it ends in a redirect carrying `error={code}`. */
export class CallbackError extends Error {
  override name = 'CallbackError';
  readonly code: CallbackErrorCode;
  constructor(code: CallbackErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

type CallbackDeps = Pick<Deps, 'db' | 'now' | 'publicBaseUrl' | 'tokenCipher' | 'oauthStateSecret' | 'upstream'>;

export const redirectUriOf = (publicBaseUrl: string, platform: Platform): string =>
  `${publicBaseUrl.replace(/\/+$/, '')}${CALLBACK_PATH[platform]}`;

/** The platform's authorization URL for a new flow. */
export function buildAuthUrl(deps: Pick<CallbackDeps, 'publicBaseUrl' | 'upstream'>, platform: Platform, state: string): string {
  const redirectUri = redirectUriOf(deps.publicBaseUrl, platform);
  return platform === 'META'
    ? deps.upstream.meta.oauth.buildAuthorizeUrl({ redirectUri, state, scopes: META_SCOPES })
    : deps.upstream.google.oauth.buildAuthorizeUrl({ redirectUri, state, scopes: GOOGLE_SCOPES });
}

/** `redirect` with the outcome added to its query string (existing parameters kept, same names replaced). */
export function outcomeLocation(redirect: string, outcome: Record<string, string>): string {
  const url = new URL(redirect);
  for (const [name, value] of Object.entries(outcome)) url.searchParams.set(name, value);
  return url.toString();
}

/** Runs `step`; a platform failure becomes `onRefusal` when it is the platform saying no, else UPSTREAM_ERROR. */
async function platformStep<T>(step: () => Promise<T>, what: string, onRefusal?: CallbackErrorCode): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (!isUpstreamError(error)) throw error;
    const refused = error.kind === 'invalid' || error.kind === 'auth_expired' || error.kind === 'permission' || error.kind === 'not_found';
    throw Object.assign(new CallbackError(refused && onRefusal ? onRefusal : 'UPSTREAM_ERROR', `${what}: ${error.publicMessage}`), {
      upstream: error,
    });
  }
}

/** Step 4: the team still exists and the admin who started the flow still administers it. */
async function requireFlowAdmin(db: Db, flow: OAuthFlow): Promise<void> {
  const access = await loadTeamAccess(db, { tenantId: flow.tenantId, userId: flow.userId }, flow.teamId);
  if (!access) throw new CallbackError('TEAM_NOT_FOUND', 'the team was deleted after the flow started');
  if (!teamAccessAllows(access, 'admin'))
    throw new CallbackError('FORBIDDEN', 'the admin who started the flow no longer administers the team');
}

interface Discovered {
  platformUserId: string;
  platformUserName: string | null;
  scopes: string[];
  accessToken: string;
  accessTokenExpiresAt: Date | null;
  refreshToken: string | null;
  /** The connection's own expiry (Meta's long-lived token); null for Google. */
  tokenExpiresAt: Date | null;
  accounts: AdAccountWrite[];
}

async function discoverMeta(deps: CallbackDeps, code: string): Promise<Discovered> {
  const { oauth } = deps.upstream.meta;
  const redirectUri = redirectUriOf(deps.publicBaseUrl, 'META');
  const shortLived = await platformStep(() => oauth.exchangeCode(code, redirectUri), 'code exchange', 'CODE_EXCHANGE_FAILED');
  const longLived = await platformStep(() => oauth.exchangeForLongLivedToken(shortLived.accessToken), 'long-lived token exchange');
  const expiresAt = longLived.expiresInSeconds === undefined ? null : new Date(deps.now().getTime() + longLived.expiresInSeconds * 1000);
  const client = deps.upstream.meta.client(longLived.accessToken);
  const identity = await platformStep(() => identifyMetaUser(client), 'identify the user');
  const missing = META_REQUIRED_SCOPES.filter((scope) => !identity.scopes.includes(scope));
  if (missing.length > 0) throw new CallbackError('MISSING_PERMISSIONS', `the user did not grant ${missing.join(', ')}`);
  const accounts = await platformStep(() => discoverMetaAdAccounts(client), 'discover the ad accounts');
  return {
    ...identity,
    accessToken: longLived.accessToken,
    accessTokenExpiresAt: expiresAt,
    refreshToken: null,
    tokenExpiresAt: expiresAt,
    accounts,
  };
}

async function discoverGoogle(deps: CallbackDeps, code: string): Promise<Discovered> {
  const redirectUri = redirectUriOf(deps.publicBaseUrl, 'GOOGLE');
  const grant = await platformStep(
    () => deps.upstream.google.oauth.exchangeCode(code, redirectUri),
    'code exchange',
    'CODE_EXCHANGE_FAILED',
  );
  if (!grant.scopes.includes(GOOGLE_ADS_SCOPE))
    throw new CallbackError('MISSING_PERMISSIONS', 'the user did not grant the Google Ads scope');
  if (!grant.refreshToken) throw new CallbackError('CODE_EXCHANGE_FAILED', 'Google answered without a refresh token');
  const identity = readGoogleIdToken(grant.idToken);
  if (!identity) throw new CallbackError('UPSTREAM_ERROR', 'Google answered without a usable ID token');
  const accounts = await platformStep(
    () => discoverGoogleAdAccounts(deps.upstream.google.client(grant.accessToken)),
    'discover the ad accounts',
  );
  const accessTokenExpiresAt = new Date(deps.now().getTime() + (grant.expiresInSeconds ?? 3600) * 1000);
  return {
    ...identity,
    scopes: grant.scopes,
    accessToken: grant.accessToken,
    accessTokenExpiresAt,
    refreshToken: grant.refreshToken,
    tokenExpiresAt: null,
    accounts,
  };
}

/**
 * Step "store": in one transaction, creates or renews the team's connection of this platform user and makes its
 * ad accounts those discovered. An account another ACTIVE connection of the team brought stays there; one of a
 * connection that is not ACTIVE moves here with its id and permissions; the connection's accounts no longer
 * discovered go with their permissions.
 */
async function storeConnection(deps: CallbackDeps, flow: OAuthFlow, found: Discovered): Promise<string> {
  const at = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    await lockWorkspaceOfTeam(trx, flow.tenantId, flow.teamId);
    await requireFlowAdmin(trx, flow);
    const existingId = await findConnectionIdByPlatformUser(trx, flow.teamId, flow.platform, found.platformUserId);
    const id = existingId ?? randomUUID();
    const write = {
      id,
      tenantId: flow.tenantId,
      teamId: flow.teamId,
      platform: flow.platform,
      platformUserId: found.platformUserId,
      platformUserName: found.platformUserName,
      scopes: found.scopes,
      accessTokenEnc: deps.tokenCipher.encrypt(found.accessToken, tokenAad(id, 'access')),
      refreshTokenEnc: found.refreshToken === null ? null : deps.tokenCipher.encrypt(found.refreshToken, tokenAad(id, 'refresh')),
      accessTokenExpiresAt: found.accessTokenExpiresAt,
      tokenExpiresAt: found.tokenExpiresAt,
      connectedByUserId: flow.userId,
      at,
    };
    if (existingId) await renewConnection(trx, write);
    else await insertConnection(trx, write);

    const known = new Map((await listTeamPlatformAdAccounts(trx, flow.teamId, flow.platform)).map((a) => [a.externalId, a]));
    const discovered = new Set<string>();
    for (const account of found.accounts) {
      if (discovered.has(account.externalId)) continue;
      discovered.add(account.externalId);
      const current = known.get(account.externalId);
      if (!current) {
        await insertAdAccount(trx, {
          ...account,
          id: randomUUID(),
          tenantId: flow.tenantId,
          connectionId: id,
          platform: flow.platform,
          at,
        });
      } else if (current.connectionId === id || current.connectionStatus !== 'ACTIVE') {
        await updateAdAccount(trx, current.id, id, account);
      }
    }
    const gone = [...known.values()].filter((a) => a.connectionId === id && !discovered.has(a.externalId)).map((a) => a.id);
    await deleteAdAccounts(trx, gone);
    return id;
  });
}

export interface CallbackQuery {
  state: string;
  code?: string | undefined;
  error?: string | undefined;
}

/**
 * Verifies and consumes the state (400 when it cannot be trusted), then runs the flow and answers where to
 * send the browser.
 */
export async function completeOAuthFlow(deps: CallbackDeps, platform: Platform, query: CallbackQuery, log: Logger): Promise<string> {
  const flow = await consumeOAuthState(deps.db, deps.oauthStateSecret, query.state, platform, deps.now());
  if (!flow) {
    throw badRequest('The OAuth state is invalid, expired, already used or was issued for another platform', [
      { field: 'query.state', message: 'is not a valid, unused OAuth state of this platform', code: 'state' },
    ]);
  }
  try {
    if (query.error !== undefined) throw new CallbackError('ACCESS_DENIED', `the platform reported ${scrub(query.error)}`);
    if (!query.code) throw new CallbackError('CODE_EXCHANGE_FAILED', 'the platform sent no code');
    await requireFlowAdmin(deps.db, flow);
    const found = platform === 'META' ? await discoverMeta(deps, query.code) : await discoverGoogle(deps, query.code);
    const connectionId = await storeConnection(deps, flow, found);
    log.info({ platform, teamId: flow.teamId, connectionId, adAccounts: found.accounts.length }, 'connection stored');
    return outcomeLocation(flow.redirect, { status: 'connected', connectionId, platform });
  } catch (error) {
    const code = error instanceof CallbackError ? error.code : 'INTERNAL_ERROR';
    const upstream = (error as { upstream?: UpstreamError }).upstream;
    const context = {
      platform,
      teamId: flow.teamId,
      error: code,
      reason: scrub(error instanceof Error ? error.message : String(error)),
      ...(upstream ? { upstream: { kind: upstream.kind, platformCode: upstream.platformCode, traceId: upstream.traceId } } : {}),
    };
    if (code === 'INTERNAL_ERROR') {
      log.error({ ...context, stack: scrub(error instanceof Error ? (error.stack ?? '') : '') }, 'oauth callback failed unexpectedly');
    } else log.warn(context, 'oauth callback ended without a connection');
    return outcomeLocation(flow.redirect, { status: 'error', error: code, platform });
  }
}
