// Dispatches Graph requests: strips the `/vNN.N` segment, rejects retired versions with (#2635) when configured,
// finds the route, turns thrown MetaApiErrors into Graph error responses, and adds the headers every Graph
// response carries (facebook-api-version, x-fb-trace-id, usage headers for the bucket the call counted against).
import type { FakeRequest, FakeResponse } from '../shared/http.ts';
import type { MetaContext, MetaRoute, RequestScope } from './context.ts';
import { MetaApiError, unsupportedRequest } from './errors.ts';
import { adObjectRoutes } from './routes/adobjects.ts';
import { audienceRoutes } from './routes/audiences.ts';
import { createRoutes } from './routes/create.ts';
import { insightsRoutes } from './routes/insights.ts';
import { leadgenRoutes } from './routes/leadgen.ts';
import { meRoutes } from './routes/me.ts';
import { oauthRoutes } from './routes/oauth.ts';
import { pixelRoutes } from './routes/pixels.ts';
import { searchRoutes } from './routes/search.ts';

export const DEFAULT_GRAPH_VERSION = 'v25.0';

/** Specific routes first; the catch-all node routes (`/{id}`) come last. */
const ROUTES: MetaRoute[] = [
  ...oauthRoutes,
  ...meRoutes,
  ...searchRoutes,
  ...insightsRoutes,
  ...createRoutes,
  ...pixelRoutes,
  ...audienceRoutes,
  ...leadgenRoutes,
  ...adObjectRoutes,
];

export function splitVersion(path: string): { version: string | undefined; rest: string } {
  const m = /^\/(v\d+\.\d+)(\/.*)?$/.exec(path);
  if (!m) return { version: undefined, rest: path };
  return { version: m[1], rest: m[2] ?? '/' };
}

export function createMetaRouter(ctx: MetaContext): (req: FakeRequest) => FakeResponse {
  return (req) => {
    const { version, rest } = splitVersion(req.path);
    const scope: RequestScope = {};
    if (version) scope.version = version;
    const oauth = rest === '/dialog/oauth' || rest === '/oauth/access_token';
    let response: FakeResponse;
    try {
      if (!oauth && version && ctx.options.minVersion !== undefined && Number(version.slice(1)) < ctx.options.minVersion) {
        throw new MetaApiError({
          code: 2635,
          message: `(#2635) You are calling a deprecated version of the Ads API. Please update to the latest version: ${DEFAULT_GRAPH_VERSION}.`,
        });
      }
      let params: string[] | undefined;
      const route = ROUTES.find((r) => {
        if (r.method !== req.method) return false;
        const m = r.pattern.exec(rest);
        if (!m) return false;
        params = m.slice(1).map((p) => p ?? '');
        return true;
      });
      if (!route || !params) throw unsupportedRequest(req.method, rest.split('/')[1] ?? '');
      const result = route.handler(ctx, req, scope, params);
      response = { status: result.status ?? 200, headers: { ...result.headers } };
      if (result.json !== undefined) response.json = result.json;
      if (result.text !== undefined) response.text = result.text;
    } catch (err) {
      if (!(err instanceof MetaApiError)) throw err;
      response = ctx.errors.build(err.init);
    }
    const headers: Record<string, string> = { ...response.headers };
    if (!oauth && rest !== '/dialog/oauth') {
      headers['facebook-api-version'] = version ?? DEFAULT_GRAPH_VERSION;
      Object.assign(headers, ctx.usage.headers(scope.bucket));
    }
    headers['x-fb-trace-id'] ??= ctx.errors.traceId();
    headers['x-fb-rev'] = '1019876543';
    return { ...response, headers };
  };
}
