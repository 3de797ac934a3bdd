// Adlyft's imported copy of Meta ad accounts (importMetaAdAccount), read by the cached Meta lists and insights.
// - One table per ad object (campaigns, ad sets, ads, ad creatives), keyed by (ad_account_id, meta_id), with one
//   column per stored field the contract names. Budgets and bids are Meta's integers in the minor unit of the
//   account currency; Meta's times stay the text Meta sent (its offset included), with `created_at` parsed from
//   `created_time` for ordering; open objects (targeting, specs) are jsonb.
// - Campaign-level daily insights, one row per (day, campaign, breakdown, breakdown value): `breakdown` is
//   'none' (value '') or one of the five imported breakdowns. `spend_minor` and the values of `action_values`
//   are in the currency's minor unit (Meta reports major units; integers make sums exact).
// - The windows of days each import covered, so a cached insights read can tell whether it has every day.
// - One lock row per ad account while an import runs (PGlite has one session, so advisory locks would be
//   re-entrant there and could not refuse a second import).
// Everything goes with the ad account (ON DELETE CASCADE), as removing an account or a connection promises.
import { type Kysely, sql } from 'kysely';

// One statement per entry: PGlite's extended protocol runs a single command per query.
const STATEMENTS = [
  `CREATE TABLE meta_campaigns (
    ad_account_id uuid NOT NULL REFERENCES ad_accounts(id) ON DELETE CASCADE,
    meta_id text NOT NULL,
    account_id text,
    name text,
    objective text,
    status text,
    configured_status text,
    effective_status text,
    buying_type text,
    bid_strategy text,
    daily_budget bigint,
    lifetime_budget bigint,
    spend_cap bigint,
    special_ad_categories jsonb,
    start_time text,
    stop_time text,
    created_time text,
    updated_time text,
    created_at timestamptz NOT NULL,
    imported_at timestamptz NOT NULL,
    PRIMARY KEY (ad_account_id, meta_id)
  )`,
  `CREATE INDEX meta_campaigns_newest ON meta_campaigns (ad_account_id, created_at DESC, meta_id DESC)`,
  `CREATE TABLE meta_ad_sets (
    ad_account_id uuid NOT NULL REFERENCES ad_accounts(id) ON DELETE CASCADE,
    meta_id text NOT NULL,
    account_id text,
    campaign_id text,
    name text,
    status text,
    configured_status text,
    effective_status text,
    billing_event text,
    optimization_goal text,
    bid_strategy text,
    bid_amount bigint,
    daily_budget bigint,
    lifetime_budget bigint,
    start_time text,
    end_time text,
    created_time text,
    updated_time text,
    targeting jsonb,
    promoted_object jsonb,
    destination_type text,
    attribution_spec jsonb,
    adset_schedule jsonb,
    created_at timestamptz NOT NULL,
    imported_at timestamptz NOT NULL,
    PRIMARY KEY (ad_account_id, meta_id)
  )`,
  `CREATE INDEX meta_ad_sets_newest ON meta_ad_sets (ad_account_id, created_at DESC, meta_id DESC)`,
  `CREATE INDEX meta_ad_sets_campaign ON meta_ad_sets (ad_account_id, campaign_id)`,
  `CREATE TABLE meta_ads (
    ad_account_id uuid NOT NULL REFERENCES ad_accounts(id) ON DELETE CASCADE,
    meta_id text NOT NULL,
    account_id text,
    name text,
    adset_id text,
    campaign_id text,
    creative_id text,
    status text,
    configured_status text,
    effective_status text,
    bid_amount bigint,
    created_time text,
    updated_time text,
    created_at timestamptz NOT NULL,
    imported_at timestamptz NOT NULL,
    PRIMARY KEY (ad_account_id, meta_id)
  )`,
  `CREATE INDEX meta_ads_newest ON meta_ads (ad_account_id, created_at DESC, meta_id DESC)`,
  `CREATE INDEX meta_ads_campaign ON meta_ads (ad_account_id, campaign_id)`,
  `CREATE INDEX meta_ads_ad_set ON meta_ads (ad_account_id, adset_id)`,
  `CREATE TABLE meta_ad_creatives (
    ad_account_id uuid NOT NULL REFERENCES ad_accounts(id) ON DELETE CASCADE,
    meta_id text NOT NULL,
    account_id text,
    name text,
    status text,
    title text,
    body text,
    object_type text,
    object_story_spec jsonb,
    object_story_id text,
    effective_object_story_id text,
    call_to_action_type text,
    image_hash text,
    video_id text,
    link_url text,
    url_tags text,
    asset_feed_spec jsonb,
    imported_at timestamptz NOT NULL,
    PRIMARY KEY (ad_account_id, meta_id)
  )`,
  `CREATE TABLE meta_campaign_insights (
    ad_account_id uuid NOT NULL REFERENCES ad_accounts(id) ON DELETE CASCADE,
    day date NOT NULL,
    campaign_id text NOT NULL,
    breakdown text NOT NULL CHECK (breakdown IN ('none', 'age', 'gender', 'country', 'publisher_platform', 'impression_device')),
    breakdown_value text NOT NULL,
    campaign_name text,
    impressions bigint NOT NULL,
    clicks bigint NOT NULL,
    spend_minor bigint NOT NULL,
    actions jsonb,
    action_values jsonb,
    imported_at timestamptz NOT NULL,
    PRIMARY KEY (ad_account_id, breakdown, day, campaign_id, breakdown_value),
    CHECK ((breakdown = 'none') = (breakdown_value = ''))
  )`,
  `CREATE TABLE meta_import_windows (
    ad_account_id uuid NOT NULL REFERENCES ad_accounts(id) ON DELETE CASCADE,
    since date NOT NULL,
    until date NOT NULL,
    imported_at timestamptz NOT NULL,
    PRIMARY KEY (ad_account_id, since, until),
    CHECK (since <= until)
  )`,
  `CREATE TABLE meta_import_locks (
    ad_account_id uuid PRIMARY KEY REFERENCES ad_accounts(id) ON DELETE CASCADE,
    lock_id uuid NOT NULL,
    started_at timestamptz NOT NULL
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
