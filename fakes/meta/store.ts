// Lookups over the Meta state and the "wire view" of each node type: what GET /{id} would return with every
// field requested. Derived fields (effective_status, configured_status) are computed here, on read, so a status
// change on a campaign is immediately visible on its ad sets and ads — as on the real platform.
import type { MetaAuth } from './auth.ts';
import type {
  MetaAd,
  MetaAdAccount,
  MetaAdSet,
  MetaCampaign,
  MetaCreative,
  MetaCustomAudience,
  MetaLeadForm,
  MetaPage,
  MetaPixel,
  MetaSavedAudience,
  MetaState,
  MetaUser,
} from './state.ts';

export type NodeRef =
  | { type: 'user'; obj: MetaUser }
  | { type: 'adaccount'; obj: MetaAdAccount }
  | { type: 'campaign'; obj: MetaCampaign }
  | { type: 'adset'; obj: MetaAdSet }
  | { type: 'ad'; obj: MetaAd }
  | { type: 'adcreative'; obj: MetaCreative }
  | { type: 'page'; obj: MetaPage }
  | { type: 'leadgen_form'; obj: MetaLeadForm }
  | { type: 'adspixel'; obj: MetaPixel }
  | { type: 'saved_audience'; obj: MetaSavedAudience }
  | { type: 'custom_audience'; obj: MetaCustomAudience };

export type NodeType = NodeRef['type'];

/** Graph node type names, as they appear in "nonexisting field … on node type (X)" errors. */
export const NODE_TYPE_NAMES: Record<NodeType, string> = {
  user: 'User',
  adaccount: 'AdAccount',
  campaign: 'Campaign',
  adset: 'AdSet',
  ad: 'Ad',
  adcreative: 'AdCreative',
  page: 'Page',
  leadgen_form: 'LeadgenForm',
  adspixel: 'AdsPixel',
  saved_audience: 'SavedAudience',
  custom_audience: 'CustomAudience',
};

export function findNode(state: MetaState, id: string): NodeRef | undefined {
  if (id.startsWith('act_')) {
    const obj = state.adAccounts.find((a) => a.id === id);
    return obj ? { type: 'adaccount', obj } : undefined;
  }
  const lists: [NodeType, { id: string }[]][] = [
    ['campaign', state.campaigns],
    ['adset', state.adSets],
    ['ad', state.ads],
    ['adcreative', state.creatives],
    ['page', state.pages],
    ['leadgen_form', state.leadForms],
    ['adspixel', state.pixels],
    ['saved_audience', state.savedAudiences],
    ['custom_audience', state.customAudiences],
    ['user', state.users],
  ];
  for (const [type, list] of lists) {
    const obj = list.find((o) => o.id === id);
    if (obj) return { type, obj } as NodeRef;
  }
  return undefined;
}

export function accountByNumericId(state: MetaState, accountId: string): MetaAdAccount | undefined {
  return state.adAccounts.find((a) => a.account_id === accountId);
}

/** The ad account that owns an ad object (undefined for users and pages). */
export function accountOf(state: MetaState, ref: NodeRef): MetaAdAccount | undefined {
  switch (ref.type) {
    case 'adaccount':
      return ref.obj;
    case 'campaign':
    case 'adset':
    case 'ad':
    case 'adcreative':
    case 'adspixel':
    case 'saved_audience':
    case 'custom_audience':
      return accountByNumericId(state, ref.obj.account_id);
    default:
      return undefined;
  }
}

/** A user token sees the accounts its user was granted; a page token sees none. */
export function canUseAccount(auth: MetaAuth, account: MetaAdAccount): boolean {
  return auth.token.kind === 'user' && auth.user !== undefined && auth.user.adAccountIds.includes(account.id);
}

export function canSeePage(auth: MetaAuth, page: MetaPage): boolean {
  if (auth.token.kind === 'page') return auth.page?.id === page.id;
  return auth.user?.pageIds.includes(page.id) ?? false;
}

export function campaignEffectiveStatus(c: MetaCampaign): string {
  return c.status;
}

export function adSetEffectiveStatus(state: MetaState, s: MetaAdSet): string {
  if (s.status !== 'ACTIVE') return s.status;
  const c = state.campaigns.find((x) => x.id === s.campaign_id);
  if (!c || c.status === 'ACTIVE') return 'ACTIVE';
  return c.status === 'PAUSED' ? 'CAMPAIGN_PAUSED' : c.status;
}

