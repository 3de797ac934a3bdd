// All SQL about a tenant's users (the tenant application's own users, by externalUserId).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';

export interface User {
  id: string;
  tenantId: string;
  externalUserId: string;
}

/** Returns the user, creating it on first use; safe under concurrent first calls. */
export async function upsertUser(db: Kysely<Database>, tenantId: string, externalUserId: string): Promise<User> {
  await db
    .insertInto('users')
    .values({ id: randomUUID(), tenant_id: tenantId, external_user_id: externalUserId })
    .onConflict((oc) => oc.columns(['tenant_id', 'external_user_id']).doNothing())
    .execute();
  const user = await findUserByExternalId(db, tenantId, externalUserId);
  if (!user) throw new Error('user vanished after upsert');
  return user;
}

export async function findUserByExternalId(db: Kysely<Database>, tenantId: string, externalUserId: string): Promise<User | undefined> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'tenant_id', 'external_user_id'])
    .where('tenant_id', '=', tenantId)
    .where('external_user_id', '=', externalUserId)
    .executeTakeFirst();
  return row ? { id: row.id, tenantId: row.tenant_id, externalUserId: row.external_user_id } : undefined;
}

export async function findUserById(db: Kysely<Database>, tenantId: string, id: string): Promise<User | undefined> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'tenant_id', 'external_user_id'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { id: row.id, tenantId: row.tenant_id, externalUserId: row.external_user_id } : undefined;
}
