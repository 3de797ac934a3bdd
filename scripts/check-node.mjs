// Guard: npm scripts must run on the pinned Node 24 from the `node` devDependency, never silently on an older
// system Node (which happens when install scripts were skipped). Plain .mjs so any Node can run it.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `error: this project runs on Node 24 (devDependency "node"), but ${process.execPath} is Node ${process.versions.node}.\n` +
      'Run `npm ci` (without --ignore-scripts) so node_modules/.bin/node exists, and run scripts through `npm run`.',
  );
  process.exit(1);
}
