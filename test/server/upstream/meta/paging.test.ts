import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../../server/upstream/errors.ts';
import { nextCursor, nextPageParams, readListEnvelope } from '../../../../server/upstream/meta/paging.ts';

describe('Meta paging', () => {
  const next = 'https://graph.facebook.com/v25.0/act_1/campaigns?fields=id&limit=25&access_token=EAAtoken&appsecret_proof=abc&after=QVFI';

  it('takes the next page’s parameters from paging.next, without the credentials', () => {
    expect(nextPageParams({ next, cursors: { after: 'QVFI' } })).toEqual({ fields: 'id', limit: '25', after: 'QVFI' });
  });

  it('ends the list when paging.next is absent, even with a cursors.after', () => {
    expect(nextPageParams({ cursors: { before: 'a', after: 'b' } })).toBeUndefined();
    expect(nextCursor({ cursors: { before: 'a', after: 'b' } })).toBeNull();
    expect(nextPageParams(undefined)).toBeUndefined();
  });

  it('falls back to cursors.after when next is not a URL', () => {
    expect(nextPageParams({ next: 'not a url', cursors: { after: 'b' } })).toEqual({ after: 'b' });
    expect(nextCursor({ next, cursors: { after: 'QVFI' } })).toBe('QVFI');
  });

  it('refuses a list answer without a data array', () => {
    expect(() => readListEnvelope({ id: '1' })).toThrow(UpstreamError);
    expect(readListEnvelope({ data: [] }).data).toEqual([]);
  });
});
