import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMeta, META_SEED_IDS, startFakeMeta } from '../../fakes/index.ts';
import { collectGraphPages, graphGet, type Json, TODAY } from './helpers.ts';

const token = META_SEED_IDS.users.alex.accessToken;
const account = META_SEED_IDS.adAccounts.alexUsd;
let fake: FakeMeta;

beforeAll(async () => {
  fake = await startFakeMeta({ today: TODAY });
});
afterAll(() => fake.close());

describe('Meta cursor paging', () => {
  it('walks /act_{id}/campaigns to the end by following paging.next, which is absent only on the last page', async () => {
    const first = `${fake.graphUrl}/${account}/campaigns?fields=id,name&limit=10&access_token=${token}`;
    const { rows, pages } = await collectGraphPages<{ id: string }>(first);

    const visible = fake.state.campaigns.filter(
      (c) => `act_${c.account_id}` === account && c.status !== 'ARCHIVED' && c.status !== 'DELETED',
    );
    expect(pages.length).toBe(Math.ceil(visible.length / 10));
    expect(rows.map((r) => r.id).sort()).toEqual(visible.map((c) => c.id).sort());
    for (const page of pages.slice(0, -1)) expect(page.paging.next).toMatch(/after=/);
    const last = pages.at(-1);
    expect(last.paging.next).toBeUndefined();
    // The after cursor is still present on the last page; clients must stop on the missing `next`.
    expect(last.paging.cursors.after).toEqual(expect.any(String));
    expect(last.paging.previous).toMatch(/before=/);
  });

  it('needs three pages at the default limit of 25 for the big seeded account', async () => {
    const res = await graphGet(fake.graphUrl, `/${account}/campaigns`, { access_token: token });
    expect(res.body.data).toHaveLength(25);
    expect(res.body.paging.next).toEqual(expect.stringContaining('limit=25'));
    const visible = fake.state.campaigns.filter(
      (c) => `act_${c.account_id}` === account && c.status !== 'ARCHIVED' && c.status !== 'DELETED',
    );
    expect(visible).toHaveLength(55);
  });

  it('keeps every original query parameter (including access_token) in paging.next', async () => {
    const res = await graphGet(fake.graphUrl, `/${account}/adsets`, { access_token: token, fields: 'id,name', limit: '5' });
    const next = new URL(res.body.paging.next);
    expect(next.pathname).toBe(`/v25.0/${account}/adsets`);
    expect(next.searchParams.get('access_token')).toBe(token);
    expect(next.searchParams.get('fields')).toBe('id,name');
  });

  it('pages backwards with the before cursor', async () => {
    const page1 = await graphGet(fake.graphUrl, `/${account}/ads`, { access_token: token, limit: '3' });
    const page2 = await graphGet(fake.graphUrl, `/${account}/ads`, {
      access_token: token,
      limit: '3',
      after: page1.body.paging.cursors.after,
    });
    const back = await graphGet(fake.graphUrl, `/${account}/ads`, {
      access_token: token,
      limit: '3',
      before: page2.body.paging.cursors.before,
    });
    expect(back.body.data).toEqual(page1.body.data);
  });

  it('answers an empty edge with data only, without paging', async () => {
    const res = await graphGet(fake.graphUrl, `/${account}/campaigns`, {
      access_token: token,
      filtering: [{ field: 'name', operator: 'CONTAIN', value: 'no campaign is called this' }],
    });
    expect(res.body).toEqual({ data: [] });
  });

  it('adds summary.total_count when summary=true', async () => {
    const res = await graphGet(fake.graphUrl, `/${account}/campaigns`, { access_token: token, summary: 'true', limit: '2' });
    const visible = fake.state.campaigns.filter(
      (c) => `act_${c.account_id}` === account && c.status !== 'ARCHIVED' && c.status !== 'DELETED',
    );
    expect(res.body.summary).toEqual({ total_count: visible.length });
  });

  it('pages insights rows with the same envelope', async () => {
    const first = `${fake.graphUrl}/${account}/insights?level=campaign&fields=campaign_id,spend&time_increment=1&date_preset=last_7d&limit=40&access_token=${token}`;
    const { rows, pages } = await collectGraphPages(first);
    expect(pages.length).toBeGreaterThan(1);
    expect(new Set(rows.map((r: Json) => `${r.campaign_id}|${r.date_start}`)).size).toBe(rows.length);
  });
});
