// Fails when generated/ is not exactly what `npm run generate` would write from spec/ now.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const fresh = mkdtempSync(join(tmpdir(), 'adlyft-generated-'));
try {
  execFileSync(process.execPath, [join(root, 'scripts', 'generate.ts'), fresh], { cwd: root, stdio: 'ignore' });
  const committed = join(root, 'generated');
  const names = new Set([...readdirSync(fresh), ...readdirSync(committed).filter((n) => n !== 'README.md')]);
  const stale = [...names].filter((name) => {
    try {
      return readFileSync(join(fresh, name), 'utf8') !== readFileSync(join(committed, name), 'utf8');
    } catch {
      return true;
    }
  });
  if (stale.length > 0) {
    console.error(`generated/ is stale: ${stale.join(', ')} differ from spec/. Run \`npm run generate\` and commit.`);
    process.exit(1);
  }
  console.log('generated/ is up to date with spec/');
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
