// Signed JWTs for a tenant's users. HS256 is pinned on verification, so `alg: none` and algorithm-confusion
// tokens are refused; `typ` separates access from refresh tokens so neither works in the other's place.
import { errors, jwtVerify, SignJWT } from 'jose';
import { unauthorized } from '../http/errors.ts';

export const ACCESS_TOKEN_TTL_SECONDS = 3600;
export const REFRESH_TOKEN_TTL_SECONDS = 86_400;
const ISSUER = 'adlyft';
const AUDIENCE = 'adlyft-api';

export type TokenKind = 'access' | 'refresh';

export interface TokenClaims {
  userId: string;
  tenantId: string;
  externalUserId: string;
  kind: TokenKind;
}

export interface TokenSigner {
  sign(claims: TokenClaims): Promise<string>;
  verify(token: string, kind: TokenKind): Promise<TokenClaims>;
}

export function createTokenSigner(secret: string, now: () => Date): TokenSigner {
  const key = new TextEncoder().encode(secret);
  return {
    async sign(claims) {
      const issuedAt = Math.floor(now().getTime() / 1000);
      const ttl = claims.kind === 'access' ? ACCESS_TOKEN_TTL_SECONDS : REFRESH_TOKEN_TTL_SECONDS;
      return new SignJWT({ tid: claims.tenantId, ext: claims.externalUserId, typ: claims.kind })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claims.userId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttl)
        .sign(key);
    },
    async verify(token, kind) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: ISSUER,
          audience: AUDIENCE,
          currentDate: now(),
        });
        if (payload.typ !== kind) {
          throw unauthorized(
            'TOKEN_INVALID',
            kind === 'access' ? 'A refresh token cannot be used as an access token' : 'An access token cannot be used as a refresh token',
          );
        }
        if (typeof payload.sub !== 'string' || typeof payload.tid !== 'string' || typeof payload.ext !== 'string') {
          throw unauthorized('TOKEN_INVALID', 'The token is malformed');
        }
        return { userId: payload.sub, tenantId: payload.tid, externalUserId: payload.ext, kind };
      } catch (error) {
        if (error instanceof errors.JWTExpired) {
          throw unauthorized(
            'TOKEN_EXPIRED',
            `The ${kind} token has expired${kind === 'access' ? '; refresh it' : '; request new tokens'}`,
          );
        }
        if (error instanceof errors.JOSEError) throw unauthorized('TOKEN_INVALID', `The ${kind} token is invalid`);
        throw error;
      }
    },
  };
}
