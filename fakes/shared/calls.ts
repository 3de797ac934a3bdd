// Records every upstream call a fake receives (control routes under `/__` excluded), so tests can prove that a
// cached read made zero upstream calls, or that a retry made exactly two.
import { methodMatches, type PathPattern, pathMatches } from './match.ts';

export interface CallRecord {
  method: string;
  /** Path as received, version segment included. */
  path: string;
  /** Raw query string without the leading `?`. */
  query: string;
  at: number;
}

export interface CallLog {
  /** Number of calls, optionally only those whose path matches (see `pathMatches`) and method equals. */
  count(path?: PathPattern, method?: string): number;
  list(path?: PathPattern, method?: string): CallRecord[];
  reset(): void;
  record(call: CallRecord): void;
}

export function createCallLog(): CallLog {
  let calls: CallRecord[] = [];
  const select = (path?: PathPattern, method?: string): CallRecord[] =>
    calls.filter((c) => (path === undefined || pathMatches(path, c.path)) && methodMatches(method, c.method));
  return {
    count: (path, method) => select(path, method).length,
    list: (path, method) => select(path, method).map((c) => ({ ...c })),
    reset: () => {
      calls = [];
    },
    record: (call) => {
      calls.push(call);
    },
  };
}
