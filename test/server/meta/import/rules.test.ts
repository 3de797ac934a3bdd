// The pure rules behind the Meta import and the cached reads: the import window, comparing stored values, money
// per currency, the stored-record mappers, day arithmetic and presets, window coverage and the list cursor.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../server/http/errors.ts';
import { diffByKey, insightRecordFromMeta, resolveImportWindow } from '../../../../server/meta/import/service.ts';
import { rowsFromStore } from '../../../../server/meta/reads/insights.ts';
import { decodeCursor, encodeCursor } from '../../../../server/meta/shared/cursor.ts';
import { addDays, earliestInsightsDay, presetWindow, todayIn, windowCovered } from '../../../../server/meta/shared/dates.ts';
import {
  AD_SETS,
  ADS,
  CAMPAIGNS,
  metaRequestFields,
  metaTimeToDate,
  projectLive,
  recordFromRow,
  recordFromWire,
  stableJson,
  wireFromRecord,
} from '../../../../server/meta/shared/objects.ts';

function badRequestField(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    return (error as AppError).details?.[0]?.field;
  }
  throw new Error('expected a 400');
}

describe('resolveImportWindow', () => {
  const today = '2026-12-05';
  it('defaults to the 30 days ending today', () => {
    expect(resolveImportWindow({}, today)).toEqual({ since: '2026-11-06', until: '2026-12-05' });
  });
  it('defaults since to 29 days before the asked until', () => {
    expect(resolveImportWindow({ until: '2026-11-30' }, today)).toEqual({ since: '2026-11-01', until: '2026-11-30' });
  });
  it('accepts exactly 90 days and a single day', () => {
    expect(resolveImportWindow({ since: '2026-09-07', until: today }, today)).toEqual({ since: '2026-09-07', until: today });
    expect(resolveImportWindow({ since: today, until: today }, today)).toEqual({ since: today, until: today });
  });
  it('refuses 91 days, a window ending after today, since after until, and days more than 37 months ago', () => {
    expect(badRequestField(() => resolveImportWindow({ since: '2026-09-06', until: today }, today))).toBe('query.since');
    expect(badRequestField(() => resolveImportWindow({ since: today, until: '2026-12-06' }, today))).toBe('query.until');
    expect(badRequestField(() => resolveImportWindow({ since: '2026-12-02', until: '2026-12-01' }, today))).toBe('query.since');
    expect(badRequestField(() => resolveImportWindow({ since: '2023-11-04', until: '2023-11-05' }, today))).toBe('query.since');
    expect(resolveImportWindow({ since: '2023-11-05', until: '2023-11-06' }, today).since).toBe('2023-11-05');
  });
});

describe('diffByKey', () => {
  const key = (r: { id: string }) => r.id;
  it('counts new keys as created, changed values as updated and missing keys as removed', () => {
    const stored = [
      { id: '1', name: 'a', spec: { x: 1, y: [1, 2] } },
      { id: '2', name: 'b' },
      { id: '3', name: 'c' },
    ];
    const incoming = [
      { id: '1', name: 'a', spec: { y: [1, 2], x: 1 } },
      { id: '2', name: 'B' },
      { id: '4', name: 'd' },
    ];
    const diff = diffByKey(stored, incoming, key);
    expect(diff.create.map(key)).toEqual(['4']);
    expect(diff.update.map(key)).toEqual(['2']);
    expect(diff.remove.map(key)).toEqual(['3']);
  });
  it('finds nothing to do when the values are the same, whatever their key order, and Dates compare by instant', () => {
    const at = '2026-07-01T10:12:00.000Z';
    const diff = diffByKey([{ id: '1', at: new Date(at), v: null }], [{ id: '1', v: null, at: new Date(at) }], key);
    expect(diff).toEqual({ create: [], update: [], remove: [] });
  });
});

