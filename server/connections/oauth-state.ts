// The OAuth `state`: 32 random bytes and their HMAC-SHA256, both base64url (`{nonce}.{signature}`). It reveals
// nothing; the row keyed by the nonce records what it stands for. It is valid for 10 minutes and single use:
// consuming it is one UPDATE that succeeds only for an unused, unexpired state of the expected platform.
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { Platform } from './repository.ts';

export const OAUTH_STATE_TTL_MS = 10 * 60 * 1000;

const STATE_PATTERN = /^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/;

export interface OAuthFlow {
  tenantId: string;
  teamId: string;
  platform: Platform;
  /** Where the browser goes when the flow ends. */
  redirect: string;
  /** The team admin who started the flow. */
  userId: string;
}

export interface IssuedState {
  state: string;
  expiresAt: Date;
}

/** The state-signing key, derived from the deployment's JWT secret so that no further secret must be configured. */
export function deriveOAuthStateSecret(jwtSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', jwtSecret, 'adlyft', 'oauth-state-signing', 32));
}

const sign = (secret: Buffer, nonce: string): string => createHmac('sha256', secret).update(nonce).digest('base64url');

/** The nonce of a well-formed state whose signature is valid, or undefined. */
export function verifyStateSignature(secret: Buffer, state: string): string | undefined {
  const match = STATE_PATTERN.exec(state);
  if (!match?.[1] || !match[2]) return undefined;
  const expected = Buffer.from(sign(secret, match[1]), 'base64url');
  const given = Buffer.from(match[2], 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected) ? match[1] : undefined;
}

/** Records a new flow and answers its signed state. Expired states are swept on the way. */
export async function issueOAuthState(db: Db, secret: Buffer, flow: OAuthFlow, now: Date): Promise<IssuedState> {
  const nonce = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + OAUTH_STATE_TTL_MS);
  await db
    .deleteFrom('oauth_states')
    .where('expires_at', '<', new Date(now.getTime() - OAUTH_STATE_TTL_MS))
    .execute();
  await db
    .insertInto('oauth_states')
    .values({
      nonce,
      tenant_id: flow.tenantId,
      team_id: flow.teamId,
      platform: flow.platform,
      redirect: flow.redirect,
      user_id: flow.userId,
      created_at: now,
      expires_at: expiresAt,
      used_at: null,
    })
    .execute();
  return { state: `${nonce}.${sign(secret, nonce)}`, expiresAt };
}

/**
 * Verifies and consumes the state in one step: its signature, that it is known, issued for `platform`, not
 * expired and not used. Answers the flow it stands for, or undefined when any check fails (a state of the
 * other platform is left unused).
 */
export async function consumeOAuthState(
  db: Db,
  secret: Buffer,
  state: string,
  platform: Platform,
  now: Date,
): Promise<OAuthFlow | undefined> {
  const nonce = verifyStateSignature(secret, state);
  if (!nonce) return undefined;
  const row = await db
    .updateTable('oauth_states')
    .set({ used_at: now })
    .where('nonce', '=', nonce)
    .where('platform', '=', platform)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['tenant_id', 'team_id', 'platform', 'redirect', 'user_id'])
    .executeTakeFirst();
  if (!row) return undefined;
  return { tenantId: row.tenant_id, teamId: row.team_id, platform: row.platform, redirect: row.redirect, userId: row.user_id };
}
