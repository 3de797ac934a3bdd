// Versioned migrations, applied in order at start-up and by `npm run db:migrate`. Each migration is a module in
// migrations/ named NNN-title.ts; the list below is the single registry (no filesystem scanning at runtime).
import type { Kysely } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import * as identity from './migrations/001-identity.ts';
import * as connections from './migrations/002-connections.ts';
import * as metaCache from './migrations/003-meta-cache.ts';
import * as googleCache from './migrations/004-google-cache.ts';
import type { Database } from './tables.ts';

const MIGRATIONS: Record<string, Migration> = {
  '001-identity': identity,
  '002-connections': connections,
  '003-meta-cache': metaCache,
  '004-google-cache': googleCache,
};

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Applies every pending migration; throws MigrationError naming the migration that failed. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
