import { describe, expect, it } from 'vitest';
import {
  currencyOffset,
  fromActId,
  fromMinorUnits,
  mapMetaAccountStatus,
  mapMetaAdAccount,
  parseMetaNumber,
  spendToNumber,
  toActId,
  toMinorUnits,
} from '../../../../server/upstream/meta/mapper.ts';

describe('Meta money', () => {
  it('converts USD major units to cents (×100)', () => {
    expect(toMinorUnits(10, 'USD')).toBe(1000);
    expect(toMinorUnits(19.99, 'usd')).toBe(1999);
    expect(fromMinorUnits('1050', 'USD')).toBe(10.5);
  });

  it('converts JPY without an offset (×1)', () => {
    expect(toMinorUnits(1000, 'JPY')).toBe(1000);
    expect(fromMinorUnits('1000', 'JPY')).toBe(1000);
  });

  it('uses offset 1 for every currency in Meta’s list and 100 otherwise', () => {
    for (const c of ['CLP', 'COP', 'CRC', 'HUF', 'ISK', 'IDR', 'JPY', 'KRW', 'PYG', 'TWD', 'VND']) expect(currencyOffset(c)).toBe(1);
    for (const c of ['USD', 'EUR', 'GBP', 'BRL', 'INR', 'XYZ']) expect(currencyOffset(c)).toBe(100);
  });

  it('rounds away float noise instead of truncating (1.005 USD → 101)', () => {
    expect(toMinorUnits(1.005, 'USD')).toBe(101);
    expect(toMinorUnits(0.29, 'EUR')).toBe(29);
  });

  it('refuses amounts that are not numbers', () => {
    expect(() => toMinorUnits(Number.NaN, 'USD')).toThrow(RangeError);
    expect(() => fromMinorUnits('', 'USD')).toThrow(RangeError);
    expect(() => fromMinorUnits('12abc', 'USD')).toThrow(RangeError);
  });

  it('reads insights spend strings as major-unit numbers', () => {
    expect(spendToNumber('5339.5')).toBe(5339.5);
    expect(spendToNumber(undefined)).toBe(0);
    expect(parseMetaNumber('361324')).toBe(361324);
    expect(parseMetaNumber('n/a')).toBeUndefined();
  });
});

describe('Meta ids and accounts', () => {
  it('adds and removes the act_ prefix', () => {
    expect(toActId('123')).toBe('act_123');
    expect(toActId('act_123')).toBe('act_123');
    expect(fromActId('act_123')).toBe('123');
  });

  it('maps account_status codes to the contract’s statuses', () => {
    expect(mapMetaAccountStatus(1)).toBe('ACTIVE');
    expect(mapMetaAccountStatus(8)).toBe('PENDING_SETTLEMENT');
    expect(mapMetaAccountStatus(102)).toBe('PENDING_SETTLEMENT');
    expect(mapMetaAccountStatus(101)).toBe('CLOSED');
    expect(mapMetaAccountStatus(999)).toBe('UNKNOWN');
    expect(mapMetaAccountStatus(undefined)).toBe('UNKNOWN');
  });

  it('maps an ad account row to camelCase with the act_ id', () => {
    expect(
      mapMetaAdAccount({
        id: 'act_1234567890',
        account_id: '1234567890',
        name: 'Acme Ads',
        account_status: 1,
        currency: 'usd',
        timezone_name: 'America/Los_Angeles',
        business: { id: '987654321', name: 'Acme Inc' },
      }),
    ).toEqual({
      externalId: 'act_1234567890',
      name: 'Acme Ads',
      currency: 'USD',
      timezone: 'America/Los_Angeles',
      status: 'ACTIVE',
      businessId: '987654321',
      businessName: 'Acme Inc',
    });
  });
});
