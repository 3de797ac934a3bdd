// PATCH /api/v1/{teamId}/meta/campaign/{campaignId} (updateMetaCampaignStatus) against the Meta fake: the change is
// written through to Meta (`POST /{campaign}` with `status`) after checking the campaign is the account's, and the
// imported copy follows, so cached lists show it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MetaSandbox, startMetaSandbox } from '../../../support/connected-team.ts';
import { codeOf, expectStatus, fieldsOf, ok, type Role, WHO } from '../../../support/connections.ts';
import { type ConnectedTeam, connectedTeam, importAccount, META_SEED_IDS, pastWindow } from '../import/support.ts';
import { expectSource, listAdSets, listCampaigns, updateStatus } from './support.ts';

const { alexUsd, alexEur, alexJpy } = META_SEED_IDS.adAccounts;

let sandbox: MetaSandbox;
/** Alex's accounts, JPY imported. */
let team: ConnectedTeam;

const admin = () => sandbox.fx.cast.teamAdmin;
const seeded = (id: string) => {
  const campaign = sandbox.fake.state.campaigns.find((c) => c.id === id);
  if (!campaign) throw new Error(`no seeded campaign ${id}`);
  return campaign;
};
/** A seeded campaign of the account with that status (and, optionally, not one of `except`). */
const campaignOf = (actId: string, status: string, except: string[] = []) => {
  const campaign = sandbox.fake.state.campaigns.find(
    (c) => c.account_id === actId.slice(4) && c.status === status && !except.includes(c.id),
  );
  if (!campaign) throw new Error(`no ${status} campaign in ${actId}`);
  return campaign;
};

beforeAll(async () => {
  sandbox = await startMetaSandbox({ upstream: { timeoutMs: 15_000 } });
  team = await connectedTeam(sandbox);
  ok(await importAccount(admin(), team.teamId, { adAccountId: alexJpy, ...pastWindow(1) }));
}, 120_000);
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(() => {
  sandbox.fake.faults.reset();
  sandbox.fake.calls.reset();
});

