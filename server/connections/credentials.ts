// The platform access token of an ACTIVE connection, for the operations that call Meta or Google through it.
// Meta: the stored long-lived user token. Google: the stored access token while it has more than a minute left,
// else a new one from the refresh token (stored encrypted for the next call); a refused refresh marks the
// connection REVOKED (invalid_grant) or EXPIRED and answers 401 CONNECTION_EXPIRED.
import type { Deps } from '../deps.ts';
import { callThroughConnection } from '../permissions/access.ts';
import { type ConnectionRecord, updateAccessToken } from './repository.ts';
import { tokenAad } from './token-cipher.ts';

const REFRESH_MARGIN_MS = 60_000;

type CredentialDeps = Pick<Deps, 'db' | 'now' | 'tokenCipher' | 'upstream'>;

export async function connectionAccessToken(deps: CredentialDeps, connection: ConnectionRecord): Promise<string> {
  const now = deps.now();
  const expiry = connection.accessTokenExpiresAt;
  if (connection.platform === 'META' || (expiry !== null && expiry.getTime() - REFRESH_MARGIN_MS > now.getTime())) {
    return deps.tokenCipher.decrypt(connection.accessTokenEnc, tokenAad(connection.id, 'access'));
  }
  if (connection.refreshTokenEnc === null) throw new Error(`Google connection ${connection.id} has no refresh token`);
  const refreshToken = deps.tokenCipher.decrypt(connection.refreshTokenEnc, tokenAad(connection.id, 'refresh'));
  const grant = await callThroughConnection(deps.db, connection.id, deps.now, () =>
    deps.upstream.google.oauth.refreshAccessToken(refreshToken),
  );
  // Google access tokens live an hour when the answer does not say.
  const expiresAt = new Date(now.getTime() + (grant.expiresInSeconds ?? 3600) * 1000);
  const accessTokenEnc = deps.tokenCipher.encrypt(grant.accessToken, tokenAad(connection.id, 'access'));
  await updateAccessToken(deps.db, connection.id, accessTokenEnc, expiresAt);
  connection.accessTokenEnc = accessTokenEnc;
  connection.accessTokenExpiresAt = expiresAt;
  return grant.accessToken;
}
