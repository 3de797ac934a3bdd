// Creating tenant applications: the API key is returned to the caller exactly once.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';
import { hashApiKey, newApiKey } from './api-keys.ts';
import { insertTenant } from './repository.ts';

export interface CreatedTenant {
  tenantId: string;
  name: string;
  apiKey: string;
}

/** Origins a tenant may be redirected to after OAuth when none are configured: local development only. */
export const DEFAULT_ALLOWED_ORIGINS = ['http://localhost:3000', 'http://127.0.0.1:3000', 'http://localhost:5173'];

export async function createTenant(
  db: Kysely<Database>,
  name: string,
  allowedOrigins: string[] = DEFAULT_ALLOWED_ORIGINS,
): Promise<CreatedTenant> {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 200) throw new Error('tenant name must be 1 to 200 characters');
  const origins = allowedOrigins.map((origin) => new URL(origin).origin);
  const apiKey = newApiKey();
  const tenantId = randomUUID();
  await insertTenant(db, { id: tenantId, name: trimmed, allowedOrigins: origins, apiKeyHash: hashApiKey(apiKey) });
  return { tenantId, name: trimmed, apiKey };
}
