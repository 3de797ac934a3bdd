// Google Ads wire values → ours. Money is in micros of the account currency (1,000,000 micros = 1 unit);
// int64 values (ids, impressions, clicks, costMicros) arrive as strings; resource names carry the ids.
import type { components } from '../../../generated/schema.d.ts';
import { normalizeCustomerId } from './gaql.ts';

export type AdAccountStatus = components['schemas']['AdAccountStatus'];

const MICROS = 1_000_000n;

/** `"234560000"` → 234.56. Exact for any int64 (BigInt split), then one conversion to a number. */
export function microsToMajor(micros: string | number | bigint | null | undefined): number {
  if (micros === null || micros === undefined || micros === '') return 0;
  let value: bigint;
  try {
    value = typeof micros === 'bigint' ? micros : BigInt(typeof micros === 'number' ? Math.trunc(micros) : micros.trim());
  } catch {
    throw new RangeError(`not an amount in micros: ${JSON.stringify(micros)}`);
  }
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / MICROS;
  const fraction = (abs % MICROS).toString().padStart(6, '0');
  return Number(`${negative ? '-' : ''}${whole}.${fraction}`);
}

/** 12.5 → `"12500000"` (a string, as Google's int64 fields are). */
export function majorToMicros(major: number): string {
  if (!Number.isFinite(major)) throw new RangeError(`not an amount: ${major}`);
  return String(Math.round(Number((major * 1_000_000).toPrecision(15))));
}

/** int64-as-string → number (0 when absent). */
export function int64(value: string | number | null | undefined): number {
  if (value === null || value === undefined || value === '') return 0;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new RangeError(`not an int64: ${JSON.stringify(value)}`);
  return n;
}

/** `customers/1234567890` (or any resource under it) → `1234567890`. */
export function customerIdFromResourceName(resourceName: string): string {
  const m = /^customers\/(\d{10})(?:\/|$)/.exec(resourceName);
  if (!m?.[1]) throw new RangeError(`not a customer resource name: ${JSON.stringify(resourceName)}`);
  return m[1];
}

/** The last id of a resource name: `customers/1/campaigns/123` → `123`; `customers/1/adGroupAds/2~3` → `2~3`. */
export function idFromResourceName(resourceName: string): string {
  const last = resourceName.split('/').pop();
  if (!last) throw new RangeError(`not a resource name: ${JSON.stringify(resourceName)}`);
  return last;
}

/** `1234567890` or `123-456-7890` → `customers/1234567890`. */
export function customerResourceName(customerId: string): string {
  return `customers/${normalizeCustomerId(customerId)}`;
}

const CUSTOMER_STATUS: Readonly<Record<string, AdAccountStatus>> = {
  ENABLED: 'ACTIVE',
  SUSPENDED: 'SUSPENDED',
  CANCELED: 'CANCELED',
  CLOSED: 'CLOSED',
};

/** Google `customer.status` → the contract's AdAccountStatus (anything else → UNKNOWN). */
export function mapGoogleCustomerStatus(status: string | undefined): AdAccountStatus {
  return (status !== undefined && CUSTOMER_STATUS[status]) || 'UNKNOWN';
}

/** The row of `customerQuery()` as the REST API sends it (camelCase, int64 as string). */
export interface GoogleCustomerRow {
  customer?: {
    resourceName?: string;
    id?: string;
    descriptiveName?: string;
    currencyCode?: string;
    timeZone?: string;
    status?: string;
    manager?: boolean;
  };
}

export interface GoogleCustomer {
  /** 10 digits. */
  externalId: string;
  name: string;
  currency: string;
  timezone: string;
  status: AdAccountStatus;
  manager: boolean;
}

export function mapGoogleCustomer(row: GoogleCustomerRow, customerId: string): GoogleCustomer {
  const c = row.customer ?? {};
  const externalId = c.id ? normalizeCustomerId(c.id) : normalizeCustomerId(customerId);
  return {
    externalId,
    name: c.descriptiveName || externalId,
    currency: (c.currencyCode ?? 'USD').toUpperCase(),
    timezone: c.timeZone ?? 'UTC',
    status: mapGoogleCustomerStatus(c.status),
    manager: c.manager === true,
  };
}
