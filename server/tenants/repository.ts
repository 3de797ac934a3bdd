// All SQL about tenant applications.
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';

export interface Tenant {
  id: string;
  name: string;
  allowedOrigins: string[];
}

type Row = { id: string; name: string; allowed_origins: string[] };
const toTenant = (row: Row): Tenant => ({ id: row.id, name: row.name, allowedOrigins: row.allowed_origins });

export async function insertTenant(db: Kysely<Database>, tenant: Tenant & { apiKeyHash: string }): Promise<void> {
  await db
    .insertInto('tenants')
    .values({ id: tenant.id, name: tenant.name, api_key_hash: tenant.apiKeyHash, allowed_origins: tenant.allowedOrigins })
    .execute();
}

export async function findTenantByKeyHash(db: Kysely<Database>, apiKeyHash: string): Promise<Tenant | undefined> {
  const row = await db
    .selectFrom('tenants')
    .select(['id', 'name', 'allowed_origins'])
    .where('api_key_hash', '=', apiKeyHash)
    .executeTakeFirst();
  return row ? toTenant(row) : undefined;
}

export async function findTenantById(db: Kysely<Database>, id: string): Promise<Tenant | undefined> {
  const row = await db.selectFrom('tenants').select(['id', 'name', 'allowed_origins']).where('id', '=', id).executeTakeFirst();
  return row ? toTenant(row) : undefined;
}

export async function countTenants(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('tenants')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
