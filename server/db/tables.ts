// Row types of every table (snake_case, as in SQL). Repositories map them to the contract's camelCase shapes.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface TenantsTable {
  id: string;
  name: string;
  api_key_hash: string;
  allowed_origins: ColumnType<string[], string[] | string, string[] | string>;
  created_at: Timestamp;
}

export interface UsersTable {
  id: string;
  tenant_id: string;
  external_user_id: string;
  created_at: Timestamp;
}

export interface WorkspacesTable {
  id: string;
  tenant_id: string;
  name: string;
  description: string | null;
  admin_user_id: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TeamsTable {
  id: string;
  tenant_id: string;
  workspace_id: string;
  name: string;
  is_default: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
  role: 'ADMIN' | 'MEMBER';
  joined_at: Timestamp;
}

export interface ConnectionsTable {
  id: string;
  tenant_id: string;
  team_id: string;
  platform: 'META' | 'GOOGLE';
  status: 'ACTIVE' | 'EXPIRED' | 'REVOKED';
  platform_user_id: string;
  platform_user_name: string | null;
  scopes: ColumnType<string[], string[] | string, string[] | string>;
  access_token_enc: string;
  refresh_token_enc: string | null;
  token_expires_at: Timestamp | null;
  /** When access_token_enc stops working (Google: about an hour; Meta: the long-lived token's expiry). */
  access_token_expires_at: Timestamp | null;
  connected_by_user_id: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AdAccountsTable {
  id: string;
  tenant_id: string;
  connection_id: string;
  platform: 'META' | 'GOOGLE';
  external_id: string;
  name: string;
  currency: string;
  timezone: string | null;
  status: string;
  last_imported_at: Timestamp | null;
  created_at: Timestamp;
}

export interface AdAccountPermissionsTable {
  ad_account_id: string;
  user_id: string;
  role: 'MANAGER' | 'VIEWER';
  granted_by_user_id: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OAuthStatesTable {
  nonce: string;
  tenant_id: string;
  team_id: string;
  platform: 'META' | 'GOOGLE';
  redirect: string;
  /** The team admin who started the flow. */
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface SchemaMigrationsTable {
  id: Generated<number>;
}

// ── Google Ads copy (migration 004) ───────────────────────────────────────────────────────────────────────

/** A `date` column: PGlite reads it as a Date (UTC midnight), node-postgres as `YYYY-MM-DD`. */
type DateColumn = ColumnType<Date | string, string, string>;
/** A `jsonb` column: written as JSON text, read parsed. */
type JsonColumn = ColumnType<unknown, string, string>;
/** A `bigint` column: read as a number (or a string for sums), written as a string or number. */
type BigintColumn = ColumnType<number | string, number | string, number | string>;

export interface GoogleCampaignsTable {
  ad_account_id: string;
  campaign_id: string;
  name: string;
  status: string;
  advertising_channel_type: string | null;
  budget_amount_micros: BigintColumn | null;
  imported_at: Timestamp;
}

export interface GoogleAdGroupsTable {
  ad_account_id: string;
  ad_group_id: string;
  campaign_id: string;
  name: string;
  status: string;
  type: string | null;
  imported_at: Timestamp;
}

export interface GoogleAdsTable {
  ad_account_id: string;
  ad_group_id: string;
  ad_id: string;
  campaign_id: string;
  name: string | null;
  type: string | null;
  status: string;
  final_urls: JsonColumn;
  headlines: JsonColumn;
  descriptions: JsonColumn;
  imported_at: Timestamp;
}

export interface GoogleAssetsTable {
  ad_account_id: string;
  asset_id: string;
  type: string;
  asset: JsonColumn;
  imported_at: Timestamp;
}

export interface GoogleDailyMetricsTable {
  ad_account_id: string;
  level: 'campaign' | 'ad_group' | 'ad';
  date: DateColumn;
  campaign_id: string;
  /** '' above ad-group level. */
  ad_group_id: string;
  /** '' above ad level. */
  ad_id: string;
  campaign_name: string | null;
  ad_group_name: string | null;
  ad_name: string | null;
  impressions: BigintColumn;
  clicks: BigintColumn;
  cost_micros: BigintColumn;
  conversions: number;
  imported_at: Timestamp;
}

export interface GoogleImportWindowsTable {
  ad_account_id: string;
  since: DateColumn;
  until: DateColumn;
  imported_at: Timestamp;
}

export interface GoogleImportLocksTable {
  ad_account_id: string;
  token: string;
  started_at: Timestamp;
}

// ── Meta copy (migration 003) ─────────────────────────────────────────────────────────────────────────────

/** A `jsonb` column of the Meta copy: written as JSON text (or null), read parsed. */
type MetaJsonColumn = ColumnType<unknown, string | null, string | null>;
/** A `bigint` column of the Meta copy: read as a number, written as a number. */
type MetaBigintColumn = ColumnType<number, number, number>;
/** A `date` column of the Meta copy: PGlite reads a Date, node-postgres `YYYY-MM-DD`; select it as text. */
type MetaDateColumn = ColumnType<Date | string, string, string>;

export interface MetaCampaignsTable {
  ad_account_id: string;
  meta_id: string;
  account_id: string | null;
  name: string | null;
  objective: string | null;
  status: string | null;
  configured_status: string | null;
  effective_status: string | null;
  buying_type: string | null;
  bid_strategy: string | null;
  daily_budget: MetaBigintColumn | null;
  lifetime_budget: MetaBigintColumn | null;
  spend_cap: MetaBigintColumn | null;
  special_ad_categories: MetaJsonColumn;
  start_time: string | null;
  stop_time: string | null;
  created_time: string | null;
  updated_time: string | null;
  created_at: Timestamp;
  imported_at: Timestamp;
}

export interface MetaAdSetsTable {
  ad_account_id: string;
  meta_id: string;
  account_id: string | null;
  campaign_id: string | null;
  name: string | null;
  status: string | null;
  configured_status: string | null;
  effective_status: string | null;
  billing_event: string | null;
  optimization_goal: string | null;
  bid_strategy: string | null;
  bid_amount: MetaBigintColumn | null;
  daily_budget: MetaBigintColumn | null;
  lifetime_budget: MetaBigintColumn | null;
  start_time: string | null;
  end_time: string | null;
  created_time: string | null;
  updated_time: string | null;
  targeting: MetaJsonColumn;
  promoted_object: MetaJsonColumn;
  destination_type: string | null;
  attribution_spec: MetaJsonColumn;
  adset_schedule: MetaJsonColumn;
  created_at: Timestamp;
  imported_at: Timestamp;
}

export interface MetaAdsTable {
  ad_account_id: string;
  meta_id: string;
  account_id: string | null;
  name: string | null;
  adset_id: string | null;
  campaign_id: string | null;
  creative_id: string | null;
  status: string | null;
  configured_status: string | null;
  effective_status: string | null;
  bid_amount: MetaBigintColumn | null;
  created_time: string | null;
  updated_time: string | null;
  created_at: Timestamp;
  imported_at: Timestamp;
}

export interface MetaAdCreativesTable {
  ad_account_id: string;
  meta_id: string;
  account_id: string | null;
  name: string | null;
  status: string | null;
  title: string | null;
  body: string | null;
  object_type: string | null;
  object_story_spec: MetaJsonColumn;
  object_story_id: string | null;
  effective_object_story_id: string | null;
  call_to_action_type: string | null;
  image_hash: string | null;
  video_id: string | null;
  link_url: string | null;
  url_tags: string | null;
  asset_feed_spec: MetaJsonColumn;
  imported_at: Timestamp;
}

export interface MetaCampaignInsightsTable {
  ad_account_id: string;
  day: MetaDateColumn;
  campaign_id: string;
  /** 'none' (with breakdown_value '') or one of the imported breakdowns. */
  breakdown: string;
  breakdown_value: string;
  campaign_name: string | null;
  impressions: MetaBigintColumn;
  clicks: MetaBigintColumn;
  /** Minor unit of the account currency. */
  spend_minor: MetaBigintColumn;
  actions: MetaJsonColumn;
  /** `{action_type, value}` with values in the minor unit of the account currency. */
  action_values: MetaJsonColumn;
  imported_at: Timestamp;
}

export interface MetaImportWindowsTable {
  ad_account_id: string;
  since: MetaDateColumn;
  until: MetaDateColumn;
  imported_at: Timestamp;
}

export interface MetaImportLocksTable {
  ad_account_id: string;
  lock_id: string;
  started_at: Timestamp;
}

export interface Database {
  tenants: TenantsTable;
  users: UsersTable;
  workspaces: WorkspacesTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  connections: ConnectionsTable;
  ad_accounts: AdAccountsTable;
  ad_account_permissions: AdAccountPermissionsTable;
  oauth_states: OAuthStatesTable;
  meta_campaigns: MetaCampaignsTable;
  meta_ad_sets: MetaAdSetsTable;
  meta_ads: MetaAdsTable;
  meta_ad_creatives: MetaAdCreativesTable;
  meta_campaign_insights: MetaCampaignInsightsTable;
  meta_import_windows: MetaImportWindowsTable;
  meta_import_locks: MetaImportLocksTable;
  google_campaigns: GoogleCampaignsTable;
  google_ad_groups: GoogleAdGroupsTable;
  google_ads: GoogleAdsTable;
  google_assets: GoogleAssetsTable;
  google_daily_metrics: GoogleDailyMetricsTable;
  google_import_windows: GoogleImportWindowsTable;
  google_import_locks: GoogleImportLocksTable;
}
