// The token owner's node and edges: /me, /me/adaccounts, /me/accounts (Pages, each with its own Page token),
// /me/permissions. `/{user-id}/…` works too when the id is the token's own user.
import { ADS_READ_MESSAGE, type MetaAuth, requireScope } from '../auth.ts';
import type { MetaContext, MetaRoute } from '../context.ts';
import { MetaApiError, unsupportedRequest } from '../errors.ts';
import { parseFields, projectFields } from '../fields.ts';
import { paginate } from '../paging.ts';
import { stringParam } from '../params.ts';
import type { MetaUser } from '../state.ts';
import { DEFAULT_FIELDS, wireOf } from '../store.ts';

function selectedFields(req: Parameters<MetaRoute['handler']>[1]) {
  const fields = stringParam(req, 'fields');
  return fields === undefined ? undefined : parseFields(fields);
}

/** Resolves `me` / a user id to the token's user; anything else is Graph's 100/33. */
function userFor(auth: MetaAuth, who: string, method: string): MetaUser {
  if (!auth.user || auth.token.kind !== 'user' || (who !== 'me' && who !== auth.user.id)) {
    throw unsupportedRequest(method, who);
  }
  return auth.user;
}

const me: MetaRoute = {
  method: 'GET',
  pattern: /^\/me$/,
  handler(ctx, req) {
    const auth = ctx.authenticate(req, true);
    const fields = selectedFields(req);
    // With a Page token, /me is the Page.
    if (auth.token.kind === 'page' && auth.page) {
      return { json: projectFields('page', wireOf(ctx.state, { type: 'page', obj: auth.page }), fields, ['name', 'id']) };
    }
    if (!auth.user) throw new MetaApiError({ code: 2500 });
    return { json: projectFields('user', wireOf(ctx.state, { type: 'user', obj: auth.user }), fields, DEFAULT_FIELDS.user) };
  },
};

const adAccounts: MetaRoute = {
  method: 'GET',
  pattern: /^\/(me|\d+)\/adaccounts$/,
  handler(ctx, req, _scope, [who = 'me']) {
    const auth = ctx.authenticate(req, who === 'me');
    const user = userFor(auth, who, req.method);
    requireScope(auth, ['ads_read', 'ads_management'], ADS_READ_MESSAGE);
    const fields = selectedFields(req);
    const accounts = user.adAccountIds.map((id) => ctx.state.adAccounts.find((a) => a.id === id)).filter((a) => a !== undefined);
    const page = paginate(req, accounts, (a) => a.id, ctx.baseUrl());
    return {
      json: {
        ...page,
        data: page.data.map((a) =>
          projectFields('adaccount', wireOf(ctx.state, { type: 'adaccount', obj: a }), fields, DEFAULT_FIELDS.adaccount),
        ),
      },
    };
  },
};

const pages: MetaRoute = {
  method: 'GET',
  pattern: /^\/(me|\d+)\/accounts$/,
  handler(ctx, req, _scope, [who = 'me']) {
    const auth = ctx.authenticate(req, who === 'me');
    const user = userFor(auth, who, req.method);
    // Without pages_show_list the edge is simply empty.
    if (!auth.token.scopes.includes('pages_show_list')) return { json: { data: [] } };
    const fields = selectedFields(req);
    const owned = user.pageIds.map((id) => ctx.state.pages.find((p) => p.id === id)).filter((p) => p !== undefined);
    const page = paginate(req, owned, (p) => p.id, ctx.baseUrl());
    return {
      json: {
        ...page,
        data: page.data.map((p) => projectFields('page', wireOf(ctx.state, { type: 'page', obj: p }), fields, DEFAULT_FIELDS.page)),
      },
    };
  },
};

const permissions: MetaRoute = {
  method: 'GET',
  pattern: /^\/(me|\d+)\/permissions$/,
  handler(ctx, req, _scope, [who = 'me']) {
    const auth = ctx.authenticate(req, who === 'me');
    userFor(auth, who, req.method);
    return { json: { data: auth.token.scopes.map((permission) => ({ permission, status: 'granted' })) } };
  },
};

/** Removing the app's permissions logs every session of that user out of the app (190/458 afterwards). */
const revoke: MetaRoute = {
  method: 'DELETE',
  pattern: /^\/(me|\d+)\/permissions$/,
  handler(ctx: MetaContext, req, _scope, [who = 'me']) {
    const auth = ctx.authenticate(req, who === 'me');
    const user = userFor(auth, who, req.method);
    for (const token of ctx.state.tokens.values()) {
      if (token.userId === user.id) token.invalidSubcode = 458;
    }
    return { json: { success: true } };
  },
};

export const meRoutes: MetaRoute[] = [me, adAccounts, pages, permissions, revoke];
