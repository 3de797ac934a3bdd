// The real process, as `npm start` runs it: embedded database in DATA_DIR, a demo tenant on first start,
// a graceful stop on SIGTERM, and everything (data, secrets, tokens) still there after a restart.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, ROOT, startNode } from '../../scripts/processes.ts';
import { usingPostgres } from '../support/database.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'adlyft-process-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const env = { DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_URL: '' };

async function start() {
  const port = await freePort();
  const server = await startNode(join(ROOT, 'server', 'server.ts'), [], { ...env, PORT: String(port) }, /listening on/, 120_000);
  return { server, base: `http://127.0.0.1:${port}` };
}

// Restart persistence is a property of the embedded database; the PostgreSQL pass has nothing to add here.
describe.skipIf(usingPostgres())('server.ts on the embedded database', { timeout: 180_000 }, () => {
  let apiKey = '';
  let accessToken = '';
  let workspaceId = '';

  it('creates a demo tenant on first start and prints its key once', async () => {
    const { server, base } = await start();
    try {
      apiKey = /API key \(shown only now\): (\S+)/.exec(server.output())?.[1] ?? '';
      expect(apiKey).toMatch(/^ak_/);
      const token = await fetch(`${base}/api/v1/auth/token`, {
        method: 'POST',
        headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({ externalUserId: 'persistent-user' }),
      });
      accessToken = ((await token.json()) as { data: { accessToken: string } }).data.accessToken;
      const created = await fetch(`${base}/api/v1/workspace`, {
        method: 'POST',
        headers: { 'x-api-key': apiKey, authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Survives restarts' }),
      });
      expect(created.status).toBe(201);
      workspaceId = ((await created.json()) as { data: { id: string } }).data.id;
    } finally {
      await server.stop();
    }
    expect(server.child.exitCode).toBe(0);
  });

  it('keeps data, secrets and tokens across a restart, and prints no new demo key', async () => {
    const { server, base } = await start();
    try {
      expect(server.output()).not.toMatch(/API key \(shown only now\)/);
      const response = await fetch(`${base}/api/v1/workspace/${workspaceId}`, {
        headers: { 'x-api-key': apiKey, authorization: `Bearer ${accessToken}` },
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { data: { name: string } }).data.name).toBe('Survives restarts');
    } finally {
      await server.stop();
    }
  });

  it('runs the README walk-through offline: connect, permission, import, cached reads, a campaign created', async () => {
    const { server, base } = await start();
    try {
      const out = await new Promise<string>((done, fail) => {
        execFile(
          process.execPath,
          [join(ROOT, 'scripts', 'walkthrough.ts')],
          { cwd: ROOT, env: { ...process.env, ADLYFT_BASE_URL: base, ADLYFT_API_KEY: apiKey } },
          (error, stdout, stderr) => (error ? fail(new Error(`${error.message}\n${stdout}\n${stderr}`)) : done(stdout)),
        );
      });
      expect(out).toMatch(/6\. Bob lists campaigns \(X-Data-Source: cache\)/);
      expect(out).toMatch(/8\. Bob may not create \(403\); Alice created/);
      expect(out).toMatch(/walkthrough complete/);
    } finally {
      await server.stop();
    }
  });

  it('creates tenants from the command line, printing the key once as one JSON line', () => {
    const out = execFileSync(process.execPath, [join(ROOT, 'server', 'tenants', 'create-tenant-cli.ts'), '--name', 'Acme'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    const line = JSON.parse(out.trim());
    expect(line).toEqual({ tenantId: expect.any(String), name: 'Acme', apiKey: expect.stringMatching(/^ak_/) });
  });

  it('reports an up-to-date database from db:migrate', () => {
    const out = execFileSync(process.execPath, [join(ROOT, 'server', 'db', 'migrate-cli.ts')], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    expect(out).toMatch(/up to date/);
  });

  it('refuses to start with a bad setting, naming it', async () => {
    await expect(startNode(join(ROOT, 'server', 'server.ts'), [], { ...env, PORT: 'eighty' }, /listening on/, 30_000)).rejects.toThrow(
      /PORT must be an integer/,
    );
  });
});
