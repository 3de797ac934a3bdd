// Cursor paging exactly as Graph answers list edges: `data` + `paging.cursors.{before,after}`, `paging.next` only
// while more rows exist (clients stop on its absence, not on `after`), `paging.previous` after the first page,
// no `paging` at all for an empty list. Cursors are opaque base64 of a row key, so they survive inserts.
import type { FakeRequest } from '../shared/http.ts';
import { invalidParam } from './errors.ts';
import { intParam, stringParam } from './params.ts';

export const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 5000;

export interface Page<T> {
  data: T[];
  paging?: {
    cursors: { before: string; after: string };
    previous?: string;
    next?: string;
  };
  summary?: { total_count: number };
}

const encode = (key: string): string => Buffer.from(`c:${key}`).toString('base64').replace(/=+$/, '');

function decode(cursor: string): string {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  if (!text.startsWith('c:')) throw invalidParam('(#100) The after/before cursor is invalid');
  return text.slice(2);
}

/**
 * Pages `rows` (already filtered and ordered); `keyOf` gives each row's stable key. `publicBase` is the fake's
 * base URL, used to build absolute `next`/`previous` links that keep every original query parameter.
 */
export function paginate<T>(
  req: FakeRequest,
  rows: readonly T[],
  keyOf: (row: T, index: number) => string,
  publicBase: string,
  defaultLimit = DEFAULT_LIMIT,
): Page<T> {
  const requested = intParam(req, 'limit');
  if (requested !== undefined && requested < 0) throw invalidParam('(#100) Param limit must be a non-negative integer');
  const limit = Math.min(requested === undefined || requested === 0 ? defaultLimit : requested, MAX_LIMIT);
  const after = stringParam(req, 'after');
  const before = stringParam(req, 'before');
  const keys = rows.map(keyOf);

  let start = 0;
  let end = Math.min(rows.length, limit);
  if (after) {
    const key = decode(after);
    const at = keys.indexOf(key);
    start = at < 0 ? rows.length : at + 1;
    end = Math.min(rows.length, start + limit);
  } else if (before) {
    const key = decode(before);
    const at = keys.indexOf(key);
    end = Math.max(at, 0);
    start = Math.max(0, end - limit);
  }
  const data = rows.slice(start, end);
  const page: Page<T> = { data };
  if (data.length === 0) return page;

  const firstKey = keys[start] as string;
  const lastKey = keys[end - 1] as string;
  const cursors = { before: encode(firstKey), after: encode(lastKey) };
  const link = (name: 'after' | 'before', cursor: string): string => {
    const url = new URL(req.url.pathname + req.url.search, publicBase);
    url.searchParams.delete('after');
    url.searchParams.delete('before');
    url.searchParams.set('limit', String(limit));
    url.searchParams.set(name, cursor);
    return url.toString();
  };
  page.paging = { cursors };
  if (start > 0) page.paging.previous = link('before', cursors.before);
  if (end < rows.length) page.paging.next = link('after', cursors.after);
  return page;
}

/** `summary=true` adds `summary.total_count` on ad-object edges. */
export function withSummary<T>(req: FakeRequest, page: Page<T>, total: number): Page<T> {
  const summary = stringParam(req, 'summary');
  if (summary === 'true' || summary === '1' || summary === 'total_count') return { ...page, summary: { total_count: total } };
  return page;
}
