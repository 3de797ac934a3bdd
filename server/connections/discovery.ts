// Who the connected platform user is, what they granted, and which ad accounts they bring: the platform reads of
// the OAuth callbacks (steps 6–7 for Meta, 5–6 for Google), mapped to what the connection stores.

import { isUpstreamError } from '../upstream/errors.ts';
import type { GoogleAdsClient } from '../upstream/google/client.ts';
import { type GoogleCustomerRow, mapGoogleCustomer } from '../upstream/google/mapper.ts';
import { GOOGLE_ADS_SCOPE } from '../upstream/google/oauth.ts';
import type { MetaClient } from '../upstream/meta/client.ts';
import { type MetaAdAccountRow, mapMetaAdAccount } from '../upstream/meta/mapper.ts';
import type { AdAccountWrite } from './repository.ts';

// ── Meta ─────────────────────────────────────────────────────────────────────────────────────────────────

/** What `authUrl` asks Meta for, in the contract's order. */
export const META_SCOPES = [
  'ads_management',
  'ads_read',
  'business_management',
  'pages_show_list',
  'pages_read_engagement',
  'leads_retrieval',
  'pages_manage_ads',
] as const;

/** Without these the connection is useless; the others are optional. */
export const META_REQUIRED_SCOPES = ['ads_management', 'ads_read'] as const;

export const META_AD_ACCOUNT_FIELDS = ['id', 'account_id', 'name', 'account_status', 'currency', 'timezone_name'] as const;

export interface MetaIdentity {
  platformUserId: string;
  platformUserName: string | null;
  /** The permissions the user granted (`status: granted`). */
  scopes: string[];
}

/** `GET /me?fields=id,name` and `GET /me/permissions`. */
export async function identifyMetaUser(client: MetaClient): Promise<MetaIdentity> {
  const me = await client.me(['id', 'name']);
  const permissions = await client.getAll<{ permission?: string; status?: string }>('me/permissions');
  const scopes = permissions.filter((p) => p.status === 'granted' && typeof p.permission === 'string').map((p) => p.permission as string);
  return { platformUserId: String(me.id), platformUserName: me.name ?? null, scopes };
}

/** `GET /me/adaccounts` with the contract's fields, every page. */
export async function discoverMetaAdAccounts(client: MetaClient): Promise<AdAccountWrite[]> {
  const rows = await client.listAdAccounts(META_AD_ACCOUNT_FIELDS);
  return rows.map((row: MetaAdAccountRow) => {
    const account = mapMetaAdAccount(row);
    return {
      externalId: account.externalId,
      name: account.name,
      currency: account.currency,
      timezone: account.timezone,
      status: account.status,
    };
  });
}

// ── Google ───────────────────────────────────────────────────────────────────────────────────────────────

/** What `authUrl` asks Google for: the Ads API, and the account's identity (sub and email in the ID token). */
export const GOOGLE_SCOPES = [GOOGLE_ADS_SCOPE, 'openid', 'email'] as const;

export const GOOGLE_CUSTOMER_QUERY =
  'SELECT customer.id, customer.descriptive_name, customer.currency_code, customer.time_zone, customer.status, customer.manager FROM customer';

/** Customers the query refuses for the user; they are skipped, not a failure of the flow. */
const SKIPPED_CUSTOMER_ERRORS = new Set(['authorizationError.CUSTOMER_NOT_ENABLED', 'authorizationError.USER_PERMISSION_DENIED']);

export interface GoogleIdentity {
  platformUserId: string;
  platformUserName: string | null;
}

/**
 * The `sub` and `email` of the ID token the token endpoint answered with. It came straight from Google over
 * TLS, so its claims are read without verifying the signature (OpenID Connect Core §3.1.3.7).
 */
export function readGoogleIdToken(idToken: string | undefined): GoogleIdentity | undefined {
  const payload = idToken?.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown; email?: unknown };
    if (typeof claims.sub !== 'string' || claims.sub === '') return undefined;
    return { platformUserId: claims.sub, platformUserName: typeof claims.email === 'string' ? claims.email : null };
  } catch {
    return undefined;
  }
}

/** `customers:listAccessibleCustomers`, then each customer's details; manager and refused customers are skipped. */
export async function discoverGoogleAdAccounts(client: GoogleAdsClient): Promise<AdAccountWrite[]> {
  const customerIds = await client.listAccessibleCustomers();
  const accounts: AdAccountWrite[] = [];
  for (const customerId of customerIds) {
    let rows: GoogleCustomerRow[];
    try {
      rows = await client.search<GoogleCustomerRow>(customerId, GOOGLE_CUSTOMER_QUERY);
    } catch (error) {
      if (isUpstreamError(error) && SKIPPED_CUSTOMER_ERRORS.has(String(error.platformCode))) continue;
      throw error;
    }
    const row = rows[0];
    if (!row) continue;
    const customer = mapGoogleCustomer(row, customerId);
    if (customer.manager) continue;
    accounts.push({
      externalId: customer.externalId,
      name: customer.name,
      currency: customer.currency,
      timezone: customer.timezone,
      status: customer.status,
    });
  }
  return accounts;
}