describe('insightRecordFromMeta (money per currency)', () => {
  const row = {
    campaign_id: '120210000000000001',
    campaign_name: 'Leads – Q3',
    impressions: '10000',
    clicks: '500',
    spend: '250.5',
    actions: [{ action_type: 'lead', value: '42', '7d_click': '40' }],
    action_values: [{ action_type: 'purchase', value: '1280.9' }],
    gender: 'female',
    date_start: '2026-11-01',
    date_stop: '2026-11-01',
  };
  it('stores USD spend and action values in cents (offset 100) and counts as integers', () => {
    expect(insightRecordFromMeta(row, 'gender', 'USD')).toEqual({
      day: '2026-11-01',
      campaignId: '120210000000000001',
      breakdown: 'gender',
      breakdownValue: 'female',
      campaignName: 'Leads – Q3',
      impressions: 10000,
      clicks: 500,
      spendMinor: 25050,
      actions: [{ action_type: 'lead', value: 42 }],
      actionValues: [{ action_type: 'purchase', value: 128090 }],
    });
  });
  it('stores JPY spend as yen (offset 1)', () => {
    const yen = insightRecordFromMeta(
      { ...row, spend: '1234', action_values: [{ action_type: 'purchase', value: '5600' }] },
      'none',
      'JPY',
    );
    expect(yen).toMatchObject({
      spendMinor: 1234,
      actionValues: [{ action_type: 'purchase', value: 5600 }],
      breakdown: 'none',
      breakdownValue: '',
    });
  });
});

describe('rowsFromStore', () => {
  const base = { campaignName: 'A', breakdown: 'none' as const, breakdownValue: '', actions: null, actionValues: null };
  const adAccount = { externalId: 'act_1234567890', name: 'Acme', currency: 'JPY' };
  const rows = [
    {
      ...base,
      day: '2026-11-01',
      campaignId: '20',
      impressions: 1000,
      clicks: 10,
      spendMinor: 500,
      actions: [{ action_type: 'lead', value: 2 }],
    },
    {
      ...base,
      day: '2026-11-02',
      campaignId: '20',
      impressions: 3000,
      clicks: 20,
      spendMinor: 700,
      actions: [{ action_type: 'lead', value: 1 }],
      campaignName: 'A2',
    },
    { ...base, day: '2026-11-01', campaignId: '3', impressions: 0, clicks: 0, spendMinor: 0 },
    { ...base, day: '2026-11-02', campaignId: '100', impressions: 10, clicks: 0, spendMinor: 1 },
  ];
  const window = { since: '2026-11-01', until: '2026-11-02' };
  it('sums the window per campaign, computes cpm, cpc and ctr from the sums, and leaves out rows without delivery', () => {
    const out = rowsFromStore({
      rows,
      window,
      daily: false,
      breakdown: undefined,
      fields: ['impressions', 'spend', 'cpm', 'cpc', 'ctr', 'actions'],
      adAccount,
    });
    expect(out).toEqual([
      {
        date_start: '2026-11-01',
        date_stop: '2026-11-02',
        campaign_id: '20',
        campaign_name: 'A2',
        impressions: 4000,
        spend: 1200,
        cpm: 300,
        cpc: 40,
        ctr: 0.75,
        actions: [{ action_type: 'lead', value: 3 }],
      },
      {
        date_start: '2026-11-01',
        date_stop: '2026-11-02',
        campaign_id: '100',
        campaign_name: 'A',
        impressions: 10,
        spend: 1,
        cpm: 100,
        ctr: 0,
      },
    ]);
  });
  it('returns a row per day with timeIncrement 1, ordered by day, then campaign id as a number', () => {
    const out = rowsFromStore({ rows, window, daily: true, breakdown: undefined, fields: ['clicks'], adAccount });
    expect(out.map((r) => [r.date_start, r.campaign_id])).toEqual([
      ['2026-11-01', '20'],
      ['2026-11-02', '20'],
      ['2026-11-02', '100'],
    ]);
  });
});

