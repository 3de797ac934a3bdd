// Adlyft's copy of imported Google Ads customers (GET /{teamId}/google/import): campaigns, ad groups, ads, assets
// and daily metrics, each keyed by the Adlyft ad account (so a customer reached by two teams has two copies and
// removing the ad account removes its copy), the metric windows imports have covered (insights are served from
// the copy only inside them), and the lock that keeps a second import of the same account out while one runs.
import { type Kysely, sql } from 'kysely';

// One statement per entry: PGlite's extended protocol runs a single command per query.
const STATEMENTS = [
  `CREATE TABLE google_campaigns (
    ad_account_id uuid NOT NULL REFERENCES ad_accounts(id) ON DELETE CASCADE,
    campaign_id text NOT NULL,
    name text NOT NULL,
    status text NOT NULL,
    advertising_channel_type text,
    budget_amount_micros bigint,
    imported_at timestamptz NOT NULL,
    PRIMARY KEY (ad_account_id, campaign_id)
  )`,
  `CREATE TABLE google_ad_groups (
    ad_account_id uuid NOT NULL REFERENCES ad_accounts(id) ON DELETE CASCADE,
    ad_group_id text NOT NULL,
    campaign_id text NOT NULL,
    name text NOT NULL,
    status text NOT NULL,
    type text,
    imported_at timestamptz NOT NULL,
    PRIMARY KEY (ad_account_id, ad_group_id)
  )`,
  // An ad is identified by its ad group and its own id (Google's ad_group_ad resource: adGroupId~adId).
  `CREATE TABLE google_ads (
    ad_account_id uuid NOT NULL REFERENCES ad_accounts(id) ON DELETE CASCADE,
    ad_group_id text NOT NULL,
    ad_id text NOT NULL,
    campaign_id text NOT NULL,
    name text,
    type text,
    status text NOT NULL,
    final_urls jsonb NOT NULL DEFAULT '[]',
    headlines jsonb NOT NULL DEFAULT '[]',
    descriptions jsonb NOT NULL DEFAULT '[]',
    imported_at timestamptz NOT NULL,
    PRIMARY KEY (ad_account_id, ad_group_id, ad_id)
  )`,
  // The asset as the contract serves it (the Google Ads API's JSON shape), so a cached read needs no mapping.
  `CREATE TABLE google_assets (
    ad_account_id uuid NOT NULL REFERENCES ad_accounts(id) ON DELETE CASCADE,
    asset_id text NOT NULL,
    type text NOT NULL,
    asset jsonb NOT NULL,
    imported_at timestamptz NOT NULL,
    PRIMARY KEY (ad_account_id, asset_id)
  )`,
  `CREATE INDEX google_assets_type ON google_assets (ad_account_id, type)`,
  // One row per object of a level and day. Ids below the level are '' (never null, so they can be in the key);
  // names are those Google gave on that import, so rows outlive the objects they describe.
  `CREATE TABLE google_daily_metrics (
    ad_account_id uuid NOT NULL REFERENCES ad_accounts(id) ON DELETE CASCADE,
    level text NOT NULL CHECK (level IN ('campaign', 'ad_group', 'ad')),
    date date NOT NULL,
    campaign_id text NOT NULL,
    ad_group_id text NOT NULL DEFAULT '',
    ad_id text NOT NULL DEFAULT '',
    campaign_name text,
    ad_group_name text,
    ad_name text,
    impressions bigint NOT NULL,
    clicks bigint NOT NULL,
    cost_micros bigint NOT NULL,
    conversions double precision NOT NULL,
    imported_at timestamptz NOT NULL,
    PRIMARY KEY (ad_account_id, level, date, campaign_id, ad_group_id, ad_id)
  )`,
  // The metric windows imports have completed; their union says which days the copy can answer.
  `CREATE TABLE google_import_windows (
    ad_account_id uuid NOT NULL REFERENCES ad_accounts(id) ON DELETE CASCADE,
    since date NOT NULL,
    until date NOT NULL,
    imported_at timestamptz NOT NULL,
    PRIMARY KEY (ad_account_id, since, until),
    CHECK (since <= until)
  )`,
  // At most one running import per ad account (409 for the second). A lock older than its lease (an import that
  // died with its process) may be taken over; `token` lets only its holder release it.
  `CREATE TABLE google_import_locks (
    ad_account_id uuid PRIMARY KEY REFERENCES ad_accounts(id) ON DELETE CASCADE,
    token uuid NOT NULL,
    started_at timestamptz NOT NULL
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
