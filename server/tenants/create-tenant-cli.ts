// `npm run tenant:create -- --name "Acme" [--origin https://app.acme.example ...]`
// Prints one JSON line {"tenantId","name","apiKey"}; the key is shown only here and stored only as a hash.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createTenant, DEFAULT_ALLOWED_ORIGINS } from './service.ts';

const { values } = parseArgs({ options: { name: { type: 'string' }, origin: { type: 'string', multiple: true } } });
if (!values.name) {
  console.error('usage: npm run tenant:create -- --name "Acme" [--origin https://app.acme.example]');
  process.exit(2);
}
const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await migrateToLatest(database.db);
  const created = await createTenant(database.db, values.name, values.origin ?? DEFAULT_ALLOWED_ORIGINS);
  console.log(JSON.stringify(created));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