describe('the stored-record mappers', () => {
  const wire = {
    id: '120210000000000201',
    account_id: '1234567890',
    name: 'Spring offer – image A',
    adset_id: '120210000000000101',
    campaign_id: '120210000000000001',
    creative: { id: '120210000000000301' },
    status: 'ACTIVE',
    bid_amount: 250,
    created_time: '2026-07-01T10:20:00-0700',
  };
  it('asks Meta for the ad set and campaign references as their ids', () => {
    expect(metaRequestFields(ADS, ['name', 'adset', 'campaign', 'creative', 'adset_id'])).toEqual([
      'id',
      'name',
      'adset_id',
      'campaign_id',
      'creative',
    ]);
    expect(metaRequestFields(AD_SETS, ['campaign'])).toEqual(['id', 'campaign_id']);
  });
  it('stores an ad and gives it back as Meta would, references rebuilt as {id}', () => {
    const record = recordFromWire(ADS, wire);
    expect(record).toMatchObject({ meta_id: wire.id, creative_id: '120210000000000301', bid_amount: 250, effective_status: null });
    expect(record.created_at).toEqual(new Date('2026-07-01T17:20:00Z'));
    expect(wireFromRecord(ADS, record)).toEqual({ ...wire, adset: { id: wire.adset_id }, campaign: { id: wire.campaign_id } });
    expect(projectLive(ADS, wire, ['adset', 'creative'])).toEqual({ id: wire.id, adset: { id: wire.adset_id }, creative: wire.creative });
  });
  it('keeps money strings as integers and gives them back as strings', () => {
    const record = recordFromWire(CAMPAIGNS, { id: '1', daily_budget: '5000', special_ad_categories: [] });
    expect(record).toMatchObject({ daily_budget: 5000, lifetime_budget: null, special_ad_categories: [] });
    expect(wireFromRecord(CAMPAIGNS, record)).toEqual({ id: '1', daily_budget: '5000', special_ad_categories: [] });
  });
  it('reads a stored row back to the same record the wire object made', () => {
    const record = recordFromWire(ADS, wire);
    const row = { ...record, ad_account_id: 'x', imported_at: new Date(), created_at: (record.created_at as Date).toISOString() };
    expect(stableJson(recordFromRow(ADS, row))).toBe(stableJson(record));
  });
  it("reads Meta's time forms, and the epoch for none", () => {
    expect(metaTimeToDate('2026-07-01T10:12:00+0000').toISOString()).toBe('2026-07-01T10:12:00.000Z');
    expect(metaTimeToDate('2026-07-01T10:12:00+0530').toISOString()).toBe('2026-07-01T04:42:00.000Z');
    expect(metaTimeToDate(undefined).getTime()).toBe(0);
  });
});

describe('days', () => {
  it("gives today in the account's time zone", () => {
    const at = new Date('2026-12-05T20:30:00Z');
    expect(todayIn('Asia/Tokyo', at)).toBe('2026-12-06');
    expect(todayIn('America/Los_Angeles', at)).toBe('2026-12-05');
    expect(todayIn('Not/AZone', at)).toBe('2026-12-05');
  });
  it('goes back 37 months, clamping to the end of a shorter month', () => {
    expect(earliestInsightsDay('2026-12-05')).toBe('2023-11-05');
    expect(earliestInsightsDay('2027-03-31')).toBe('2024-02-29');
  });
  it("resolves presets like Meta's (last_Nd end yesterday, this_* end today)", () => {
    const today = '2026-12-05'; // a Saturday
    expect(presetWindow('today', today)).toEqual({ since: today, until: today });
    expect(presetWindow('yesterday', today)).toEqual({ since: '2026-12-04', until: '2026-12-04' });
    expect(presetWindow('last_7d', today)).toEqual({ since: '2026-11-28', until: '2026-12-04' });
    expect(presetWindow('last_30d', today)).toEqual({ since: '2026-11-05', until: '2026-12-04' });
    expect(presetWindow('this_week_mon_today', today)).toEqual({ since: '2026-11-30', until: today });
    expect(presetWindow('this_week_sun_today', today)).toEqual({ since: '2026-11-29', until: today });
    expect(presetWindow('last_week_mon_sun', today)).toEqual({ since: '2026-11-23', until: '2026-11-29' });
    expect(presetWindow('last_week_sun_sat', today)).toEqual({ since: '2026-11-22', until: '2026-11-28' });
    expect(presetWindow('this_month', today)).toEqual({ since: '2026-12-01', until: today });
    expect(presetWindow('last_month', today)).toEqual({ since: '2026-11-01', until: '2026-11-30' });
    expect(presetWindow('this_quarter', today)).toEqual({ since: '2026-10-01', until: today });
    expect(presetWindow('last_quarter', today)).toEqual({ since: '2026-07-01', until: '2026-09-30' });
    expect(presetWindow('this_year', today)).toEqual({ since: '2026-01-01', until: today });
    expect(presetWindow('last_year', today)).toEqual({ since: '2025-01-01', until: '2025-12-31' });
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });
  it('tells whether imported windows cover every day of a window, overlapping or touching', () => {
    const covered = [
      { since: '2026-11-10', until: '2026-11-20' },
      { since: '2026-11-01', until: '2026-11-09' },
      { since: '2026-11-15', until: '2026-11-25' },
    ];
    expect(windowCovered(covered, { since: '2026-11-01', until: '2026-11-25' })).toBe(true);
    expect(windowCovered(covered, { since: '2026-11-05', until: '2026-11-26' })).toBe(false);
    expect(windowCovered(covered, { since: '2026-10-31', until: '2026-11-02' })).toBe(false);
    expect(
      windowCovered(
        [
          { since: '2026-11-01', until: '2026-11-02' },
          { since: '2026-11-04', until: '2026-11-05' },
        ],
        { since: '2026-11-01', until: '2026-11-05' },
      ),
    ).toBe(false);
    expect(windowCovered([], { since: '2026-11-01', until: '2026-11-01' })).toBe(false);
  });
});

