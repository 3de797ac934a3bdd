// Runs Dredd over the bundled contract against a deployment:
//   mock  — a Prism mock started here on a free port (npm run test:contract:mock)
//   local — the real server started here on a fresh embedded database (npm run test:contract:local)
//   url   — any deployment: ADLYFT_BASE_URL and ADLYFT_API_KEY (npm run test:contract)
// Fails when any transaction fails or errors, and when nothing ran (Dredd's false green on a bad document).
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE_YAML, freePort, ROOT, type Started, startMock, startNode } from '../scripts/processes.ts';

const mode = process.argv[2] ?? 'mock';
const DREDD = join(ROOT, 'node_modules', 'dredd', 'bin', 'dredd');
// The local server's upstream timeout per attempt and attempts in all (UPSTREAM_TIMEOUT_MS, UPSTREAM_MAX_ATTEMPTS):
// short, so a 504 (a platform fake left silent past the timeout, every attempt) costs about 2 s, not 30. The hooks
// are told both (ADLYFT_UPSTREAM_*) to plan those 504s; a deployment they are not told about has its 504s skipped.
const LOCAL_UPSTREAM_TIMEOUT_MS = '1000';
const LOCAL_UPSTREAM_MAX_ATTEMPTS = '2';

async function target(): Promise<{ url: string; hooks: string; env: Record<string, string>; started?: Started; cleanup?: () => void }> {
  if (mode === 'mock') {
    const port = await freePort();
    return { url: `http://127.0.0.1:${port}`, hooks: 'contract-tests/hooks/mock.cjs', env: {}, started: await startMock(port) };
  }
  if (mode === 'local') {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'adlyft-dredd-'));
    const started = await startNode(
      join(ROOT, 'server', 'server.ts'),
      [],
      {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        VALIDATE_RESPONSES: 'true',
        LOG_LEVEL: 'warn',
        DATABASE_URL: '',
        UPSTREAM: 'sandbox',
        UPSTREAM_TIMEOUT_MS: LOCAL_UPSTREAM_TIMEOUT_MS,
        UPSTREAM_MAX_ATTEMPTS: LOCAL_UPSTREAM_MAX_ATTEMPTS,
      },
      /listening on/,
    );
    const apiKey = /API key \(shown only now\): (\S+)/.exec(started.output())?.[1];
    if (!apiKey) throw new Error(`the server printed no demo API key:\n${started.output()}`);
    return {
      url: `http://127.0.0.1:${port}`,
      hooks: 'contract-tests/hooks/local.cjs',
      env: {
        ADLYFT_BASE_URL: `http://127.0.0.1:${port}`,
        ADLYFT_API_KEY: apiKey,
        ADLYFT_UPSTREAM_TIMEOUT_MS: LOCAL_UPSTREAM_TIMEOUT_MS,
        ADLYFT_UPSTREAM_MAX_ATTEMPTS: LOCAL_UPSTREAM_MAX_ATTEMPTS,
      },
      started,
      cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const url = process.env.ADLYFT_BASE_URL;
  const apiKey = process.env.ADLYFT_API_KEY;
  if (!url || !apiKey) throw new Error('test:contract needs ADLYFT_BASE_URL and ADLYFT_API_KEY');
  return { url, hooks: 'contract-tests/hooks/local.cjs', env: { ADLYFT_BASE_URL: url, ADLYFT_API_KEY: apiKey } };
}

const t = await target();
let exitCode = 1;
try {
  // Dredd ends with process.exit(), which can cut off output still queued on a pipe; a file loses nothing.
  const logFile = join(mkdtempSync(join(tmpdir(), 'adlyft-dredd-log-')), 'dredd.log');
  const fd = openSync(logFile, 'w');
  await new Promise<void>((done) => {
    const child = spawn(process.execPath, [DREDD, BUNDLE_YAML, t.url, `--hookfiles=${t.hooks}`, '--loglevel=warning', '--color=false'], {
      cwd: ROOT,
      env: { ...process.env, ...t.env, NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', fd, fd],
    });
    child.on('exit', () => done());
  });
  closeSync(fd);
  // The parser's long list of "unsupported key" warnings says nothing about the deployment: leave it out.
  const output = readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith('warn: API description parser warning'))
    .join('\n');
  process.stdout.write(`${output}\n`);
  const summary = /complete: (\d+) passing, (\d+) failing, (\d+) errors, (\d+) skipped, (\d+) total/.exec(output);
  if (!summary) {
    console.error('dredd printed no summary');
  } else {
    const [passing, failing, errors, skipped] = summary.slice(1, 5).map(Number) as [number, number, number, number];
    if (passing === 0) console.error('dredd ran no transaction: refusing a false green');
    else if (failing + errors > 0) console.error(`dredd: ${failing} failing, ${errors} errors`);
    else exitCode = 0;
    console.log(`dredd-${mode}: ${passing} passed, ${failing + errors} failed, ${skipped} skipped`);
  }
} finally {
  if (exitCode !== 0 && t.started) console.error(`--- ${mode} target output ---\n${t.started.output().slice(-4000)}`);
  await t.started?.stop();
  t.cleanup?.();
}
process.exit(exitCode);
