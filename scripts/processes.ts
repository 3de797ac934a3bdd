// Starting and stopping the child processes that scripts and tests need (Prism, the server), by PID, on
// loopback ports chosen by the OS, each stopped by the code that started it.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

export interface Started {
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts `node <script> args` on this Node (the pinned 24) and resolves once `ready` appears in its output. */
export function startNode(
  script: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 60_000,
): Promise<Started> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const started: Started = {
      child,
      output: () => output,
      stop: () =>
        new Promise((stopped) => {
          if (child.exitCode !== null || child.signalCode !== null) return stopped();
          child.once('exit', () => stopped());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
        }),
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`${script} did not become ready in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        done(started);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`${script} exited with ${code} before it was ready:\n${output}`));
    });
  });
}

export const PRISM_CLI = join(ROOT, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');
export const BUNDLE_YAML = join(ROOT, 'generated', 'openapi.yaml');

/** Prism serving the bundle on 127.0.0.1:port; `prism` is started directly so its PID is the mock's own. */
export function startMock(port: number): Promise<Started> {
  return startNode(
    PRISM_CLI,
    ['mock', '-h', '127.0.0.1', '-p', String(port), BUNDLE_YAML],
    { PRISM_DISABLE_ANALYTICS: 'true' },
    /Prism is listening/,
  );
}