export function adEffectiveStatus(state: MetaState, ad: MetaAd): string {
  if (ad.status !== 'ACTIVE') return ad.status;
  const s = state.adSets.find((x) => x.id === ad.adset_id);
  const parent = s ? adSetEffectiveStatus(state, s) : 'ACTIVE';
  if (parent === 'PAUSED') return 'ADSET_PAUSED';
  if (parent !== 'ACTIVE') return parent;
  return ad.review ?? 'ACTIVE';
}

type Wire = Record<string, unknown>;

function compact(obj: Wire): Wire {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}

export function wireOf(state: MetaState, ref: NodeRef): Wire {
  switch (ref.type) {
    case 'user': {
      const { id, name, first_name, last_name, email } = ref.obj;
      return { id, name, first_name, last_name, email, short_name: first_name };
    }
    case 'adaccount': {
      const { owner, pixelLimit: _limit, ...rest } = ref.obj;
      return compact({ ...rest, owner, user_tasks: ['DRAFT', 'ANALYZE', 'ADVERTISE', 'MANAGE'] });
    }
    case 'campaign':
      return compact({
        ...ref.obj,
        configured_status: ref.obj.status,
        effective_status: campaignEffectiveStatus(ref.obj),
      });
    case 'adset':
      return compact({
        ...ref.obj,
        configured_status: ref.obj.status,
        effective_status: adSetEffectiveStatus(state, ref.obj),
      });
    case 'ad': {
      const { review, ...rest } = ref.obj;
      const effective = adEffectiveStatus(state, ref.obj);
      const wire: Wire = { ...rest, configured_status: rest.status, effective_status: effective };
      if (review === 'DISAPPROVED') {
        wire.ad_review_feedback = {
          global: { 'Advertising Policies': 'Your ad was rejected because it doesn\u2019t comply with our Advertising Policies.' },
        };
      }
      if (review === 'WITH_ISSUES') {
        wire.issues_info = [
          {
            error_code: 1487929,
            error_message: 'The link in your ad is broken.',
            error_summary: 'Broken link',
            error_type: 'HARD_ERROR',
            level: 'AD',
          },
        ];
      }
      return compact(wire);
    }
    case 'adcreative':
      return compact({ ...ref.obj });
    case 'page': {
      const { ownerUserId: _owner, ...rest } = ref.obj;
      return { ...rest, category_list: [{ id: '2250', name: rest.category }] };
    }
    case 'leadgen_form':
      return compact({ ...ref.obj, page: { id: ref.obj.page_id, name: state.pages.find((p) => p.id === ref.obj.page_id)?.name } });
    case 'adspixel':
      return compact({ ...ref.obj, owner_ad_account: { account_id: ref.obj.account_id, id: `act_${ref.obj.account_id}` } });
    case 'saved_audience':
    case 'custom_audience':
      return compact({ ...ref.obj });
  }
}

