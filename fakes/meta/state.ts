// The fake Meta world: one in-memory object graph that the seed fills, the routes read and mutate, and tests
// inspect through `fake.state`. Ad objects keep Meta's wire field names (snake_case, money as minor-unit strings)
// so the routes can project them without a mapping layer; derived fields (effective_status) are computed on read.

export type ObjectStatus = 'ACTIVE' | 'PAUSED' | 'ARCHIVED' | 'DELETED';

export interface MetaApp {
  id: string;
  secret: string;
  /** When non-empty, the OAuth dialog refuses other redirect URIs ("URL blocked"). */
  redirectUris: string[];
}

export interface MetaUser {
  id: string;
  name: string;
  first_name: string;
  last_name: string;
  email: string;
  adAccountIds: string[];
  pageIds: string[];
  /** Pre-issued OAuth code (single use) so server tests can skip the dialog. */
  code: string;
  /** Pre-issued long-lived user token with every permission Adlyft asks for. */
  accessToken: string;
}

export interface MetaAdAccount {
  id: string;
  account_id: string;
  name: string;
  currency: string;
  timezone_name: string;
  timezone_offset_hours_utc: number;
  account_status: number;
  disable_reason: number;
  amount_spent: string;
  balance: string;
  spend_cap?: string;
  min_daily_budget: number;
  business?: { id: string; name: string };
  created_time: string;
  owner: string;
  /** Max pixels this account may own before `POST /adspixels` fails. */
  pixelLimit: number;
}

export interface MetaPage {
  id: string;
  name: string;
  category: string;
  access_token: string;
  tasks: string[];
  link: string;
  fan_count: number;
  /** The linked Instagram professional account; Graph answers only its `id` unless sub-fields are asked for. */
  instagram_business_account?: { id: string };
  ownerUserId: string;
}

export interface MetaCampaign {
  id: string;
  account_id: string;
  name: string;
  objective: string;
  status: ObjectStatus;
  buying_type: string;
  special_ad_categories: string[];
  special_ad_category_country?: string[];
  daily_budget?: string;
  lifetime_budget?: string;
  bid_strategy?: string;
  spend_cap?: string;
  is_adset_budget_sharing_enabled?: boolean;
  promoted_object?: Record<string, unknown>;
  created_time: string;
  updated_time: string;
  start_time: string;
  stop_time?: string;
}

export interface MetaAdSet {
  id: string;
  account_id: string;
  campaign_id: string;
  name: string;
  status: ObjectStatus;
  daily_budget?: string;
  lifetime_budget?: string;
  billing_event: string;
  optimization_goal: string;
  bid_strategy?: string;
  bid_amount?: number;
  targeting: Record<string, unknown>;
  promoted_object?: Record<string, unknown>;
  destination_type?: string;
  start_time: string;
  end_time?: string;
  created_time: string;
  updated_time: string;
}

export interface MetaAd {
  id: string;
  account_id: string;
  campaign_id: string;
  adset_id: string;
  name: string;
  status: ObjectStatus;
  creative: { id: string };
  /** Review outcome that overrides effective_status while the ad is otherwise ACTIVE. */
  review?: 'PENDING_REVIEW' | 'DISAPPROVED' | 'WITH_ISSUES';
  created_time: string;
  updated_time: string;
}

export interface MetaCreative {
  id: string;
  account_id: string;
  name: string;
  status: 'ACTIVE' | 'DELETED';
  object_type: string;
  object_story_spec?: Record<string, unknown>;
  object_story_id?: string;
  title?: string;
  body?: string;
  image_hash?: string;
  image_url?: string;
  thumbnail_url?: string;
  call_to_action_type?: string;
  video_id?: string;
}

export interface MetaLeadForm {
  id: string;
  page_id: string;
  name: string;
  status: 'ACTIVE' | 'ARCHIVED' | 'DELETED' | 'DRAFT';
  locale: string;
  questions: Record<string, unknown>[];
  privacy_policy_url: string;
  privacy_policy?: { url: string; link_text?: string };
  thank_you_page?: Record<string, unknown>;
  context_card?: Record<string, unknown>;
  follow_up_action_url?: string;
  is_optimized_for_quality: boolean;
  leads_count: number;
  created_time: string;
}

