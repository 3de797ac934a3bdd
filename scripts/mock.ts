// `npm run mock`: the Prism mock of the bundled contract on 127.0.0.1:${MOCK_PORT:-4010}, at the same
// /api/v1/... URLs as the server. Stops on Ctrl-C.
import { startMock } from './processes.ts';

const port = Number(process.env.MOCK_PORT ?? 4010);
const mock = await startMock(port);
console.log(`Prism mock of the Adlyft API on http://127.0.0.1:${port}/api/v1 (Ctrl-C stops it)`);
mock.child.stdout?.pipe(process.stdout);
mock.child.stderr?.pipe(process.stderr);
const stop = () => void mock.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