/** Field names each node type knows: populated ones plus real fields the fake never fills (those are omitted). */
export const KNOWN_FIELDS: Record<NodeType, readonly string[]> = {
  user: ['id', 'name', 'first_name', 'last_name', 'middle_name', 'email', 'short_name', 'picture', 'link', 'locale'],
  adaccount: [
    'id',
    'account_id',
    'name',
    'currency',
    'timezone_name',
    'timezone_offset_hours_utc',
    'timezone_id',
    'account_status',
    'disable_reason',
    'amount_spent',
    'balance',
    'spend_cap',
    'min_daily_budget',
    'business',
    'created_time',
    'owner',
    'user_tasks',
    'funding_source',
    'funding_source_details',
    'capabilities',
    'age',
    'business_name',
    'is_prepay_account',
    'tax_id_status',
    'end_advertiser',
    'media_agency',
    'partner',
  ],
  campaign: [
    'id',
    'account_id',
    'name',
    'objective',
    'status',
    'configured_status',
    'effective_status',
    'buying_type',
    'special_ad_categories',
    'special_ad_category',
    'special_ad_category_country',
    'daily_budget',
    'lifetime_budget',
    'budget_remaining',
    'bid_strategy',
    'spend_cap',
    'is_adset_budget_sharing_enabled',
    'promoted_object',
    'created_time',
    'updated_time',
    'start_time',
    'stop_time',
    'issues_info',
    'recommendations',
    'adlabels',
    'can_use_spend_cap',
    'source_campaign_id',
    'smart_promotion_type',
    'pacing_type',
    'boosted_object_id',
    'primary_attribution',
    'last_budget_toggling_time',
    'is_skadnetwork_attribution',
    'topline_id',
  ],
  adset: [
    'id',
    'account_id',
    'campaign_id',
    'name',
    'status',
    'configured_status',
    'effective_status',
    'daily_budget',
    'lifetime_budget',
    'budget_remaining',
    'billing_event',
    'optimization_goal',
    'bid_strategy',
    'bid_amount',
    'targeting',
    'promoted_object',
    'destination_type',
    'start_time',
    'end_time',
    'created_time',
    'updated_time',
    'attribution_spec',
    'dsa_beneficiary',
    'dsa_payor',
    'frequency_control_specs',
    'issues_info',
    'learning_stage_info',
    'pacing_type',
    'recommendations',
    'adlabels',
    'is_dynamic_creative',
    'lifetime_imps',
    'daily_min_spend_target',
    'daily_spend_cap',
    'lifetime_min_spend_target',
    'lifetime_spend_cap',
    'source_adset_id',
    'targeting_optimization_types',
    'adset_schedule',
  ],
  ad: [
    'id',
    'account_id',
    'campaign_id',
    'adset_id',
    'name',
    'status',
    'configured_status',
    'effective_status',
    'creative',
    'created_time',
    'updated_time',
    'ad_review_feedback',
    'issues_info',
    'tracking_specs',
    'conversion_specs',
    'bid_amount',
    'adlabels',
    'preview_shareable_link',
    'recommendations',
    'source_ad_id',
    'demolink_hash',
  ],
  adcreative: [
    'id',
    'account_id',
    'name',
    'status',
    'object_type',
    'object_story_spec',
    'object_story_id',
    'effective_object_story_id',
    'title',
    'body',
    'image_hash',
    'image_url',
    'thumbnail_url',
    'call_to_action_type',
    'video_id',
    'asset_feed_spec',
    'instagram_user_id',
    'instagram_permalink_url',
    'link_url',
    'url_tags',
    'degrees_of_freedom_spec',
    'actor_id',
    'object_url',
    'product_set_id',
  ],
  page: [
    'id',
    'name',
    'category',
    'category_list',
    'access_token',
    'tasks',
    'link',
    'fan_count',
    'about',
    'picture',
    'username',
    'verification_status',
    'followers_count',
    'is_published',
    'instagram_business_account',
  ],
  leadgen_form: [
    'id',
    'page_id',
    'page',
    'name',
    'status',
    'locale',
    'questions',
    'privacy_policy_url',
    'privacy_policy',
    'thank_you_page',
    'context_card',
    'follow_up_action_url',
    'is_optimized_for_quality',
    'leads_count',
    'created_time',
    'allow_organic_lead',
    'block_display_for_non_targeted_viewer',
    'creator',
    'expired_leads_count',
    'follow_up_action_text',
    'legal_content',
    'organic_leads_count',
    'question_page_custom_headline',
    'tracking_parameters',
  ],
  adspixel: [
    'id',
    'account_id',
    'name',
    'code',
    'creation_time',
    'last_fired_time',
    'is_unavailable',
    'owner_ad_account',
    'owner_business',
    'data_use_setting',
    'enable_automatic_matching',
    'first_party_cookie_status',
    'is_created_by_business',
  ],
  saved_audience: [
    'id',
    'account_id',
    'name',
    'description',
    'targeting',
    'approximate_count_lower_bound',
    'approximate_count_upper_bound',
    'time_created',
    'time_updated',
    'run_status',
    'sentence_lines',
    'permission_for_actions',
  ],
  custom_audience: [
    'id',
    'account_id',
    'name',
    'subtype',
    'description',
    'customer_file_source',
    'approximate_count_lower_bound',
    'approximate_count_upper_bound',
    'operation_status',
    'delivery_status',
    'time_created',
    'time_updated',
    'data_source',
    'retention_days',
    'rule',
    'lookalike_spec',
    'is_value_based',
    'permission_for_actions',
    'sharing_status',
    'time_content_updated',
  ],
};

/** What Graph answers when `fields` is absent. */
export const DEFAULT_FIELDS: Record<NodeType, readonly string[]> = {
  user: ['name', 'id'],
  adaccount: ['account_id', 'id'],
  campaign: ['id'],
  adset: ['id'],
  ad: ['id'],
  adcreative: ['id'],
  page: ['access_token', 'category', 'category_list', 'name', 'id', 'tasks'],
  leadgen_form: ['id', 'locale', 'name', 'status'],
  adspixel: ['id'],
  saved_audience: ['id'],
  custom_audience: ['id'],
};
