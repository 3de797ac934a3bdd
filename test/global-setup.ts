// Runs once before all test files: refuses an older Node, and builds a migrated PGlite template that every
// test file loads in about a second instead of running initdb (about 10 s on these machines) for itself.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 24) {
    throw new Error(`Tests must run on Node 24 (the node@24 devDependency); this is Node ${process.versions.node}.`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'adlyft-template-'));
  const file = join(dir, 'template.tar.gz');
  const template = await openDatabase({ dataDir: 'memory://' });
  await migrateToLatest(template.db);
  const dump = await template.dump?.();
  if (!dump) throw new Error('could not dump the PGlite template');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await template.close();
  project.provide('pgliteTemplate', file);
  return () => undefined;
}
