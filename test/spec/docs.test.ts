// The Redoc site for API consumers: one offline HTML file, telemetry off, every operation in it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { operationsOf, rawBundle } from '../support/contract.ts';

const root = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'adlyft-docs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run docs', () => {
  const out = join(dir, 'index.html');
  execFileSync(join(root, 'node_modules', '.bin', 'redocly'), ['build-docs', 'generated/openapi.yaml', '--inlineBundle', '-o', out], {
    cwd: root,
    stdio: 'ignore',
  });
  const html = readFileSync(out, 'utf8');

  it('builds a single HTML file that loads no script from elsewhere', () => {
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
    expect(html).not.toMatch(/import\s*\{[^}]*\}\s*from\s*["']https?:/);
  });

  it('turns telemetry off', () => {
    expect(html).toContain('"disableTelemetry":true');
  });

  it('contains every operation', () => {
    const missing = operationsOf(rawBundle())
      .map(({ operation }) => operation.operationId)
      .filter((id) => !html.includes(id));
    expect(missing).toEqual([]);
  });
});
