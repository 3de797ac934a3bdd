// The pure rules of the Google operations: day windows, the coverage of import windows, the money and rate
// conversions of insight rows, the asset mapping that keeps the contract's closed shape, and the import diff.
import { describe, expect, it } from 'vitest';
import { canonical, diff } from '../../../server/google/import.ts';
import { compareIds, mapAssetRow, mapMetricRow, mergeDaily, toInsightRow, toInsightRows } from '../../../server/google/mapper.ts';
import { assetsQuery, dailyMetricsQuery } from '../../../server/google/queries.ts';
import { addDays, daysIn, resolveWindow, todayIn, windowCovered } from '../../../server/google/window.ts';
import { AppError } from '../../../server/http/errors.ts';

const fieldOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error.details?.[0]?.field;
    throw error;
  }
  return undefined;
};

describe('day windows', () => {
  it('takes today in the account time zone, not in UTC', () => {
    const now = new Date('2026-12-05T02:30:00Z');
    expect(todayIn('America/New_York', now)).toBe('2026-12-04');
    expect(todayIn('Asia/Tokyo', now)).toBe('2026-12-05');
    expect(todayIn(null, now)).toBe('2026-12-05');
    expect(todayIn('Not/AZone', now)).toBe('2026-12-05');
  });

  it('defaults to the 30 days ending today', () => {
    const window = resolveWindow({}, '2026-12-04', 90);
    expect(window).toEqual({ since: '2026-11-05', until: '2026-12-04' });
    expect(daysIn(window)).toBe(30);
  });

  it('defaults since to 29 days before a given until', () => {
    expect(resolveWindow({ until: '2026-03-01' }, '2026-12-04', 90)).toEqual({ since: '2026-01-31', until: '2026-03-01' });
  });

  it('refuses an until after today, a since after until, and a window longer than the limit', () => {
    expect(fieldOf(() => resolveWindow({ until: '2026-12-05' }, '2026-12-04', 90))).toBe('query.until');
    expect(fieldOf(() => resolveWindow({ since: '2026-12-03', until: '2026-12-02' }, '2026-12-04', 90))).toBe('query.since');
    expect(fieldOf(() => resolveWindow({ since: '2026-09-05', until: '2026-12-04' }, '2026-12-04', 90))).toBe('query.since');
    expect(resolveWindow({ since: '2026-09-06', until: '2026-12-04' }, '2026-12-04', 90)).toEqual({
      since: '2026-09-06',
      until: '2026-12-04',
    });
  });

  it('counts a window as covered only when the union of imported windows holds every day of it', () => {
    const imported = [
      { since: '2026-11-01', until: '2026-11-10' },
      { since: '2026-11-11', until: '2026-11-20' },
      { since: '2026-11-25', until: '2026-11-30' },
    ];
    expect(windowCovered({ since: '2026-11-03', until: '2026-11-18' }, imported)).toBe(true);
    expect(windowCovered({ since: '2026-11-03', until: '2026-11-21' }, imported)).toBe(false);
    expect(windowCovered({ since: '2026-10-31', until: '2026-11-05' }, imported)).toBe(false);
    expect(windowCovered({ since: '2026-11-26', until: '2026-11-26' }, [...imported].reverse())).toBe(true);
    expect(windowCovered({ since: '2026-11-26', until: '2026-11-26' }, [])).toBe(false);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('GAQL of the Google operations', () => {
  it('selects the metrics, the date and the ids and names of each level', () => {
    const window = { since: '2026-12-01', until: '2026-12-02' };
    expect(dailyMetricsQuery('customer', window)).toBe(
      "SELECT customer.id, metrics.impressions, metrics.clicks, metrics.cost_micros, metrics.conversions, segments.date FROM customer WHERE segments.date BETWEEN '2026-12-01' AND '2026-12-02'",
    );
    expect(dailyMetricsQuery('ad', window)).toContain(
      'campaign.id, campaign.name, ad_group.id, ad_group.name, ad_group_ad.ad.id, ad_group_ad.ad.name, metrics.impressions',
    );
    expect(dailyMetricsQuery('ad', window)).toContain('FROM ad_group_ad WHERE');
  });

  it('filters assets by type with a quoted literal', () => {
    expect(assetsQuery('IMAGE')).toMatch(/FROM asset WHERE asset\.type = 'IMAGE'$/);
    expect(assetsQuery()).toMatch(/FROM asset$/);
  });
});

describe('insight rows', () => {
  it('converts cost from micros to major units and derives ctr in percent and averageCpc', () => {
    const row = toInsightRow({
      date: '2026-12-01',
      campaignId: '20123456789',
      campaignName: 'Search - Brand',
      adGroupId: null,
      adGroupName: null,
      adId: null,
      adName: null,
      impressions: 5234,
      clicks: 487,
      costMicros: 234_560_000n,
      conversions: 23.5,
    });
    expect(row).toMatchObject({ cost: 234.56, ctr: 9.3, averageCpc: 0.48, conversions: 23.5 });
  });

  it('answers ctr 0 without impressions and averageCpc null without clicks', () => {
    const row = toInsightRow({
      date: '2026-12-02',
      campaignId: '1',
      campaignName: 'A',
      adGroupId: null,
      adGroupName: null,
      adId: null,
      adName: null,
      impressions: 0,
      clicks: 0,
      costMicros: 1n,
      conversions: 0,
    });
    expect(row).toMatchObject({ cost: 0.000001, ctr: 0, averageCpc: null });
  });

  it('drops days without impressions, clicks or cost and sorts by date, then numeric ids', () => {
    const base = { campaignName: 'C', adGroupId: null, adGroupName: null, adId: null, adName: null, conversions: 0 };
    const rows = toInsightRows([
      { ...base, date: '2026-12-02', campaignId: '9', impressions: 1, clicks: 0, costMicros: 0n },
      { ...base, date: '2026-12-01', campaignId: '10', impressions: 1, clicks: 0, costMicros: 0n },
      { ...base, date: '2026-12-01', campaignId: '9', impressions: 0, clicks: 0, costMicros: 0n },
      { ...base, date: '2026-12-01', campaignId: '8', impressions: 0, clicks: 0, costMicros: 5n },
    ]);
    expect(rows.map((r) => `${r.date}/${r.campaignId}`)).toEqual(['2026-12-01/8', '2026-12-01/10', '2026-12-02/9']);
    expect(compareIds('9', '10')).toBeLessThan(0);
  });

  it('reads a GAQL row of each level and adds up rows Google split further', () => {
    const row = {
      campaign: { id: '1', name: 'C' },
      adGroup: { id: '2', name: 'G' },
      adGroupAd: { ad: { id: '3' } },
      metrics: { impressions: '10', clicks: '2', costMicros: '1500000', conversions: 0.5 },
      segments: { date: '2026-12-01' },
    };
    expect(mapMetricRow('ad', row)).toMatchObject({ campaignId: '1', adGroupId: '2', adId: '3', adName: null, costMicros: 1_500_000n });
    expect(mapMetricRow('campaign', row)).toMatchObject({ campaignId: '1', adGroupId: null, adId: null });
    expect(mapMetricRow('customer', row)).toMatchObject({ campaignId: null, campaignName: null });
    const one = mapMetricRow('campaign', row);
    if (!one) throw new Error('row not mapped');
    expect(mergeDaily([one, one])).toEqual([{ ...one, impressions: 20, clicks: 4, costMicros: 3_000_000n, conversions: 1 }]);
  });
});

describe('assets', () => {
  it('keeps only the fields the contract knows, int64 values as strings, and the object of its own type', () => {
    const record = mapAssetRow('1234567890', {
      asset: {
        resourceName: 'customers/1234567890/assets/30123456789',
        id: '30123456789',
        name: 'Banner',
        type: 'IMAGE',
        source: 'ADVERTISER',
        imageAsset: {
          fileSize: 184732,
          mimeType: 'IMAGE_WEBP',
          fullSize: { url: 'https://example.com/a.jpg', widthPixels: '1200', heightPixels: 628 },
        },
        textAsset: { text: 'not an image field' },
        policySummary: { approvalStatus: 'APPROVED' },
      },
    });
    expect(record?.asset).toEqual({
      resourceName: 'customers/1234567890/assets/30123456789',
      id: '30123456789',
      name: 'Banner',
      type: 'IMAGE',
      source: 'ADVERTISER',
      imageAsset: {
        fileSize: '184732',
        mimeType: 'UNKNOWN',
        fullSize: { url: 'https://example.com/a.jpg', widthPixels: '1200', heightPixels: '628' },
      },
    });
  });

  it('maps a type this API version does not know to UNKNOWN and builds a missing resource name', () => {
    const record = mapAssetRow('1234567890', { asset: { id: '7', type: 'DEMAND_GEN_CAROUSEL_CARD' } });
    expect(record?.asset).toEqual({ resourceName: 'customers/1234567890/assets/7', id: '7', type: 'UNKNOWN' });
    expect(mapAssetRow('1234567890', { asset: { type: 'TEXT' } })).toBeUndefined();
  });
});

describe('the import diff', () => {
  it('counts new, changed and gone objects, and nothing when the same data comes again', () => {
    const stored = new Map([
      ['1', { id: '1', name: 'A', tags: { b: 1, a: 2 } }],
      ['2', { id: '2', name: 'B', tags: {} }],
    ]);
    const fetched = [
      { id: '1', name: 'A', tags: { a: 2, b: 1 } },
      { id: '3', name: 'C', tags: {} },
    ];
    const first = diff(stored, fetched, (o) => o.id);
    expect(first.counts).toEqual({ created: 1, updated: 0, removed: 1 });
    expect(first.write.map((o) => o.id)).toEqual(['3']);
    const changed = diff(
      stored,
      [{ id: '1', name: 'A2', tags: { a: 2, b: 1 } }, stored.get('2') ?? { id: '2', name: 'B', tags: {} }],
      (o) => o.id,
    );
    expect(changed.counts).toEqual({ created: 0, updated: 1, removed: 0 });
    expect(canonical({ b: [1, { d: 1, c: undefined }], a: null })).toBe('{"a":null,"b":[1,{"d":1}]}');
  });
});
