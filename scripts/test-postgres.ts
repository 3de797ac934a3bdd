// The PostgreSQL pass: every suite that touches the database (test/server and test/client, less the upstream
// adapters, which have none) runs again, each test file on its own fresh database on the server at
// ADLYFT_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres), dropped afterwards. Suites with
// no database (the contract, the fakes, the adapters) would only repeat themselves.
// Where no server answers, it says so and why, and skips — never a silent pass or a silent failure.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { ROOT } from './processes.ts';

const DATABASE_SUITES = ['test/server', 'test/client', '--exclude', 'test/server/upstream/**'];

const url = process.env.ADLYFT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
try {
  await probe.connect();
  const { rows } = await probe.query<{ server_version: string }>('SHOW server_version');
  console.log(`PostgreSQL pass: server ${rows[0]?.server_version ?? '?'} at ${new URL(url).host}`);
} catch (error) {
  console.log(
    `PostgreSQL pass SKIPPED: no PostgreSQL server answers at ${new URL(url).host} (${error instanceof Error ? error.message : error})`,
  );
  process.exit(0);
} finally {
  await probe.end().catch(() => undefined);
}
const run = spawnSync(
  process.execPath,
  [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...(process.argv.length > 2 ? process.argv.slice(2) : DATABASE_SUITES)],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ADLYFT_TEST_DATABASE: 'postgres', ADLYFT_TEST_POSTGRES_URL: url },
  },
);
process.exit(run.status ?? 1);
