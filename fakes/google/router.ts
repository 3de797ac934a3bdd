// Dispatches Google requests: OAuth endpoints (accounts.google.com / oauth2.googleapis.com paths, served here on
// one port) and the versioned Google Ads REST paths `/vNN/customers…`. GoogleApiErrors become Google error
// bodies carrying the called version in the GoogleAdsFailure @type; unknown paths get Google's HTML 404.
import type { FakeRequest, FakeResponse } from '../shared/http.ts';
import type { GoogleContext } from './context.ts';
import { adsError, errorResponse, GoogleApiError } from './errors.ts';
import { listAccessibleCustomers, search, searchStream } from './routes/ads.ts';
import { authorize, revoke, token } from './routes/oauth.ts';

export const DEFAULT_GOOGLE_VERSION = 'v24';

const NOT_FOUND: FakeResponse = {
  status: 404,
  text: '<!DOCTYPE html><html lang=en><meta charset=utf-8><title>Error 404 (Not Found)!!1</title><p><b>404.</b> <ins>That\u2019s an error.</ins><p>The requested URL was not found on this server. <ins>That\u2019s all we know.</ins>',
};

export function createGoogleRouter(ctx: GoogleContext): (req: FakeRequest) => FakeResponse {
  return (req) => {
    const { path, method } = req;
    if ((path === '/o/oauth2/v2/auth' || path === '/o/oauth2/auth') && method === 'GET') return authorize(ctx, req);
    if (path === '/token' && method === 'POST') return token(ctx, req);
    if (path === '/revoke' && method === 'POST') return revoke(ctx, req);

    const m = /^\/(v(\d+))\/customers(?::listAccessibleCustomers|\/([^/]+)\/googleAds:(search|searchStream))$/.exec(path);
    if (!m) return NOT_FOUND;
    const version = m[1] as string;
    const customerId = m[3];
    const verb = m[4];
    const isStream = verb === 'searchStream';
    if ((customerId === undefined && method !== 'GET') || (customerId !== undefined && method !== 'POST')) return NOT_FOUND;
    const requestId = ctx.requestId();
    try {
      if (ctx.options.minVersion !== undefined && Number(m[2]) < ctx.options.minVersion) {
        throw adsError(
          'INVALID_ARGUMENT',
          { requestError: 'UNSUPPORTED_VERSION' },
          `Version ${version} is deprecated. Requests to this version will be blocked.`,
        );
      }
      if (customerId === undefined) return listAccessibleCustomers(ctx, req, requestId);
      return isStream ? searchStream(ctx, req, customerId, requestId) : search(ctx, req, customerId, requestId);
    } catch (err) {
      if (!(err instanceof GoogleApiError)) throw err;
      return errorResponse(err.init, version, requestId, isStream);
    }
  };
}

/** Version and stream flag of a path, for fault responses rendered outside the router. */
export function describeAdsPath(path: string): { version: string; stream: boolean } {
  const m = /^\/(v\d+)\//.exec(path);
  return { version: m?.[1] ?? DEFAULT_GOOGLE_VERSION, stream: path.endsWith(':searchStream') };
}
