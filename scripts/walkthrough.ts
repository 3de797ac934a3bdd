// `npm run walkthrough`: from an API key to connected Meta and Google accounts, a VIEWER permission, an import,
// cached reads and a campaign created — against a running server with `npm start`'s defaults (sandbox fakes,
// entirely offline). Uses the typed client, exactly as a tenant application would.
//   ADLYFT_API_KEY=ak_… [ADLYFT_BASE_URL=http://127.0.0.1:3000] npm run walkthrough
import { createAdlyftClient } from '../client/index.ts';

const baseUrl = process.env.ADLYFT_BASE_URL ?? 'http://127.0.0.1:3000';
const apiKey = process.env.ADLYFT_API_KEY;
if (!apiKey) {
  console.error('set ADLYFT_API_KEY (npm start prints the demo key on first start; npm run tenant:create makes another)');
  process.exit(2);
}
const run = Date.now().toString(36);
const step = (title: string, detail: unknown) =>
  console.log(`\n== ${title}\n${typeof detail === 'string' ? detail : JSON.stringify(detail, null, 2)}`);
function must<T>(result: { data?: T; error?: unknown; response: Response }, what: string): T {
  if (result.data === undefined) throw new Error(`${what} failed (${result.response.status}): ${JSON.stringify(result.error)}`);
  return result.data;
}

// 1. Tokens for two users of the tenant application: Alice (who will own the workspace) and Bob.
const alice = createAdlyftClient({ baseUrl, apiKey });
const bob = createAdlyftClient({ baseUrl, apiKey });
await alice.signIn(`alice-${run}`);
await bob.signIn(`bob-${run}`);
step('1. tokens issued', { alice: `alice-${run}`, bob: `bob-${run}` });

// 2. A workspace (with its default team, Alice as ADMIN), and Bob as a MEMBER of that team.
const workspace = must(await alice.POST('/api/v1/workspace', { body: { name: 'Walkthrough workspace' } }), 'create workspace').data;
const teamId = workspace.defaultTeamId;
must(
  await alice.POST('/api/v1/teams/{teamId}/members', {
    params: { path: { teamId } },
    body: { members: [{ externalUserId: `bob-${run}`, role: 'MEMBER' }] },
  }),
  'add Bob',
);
step('2. workspace and team', { enterpriseId: workspace.id, teamId });

// 3. Connect Meta and Google by OAuth: the browser would open authUrl; the sandbox consent page agrees at once.
async function connect(platform: 'META' | 'GOOGLE'): Promise<string> {
  const started = must(
    await alice.POST('/api/v1/connections', { body: { teamId, platform, redirect: 'http://localhost:3000/connected' } }),
    `connect ${platform}`,
  ).data;
  const consent = await fetch(started.authUrl, { redirect: 'manual' });
  const callback = await fetch(String(consent.headers.get('location')), { redirect: 'manual' });
  const outcome = new URL(String(callback.headers.get('location')));
  if (outcome.searchParams.get('status') !== 'connected') throw new Error(`${platform}: ${outcome.search}`);
  return String(outcome.searchParams.get('connectionId'));
}
const metaConnection = await connect('META');
const googleConnection = await connect('GOOGLE');
const accounts = must(await alice.GET('/api/v1/connections/status', { params: { query: { teamId } } }), 'list ad accounts').data;
step(
  '3. connected; the team now has these ad accounts',
  accounts
    .map(
      (a) =>
        `${a.platform} ${a.externalId} ${a.name} (connection ${a.connectionId === metaConnection ? 'Meta' : a.connectionId === googleConnection ? 'Google' : '?'})`,
    )
    .join('\n'),
);

// 4. Bob may read the US Meta account: a VIEWER permission.
const metaAccount =
  accounts.find((a) => a.platform === 'META' && a.externalId === 'act_584930127364001') ?? accounts.find((a) => a.platform === 'META');
if (!metaAccount) throw new Error('no Meta ad account was discovered');
const permission = must(
  await alice.POST('/api/v1/{teamId}/ads-accounts/assign', {
    params: { path: { teamId } },
    body: { adAccountId: metaAccount.externalId, externalUserId: `bob-${run}`, role: 'VIEWER' },
  }),
  'grant VIEWER',
).data;
step('4. Bob is a VIEWER', permission);

// 5. Import the account into Adlyft, then read from the copy: no call to Meta, and the header says so.
const adAccountId = metaAccount.externalId;
const imported = must(
  await bob.GET('/api/v1/{teamId}/meta/import', { params: { path: { teamId }, query: { adAccountId } } }),
  'import',
).data;
step('5. imported', imported);
const campaigns = await bob.GET('/api/v1/{teamId}/meta/campaigns', { params: { path: { teamId }, query: { adAccountId, limit: 3 } } });
step(
  `6. Bob lists campaigns (X-Data-Source: ${campaigns.response.headers.get('x-data-source')})`,
  must(campaigns, 'list campaigns')
    .data.items.map((c) => `${c.id} ${c.name ?? ''} ${c.status ?? ''}`)
    .join('\n'),
);
const insights = await bob.GET('/api/v1/{teamId}/meta/insights', {
  params: { path: { teamId }, query: { adAccountId, level: 'campaign', since: imported.window.since, until: imported.window.until } },
});
step(
  `7. campaign insights (X-Data-Source: ${insights.response.headers.get('x-data-source')})`,
  `${must(insights, 'insights').data.items.length} rows`,
);

// 8. Bob is only a VIEWER, so creating is refused; Alice (team admin) creates a paused traffic campaign.
const campaign = {
  campaignName: `Walkthrough traffic ${run}`,
  adSetName: 'Walkthrough ad set',
  status: 'PAUSED' as const,
  dailyBudget: 25,
  targeting: { geoLocations: [{ type: 'country' as const, id: 'US' }] },
  optimizationGoal: 'LINK_CLICKS' as const,
  conversionLocation: 'WEBSITE' as const,
  pageId: '101234567890123',
  creative: {
    primaryText: 'Gear for every trail',
    headline: 'Rivera Outdoor',
    callToAction: 'LEARN_MORE' as const,
    imageUrl: 'https://images.example/trail.jpg',
    url: 'https://rivera-outdoor.example',
  },
};
const refused = await bob.POST('/api/v1/{teamId}/meta/campaign/traffic', {
  params: { path: { teamId }, query: { adAccountId } },
  body: campaign,
});
const created = must(
  await alice.POST('/api/v1/{teamId}/meta/campaign/traffic', { params: { path: { teamId }, query: { adAccountId } }, body: campaign }),
  'create campaign',
).data;
step(`8. Bob may not create (${refused.response.status}); Alice created`, created);

// 9. Google: the customers, an import, and insights served from it.
const customers = must(
  await alice.GET('/api/v1/{teamId}/google/list-accessible-accounts', { params: { path: { teamId } } }),
  'customers',
).data;
const customerId = customers.find((c) => !c.manager)?.customerId ?? customers[0]?.customerId ?? '';
must(await alice.GET('/api/v1/{teamId}/google/import', { params: { path: { teamId }, query: { customerId } } }), 'Google import');
const googleInsights = await alice.GET('/api/v1/{teamId}/google/insights', { params: { path: { teamId }, query: { customerId } } });
step(
  `9. Google customer ${customerId} imported; insights (X-Data-Source: ${googleInsights.response.headers.get('x-data-source')})`,
  `${must(googleInsights, 'Google insights').data.rows.length} rows`,
);
console.log('\nwalkthrough complete');
