// POST /auth/token and GET /auth/refresh-token.
import type { Deps } from '../deps.ts';
import { unauthorized } from '../http/errors.ts';
import type { HandlerGroup } from '../http/handler-types.ts';
import { findUserById, upsertUser } from '../users/repository.ts';
import { ACCESS_TOKEN_TTL_SECONDS, REFRESH_TOKEN_TTL_SECONDS } from './tokens.ts';

export function createAuthHandlers(deps: Deps): HandlerGroup<'createToken' | 'refreshToken'> {
  return {
    async createToken({ body, auth }) {
      const tenant = auth.tenant;
      if (!tenant) throw unauthorized('UNAUTHORIZED', 'API key is required');
      const user = await upsertUser(deps.db, tenant.id, body.externalUserId);
      const claims = { userId: user.id, tenantId: tenant.id, externalUserId: user.externalUserId };
      const [accessToken, refreshToken] = await Promise.all([
        deps.tokens.sign({ ...claims, kind: 'access' }),
        deps.tokens.sign({ ...claims, kind: 'refresh' }),
      ]);
      return {
        status: 201,
        message: 'Tokens issued',
        data: {
          accessToken,
          refreshToken,
          tokenType: 'Bearer',
          expiresIn: ACCESS_TOKEN_TTL_SECONDS,
          refreshExpiresIn: REFRESH_TOKEN_TTL_SECONDS,
        },
      };
    },
    async refreshToken({ auth }) {
      if (!auth.tenant || !auth.user) throw unauthorized('UNAUTHORIZED', 'A refresh token is required');
      // The user must still exist in this tenant: a token outliving its user is refused.
      const user = await findUserById(deps.db, auth.tenant.id, auth.user.id);
      if (!user) throw unauthorized('TOKEN_INVALID', 'The refresh token belongs to no user of this tenant');
      const accessToken = await deps.tokens.sign({
        userId: user.id,
        tenantId: auth.tenant.id,
        externalUserId: user.externalUserId,
        kind: 'access',
      });
      return {
        status: 200,
        message: 'Access token refreshed',
        data: { accessToken, tokenType: 'Bearer', expiresIn: ACCESS_TOKEN_TTL_SECONDS },
      };
    },
  };
}
