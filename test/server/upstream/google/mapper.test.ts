import { describe, expect, it } from 'vitest';
import {
  customerIdFromResourceName,
  customerResourceName,
  idFromResourceName,
  int64,
  majorToMicros,
  mapGoogleCustomer,
  mapGoogleCustomerStatus,
  microsToMajor,
} from '../../../../server/upstream/google/mapper.ts';

describe('Google micros', () => {
  it('converts micros to major units', () => {
    expect(microsToMajor('234560000')).toBe(234.56);
    expect(microsToMajor('1000000')).toBe(1);
    expect(microsToMajor('1')).toBe(0.000001);
    expect(microsToMajor(undefined)).toBe(0);
    expect(microsToMajor('-2500000')).toBe(-2.5);
  });

  it('converts major units to micros strings', () => {
    expect(majorToMicros(12.5)).toBe('12500000');
    expect(majorToMicros(0.29)).toBe('290000');
  });

  it('refuses values that are not integers', () => {
    expect(() => microsToMajor('12.5x')).toThrow(RangeError);
  });

  it('reads int64 strings', () => {
    expect(int64('5234')).toBe(5234);
    expect(int64(undefined)).toBe(0);
  });
});

describe('Google resource names', () => {
  it('turns customers/1234567890 into 1234567890', () => {
    expect(customerIdFromResourceName('customers/1234567890')).toBe('1234567890');
    expect(customerIdFromResourceName('customers/1234567890/campaigns/1')).toBe('1234567890');
    expect(() => customerIdFromResourceName('campaigns/1')).toThrow(RangeError);
  });

  it('takes the last id of a resource name', () => {
    expect(idFromResourceName('customers/1/campaigns/123')).toBe('123');
    expect(idFromResourceName('customers/1/adGroupAds/2~3')).toBe('2~3');
  });

  it('builds a customer resource name from a dashed id', () => {
    expect(customerResourceName('123-456-7890')).toBe('customers/1234567890');
  });

  it('maps customer.status and a customer row', () => {
    expect(mapGoogleCustomerStatus('ENABLED')).toBe('ACTIVE');
    expect(mapGoogleCustomerStatus('CANCELED')).toBe('CANCELED');
    expect(mapGoogleCustomerStatus('SOMETHING')).toBe('UNKNOWN');
    expect(
      mapGoogleCustomer(
        {
          customer: {
            id: '1234567890',
            descriptiveName: 'Acme',
            currencyCode: 'EUR',
            timeZone: 'Europe/Berlin',
            status: 'ENABLED',
            manager: false,
          },
        },
        '1234567890',
      ),
    ).toEqual({ externalId: '1234567890', name: 'Acme', currency: 'EUR', timezone: 'Europe/Berlin', status: 'ACTIVE', manager: false });
  });
});
