// The opaque `after` cursor of the Meta lists and insights: base64url of a small JSON object that remembers where
// the first page came from, so every following page keeps that source (the contract's rule):
// - `{"s":"live","c":"<Meta's paging.cursors.after>"}` — the contract's example cursor decodes to exactly this;
// - `{"s":"cache","k":[…]}` — the key of the last row served from the imported copy (keyset paging), or, for
//   insights, `[offset]`.
// Anything else answers 400 BAD_REQUEST naming `query.after`.
import { badRequest } from '../../http/errors.ts';

export type ListCursor = { s: 'live'; c: string } | { s: 'cache'; k: (string | number)[] };

export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

export const unreadableCursor = () =>
  badRequest('after is not a cursor of this list', [
    { field: 'query.after', message: 'cannot be read; pass paging.after of the previous page unchanged', code: 'cursor' },
  ]);

/** The cursor inside `after`; undefined for a first page. */
export function decodeCursor(after: string | undefined): ListCursor | undefined {
  if (after === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    throw unreadableCursor();
  }
  if (typeof parsed !== 'object' || parsed === null) throw unreadableCursor();
  const cursor = parsed as { s?: unknown; c?: unknown; k?: unknown };
  if (cursor.s === 'live' && typeof cursor.c === 'string' && cursor.c !== '') return { s: 'live', c: cursor.c };
  if (
    cursor.s === 'cache' &&
    Array.isArray(cursor.k) &&
    cursor.k.length > 0 &&
    cursor.k.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0))
  ) {
    return { s: 'cache', k: cursor.k as (string | number)[] };
  }
  throw unreadableCursor();
}
