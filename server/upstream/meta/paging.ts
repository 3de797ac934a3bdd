// Meta's list envelope (`data` + `paging`). A page may be short or empty and still announce `paging.next`;
// only a missing `next` ends the list (`cursors.after` is present even on the last page).
import { UpstreamError } from '../errors.ts';

export interface MetaPaging {
  cursors?: { before?: string; after?: string };
  next?: string;
  previous?: string;
}

export interface MetaListEnvelope<T> {
  data: T[];
  paging?: MetaPaging;
  summary?: Record<string, unknown>;
}

/** One page as the server uses it: rows, and Meta's `after` cursor when (and only when) a next page exists. */
export interface MetaPage<T> {
  data: T[];
  after: string | null;
  hasMore: boolean;
  summary?: Record<string, unknown>;
}

/** Parameters that carry credentials; never copied from a `paging.next` URL. */
const CREDENTIAL_PARAMS = new Set(['access_token', 'appsecret_proof']);

/** Checks the shape of a list answer; a body without a `data` array is a platform fault we cannot use. */
export function readListEnvelope<T>(json: unknown): MetaListEnvelope<T> {
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { data?: unknown }).data)) {
    throw new UpstreamError({
      platform: 'meta',
      kind: 'transient',
      message: 'Meta answered a list request without a data array',
      retryable: false,
    });
  }
  return json as MetaListEnvelope<T>;
}

/**
 * The query parameters of the next page, taken from `paging.next` (credentials removed — the client signs each
 * call itself and never sends its token to a host named in a response), or built from `cursors.after` when
 * `next` is not a URL. Undefined on the last page.
 */
export function nextPageParams(paging: MetaPaging | undefined): Record<string, string> | undefined {
  if (!paging?.next) return undefined;
  try {
    const url = new URL(paging.next);
    const params: Record<string, string> = {};
    for (const [key, value] of url.searchParams) {
      if (!CREDENTIAL_PARAMS.has(key)) params[key] = value;
    }
    if (params.after === undefined && paging.cursors?.after) params.after = paging.cursors.after;
    return params;
  } catch {
    return paging.cursors?.after ? { after: paging.cursors.after } : undefined;
  }
}

/** Meta's `after` cursor of the next page, or null on the last page. */
export function nextCursor(paging: MetaPaging | undefined): string | null {
  if (!paging?.next) return null;
  return nextPageParams(paging)?.after ?? null;
}
