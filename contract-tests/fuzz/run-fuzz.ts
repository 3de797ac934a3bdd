// `npm run test:contract:fuzz`: schema-driven property checks of every operation of generated/openapi.json, in
// the manner of Schemathesis, against
//   - ADLYFT_BASE_URL with ADLYFT_API_KEY (a new user is signed in for the run), or
//   - when ADLYFT_BASE_URL is unset, a Prism mock of the bundle started here on a free port.
// Bounded by FUZZ_RUNS requests per operation (default 25) and FUZZ_MAX_SECONDS for the whole run (default 300).
// FUZZ_SEED replays a run; FUZZ_OPERATIONS (comma-separated operationIds) narrows it.
// Prints one line per operation, each failure's shrunk request and answer, then `fuzz: N passed, M failed`
// (operations), and exits non-zero on any failure, or when nothing was checked.

import { freePort, type Started, startMock } from '../../scripts/processes.ts';
import { dereferencedBundle, operationsOf } from '../../test/support/contract.ts';
import {
  describeFailure,
  fuzzOperation,
  isNotImplemented,
  type OperationReport,
  signIn,
  summaryLine,
  type Target,
} from './fuzz-operation.ts';

function positiveInteger(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`${name} must be a positive integer, not ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return value;
}

const runs = positiveInteger('FUZZ_RUNS', 25);
const maxSeconds = positiveInteger('FUZZ_MAX_SECONDS', 300);
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
if (!Number.isInteger(seed)) {
  console.error(`FUZZ_SEED must be an integer, not ${JSON.stringify(process.env.FUZZ_SEED)}`);
  process.exit(2);
}
const only = new Set(
  (process.env.FUZZ_OPERATIONS ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean),
);

let mock: Started | undefined;
let exitCode = 1;
try {
  const target = await startTarget();
  const doc = await dereferencedBundle();
  const entries = operationsOf(doc).filter((entry) => only.size === 0 || only.has(entry.operation.operationId));
  const unknown = [...only].filter((id) => !entries.some((entry) => entry.operation.operationId === id));
  if (unknown.length > 0) console.error(`FUZZ_OPERATIONS names operations the contract lacks: ${unknown.join(', ')}`);
  const deadline = Date.now() + maxSeconds * 1000;
  console.log(`fuzz: ${entries.length} operations of generated/openapi.json against ${target.mock ? 'the Prism mock' : target.baseUrl}`);
  console.log(`fuzz: FUZZ_SEED=${seed} FUZZ_RUNS=${runs} FUZZ_MAX_SECONDS=${maxSeconds}`);
  if (target.mock) {
    console.log(
      "fuzz: the mock answers with the contract's static examples, so an error envelope's `path` is not compared with the request path",
    );
  }

  const reports: OperationReport[] = [];
  const skipped: string[] = [];
  const started = Date.now();
  for (const entry of entries) {
    const id = entry.operation.operationId;
    if (Date.now() >= deadline) {
      skipped.push(`${id} (time cap of ${maxSeconds} s reached)`);
      continue;
    }
    if (!target.mock && (await isNotImplemented(doc, entry, target))) {
      skipped.push(`${id} (answers 501 NOT_IMPLEMENTED)`);
      console.log(`- ${id} ${entry.method.toUpperCase()} ${entry.path}: skipped, the deployment answers 501 NOT_IMPLEMENTED`);
      continue;
    }
    const report = await fuzzOperation(doc, entry, target, { runs, seed, deadline });
    reports.push(report);
    console.log(summaryLine(report));
    for (const note of report.notes) console.log(`    note: ${note}`);
  }

  const failed = reports.filter((report) => report.failures.length > 0);
  if (failed.length > 0) {
    console.log('\nCounterexamples (shrunk):\n');
    for (const report of failed) for (const failure of report.failures) console.log(`${describeFailure(report, failure)}\n`);
  }
  if (skipped.length > 0) console.log(`fuzz: skipped ${skipped.length}: ${skipped.join(', ')}`);
  const requests = reports.reduce((sum, r) => sum + r.requests.conforming + r.requests.violating + r.requests.unusual, 0);
  console.log(`fuzz: ${requests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const passed = reports.length - failed.length;
  if (reports.length === 0) console.error('fuzz: no operation was checked: refusing a false green');
  else if (failed.length === 0) exitCode = 0;
  console.log(`fuzz: ${passed} passed, ${failed.length} failed`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  if (mock) console.error(`--- Prism output ---\n${mock.output().slice(-4000)}`);
} finally {
  await mock?.stop();
}
process.exit(exitCode);

async function startTarget(): Promise<Target> {
  const baseUrl = process.env.ADLYFT_BASE_URL?.replace(/\/+$/, '');
  if (baseUrl) {
    const apiKey = process.env.ADLYFT_API_KEY;
    if (!apiKey) throw new Error('ADLYFT_BASE_URL is set: ADLYFT_API_KEY must be set too (a tenant API key of that deployment)');
    return { baseUrl, credentials: await signIn(baseUrl, apiKey), mock: false };
  }
  const port = await freePort();
  mock = await startMock(port);
  const mockUrl = `http://127.0.0.1:${port}`;
  return { baseUrl: mockUrl, credentials: await signIn(mockUrl, 'ak_fuzz_mock_key'), mock: true };
}
