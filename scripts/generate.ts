// Regenerates everything in generated/ from spec/: the bundled contract (YAML and JSON) and the TypeScript
// types. Deterministic, so `check:generated` can compare byte for byte. Usage: node scripts/generate.ts [outDir]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '..');
const outDir = resolve(process.argv[2] ?? join(root, 'generated'));
const bin = (name: string): string => join(root, 'node_modules', '.bin', name);

mkdirSync(outDir, { recursive: true });
const yamlPath = join(outDir, 'openapi.yaml');
execFileSync(bin('redocly'), ['bundle', process.env.SPEC_ROOT ?? 'spec/openapi.yaml', '-o', yamlPath], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
});
const bundle: unknown = parse(readFileSync(yamlPath, 'utf8'));
writeFileSync(join(outDir, 'openapi.json'), `${JSON.stringify(bundle, null, 2)}\n`);
execFileSync(
  bin('openapi-typescript'),
  [yamlPath, '--redocly', join(root, 'scripts', 'openapi-typescript.redocly.yaml'), '-o', join(outDir, 'schema.d.ts')],
  {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
// openapi-typescript's header carries no timestamp, so the output is stable across runs.
console.log(`generated ${outDir}/{openapi.yaml,openapi.json,schema.d.ts}`);
