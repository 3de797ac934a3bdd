// What the app is built from. server.ts wires the real ones; tests wire their own (fresh database, fakes).
import type { Kysely } from 'kysely';
import type { TokenSigner } from './auth/tokens.ts';
import type { Database } from './db/tables.ts';
import type { Logger } from './http/logger.ts';

export interface Deps {
  db: Kysely<Database>;
  logger: Logger;
  now: () => Date;
  tokens: TokenSigner;
  validateResponses: boolean;
  version: string;
  startedAt: Date;
}
