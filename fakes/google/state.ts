// The fake Google Ads world. Field names are the proto/JSON camelCase names; money is int64 micros of the
// customer currency. One GoogleDailyMetric row is one ad on one day on one device, the grain GAQL aggregates.

export type EntityStatus = 'ENABLED' | 'PAUSED' | 'REMOVED';

export interface GoogleCustomer {
  id: string;
  descriptiveName: string;
  currencyCode: string;
  timeZone: string;
  manager: boolean;
  testAccount: boolean;
  status: 'ENABLED' | 'CANCELED' | 'SUSPENDED' | 'CLOSED';
  autoTaggingEnabled: boolean;
  managerId?: string;
}

export interface GoogleUser {
  id: string;
  email: string;
  name: string;
  accessibleCustomerIds: string[];
}

export interface GoogleBudget {
  id: string;
  customerId: string;
  name: string;
  amountMicros: number;
  deliveryMethod: 'STANDARD' | 'ACCELERATED';
  explicitlyShared: boolean;
  status: 'ENABLED' | 'REMOVED';
}

export interface GoogleCampaign {
  id: string;
  customerId: string;
  name: string;
  status: EntityStatus;
  servingStatus: 'SERVING' | 'NONE' | 'ENDED' | 'PENDING' | 'SUSPENDED';
  advertisingChannelType: 'SEARCH' | 'DISPLAY' | 'VIDEO' | 'PERFORMANCE_MAX';
  biddingStrategyType: string;
  budgetId: string;
  startDate: string;
  endDate?: string;
}

export interface GoogleAdGroup {
  id: string;
  customerId: string;
  campaignId: string;
  name: string;
  status: EntityStatus;
  type: 'SEARCH_STANDARD' | 'DISPLAY_STANDARD';
  cpcBidMicros: number;
}

export interface AdTextAsset {
  text: string;
  pinnedField?: string;
}

export interface GoogleAdGroupAd {
  customerId: string;
  campaignId: string;
  adGroupId: string;
  adId: string;
  status: EntityStatus;
  adType: 'RESPONSIVE_SEARCH_AD' | 'RESPONSIVE_DISPLAY_AD';
  adName?: string;
  finalUrls: string[];
  headlines: AdTextAsset[];
  descriptions: AdTextAsset[];
  approvalStatus: 'APPROVED' | 'APPROVED_LIMITED' | 'DISAPPROVED' | 'AREA_OF_INTEREST_ONLY';
  reviewStatus: 'REVIEWED' | 'REVIEW_IN_PROGRESS' | 'ELIGIBLE_MAY_SERVE';
}

export interface GoogleAsset {
  id: string;
  customerId: string;
  name?: string;
  type: 'IMAGE' | 'TEXT' | 'YOUTUBE_VIDEO' | 'SITELINK' | 'CALLOUT' | 'STRUCTURED_SNIPPET' | 'CALL' | 'MOBILE_APP';
  /** Default ADVERTISER. */
  source?: 'ADVERTISER' | 'AUTOMATICALLY_CREATED';
  finalUrls?: string[];
  image?: { url: string; widthPixels: number; heightPixels: number; mimeType: string; fileSize: number };
  text?: string;
  youtubeVideoId?: string;
  youtubeVideoTitle?: string;
  sitelink?: { linkText: string; description1: string; description2: string };
  calloutText?: string;
  structuredSnippet?: { header: string; values: string[] };
  call?: { countryCode: string; phoneNumber: string };
  mobileApp?: { appId: string; appStore: 'APPLE_APP_STORE' | 'GOOGLE_APP_STORE'; linkText: string };
}

export type Device = 'MOBILE' | 'DESKTOP' | 'TABLET';

export interface GoogleDailyMetric {
  customerId: string;
  campaignId: string;
  adGroupId: string;
  adId: string;
  date: string;
  device: Device;
  impressions: number;
  clicks: number;
  costMicros: number;
  conversions: number;
  conversionsValue: number;
  allConversions: number;
}

export interface GoogleAccessToken {
  token: string;
  userId: string;
  clientId: string;
  scopes: string[];
  expiresAt: number;
  revoked: boolean;
  /** The refresh token it came from (revoking that revokes this). */
  refreshToken?: string;
}

export interface GoogleRefreshToken {
  token: string;
  userId: string;
  clientId: string;
  scopes: string[];
  revoked: boolean;
}

export interface GoogleAuthCode {
  code: string;
  userId: string;
  clientId: string;
  redirectUri: string | null;
  scopes: string[];
  offline: boolean;
  issueRefreshToken: boolean;
  expiresAt: number;
  used: boolean;
}

export interface GoogleState {
  oauthClient: { clientId: string; clientSecret: string; redirectUris: string[] };
  today: string;
  seed: number;
  users: GoogleUser[];
  customers: GoogleCustomer[];
  budgets: GoogleBudget[];
  campaigns: GoogleCampaign[];
  adGroups: GoogleAdGroup[];
  ads: GoogleAdGroupAd[];
  assets: GoogleAsset[];
  metrics: GoogleDailyMetric[];
  accessTokens: Map<string, GoogleAccessToken>;
  refreshTokens: Map<string, GoogleRefreshToken>;
  codes: Map<string, GoogleAuthCode>;
  /** (userId|clientId) pairs that already consented — Google returns a refresh token only on first consent. */
  consents: Set<string>;
  oauth: { deny: boolean; loginAs: string };
}
