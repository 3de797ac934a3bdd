// Lints the contract with zero tolerance: Redocly (which exits 0 on warnings, so its summary is parsed) and
// swagger-parser's structural validation of the bundle.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';

const root = resolve(import.meta.dirname, '..');
const lint = spawnSync(join(root, 'node_modules', '.bin', 'redocly'), ['lint', 'spec/openapi.yaml', '--format', 'stylish'], {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
});
const output = `${lint.stdout}${lint.stderr}`;
const warned = /warning/i.test(output.replace(/0 warnings?/gi, ''));
if (lint.status !== 0 || warned) {
  console.error(output);
  console.error('redocly lint: the contract must have zero errors and zero warnings.');
  process.exit(1);
}
await SwaggerParser.validate(join(root, 'generated', 'openapi.json'));
console.log('spec lint: redocly clean, bundle valid (swagger-parser)');
