// The fixed skeleton of the Meta sandbox: users, their ad accounts and pages keep these ids for every seed, so
// server tests can name them. Everything below them (campaigns, ad sets, stats …) is generated from the seed.

export const META_APP = { id: '987654321098765', secret: 'fake-meta-app-secret' } as const;

export const META_SCOPES_ALL = [
  'public_profile',
  'email',
  'ads_management',
  'ads_read',
  'business_management',
  'pages_show_list',
  'pages_read_engagement',
  'pages_manage_ads',
  'leads_retrieval',
] as const;

interface AccountSkeleton {
  id: string;
  name: string;
  currency: string;
  timezone_name: string;
  timezone_offset_hours_utc: number;
  account_status: number;
  disable_reason: number;
  campaigns: number;
  /** Countries the account's ad sets target. */
  markets: string[];
  business?: { id: string; name: string };
}

interface PageSkeleton {
  id: string;
  name: string;
  category: string;
  /** Pre-issued Page token (what /me/accounts returns for this page). */
  token: string;
  /** The Instagram professional account linked to the Page (its `instagram_business_account{id}`), if any. */
  instagramBusinessAccountId?: string;
}

interface UserSkeleton {
  id: string;
  name: string;
  email: string;
  code: string;
  token: string;
  adAccounts: AccountSkeleton[];
  pages: PageSkeleton[];
}

export const META_USERS: readonly UserSkeleton[] = [
  {
    id: '10229876543210001',
    name: 'Alex Rivera',
    email: 'alex.rivera@example.com',
    code: 'fake-meta-code-alex',
    token: 'EAAFakeUserAlexRivera0001',
    adAccounts: [
      {
        id: 'act_584930127364001',
        name: 'Rivera Outdoor – US',
        currency: 'USD',
        timezone_name: 'America/Los_Angeles',
        timezone_offset_hours_utc: -7,
        account_status: 1,
        disable_reason: 0,
        campaigns: 58,
        markets: ['US', 'CA'],
        business: { id: '771234567890001', name: 'Rivera Outdoor Inc' },
      },
      {
        id: 'act_584930127364002',
        name: 'Rivera Outdoor – EU',
        currency: 'EUR',
        timezone_name: 'Europe/Berlin',
        timezone_offset_hours_utc: 2,
        account_status: 1,
        disable_reason: 0,
        campaigns: 12,
        markets: ['DE', 'FR', 'NL', 'ES'],
        business: { id: '771234567890001', name: 'Rivera Outdoor Inc' },
      },
      {
        id: 'act_584930127364003',
        name: 'Rivera Tokyo Café',
        currency: 'JPY',
        timezone_name: 'Asia/Tokyo',
        timezone_offset_hours_utc: 9,
        account_status: 1,
        disable_reason: 0,
        campaigns: 7,
        markets: ['JP'],
      },
    ],
    pages: [
      {
        id: '101234567890123',
        name: 'Rivera Outdoor',
        category: 'Sporting Goods Store',
        token: 'EAAFakePageRiveraOutdoor0001',
        instagramBusinessAccountId: '17841405309211844',
      },
      { id: '101234567890124', name: 'Rivera Tokyo Café', category: 'Coffee Shop', token: 'EAAFakePageRiveraCafe0002' },
    ],
  },
  {
    id: '10229876543210002',
    name: 'Priya Shah',
    email: 'priya.shah@example.com',
    code: 'fake-meta-code-priya',
    token: 'EAAFakeUserPriyaShah0002',
    adAccounts: [
      {
        id: 'act_620418850093001',
        name: 'Shah Studio London',
        currency: 'GBP',
        timezone_name: 'Europe/London',
        timezone_offset_hours_utc: 1,
        account_status: 1,
        disable_reason: 0,
        campaigns: 18,
        markets: ['GB'],
        business: { id: '772345678900002', name: 'Shah Studio Ltd' },
      },
      {
        id: 'act_620418850093002',
        name: 'Shah Studio Brasil',
        currency: 'BRL',
        timezone_name: 'America/Sao_Paulo',
        timezone_offset_hours_utc: -3,
        account_status: 3,
        disable_reason: 0,
        campaigns: 5,
        markets: ['BR'],
      },
    ],
    pages: [{ id: '102345678901234', name: 'Shah Yoga Studio', category: 'Yoga Studio', token: 'EAAFakePageShahYoga0003' }],
  },
  {
    id: '10229876543210003',
    name: 'Sam Okafor',
    email: 'sam.okafor@example.com',
    code: 'fake-meta-code-sam',
    token: 'EAAFakeUserSamOkafor0003',
    adAccounts: [
      {
        id: 'act_733105529871001',
        name: 'Okafor Dental (old)',
        currency: 'USD',
        timezone_name: 'America/New_York',
        timezone_offset_hours_utc: -4,
        account_status: 2,
        disable_reason: 1,
        campaigns: 6,
        markets: ['US'],
      },
      {
        id: 'act_733105529871002',
        name: 'Okafor Dental India',
        currency: 'INR',
        timezone_name: 'Asia/Kolkata',
        timezone_offset_hours_utc: 5.5,
        account_status: 1,
        disable_reason: 0,
        campaigns: 9,
        markets: ['IN'],
      },
    ],
    pages: [
      { id: '103456789012345', name: 'Okafor Family Dental', category: 'Dentist & Dental Office', token: 'EAAFakePageOkaforDental0004' },
    ],
  },
];

/** Short names for the ids server tests most often need. */
export const META_SEED_IDS = {
  app: META_APP,
  users: {
    alex: { id: '10229876543210001', code: 'fake-meta-code-alex', accessToken: 'EAAFakeUserAlexRivera0001' },
    priya: { id: '10229876543210002', code: 'fake-meta-code-priya', accessToken: 'EAAFakeUserPriyaShah0002' },
    sam: { id: '10229876543210003', code: 'fake-meta-code-sam', accessToken: 'EAAFakeUserSamOkafor0003' },
  },
  adAccounts: {
    /** USD, 58 campaigns (55 neither archived nor deleted: 3 pages at limit 25) — the paging workhorse. */
    alexUsd: 'act_584930127364001',
    alexEur: 'act_584930127364002',
    /** JPY: zero-decimal currency, budgets ×1. */
    alexJpy: 'act_584930127364003',
    priyaGbp: 'act_620418850093001',
    /** account_status 3 (UNSETTLED). */
    priyaBrl: 'act_620418850093002',
    /** account_status 2 (DISABLED). */
    samUsdDisabled: 'act_733105529871001',
    samInr: 'act_733105529871002',
  },
  pages: {
    /** Linked to the Instagram business account `instagramBusinessAccountId` (the only Page that is). */
    riveraOutdoor: { id: '101234567890123', accessToken: 'EAAFakePageRiveraOutdoor0001', instagramBusinessAccountId: '17841405309211844' },
    riveraCafe: { id: '101234567890124', accessToken: 'EAAFakePageRiveraCafe0002' },
    shahYoga: { id: '102345678901234', accessToken: 'EAAFakePageShahYoga0003' },
    okaforDental: { id: '103456789012345', accessToken: 'EAAFakePageOkaforDental0004' },
  },
} as const;
