// The toolkit of the local contract plans: a mutable view of a Dredd transaction, and the generic ways to
// produce 400/401/403/404 on any operation.
const HEALTHY_500 = 'a healthy server cannot honestly produce a 500 (the error handler is covered in vitest)';

/** A small, mutable view of a Dredd transaction. */
function wrap(transaction, operation, ctx) {
  const request = transaction.request;
  const template = transaction.origin.resourceName;
  const [, query = ''] = transaction.fullPath.split('?');
  const state = { params: {}, query: new URLSearchParams(query) };
  const rebuild = () => {
    let path = template;
    for (const [name, value] of Object.entries(state.params)) path = path.replace(`{${name}}`, encodeURIComponent(value));
    if (/\{[^}]+\}/.test(path)) {
      // keep the example values for parameters the plan did not set
      const [examplePath] = transaction.fullPath.split('?');
      const exampleSegments = examplePath.split('/');
      path = path
        .split('/')
        .map((segment, i) => (/^\{.+\}$/.test(segment) ? exampleSegments[i] : segment))
        .join('/');
    }
    const search = state.query.toString();
    transaction.fullPath = `${path}${search ? `?${search}` : ''}`;
    request.uri = transaction.fullPath;
  };
  const headers = request.headers;
  const security = (operation.security || [{ ApiKey: [], BearerAuth: [] }])[0] || {};
  headers['x-api-key'] = ctx.apiKey;
  return {
    operation,
    transaction,
    security,
    path(params) {
      Object.assign(state.params, params);
      rebuild();
    },
    query(name, value) {
      if (value === undefined) state.query.delete(name);
      else state.query.set(name, value);
      rebuild();
    },
    body(value) {
      request.body = value === undefined ? '' : JSON.stringify(value);
    },
    exampleBody() {
      return request.body ? JSON.parse(request.body) : undefined;
    },
    async as(name) {
      const user = await ctx.user(name);
      const token = security.RefreshBearer ? user.refreshToken : user.accessToken;
      headers.Authorization = `Bearer ${token}`;
      return user;
    },
    noBearer() {
      delete headers.Authorization;
      delete headers.authorization;
    },
    noApiKey() {
      delete headers['x-api-key'];
    },
  };
}

const bundle = require('../../generated/openapi.json');

/** The operation's parameters with `#/components/parameters/…` references resolved. */
function parametersOf(operation) {
  return (operation.parameters || []).map((p) => (p.$ref ? bundle.components.parameters[p.$ref.split('/').pop()] : p));
}

const uuidParams = (operation) =>
  parametersOf(operation)
    .filter((p) => p.in === 'path' && p.schema && p.schema.format === 'uuid')
    .map((p) => p.name);

const generic = {
  async 401(t) {
    if (t.security.BearerAuth || t.security.RefreshBearer) t.noBearer();
    else t.noApiKey();
  },
  async 403(t) {
    await t.as('outsider');
  },
  async 404(t, _ctx, uuid) {
    const params = {};
    for (const name of uuidParams(t.operation)) params[name] = uuid();
    t.path(params);
  },
  async 400(t) {
    const names = uuidParams(t.operation);
    if (names.length > 0) t.path({ [names[0]]: 'not-a-uuid' });
    else if (t.operation.requestBody) t.body({ unexpectedProperty: true });
    else t.query('unexpectedParameter', '1');
  },
};

const unique = (prefix) => `${prefix} ${Math.random().toString(36).slice(2, 8)}`;

// ── 504: a platform silent past the server's upstream timeout ─────────────────────────────────────────────
// The deployment's per-attempt upstream timeout and attempts (its UPSTREAM_TIMEOUT_MS and UPSTREAM_MAX_ATTEMPTS),
// as run-dredd.ts passes them to the hooks: the local run starts the server with a short timeout and few attempts.
// Elsewhere they are unknown unless set (the server's defaults, 10 s and 3 attempts, are far too long).
const TIMEOUT_MS = Number(process.env.ADLYFT_UPSTREAM_TIMEOUT_MS) || undefined;
const ATTEMPTS = Number(process.env.ADLYFT_UPSTREAM_MAX_ATTEMPTS) || 3;
/** The longest a 504 may keep a contract run waiting (every attempt times out). */
const MAX_WAIT_MS = 5000;
const NO_SHORT_TIMEOUT = TIMEOUT_MS
  ? `a 504 needs the platform silent past every attempt of the server's upstream timeout (${ATTEMPTS} × ${TIMEOUT_MS} ms): ` +
    'too long for a contract run'
  : "a 504 needs the platform silent past the server's upstream timeout, which is unknown here (set " +
    "ADLYFT_UPSTREAM_TIMEOUT_MS and ADLYFT_UPSTREAM_MAX_ATTEMPTS to the deployment's; the server default, 10 s × 3, is too long)";
/** How long the fake keeps the route silent: well past the timeout, on every attempt. */
const SILENCE_MS = TIMEOUT_MS && TIMEOUT_MS * ATTEMPTS <= MAX_WAIT_MS ? 3 * TIMEOUT_MS : undefined;

/**
 * The 504 plan of an operation whose platform call is `match` (the fake route its 502 plan fails; a function of
 * ctx when the route names live state): that route answers only after SILENCE_MS, on every attempt, so the
 * server gives up with UPSTREAM_TIMEOUT. A skip, with its reason, when the deployment's timeout is unknown or long.
 */
function timesOut(platform, match) {
  if (!SILENCE_MS) return NO_SHORT_TIMEOUT;
  return async (_t, ctx) => {
    const route = typeof match === 'function' ? await match(ctx) : match;
    await ctx.fault(platform, { match: route, latencyMs: SILENCE_MS });
  };
}

module.exports = { wrap, generic, parametersOf, uuidParams, unique, timesOut, HEALTHY_500 };