describe('the list cursor', () => {
  it("reads the contract's example cursor as a live cursor", () => {
    expect(decodeCursor('eyJzIjoibGl2ZSIsImMiOiJNVEF4TlRFeE9UUTFNakF3TnpJNU5ERT0ifQ')).toEqual({
      s: 'live',
      c: 'MTAxNTExOTQ1MjAwNzI5NDE=',
    });
  });
  it('round-trips cache and live cursors within the contract pattern', () => {
    for (const cursor of [
      { s: 'cache', k: ['2026-07-01T10:12:00.000Z', '120210000000000001'] },
      { s: 'live', c: 'QVFIUmx1' },
      { s: 'cache', k: [25] },
    ] as const) {
      const encoded = encodeCursor(cursor as never);
      expect(encoded).toMatch(/^[A-Za-z0-9_=-]+$/);
      expect(decodeCursor(encoded)).toEqual(cursor);
    }
  });
  it('refuses anything else with 400 naming query.after', () => {
    for (const bad of [
      'bm90LWpzb24',
      encodeCursor({ s: 'live', c: '' } as never),
      Buffer.from('{"s":"cache","k":[-1]}').toString('base64url'),
    ]) {
      expect(badRequestField(() => decodeCursor(bad))).toBe('query.after');
    }
  });
});

describe('rowsFromStore keeps the order Meta gives action types', () => {
  it('puts a type first seen on a later day where Meta lists it', () => {
    const base = {
      campaignId: '1',
      campaignName: 'A',
      breakdown: 'none' as const,
      breakdownValue: '',
      impressions: 1,
      clicks: 1,
      spendMinor: 1,
      actionValues: null,
    };
    const stat = (action_type: string) => ({ action_type, value: 1 });
    const rows = [
      { ...base, day: '2026-11-02', actions: ['link_click', 'lead', 'post_engagement', 'page_engagement'].map(stat) },
      { ...base, day: '2026-11-01', actions: ['link_click', 'post_engagement', 'page_engagement'].map(stat) },
      { ...base, day: '2026-11-03', actions: ['landing_page_view', 'lead'].map(stat) },
    ];
    const [row] = rowsFromStore({
      rows,
      window: { since: '2026-11-01', until: '2026-11-03' },
      daily: false,
      breakdown: undefined,
      fields: ['actions'],
      adAccount: { externalId: 'act_1', name: 'A', currency: 'USD' },
    });
    expect(row?.actions).toEqual([
      { action_type: 'link_click', value: 2 },
      { action_type: 'landing_page_view', value: 1 },
      { action_type: 'lead', value: 2 },
      { action_type: 'post_engagement', value: 2 },
      { action_type: 'page_engagement', value: 2 },
    ]);
  });
});
