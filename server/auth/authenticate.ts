// Authentication per operation, from the security the contract declares for it. Runs before request
// validation, so an anonymous caller learns nothing about a request's shape.
import type { NextFunction, Request, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';
import { unauthorized } from '../http/errors.ts';
import type { OperationInfo } from '../http/operations.ts';
import { hashApiKey } from '../tenants/api-keys.ts';
import { findTenantByKeyHash, type Tenant } from '../tenants/repository.ts';
import type { TokenSigner } from './tokens.ts';

export interface AuthContext {
  tenant: Tenant | null;
  /** The calling user, from the bearer token (access or refresh). */
  user: { id: string; externalUserId: string } | null;
}

export function authOf(res: Response): AuthContext {
  return (res.locals.auth as AuthContext | undefined) ?? { tenant: null, user: null };
}

function bearerToken(req: Request): string | undefined {
  const header = req.get('authorization');
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

export function createAuthenticator(db: Kysely<Database>, tokens: TokenSigner) {
  return function authenticate(operation: OperationInfo) {
    const needsKey = operation.security.includes('ApiKey');
    const bearerKind = operation.security.includes('RefreshBearer')
      ? 'refresh'
      : operation.security.includes('BearerAuth')
        ? 'access'
        : null;
    return async function authenticateOperation(req: Request, res: Response, next: NextFunction): Promise<void> {
      const auth: AuthContext = { tenant: null, user: null };
      if (needsKey) {
        const apiKey = req.get('x-api-key');
        if (!apiKey) throw unauthorized('UNAUTHORIZED', 'API key is required (x-api-key header)');
        const tenant = await findTenantByKeyHash(db, hashApiKey(apiKey));
        if (!tenant) throw unauthorized('INVALID_API_KEY', 'The API key is not valid');
        auth.tenant = tenant;
      }
      if (bearerKind) {
        const token = bearerToken(req);
        if (!token) throw unauthorized('UNAUTHORIZED', `A bearer ${bearerKind} token is required (Authorization header)`);
        const claims = await tokens.verify(token, bearerKind);
        if (auth.tenant && claims.tenantId !== auth.tenant.id) {
          throw unauthorized('TOKEN_INVALID', 'The token was not issued for this API key');
        }
        auth.user = { id: claims.userId, externalUserId: claims.externalUserId };
      }
      res.locals.auth = auth;
      next();
    };
  };
}
