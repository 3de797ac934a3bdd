// The fixed skeleton of the Google Ads sandbox: OAuth client, users and customer ids (10 digits, no dashes)
// stay the same for every seed so server tests can name them; campaigns and metrics come from the seed.

export const GOOGLE_OAUTH_CLIENT = {
  clientId: '123456789012-adlyftfake.apps.googleusercontent.com',
  clientSecret: 'GOCSPX-fake-google-client-secret',
} as const;

export const GOOGLE_ADS_SCOPE = 'https://www.googleapis.com/auth/adwords';

export interface CustomerSkeleton {
  id: string;
  descriptiveName: string;
  currencyCode: string;
  timeZone: string;
  manager: boolean;
  status: 'ENABLED' | 'CANCELED' | 'SUSPENDED' | 'CLOSED';
  /** Direct manager (for login-customer-id access and customer_client). */
  managerId?: string;
  campaigns: number;
  business: string;
}

export const GOOGLE_CUSTOMERS: readonly CustomerSkeleton[] = [
  {
    id: '8145327703',
    descriptiveName: 'Adlyft Demo MCC',
    currencyCode: 'USD',
    timeZone: 'America/New_York',
    manager: true,
    status: 'ENABLED',
    campaigns: 0,
    business: 'agency',
  },
  {
    id: '5273109846',
    descriptiveName: 'Acme Plumbing',
    currencyCode: 'USD',
    timeZone: 'America/Chicago',
    manager: false,
    status: 'ENABLED',
    managerId: '8145327703',
    campaigns: 8,
    business: 'plumbing',
  },
  {
    id: '3928471056',
    descriptiveName: 'Bistro Paris',
    currencyCode: 'EUR',
    timeZone: 'Europe/Paris',
    manager: false,
    status: 'ENABLED',
    managerId: '8145327703',
    campaigns: 5,
    business: 'restaurant',
  },
  {
    id: '6610284735',
    descriptiveName: 'Northwind Legal (cancelled)',
    currencyCode: 'USD',
    timeZone: 'America/Denver',
    manager: false,
    status: 'CANCELED',
    managerId: '8145327703',
    campaigns: 2,
    business: 'legal',
  },
  {
    id: '7061938254',
    descriptiveName: 'Sakura Dental',
    currencyCode: 'JPY',
    timeZone: 'Asia/Tokyo',
    manager: false,
    status: 'ENABLED',
    campaigns: 6,
    business: 'dental',
  },
];

export interface GoogleUserSkeleton {
  id: string;
  email: string;
  name: string;
  code: string;
  accessToken: string;
  refreshToken: string;
  /** Customers the user can reach directly (what listAccessibleCustomers returns). */
  accessibleCustomerIds: string[];
}

export const GOOGLE_USERS: readonly GoogleUserSkeleton[] = [
  {
    id: '108234567890123456789',
    email: 'alex.rivera@example.com',
    name: 'Alex Rivera',
    code: '4/fake-google-code-alex',
    accessToken: 'ya29.fake-google-access-alex',
    refreshToken: '1//fake-google-refresh-alex',
    accessibleCustomerIds: ['8145327703', '7061938254'],
  },
  {
    id: '108234567890123456790',
    email: 'priya.shah@example.com',
    name: 'Priya Shah',
    code: '4/fake-google-code-priya',
    accessToken: 'ya29.fake-google-access-priya',
    refreshToken: '1//fake-google-refresh-priya',
    accessibleCustomerIds: ['3928471056'],
  },
];

/** Short names for the ids server tests most often need. */
export const GOOGLE_SEED_IDS = {
  oauthClient: GOOGLE_OAUTH_CLIENT,
  users: {
    alex: {
      id: '108234567890123456789',
      code: '4/fake-google-code-alex',
      accessToken: 'ya29.fake-google-access-alex',
      refreshToken: '1//fake-google-refresh-alex',
    },
    priya: {
      id: '108234567890123456790',
      code: '4/fake-google-code-priya',
      accessToken: 'ya29.fake-google-access-priya',
      refreshToken: '1//fake-google-refresh-priya',
    },
  },
  customers: {
    /** Manager (MCC): no metrics; reach its clients with login-customer-id = this id. */
    manager: '8145327703',
    /** USD client under the manager. */
    acmeUsd: '5273109846',
    /** EUR client under the manager; also directly accessible to Priya. */
    bistroEur: '3928471056',
    /** CANCELED client under the manager (CUSTOMER_NOT_ENABLED). */
    northwindCancelled: '6610284735',
    /** JPY standalone customer, directly accessible to Alex. */
    sakuraJpy: '7061938254',
  },
} as const;
