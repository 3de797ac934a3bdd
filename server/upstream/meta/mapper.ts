// Meta wire rows (snake_case, numbers as strings) → our shapes, and Meta's money rules. Budgets, bids and
// spend caps are integers in the currency's minimum unit ("offset" in Meta's Currency Codes table: 100 for
// most currencies, 1 for the ones below); insights money (`spend`, `cpm`, `cpc`) is a decimal string in the
// major unit.
import type { components } from '../../../generated/schema.d.ts';

export type AdAccountStatus = components['schemas']['AdAccountStatus'];

/** Meta's currencies with offset 1 (Meta doc "Currency Codes"; VND per the reference's transcription). */
export const META_OFFSET_ONE_CURRENCIES: ReadonlySet<string> = new Set([
  'CLP',
  'COP',
  'CRC',
  'HUF',
  'ISK',
  'IDR',
  'JPY',
  'KRW',
  'PYG',
  'TWD',
  'VND',
]);

/** Minor units per major unit for a currency on Meta: 1 or 100. */
export function currencyOffset(currency: string): 1 | 100 {
  return META_OFFSET_ONE_CURRENCIES.has(currency.toUpperCase()) ? 1 : 100;
}

/** 10.5 USD → 1050; 1000 JPY → 1000. Rounds half away from the float noise (1.005 USD → 101). */
export function toMinorUnits(major: number, currency: string): number {
  if (!Number.isFinite(major)) throw new RangeError(`not an amount: ${major}`);
  return Math.round(Number((major * currencyOffset(currency)).toPrecision(15)));
}

/** "1050" USD → 10.5; "1000" JPY → 1000. Accepts Meta's numeric strings. */
export function fromMinorUnits(minor: string | number, currency: string): number {
  const value = typeof minor === 'number' ? minor : Number(minor);
  if (!Number.isFinite(value) || (typeof minor === 'string' && minor.trim() === '')) {
    throw new RangeError(`not an amount in minor units: ${JSON.stringify(minor)}`);
  }
  return value / currencyOffset(currency);
}

/** Meta's numeric strings (`"5339.5"`, `"361324"`) → numbers; undefined when absent or not a number. */
export function parseMetaNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** Insights `spend` (major units, decimal string) → number; 0 when Meta leaves it out (no delivery). */
export function spendToNumber(spend: unknown): number {
  return parseMetaNumber(spend) ?? 0;
}

/** `act_123` ↔ `123`. */
export function toActId(accountId: string): string {
  return accountId.startsWith('act_') ? accountId : `act_${accountId}`;
}

export function fromActId(actId: string): string {
  return actId.startsWith('act_') ? actId.slice(4) : actId;
}

// ---------------------------------------------------------------------------------------------------------------
// Wire rows

export interface MetaUserRow {
  id: string;
  name?: string;
}

export interface MetaAdAccountRow {
  id: string;
  account_id?: string;
  name?: string;
  account_status?: number;
  currency?: string;
  timezone_name?: string;
  business?: { id: string; name?: string };
}

const ACCOUNT_STATUS: Readonly<Record<number, AdAccountStatus>> = {
  1: 'ACTIVE',
  2: 'DISABLED',
  3: 'UNSETTLED',
  7: 'PENDING_RISK_REVIEW',
  8: 'PENDING_SETTLEMENT',
  102: 'PENDING_SETTLEMENT',
  9: 'IN_GRACE_PERIOD',
  100: 'PENDING_CLOSURE',
  101: 'CLOSED',
};

/** Meta `account_status` → the contract's AdAccountStatus (unknown codes → UNKNOWN). */
export function mapMetaAccountStatus(status: number | undefined): AdAccountStatus {
  return (status !== undefined && ACCOUNT_STATUS[status]) || 'UNKNOWN';
}

/** An ad account as discovery stores it (camelCase, our vocabulary). */
export interface MetaAdAccount {
  /** `act_<digits>`. */
  externalId: string;
  name: string;
  currency: string;
  timezone: string;
  status: AdAccountStatus;
  businessId: string | undefined;
  businessName: string | undefined;
}

export function mapMetaAdAccount(row: MetaAdAccountRow): MetaAdAccount {
  const externalId = toActId(row.account_id ?? row.id);
  return {
    externalId,
    name: row.name || externalId,
    currency: (row.currency ?? 'USD').toUpperCase(),
    timezone: row.timezone_name ?? 'UTC',
    status: mapMetaAccountStatus(row.account_status),
    businessId: row.business?.id,
    businessName: row.business?.name,
  };
}
