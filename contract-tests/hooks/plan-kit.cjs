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

module.exports = { wrap, generic, parametersOf, uuidParams, unique, HEALTHY_500 };
