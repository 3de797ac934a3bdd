// Per-operation plans for the local contract run: how to make each documented status really happen.
// `base` points a transaction at real, valid state; a status plan then changes one thing. Identity operations
// are here; connections, Google and Meta have their own files.
const { wrap, generic, unique, HEALTHY_500 } = require('./plan-kit.cjs');

const ws = (ctx) => ({ enterpriseId: ctx.workspace.id });
const team = (ctx) => ({ teamId: ctx.team.id });

const IDENTITY_PLANS = {
  getHealth: {},
  getReadiness: { 503: 'readiness 503 needs an unreachable database: covered in vitest' },
  createToken: {
    async base(t) {
      t.noBearer();
      t.body({ externalUserId: `dredd-token-${Math.random().toString(36).slice(2)}` });
    },
    async 400(t) {
      t.body({});
    },
  },
  refreshToken: {},
  createWorkspace: {
    async 400(t) {
      t.body({});
    },
  },
  getWorkspace: { base: (t, ctx) => t.path(ws(ctx)) },
  updateWorkspace: {
    base: (t, ctx) => t.path(ws(ctx)),
    async 403(t) {
      await t.as('member');
    },
    async 400(t) {
      t.body({});
    },
  },
  deleteWorkspace: {
    async base(t, ctx) {
      t.path({ enterpriseId: (await ctx.createWorkspace('admin')).id });
    },
  },
  changeWorkspaceAdmin: {
    async base(t, ctx) {
      const fresh = await ctx.createWorkspace('admin');
      t.path({ enterpriseId: fresh.id });
      t.body({ externalUserId: (await ctx.user('member')).externalUserId });
    },
    async 409(t, ctx) {
      t.body({ externalUserId: (await ctx.user('admin')).externalUserId });
    },
    async 404(t) {
      t.body({ externalUserId: 'no-such-user-of-this-tenant' });
    },
    async 403(t) {
      await t.as('member');
    },
    async 400(t) {
      t.body({});
    },
  },
  createTeam: {
    base: (t, ctx) => t.body({ enterpriseId: ctx.workspace.id, name: unique('Dredd team') }),
    async 409(t, ctx) {
      t.body({ enterpriseId: ctx.workspace.id, name: ctx.team.name });
    },
    async 404(t, _ctx, uuid) {
      t.body({ enterpriseId: uuid(), name: unique('Dredd team') });
    },
    async 403(t) {
      await t.as('member');
    },
    async 400(t) {
      t.body({});
    },
  },
  listWorkspaceTeams: {
    base: (t, ctx) => t.body({ enterpriseId: ctx.workspace.id }),
    async 404(t, _ctx, uuid) {
      t.body({ enterpriseId: uuid() });
    },
    async 403(t) {
      await t.as('member');
    },
    async 400(t) {
      t.body({});
    },
  },
  getTeam: { base: (t, ctx) => t.path(team(ctx)) },
  updateTeam: {
    base: (t, ctx) => {
      t.path(team(ctx));
      t.body({ name: unique('Dredd team') });
    },
    async 409(t, ctx) {
      const other = await ctx.createTeam(ctx.workspace.id, 'admin');
      t.body({ name: other.name });
    },
    async 403(t) {
      await t.as('member');
    },
    async 400(t) {
      t.body({});
    },
  },
  deleteTeam: {
    async base(t, ctx) {
      t.path({ teamId: (await ctx.createTeam(ctx.workspace.id, 'admin')).id });
    },
    async 409(t, ctx) {
      t.path({ teamId: ctx.workspace.defaultTeamId });
    },
    async 403(t, ctx) {
      t.path(team(ctx));
      await t.as('member');
    },
  },
  listTeamMembers: { base: (t, ctx) => t.path(team(ctx)) },
  assignTeamMembers: {
    async base(t, ctx) {
      t.path(team(ctx));
      const user = await ctx.freshUser();
      t.body({ members: [{ externalUserId: user.externalUserId, role: 'MEMBER' }] });
    },
    async 200(t, ctx) {
      const [a, b] = [await ctx.freshUser(), await ctx.freshUser()];
      t.body({
        members: [
          { externalUserId: a.externalUserId, role: 'MEMBER' },
          { externalUserId: b.externalUserId, role: 'ADMIN' },
        ],
      });
    },
    async 409(t, ctx) {
      t.body({ members: [{ externalUserId: (await ctx.user('member')).externalUserId, role: 'MEMBER' }] });
    },
    async 404(t) {
      t.body({ members: [{ externalUserId: 'no-such-user-of-this-tenant', role: 'MEMBER' }] });
    },
    async 403(t) {
      await t.as('member');
    },
    async 400(t) {
      t.body({ members: [] });
    },
  },
  removeTeamMember: {
    async base(t, ctx) {
      t.path(team(ctx));
      const user = await ctx.freshUser();
      await ctx.addMember(ctx.team.id, user.name);
      t.query('externalUserId', user.externalUserId);
    },
    async 409(t, ctx) {
      // A new team's only ADMIN is its creator: removing them would leave the team without one.
      t.path({ teamId: (await ctx.createTeam(ctx.workspace.id, 'admin')).id });
      t.query('externalUserId', (await ctx.user('admin')).externalUserId);
    },
    async 404(t) {
      t.query('externalUserId', 'no-such-member-of-this-team');
    },
    async 403(t) {
      await t.as('member');
    },
    async 400(t) {
      t.query('externalUserId', undefined);
    },
  },
};

const PLANS = {
  ...IDENTITY_PLANS,
  ...require('./plans-connections.cjs'),
  ...require('./plans-google.cjs'),
  ...require('./plans-meta.cjs'),
};

/** The plan for one transaction: a function that prepares it, or a string saying why it is skipped. */
function planFor(operation, status) {
  const plans = PLANS[operation.operationId];
  if (!plans) return `no contract plan for ${operation.operationId} yet`;
  if (typeof plans[status] === 'string') return plans[status];
  if (status === 500) return HEALTHY_500;
  const specific = plans[status];
  const fallback = status >= 400 ? generic[status] : undefined;
  if (status >= 400 && !specific && !fallback) return `no way to produce ${status} for ${operation.operationId} honestly`;
  return async (t, ctx, uuid) => {
    if (!(operation.security && operation.security.length === 0)) await t.as('admin');
    if (plans.base) await plans.base(t, ctx, uuid);
    if (specific) await specific(t, ctx, uuid);
    else if (fallback) await fallback(t, ctx, uuid);
  };
}

module.exports = { wrap, planFor, PLANS };