export interface MetaPixel {
  id: string;
  account_id: string;
  name: string;
  code: string;
  creation_time: string;
  last_fired_time?: string;
  is_unavailable: boolean;
}

export interface MetaSavedAudience {
  id: string;
  account_id: string;
  name: string;
  description?: string;
  targeting: Record<string, unknown>;
  approximate_count_lower_bound: number;
  approximate_count_upper_bound: number;
  time_created: string;
  time_updated: string;
}

export interface MetaCustomAudience {
  id: string;
  account_id: string;
  name: string;
  subtype: string;
  description?: string;
  customer_file_source?: string;
  /** Days a person stays in a website, app or engagement audience (1–180); absent = kept for ever. */
  retention_days?: number;
  approximate_count_lower_bound: number;
  approximate_count_upper_bound: number;
  operation_status: { code: number; description: string };
  delivery_status: { code: number; description: string };
  time_created: number;
  time_updated: number;
}

/** One ad's delivery on one day. Money in the account's minor units (cents, yen). */
export interface MetaDailyStat {
  ad_id: string;
  date: string;
  impressions: number;
  reach: number;
  clicks: number;
  spend: number;
  link_clicks: number;
  landing_page_views: number;
  post_engagement: number;
  leads: number;
  purchases: number;
  purchase_value: number;
}

export type TokenKind = 'user' | 'page' | 'app';

export interface MetaToken {
  token: string;
  kind: TokenKind;
  userId?: string;
  pageId?: string;
  scopes: string[];
  issuedAt: number;
  /** Epoch ms; null = never expires (page tokens derived from long-lived user tokens). */
  expiresAt: number | null;
  longLived: boolean;
  /** Set when the session was invalidated: 458 app removed, 460 password changed, 467 logged out. */
  invalidSubcode?: 458 | 460 | 467;
}

export interface MetaAuthCode {
  code: string;
  userId: string;
  clientId: string;
  /** null = any redirect_uri accepted (pre-issued seed codes when no redirect URI was configured). */
  redirectUri: string | null;
  scopes: string[];
  expiresAt: number;
  used: boolean;
}

export interface MetaState {
  app: MetaApp;
  /** "Today" for seeded data, presets and insights (UTC). */
  today: string;
  seed: number;
  users: MetaUser[];
  adAccounts: MetaAdAccount[];
  pages: MetaPage[];
  campaigns: MetaCampaign[];
  adSets: MetaAdSet[];
  ads: MetaAd[];
  creatives: MetaCreative[];
  leadForms: MetaLeadForm[];
  pixels: MetaPixel[];
  savedAudiences: MetaSavedAudience[];
  customAudiences: MetaCustomAudience[];
  /** Daily delivery per ad for the last 90 days (today included, partially). */
  stats: MetaDailyStat[];
  tokens: Map<string, MetaToken>;
  codes: Map<string, MetaAuthCode>;
  /** Sandbox dialog behaviour; tests flip these (or POST /__oauth). */
  oauth: { deny: boolean; loginAs: string };
}

/** Meta's currency offsets: minor units per major unit. */
export const ZERO_DECIMAL_CURRENCIES = new Set(['CLP', 'COP', 'CRC', 'HUF', 'ISK', 'IDR', 'JPY', 'KRW', 'PYG', 'TWD', 'VND']);

export function currencyOffset(currency: string): number {
  return ZERO_DECIMAL_CURRENCIES.has(currency) ? 1 : 100;
}

/** Minor units → Meta's decimal `spend` string ("5339.5", "2.15", "1234" for JPY). */
export function formatMajor(minor: number, currency: string): string {
  const offset = currencyOffset(currency);
  if (offset === 1) return String(Math.round(minor));
  return String(Number((minor / offset).toFixed(2)));
}
