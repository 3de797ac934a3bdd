import { describe, expect, it } from 'vitest';
import {
  adGroupsQuery,
  adsQuery,
  assertDate,
  campaignsQuery,
  customerClientsQuery,
  type DuringLiteral,
  dateRangeCondition,
  duringCondition,
  GaqlInputError,
  gaqlId,
  gaqlIdList,
  gaqlString,
  insightsQuery,
  normalizeCustomerId,
} from '../../../../server/upstream/google/gaql.ts';

describe('GAQL literals', () => {
  it('quotes strings and escapes quotes and backslashes', () => {
    expect(gaqlString('Spring sale')).toBe("'Spring sale'");
    expect(gaqlString("it's")).toBe("'it\\'s'");
    expect(gaqlString('a\\b')).toBe("'a\\\\b'");
    expect(gaqlString("x' OR campaign.id > 0 --")).toBe("'x\\' OR campaign.id > 0 --'");
  });

  it('refuses control characters in strings', () => {
    expect(() => gaqlString('a\nb')).toThrow(GaqlInputError);
  });

  it('accepts only digits as ids', () => {
    expect(gaqlId('123')).toBe('123');
    expect(gaqlIdList(['1', 2])).toBe('(1, 2)');
    expect(() => gaqlId('1 OR 1=1')).toThrow(GaqlInputError);
    expect(() => gaqlIdList([])).toThrow(GaqlInputError);
  });

  it('normalizes and validates customer ids', () => {
    expect(normalizeCustomerId('123-456-7890')).toBe('1234567890');
    expect(normalizeCustomerId('1234567890')).toBe('1234567890');
    expect(() => normalizeCustomerId('12345')).toThrow(GaqlInputError);
    expect(() => normalizeCustomerId('../1234567890')).toThrow(GaqlInputError);
  });

  it('validates calendar dates and ranges', () => {
    expect(assertDate('2026-02-28')).toBe('2026-02-28');
    expect(() => assertDate('2026-02-30')).toThrow(GaqlInputError);
    expect(() => assertDate('2026-2-1')).toThrow(GaqlInputError);
    expect(dateRangeCondition('2026-09-01', '2026-09-30')).toBe("segments.date BETWEEN '2026-09-01' AND '2026-09-30'");
    expect(() => dateRangeCondition('2026-09-30', '2026-09-01')).toThrow(GaqlInputError);
  });

  it('accepts only DURING literals GAQL knows', () => {
    expect(duringCondition('LAST_30_DAYS')).toBe('segments.date DURING LAST_30_DAYS');
    expect(() => duringCondition('LAST_90_DAYS' as DuringLiteral)).toThrow(GaqlInputError);
  });
});

describe('GAQL queries', () => {
  it('lists campaigns that are not removed, with their budget', () => {
    expect(campaignsQuery()).toBe(
      "SELECT campaign.id, campaign.name, campaign.status, campaign.advertising_channel_type, campaign_budget.amount_micros FROM campaign WHERE campaign.status != 'REMOVED'",
    );
  });

  it('restricts ad groups and ads to campaign ids', () => {
    expect(adGroupsQuery({ campaignIds: ['1', '2'] })).toContain("WHERE campaign.id IN (1, 2) AND ad_group.status != 'REMOVED'");
    expect(adsQuery({ campaignIds: ['3'], includeRemoved: true })).toMatch(/FROM ad_group_ad WHERE campaign\.id IN \(3\)$/);
  });

  it('builds daily campaign insights for a date range', () => {
    const q = insightsQuery({ level: 'campaign', since: '2026-09-01', until: '2026-09-30', daily: true });
    expect(q).toMatch(
      /^SELECT campaign\.id, campaign\.name, campaign\.status, metrics\.impressions, .*metrics\.cost_micros.*segments\.date FROM campaign/,
    );
    expect(q).toContain("WHERE segments.date BETWEEN '2026-09-01' AND '2026-09-30'");
    expect(q).toMatch(/ORDER BY segments\.date$/);
  });

  it('refuses insights with an invalid date', () => {
    expect(() => insightsQuery({ level: 'ad', since: "2026-09-01' OR '1'='1", until: '2026-09-30' })).toThrow(GaqlInputError);
  });

  it('lists a manager’s clients down to a level', () => {
    expect(customerClientsQuery(1)).toMatch(/FROM customer_client WHERE customer_client\.level <= 1$/);
    expect(() => customerClientsQuery(-1)).toThrow(GaqlInputError);
  });
});
