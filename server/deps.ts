// What the app is built from. server.ts wires the real ones; tests wire their own (fresh database, fakes).
import type { Kysely } from 'kysely';
import type { TokenSigner } from './auth/tokens.ts';
import type { TokenCipher } from './connections/token-cipher.ts';
import type { Database } from './db/tables.ts';
import type { Logger } from './http/logger.ts';
import type { Upstream } from './upstream/index.ts';

export interface Deps {
  db: Kysely<Database>;
  logger: Logger;
  now: () => Date;
  tokens: TokenSigner;
  validateResponses: boolean;
  version: string;
  startedAt: Date;
  /** This deployment's public origin: the OAuth callbacks' redirect_uri starts with it. */
  publicBaseUrl: string;
  /** Encrypts the platform tokens connections store. */
  tokenCipher: TokenCipher;
  /** Signs OAuth states (HMAC-SHA256). */
  oauthStateSecret: Buffer;
  /** The Meta and Google adapters (the real platforms, or the fakes in sandbox mode and tests). */
  upstream: Upstream;
}
