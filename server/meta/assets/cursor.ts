// The opaque `after` cursor of the live Meta lists: base64url of `{"s":"live","c":"<Meta's paging.cursors.after>"}`
// (the contract's example cursor decodes to exactly that). A cursor that does not decode to that shape answers
// 400 BAD_REQUEST naming `query.after`.
import { badRequest } from '../../http/errors.ts';

interface LiveCursor {
  s: 'live';
  c: string;
}

export function encodeLiveCursor(metaAfter: string | null): string | null {
  if (metaAfter === null) return null;
  const cursor: LiveCursor = { s: 'live', c: metaAfter };
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/** Meta's `after` cursor inside ours; undefined for the first page. */
export function decodeLiveCursor(after: string | undefined): string | undefined {
  if (after === undefined) return undefined;
  const unreadable = () => badRequest('after is not a cursor of this list', [{ field: 'query.after', message: 'cannot be read; pass paging.after of the previous page unchanged' }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    throw unreadable();
  }
  const cursor = parsed as Partial<LiveCursor> | null;
  if (typeof cursor !== 'object' || cursor === null || cursor.s !== 'live' || typeof cursor.c !== 'string' || cursor.c === '') {
    throw unreadable();
  }
  return cursor.c;
}
