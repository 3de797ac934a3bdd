// Google Ads request authentication and account access, in the order the real service applies them:
// bearer token (missing → bare 401; invalid/expired/revoked → 401 with authenticationError), OAuth scope,
// developer-token (only when configured — the header is sunset), then customer access: a customer is reachable
// directly, or through `login-customer-id` naming a directly accessible manager above it.
import type { FakeRequest } from '../shared/http.ts';
import type { GoogleContext } from './context.ts';
import { adsError, GoogleApiError } from './errors.ts';
import { GOOGLE_ADS_SCOPE } from './ids.ts';
import type { GoogleCustomer, GoogleUser } from './state.ts';

export function bearerToken(req: FakeRequest): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  return m?.[1];
}

const header = (req: FakeRequest, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export function authenticateAds(ctx: GoogleContext, req: FakeRequest): GoogleUser {
  const raw = bearerToken(req);
  if (!raw) {
    throw new GoogleApiError({
      status: 'UNAUTHENTICATED',
      bare: true,
      message:
        'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
    });
  }
  const token = ctx.state.accessTokens.get(raw);
  if (!token) throw adsError('UNAUTHENTICATED', { authenticationError: 'OAUTH_TOKEN_INVALID' }, 'OAuth token in the header is not valid.');
  if (token.revoked)
    throw adsError('UNAUTHENTICATED', { authenticationError: 'OAUTH_TOKEN_REVOKED' }, 'OAuth token in the header has been revoked.');
  if (token.expiresAt <= ctx.now())
    throw adsError('UNAUTHENTICATED', { authenticationError: 'OAUTH_TOKEN_EXPIRED' }, 'OAuth token in the header has expired.');
  if (!token.scopes.includes(GOOGLE_ADS_SCOPE)) {
    throw new GoogleApiError({ status: 'PERMISSION_DENIED', bare: true, message: 'Request had insufficient authentication scopes.' });
  }
  const expected = ctx.options.developerToken;
  if (expected !== undefined && header(req, 'developer-token') !== expected) {
    throw adsError('UNAUTHENTICATED', { authenticationError: 'DEVELOPER_TOKEN_INVALID' }, 'The developer token is not valid.');
  }
  const user = ctx.state.users.find((u) => u.id === token.userId);
  if (!user)
    throw adsError(
      'UNAUTHENTICATED',
      { authenticationError: 'NOT_ADS_USER' },
      'The Google account that generated the OAuth access token is not associated with a Google Ads account. Create a new account, or add the Google account to an existing Google Ads account.',
    );
  return user;
}

const PERMISSION_MESSAGE =
  "User doesn't have permission to access customer. Note: If you're accessing a client customer, the manager's customer id must be set in the 'login-customer-id' header. See https://developers.google.com/google-ads/api/docs/concepts/call-structure#cid";

function isUnder(ctx: GoogleContext, customer: GoogleCustomer, managerId: string): boolean {
  let current: GoogleCustomer | undefined = customer;
  while (current) {
    if (current.id === managerId) return true;
    const parent: string | undefined = current.managerId;
    current = parent ? ctx.state.customers.find((c) => c.id === parent) : undefined;
  }
  return false;
}

export function customerAccess(ctx: GoogleContext, req: FakeRequest, user: GoogleUser, customerId: string): GoogleCustomer {
  if (!/^\d{10}$/.test(customerId)) {
    throw adsError('INVALID_ARGUMENT', { requestError: 'INVALID_CUSTOMER_ID' }, 'Customer id is invalid.', {
      location: { fieldPathElements: [{ fieldName: 'customer_id' }] },
    });
  }
  const login = header(req, 'login-customer-id');
  if (login !== undefined && !/^\d{10}$/.test(login)) {
    throw adsError(
      'INVALID_ARGUMENT',
      { headerError: 'INVALID_LOGIN_CUSTOMER_ID' },
      'The login customer ID could not be validated. Use digits only, without dashes.',
    );
  }
  const customer = ctx.state.customers.find((c) => c.id === customerId);
  // An unknown id and a customer you cannot see answer the same, as on the real API.
  if (!customer) throw adsError('PERMISSION_DENIED', { authorizationError: 'USER_PERMISSION_DENIED' }, PERMISSION_MESSAGE);
  const via = login ?? customerId;
  const allowed = user.accessibleCustomerIds.includes(via) && isUnder(ctx, customer, via);
  if (!allowed) throw adsError('PERMISSION_DENIED', { authorizationError: 'USER_PERMISSION_DENIED' }, PERMISSION_MESSAGE);
  if (customer.status !== 'ENABLED') {
    throw adsError(
      'PERMISSION_DENIED',
      { authorizationError: 'CUSTOMER_NOT_ENABLED' },
      "The customer account can't be accessed because it is not yet enabled or has been deactivated.",
    );
  }
  if (ctx.options.developerTokenAccess === 'TEST' && !customer.testAccount) {
    throw adsError(
      'PERMISSION_DENIED',
      { authorizationError: 'DEVELOPER_TOKEN_NOT_APPROVED' },
      'The developer token is only approved for use with test accounts. To access non-test accounts, apply for Basic or Standard access.',
    );
  }
  return customer;
}
