// Shared by the upstream tests: an injected sleep that records each wait instead of waiting, and a check that
// no secret reaches anything an error exposes (message, details, the AppError we would answer with).
import { expect } from 'vitest';
import { toAppError, UpstreamError } from '../../../server/upstream/errors.ts';

export interface RecordedSleep {
  sleep: (ms: number) => Promise<void>;
  waits: number[];
}

export function recordSleep(): RecordedSleep {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms) => {
      waits.push(ms);
    },
  };
}

/** Awaits a promise that must reject with an UpstreamError, and returns it. */
export async function upstreamFailure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

export function expectNoSecrets(error: UpstreamError, secrets: readonly string[]): void {
  const app = toAppError(error);
  const exposed = JSON.stringify({
    message: error.message,
    details: error.details,
    stack: error.stack,
    app: { message: app.message, details: app.details, headers: app.headers },
  });
  for (const secret of secrets) expect(exposed).not.toContain(secret);
}