describe('PATCH /api/v1/{teamId}/meta/campaign/{campaignId} (updateMetaCampaignStatus)', () => {
  it("pauses the campaign on Meta after checking it is the account's, and the cached list shows it at once", async () => {
    const campaign = campaignOf(alexJpy, 'ACTIVE');
    const result = await updateStatus(admin(), team.teamId, campaign.id, alexJpy, 'PAUSED');
    expect(result.response.status).toBe(200);
    expect(result.data?.message).toBe('Campaign status updated');
    expect(ok(result)).toEqual({ id: campaign.id, status: 'PAUSED' });
    expect(seeded(campaign.id).status).toBe('PAUSED');
    const calls = sandbox.fake.calls.list(`/v25.0/${campaign.id}`);
    expect(calls.map((c) => c.method)).toEqual(['GET', 'POST', 'GET']);
    expect(new URLSearchParams(calls[0]?.query).get('fields')).toBe('account_id,status');

    sandbox.fake.calls.reset();
    const cached = await listCampaigns(admin(), team.teamId, {
      adAccountId: alexJpy,
      campaignId: [campaign.id],
      fields: ['status', 'effective_status'],
    });
    expectSource(cached, 'cache');
    expect(ok(cached).items).toEqual([{ id: campaign.id, status: 'PAUSED', effective_status: 'PAUSED' }]);
    expect(sandbox.fake.calls.count()).toBe(0);
    // Switched on again.
    expect(ok(await updateStatus(admin(), team.teamId, campaign.id, alexJpy, 'ACTIVE')).status).toBe('ACTIVE');
    expect(seeded(campaign.id).status).toBe('ACTIVE');
  });

  it('archives a campaign: it drops out of the cached list, as out of Meta’s', async () => {
    const campaign = campaignOf(alexJpy, 'PAUSED');
    expect(ok(await updateStatus(admin(), team.teamId, campaign.id, alexJpy, 'ARCHIVED'))).toEqual({ id: campaign.id, status: 'ARCHIVED' });
    const cached = await listCampaigns(admin(), team.teamId, { adAccountId: alexJpy, fields: ['id'], limit: 100 });
    expectSource(cached, 'cache');
    expect(ok(cached).items.map((c) => c.id)).not.toContain(campaign.id);
    const stored = await sandbox.server.deps.db
      .selectFrom('meta_campaigns')
      .select('status')
      .where('meta_id', '=', campaign.id)
      .executeTakeFirstOrThrow();
    expect(stored.status).toBe('ARCHIVED');
  });

  it('succeeds and changes nothing on Meta when the campaign already has the status', async () => {
    const campaign = campaignOf(alexUsd, 'ACTIVE');
    const updated = seeded(campaign.id).updated_time;
    expect(ok(await updateStatus(admin(), team.teamId, campaign.id, alexUsd, 'ACTIVE'))).toEqual({ id: campaign.id, status: 'ACTIVE' });
    expect(sandbox.fake.calls.count(`/v25.0/${campaign.id}`, 'POST')).toBe(0);
    expect(seeded(campaign.id).updated_time).toBe(updated);
  });

  it('does not read the campaign back for an account that was never imported', async () => {
    const campaign = campaignOf(alexUsd, 'ACTIVE');
    ok(await updateStatus(admin(), team.teamId, campaign.id, alexUsd, 'PAUSED'));
    expect(sandbox.fake.calls.list(`/v25.0/${campaign.id}`).map((c) => c.method)).toEqual(['GET', 'POST']);
    seeded(campaign.id).status = 'ACTIVE';
  });

  it('keeps the stored copy in step from the request when Meta accepted the change but the read-back failed', async () => {
    const campaign = campaignOf(alexJpy, 'ACTIVE');
    // The check and the change pass; the read-back (the second GET) fails on every attempt.
    sandbox.fake.faults.add({ match: { method: 'GET', path: `/v25.0/${campaign.id}` }, times: 1 });
    sandbox.fake.faults.add({ match: { method: 'GET', path: `/v25.0/${campaign.id}` }, error: 2, times: 2 });
    expect(ok(await updateStatus(admin(), team.teamId, campaign.id, alexJpy, 'PAUSED'))).toEqual({ id: campaign.id, status: 'PAUSED' });
    const cached = await listCampaigns(admin(), team.teamId, { adAccountId: alexJpy, campaignId: [campaign.id], fields: ['status'] });
    expect(ok(cached).items).toEqual([{ id: campaign.id, status: 'PAUSED' }]);
    seeded(campaign.id).status = 'ACTIVE';
  });

  it('answers 400 UPSTREAM_REJECTED for a transition Meta refuses (a deleted campaign)', async () => {
    const campaign = campaignOf(alexUsd, 'DELETED');
    const result = await updateStatus(admin(), team.teamId, campaign.id, alexUsd, 'PAUSED');
    expect(result.response.status).toBe(400);
    expect(codeOf(result)).toBe('UPSTREAM_REJECTED');
    expect(seeded(campaign.id).status).toBe('DELETED');
  });

  it('answers 404 NOT_FOUND, without changing it, for a campaign of another ad account of the team', async () => {
    const campaign = campaignOf(alexEur, 'ACTIVE');
    const result = await updateStatus(admin(), team.teamId, campaign.id, alexJpy, 'PAUSED');
    expectStatus(result, 404);
    expect(seeded(campaign.id).status).toBe('ACTIVE');
    expect(sandbox.fake.calls.count(`/v25.0/${campaign.id}`, 'POST')).toBe(0);
  });

  it('answers 404 NOT_FOUND for a campaign Meta does not know (100/33)', async () => {
    expectStatus(await updateStatus(admin(), team.teamId, '120219999999999999', alexJpy, 'PAUSED'), 404);
  });

  it('answers 400 BAD_REQUEST for a status Meta does not have, or a campaignId that is not a Meta id', async () => {
    const campaign = campaignOf(alexJpy, 'ACTIVE');
    const badStatus = await updateStatus(admin(), team.teamId, campaign.id, alexJpy, 'STOPPED' as 'PAUSED');
    expectStatus(badStatus, 400);
    expect(fieldsOf(badStatus).some((f) => f?.startsWith('body.status'))).toBe(true);
    expectStatus(await updateStatus(admin(), team.teamId, 'abc', alexJpy, 'PAUSED'), 400);
    expect(sandbox.fake.calls.count()).toBe(0);
  });

  it('answers 401 CONNECTION_EXPIRED and marks the connection EXPIRED when Meta refuses the token', async () => {
    const own = await connectedTeam(sandbox, { accounts: [alexJpy] });
    const campaign = campaignOf(alexJpy, 'ACTIVE');
    sandbox.fake.faults.add({ match: { path: `/v25.0/${campaign.id}` }, error: { code: 190, subcode: 463 }, times: 1 });
    const result = await updateStatus(admin(), own.teamId, campaign.id, alexJpy, 'PAUSED');
    expect(result.response.status).toBe(401);
    expect(codeOf(result)).toBe('CONNECTION_EXPIRED');
    const row = await sandbox.server.deps.db
      .selectFrom('connections')
      .select('status')
      .where('id', '=', own.connectionId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('EXPIRED');
    expect(seeded(campaign.id).status).toBe('ACTIVE');
  });

  it('pausing shows on the ad sets Meta lists live (CAMPAIGN_PAUSED)', async () => {
    const campaign = campaignOf(alexEur, 'ACTIVE');
    ok(await updateStatus(admin(), team.teamId, campaign.id, alexEur, 'PAUSED'));
    const sets = await listAdSets(admin(), team.teamId, {
      adAccountId: alexEur,
      campaignId: [campaign.id],
      fields: ['status', 'effective_status'],
    });
    expectSource(sets, 'live');
    for (const set of ok(sets).items) if (set.status === 'ACTIVE') expect(set.effective_status).toBe('CAMPAIGN_PAUSED');
    seeded(campaign.id).status = 'ACTIVE';
  });

  describe('who may change a status', () => {
    // The member is a VIEWER of EUR and a MANAGER of JPY.
    const table: { who: string; role: Role; account: string; status: number }[] = [
      { who: WHO.none, role: 'none', account: alexJpy, status: 401 },
      { who: WHO.otherTenant, role: 'otherTenant', account: alexJpy, status: 404 },
      { who: WHO.outsider, role: 'outsider', account: alexJpy, status: 403 },
      { who: 'a MEMBER without a permission on the account', role: 'member', account: alexUsd, status: 403 },
      { who: 'a MEMBER with VIEWER on the account (VIEWER is not enough)', role: 'member', account: alexEur, status: 403 },
      { who: 'a MEMBER with MANAGER on the account', role: 'member', account: alexJpy, status: 200 },
      { who: WHO.teamAdmin, role: 'teamAdmin', account: alexJpy, status: 200 },
      { who: WHO.workspaceAdmin, role: 'workspaceAdmin', account: alexJpy, status: 200 },
    ];
    let teamId: string;
    beforeAll(async () => {
      teamId = (await connectedTeam(sandbox, { member: { [alexEur]: 'VIEWER', [alexJpy]: 'MANAGER' } })).teamId;
    });
    for (const { who, role, account, status } of table) {
      it(`answers ${status} to ${who}`, async () => {
        const campaign = campaignOf(account, 'ACTIVE');
        const result = await updateStatus(sandbox.fx.cast[role], teamId, campaign.id, account, 'ACTIVE');
        expectStatus(result, status);
        if (status !== 200) expect(sandbox.fake.calls.count()).toBe(0);
      });
    }
  });
});
