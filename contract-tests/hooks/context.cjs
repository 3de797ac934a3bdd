// The state the local contract run works on, built through the public API only (so it works on staging too).
const { randomUUID } = require('node:crypto');

async function call(base, apiKey, method, path, { token, body, headers } = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    redirect: 'manual',
    headers: {
      'x-api-key': apiKey,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: response.status, json, headers: response.headers };
}

async function createContext(base, apiKey) {
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const ctx = {
    base,
    apiKey,
    run,
    users: {},
    call: (method, path, options) => call(base, apiKey, method, path, options),
  };
  ctx.expect = async (method, path, options, status) => {
    const result = await ctx.call(method, path, options);
    if (result.status !== status)
      throw new Error(`${method} ${path} answered ${result.status}, expected ${status}: ${JSON.stringify(result.json)}`);
    return result.json?.data;
  };
  ctx.user = async (name) => {
    if (!ctx.users[name]) {
      const externalUserId = `${name}-${run}`;
      const data = await ctx.expect('POST', '/api/v1/auth/token', { body: { externalUserId } }, 201);
      ctx.users[name] = { externalUserId, accessToken: data.accessToken, refreshToken: data.refreshToken };
    }
    return ctx.users[name];
  };
  ctx.token = async (name) => (await ctx.user(name)).accessToken;
  ctx.freshUser = async (prefix = 'fresh') => {
    const name = `${prefix}-${randomUUID().slice(0, 8)}`;
    return { name, ...(await ctx.user(name)) };
  };
  ctx.createWorkspace = async (owner = 'admin') =>
    ctx.expect(
      'POST',
      '/api/v1/workspace',
      { token: await ctx.token(owner), body: { name: `Dredd workspace ${randomUUID().slice(0, 6)}` } },
      201,
    );
  ctx.createTeam = async (enterpriseId, owner = 'admin') =>
    ctx.expect(
      'POST',
      '/api/v1/teams',
      { token: await ctx.token(owner), body: { enterpriseId, name: `Dredd team ${randomUUID().slice(0, 6)}` } },
      201,
    );
  ctx.addMember = async (teamId, name, role = 'MEMBER') => {
    const user = await ctx.user(name);
    return ctx.expect(
      'POST',
      `/api/v1/teams/${teamId}/members`,
      { token: await ctx.token('admin'), body: { members: [{ externalUserId: user.externalUserId, role }] } },
      201,
    );
  };

  ctx.fakes = {};
  /**
   * Connects a team to a platform through the real OAuth flow over HTTP: POST /connections, the platform's
   * consent page (the sandbox fakes consent at once), our callback, and the final redirect. Returns the
   * connection id and the team's ad accounts of that platform (by external id).
   */
  ctx.connect = async (platform, teamId = ctx.team.id) => {
    const token = await ctx.token('admin');
    const started = await ctx.expect(
      'POST',
      '/api/v1/connections',
      { token, body: { teamId, platform, redirect: 'http://localhost:3000/connected' } },
      201,
    );
    const consent = await fetch(started.authUrl, { redirect: 'manual' });
    const callback = consent.headers.get('location');
    if (!callback) throw new Error(`the ${platform} consent page did not redirect (${consent.status})`);
    const finished = await fetch(callback, { redirect: 'manual' });
    const outcome = new URL(finished.headers.get('location') || 'http://invalid/');
    if (outcome.searchParams.get('status') !== 'connected') throw new Error(`connecting ${platform} failed: ${outcome.search}`);
    ctx.fakes[platform] = new URL(started.authUrl).origin;
    const accounts = await ctx.expect('GET', `/api/v1/connections/status?teamId=${teamId}`, { token }, 200);
    const connectionId = outcome.searchParams.get('connectionId');
    return { connectionId, accounts: accounts.filter((a) => a.connectionId === connectionId) };
  };
  /** Injects a fault into a platform fake over its HTTP control route (the deployment's own fakes). */
  ctx.fault = async (platform, spec) => {
    const origin = ctx.fakes[platform];
    if (!origin) throw new Error(`no ${platform} fake known yet`);
    const response = await fetch(`${origin}/__faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(spec),
    });
    if (!response.ok) throw new Error(`the ${platform} fake refused the fault: ${response.status}`);
  };
  ctx.resetFaults = async () => {
    for (const origin of Object.values(ctx.fakes)) await fetch(`${origin}/__faults`, { method: 'DELETE' });
  };

  // The standing state: admin owns a workspace with a team; member belongs to the team; outsider to nothing.
  await ctx.user('admin');
  await ctx.user('member');
  await ctx.user('outsider');
  ctx.workspace = await ctx.createWorkspace('admin');
  ctx.team = await ctx.createTeam(ctx.workspace.id, 'admin');
  await ctx.addMember(ctx.team.id, 'member');
  // Only deployments with the sandbox fakes can be connected without a person at a consent screen.
  if (process.env.ADLYFT_CONTRACT_CONNECT !== 'off') {
    ctx.meta = await ctx.connect('META');
    ctx.google = await ctx.connect('GOOGLE');
  }
  return ctx;
}

module.exports = { createContext };
