// Runs both fakes as a standalone process for out-of-process users (contract tests, a server started by hand):
//   node fakes/cli.ts [--meta-port 4010] [--google-port 4020] [--seed 1] [--today 2026-09-30]
// Prints the URLs as one JSON line, then serves until SIGINT/SIGTERM. Control them over HTTP at /__faults etc.
import { parseArgs } from 'node:util';
import { startFakes } from './index.ts';

const { values } = parseArgs({
  options: {
    'meta-port': { type: 'string', default: '0' },
    'google-port': { type: 'string', default: '0' },
    seed: { type: 'string', default: '1' },
    today: { type: 'string' },
  },
});

const fakes = await startFakes({
  seed: Number(values.seed),
  ...(values.today ? { today: values.today } : {}),
  meta: { port: Number(values['meta-port']) },
  google: { port: Number(values['google-port']) },
});
process.stdout.write(`${JSON.stringify({ meta: fakes.meta.baseUrl, google: fakes.google.baseUrl, ...fakes.urls })}\n`);

const stop = async (): Promise<void> => {
  await fakes.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
