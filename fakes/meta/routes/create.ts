// POST /act_{id}/campaigns|adsets|adcreatives|ads: the four creation steps with the validation Meta applies
// before it will store anything — required params, enums, objective ↔ optimization goal, minor-unit budgets,
// campaign vs ad-set budgets, promoted_object per objective, targeting with a location, lead-form CTAs.
// Failures are (#100) errors; rule violations Ads Manager explains carry error_user_title/error_user_msg.
// Subcodes on the user-facing errors are illustrative (see README gaps); the codes and shapes are Meta's.

import { metaTime } from '../../shared/dates.ts';
import type { FakeRequest } from '../../shared/http.ts';
import { ADS_MANAGEMENT_MESSAGE, requireScope } from '../auth.ts';
import type { MetaContext, MetaRoute } from '../context.ts';
import { invalidParam, invalidParamForUser, MetaApiError } from '../errors.ts';
import { boolParam, intParam, jsonParam, listParam, objectParam, stringParam } from '../params.ts';
import type { MetaAd, MetaAdAccount, MetaAdSet, MetaCampaign, MetaCreative, ObjectStatus } from '../state.ts';
import { checkBudget, usableAccount, validateOnly } from './adobjects.ts';

export const OBJECTIVES = [
  'OUTCOME_APP_PROMOTION',
  'OUTCOME_AWARENESS',
  'OUTCOME_ENGAGEMENT',
  'OUTCOME_LEADS',
  'OUTCOME_SALES',
  'OUTCOME_TRAFFIC',
];
const SPECIAL_AD_CATEGORIES = [
  'NONE',
  'EMPLOYMENT',
  'HOUSING',
  'CREDIT',
  'ISSUES_ELECTIONS_POLITICS',
  'ONLINE_GAMBLING_AND_GAMING',
  'FINANCIAL_PRODUCTS_SERVICES',
];
const BID_STRATEGIES = ['LOWEST_COST_WITHOUT_CAP', 'LOWEST_COST_WITH_BID_CAP', 'COST_CAP', 'LOWEST_COST_WITH_MIN_ROAS'];
const BILLING_EVENTS = [
  'APP_INSTALLS',
  'CLICKS',
  'IMPRESSIONS',
  'LINK_CLICKS',
  'LISTING_INTERACTION',
  'NONE',
  'OFFER_CLAIMS',
  'PAGE_LIKES',
  'POST_ENGAGEMENT',
  'PURCHASE',
  'THRUPLAY',
];
const OPTIMIZATION_GOALS = [
  'NONE',
  'APP_INSTALLS',
  'AD_RECALL_LIFT',
  'ENGAGED_USERS',
  'EVENT_RESPONSES',
  'IMPRESSIONS',
  'LEAD_GENERATION',
  'QUALITY_LEAD',
  'LINK_CLICKS',
  'OFFSITE_CONVERSIONS',
  'PAGE_LIKES',
  'POST_ENGAGEMENT',
  'QUALITY_CALL',
  'REACH',
  'LANDING_PAGE_VIEWS',
  'VISIT_INSTAGRAM_PROFILE',
  'VALUE',
  'THRUPLAY',
  'DERIVED_EVENTS',
  'APP_INSTALLS_AND_OFFSITE_CONVERSIONS',
  'CONVERSATIONS',
  'IN_APP_VALUE',
  'MESSAGING_PURCHASE_CONVERSION',
  'SUBSCRIBERS',
  'REMINDERS_SET',
  'MEANINGFUL_CALL_ATTEMPT',
  'PROFILE_VISIT',
  'PROFILE_AND_PAGE_ENGAGEMENT',
  'TWO_SECOND_CONTINUOUS_VIDEO_VIEWS',
];
/** Which performance goals each outcome objective offers (composed from Meta's examples; see reference 1.11b). */
const GOALS_BY_OBJECTIVE: Record<string, readonly string[]> = {
  OUTCOME_TRAFFIC: [
    'LINK_CLICKS',
    'LANDING_PAGE_VIEWS',
    'REACH',
    'IMPRESSIONS',
    'CONVERSATIONS',
    'QUALITY_CALL',
    'VISIT_INSTAGRAM_PROFILE',
  ],
  OUTCOME_LEADS: [
    'LEAD_GENERATION',
    'QUALITY_LEAD',
    'OFFSITE_CONVERSIONS',
    'LINK_CLICKS',
    'LANDING_PAGE_VIEWS',
    'CONVERSATIONS',
    'QUALITY_CALL',
  ],
  OUTCOME_SALES: ['OFFSITE_CONVERSIONS', 'VALUE', 'LINK_CLICKS', 'LANDING_PAGE_VIEWS', 'REACH', 'IMPRESSIONS', 'CONVERSATIONS'],
  OUTCOME_AWARENESS: ['REACH', 'IMPRESSIONS', 'AD_RECALL_LIFT', 'THRUPLAY', 'TWO_SECOND_CONTINUOUS_VIDEO_VIEWS'],
  OUTCOME_ENGAGEMENT: [
    'POST_ENGAGEMENT',
    'THRUPLAY',
    'PAGE_LIKES',
    'EVENT_RESPONSES',
    'CONVERSATIONS',
    'LINK_CLICKS',
    'IMPRESSIONS',
    'REACH',
    'LANDING_PAGE_VIEWS',
    'TWO_SECOND_CONTINUOUS_VIDEO_VIEWS',
  ],
  OUTCOME_APP_PROMOTION: ['APP_INSTALLS', 'OFFSITE_CONVERSIONS', 'LINK_CLICKS', 'VALUE', 'APP_INSTALLS_AND_OFFSITE_CONVERSIONS'],
};
const DESTINATION_TYPES = [
  'WEBSITE',
  'APP',
  'MESSENGER',
  'APPLINKS_AUTOMATIC',
  'WHATSAPP',
  'INSTAGRAM_DIRECT',
  'FACEBOOK',
  'MESSAGING_MESSENGER_WHATSAPP',
  'MESSAGING_INSTAGRAM_DIRECT_MESSENGER',
  'MESSAGING_INSTAGRAM_DIRECT_MESSENGER_WHATSAPP',
  'ON_AD',
  'ON_POST',
  'ON_VIDEO',
  'ON_PAGE',
  'ON_EVENT',
  'INSTAGRAM_PROFILE',
  'SHOP_AUTOMATIC',
  'PHONE_CALL',
  'UNDEFINED',
];
const CUSTOM_EVENT_TYPES = [
  'PURCHASE',
  'LEAD',
  'COMPLETE_REGISTRATION',
  'ADD_TO_CART',
  'ADD_TO_WISHLIST',
  'INITIATED_CHECKOUT',
  'ADD_PAYMENT_INFO',
  'CONTACT',
  'CUSTOMIZE_PRODUCT',
  'DONATE',
  'FIND_LOCATION',
  'SCHEDULE',
  'SEARCH',
  'START_TRIAL',
  'SUBMIT_APPLICATION',
  'SUBSCRIBE',
  'VIEW_CONTENT',
  'OTHER',
];
export const CTA_TYPES = [
  'LEARN_MORE',
  'SIGN_UP',
  'SHOP_NOW',
  'BOOK_NOW',
  'BOOK_TRAVEL',
  'CONTACT_US',
  'DOWNLOAD',
  'GET_OFFER',
  'GET_QUOTE',
  'SUBSCRIBE',
  'APPLY_NOW',
  'ORDER_NOW',
  'WATCH_MORE',
  'SEND_MESSAGE',
  'WHATSAPP_MESSAGE',
  'CALL_NOW',
  'INSTALL_MOBILE_APP',
  'USE_APP',
  'GET_DIRECTIONS',
  'NO_BUTTON',
  'BUY_NOW',
  'DONATE_NOW',
  'SEE_MENU',
  'REQUEST_TIME',
];

const required = (name: string): MetaApiError => invalidParam(`(#100) The parameter ${name} is required`);

function oneOf(name: string, value: string, allowed: readonly string[]): void {
  if (!allowed.includes(value)) throw invalidParam(`(#100) Param ${name} must be one of {${allowed.join(', ')}}`);
}

function requiredString(req: FakeRequest, name: string): string {
  const value = stringParam(req, name);
  if (value === undefined || value.trim() === '') throw required(name);
  return value;
}

/** ISO 8601 with offset or UNIX seconds, as the ad set reference allows. */
function timeParam(req: FakeRequest, name: string): number | undefined {
  const value = stringParam(req, name);
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(ms)) throw invalidParam(`(#100) Param ${name} must be a valid ISO 8601 date/time or UNIX timestamp`);
  return ms;
}

function createStatus(req: FakeRequest): ObjectStatus {
  const status = stringParam(req, 'status') ?? 'ACTIVE';
  oneOf('status', status, ['ACTIVE', 'PAUSED']);
  return status as ObjectStatus;
}

/** Shared preamble of every create: token, account access, write permission, account in good standing. */
function writableAccount(ctx: MetaContext, req: FakeRequest, scope: Parameters<MetaRoute['handler']>[2], actId: string): MetaAdAccount {
  const auth = ctx.authenticate(req);
  const account = usableAccount(ctx, req, scope, actId, auth);
  requireScope(auth, ['ads_management'], ADS_MANAGEMENT_MESSAGE);
  if (account.account_status !== 1 && account.account_status !== 9) {
    throw new MetaApiError({
      code: 100,
      message: 'Invalid parameter',
      userTitle: 'Ad Account Is Not Active',
      userMsg: `This ad account can't run ads right now (account_status ${account.account_status}). Settle any outstanding balance or request a review in Account Quality.`,
    });
  }
  return account;
}

const createCampaign: MetaRoute = {
  method: 'POST',
  pattern: /^\/(act_\d+)\/campaigns$/,
  handler(ctx, req, scope, [actId = '']) {
    const account = writableAccount(ctx, req, scope, actId);
    const name = requiredString(req, 'name');
    const objective = requiredString(req, 'objective');
    oneOf('objective', objective, OBJECTIVES);
    const categoriesRaw = jsonParam(req, 'special_ad_categories');
    if (categoriesRaw === undefined) throw required('special_ad_categories');
    if (!Array.isArray(categoriesRaw)) throw invalidParam('(#100) Param special_ad_categories must be an array');
    const categories = categoriesRaw.map(String);
    for (const [i, c] of categories.entries()) oneOf(`special_ad_categories[${i}]`, c, SPECIAL_AD_CATEGORIES);
    const special = categories.filter((c) => c !== 'NONE');
    const countries = listParam(req, 'special_ad_category_country');
    if (special.length > 0 && (!countries || countries.length === 0)) {
      throw invalidParamForUser(
        2490441,
        'Special Ad Category Country Required',
        'Campaigns with a special ad category must specify special_ad_category_country.',
      );
    }
    const status = createStatus(req);
    const buyingType = stringParam(req, 'buying_type') ?? 'AUCTION';
    oneOf('buying_type', buyingType, ['AUCTION', 'RESERVED']);
    const dailyBudget = intParam(req, 'daily_budget');
    const lifetimeBudget = intParam(req, 'lifetime_budget');
    if (dailyBudget !== undefined && lifetimeBudget !== undefined) {
      throw invalidParam('(#100) Only one of daily_budget or lifetime_budget can be set');
    }
    checkBudget(account, 'daily_budget', dailyBudget);
    checkBudget(account, 'lifetime_budget', lifetimeBudget);
    const stop = timeParam(req, 'stop_time');
    if (lifetimeBudget !== undefined && stop === undefined) {
      throw invalidParamForUser(1885183, 'End Date Required', 'Campaigns with a lifetime budget need an end date (stop_time).');
    }
    const bidStrategy = stringParam(req, 'bid_strategy');
    if (bidStrategy !== undefined) oneOf('bid_strategy', bidStrategy, BID_STRATEGIES);
    const sharing = boolParam(req, 'is_adset_budget_sharing_enabled');
    const hasBudget = dailyBudget !== undefined || lifetimeBudget !== undefined;
    if (!hasBudget && sharing === undefined && ctx.options.requireBudgetSharingFlag) {
      throw invalidParamForUser(
        4834011,
        'Ad Set Budget Sharing Not Specified',
        'To create a campaign without a campaign budget, set is_adset_budget_sharing_enabled to true or false.',
      );
    }
    const promoted = objectParam(req, 'promoted_object');
    if (validateOnly(req)) return { json: { success: true } };
    const when = metaTime(ctx.now());
    const campaign: MetaCampaign = {
      id: ctx.newId(),
      account_id: account.account_id,
      name,
      objective,
      status,
      buying_type: buyingType,
      special_ad_categories: special,
      created_time: when,
      updated_time: when,
      start_time: metaTime(timeParam(req, 'start_time') ?? ctx.now()),
    };
    if (countries && countries.length > 0) campaign.special_ad_category_country = countries;
    if (dailyBudget !== undefined) campaign.daily_budget = String(dailyBudget);
    if (lifetimeBudget !== undefined) campaign.lifetime_budget = String(lifetimeBudget);
    if (stop !== undefined) campaign.stop_time = metaTime(stop);
    if (bidStrategy !== undefined) campaign.bid_strategy = bidStrategy;
    else if (hasBudget) campaign.bid_strategy = 'LOWEST_COST_WITHOUT_CAP';
    if (!hasBudget) campaign.is_adset_budget_sharing_enabled = sharing ?? false;
    if (promoted) campaign.promoted_object = promoted;
    ctx.state.campaigns.push(campaign);
    return { json: { id: campaign.id } };
  },
};

function checkTargeting(targeting: Record<string, unknown>, specialCategories: boolean): void {
  const geo = targeting.geo_locations as Record<string, unknown> | undefined;
  const keys = [
    'countries',
    'regions',
    'cities',
    'zips',
    'geo_markets',
    'country_groups',
    'custom_locations',
    'places',
    'electoral_districts',
  ];
  const hasLocation =
    typeof geo === 'object' && geo !== null && keys.some((k) => Array.isArray(geo[k]) && (geo[k] as unknown[]).length > 0);
  const hasAudience = Array.isArray(targeting.custom_audiences) && targeting.custom_audiences.length > 0;
  if (!hasLocation && !hasAudience) {
    throw invalidParamForUser(
      1487756,
      'Your Audience Is Missing A Location',
      'Your audience is missing a location. You can add a location or a Custom Audience.',
      { blame_field_specs: [['targeting', 'geo_locations']] },
    );
  }
  const ageMin = targeting.age_min === undefined ? 18 : Number(targeting.age_min);
  const ageMax = targeting.age_max === undefined ? 65 : Number(targeting.age_max);
  if (!Number.isInteger(ageMin) || ageMin < 13 || ageMin > 65)
    throw invalidParam('(#100) Param targeting[age_min] must be an integer between 13 and 65');
  if (!Number.isInteger(ageMax) || ageMax < 13 || ageMax > 65)
    throw invalidParam('(#100) Param targeting[age_max] must be an integer between 13 and 65');
  if (ageMin > ageMax) throw invalidParam('(#100) targeting[age_min] must be less than or equal to targeting[age_max]');
  if (targeting.genders !== undefined) {
    const genders = targeting.genders;
    if (!Array.isArray(genders) || genders.some((g) => g !== 1 && g !== 2 && g !== '1' && g !== '2')) {
      throw invalidParam('(#100) Param targeting[genders] must be an array containing 1 (male) and/or 2 (female)');
    }
  }
  if (specialCategories && (ageMin !== 18 || ageMax !== 65 || targeting.genders !== undefined)) {
    throw invalidParamForUser(
      1885862,
      'Special Ad Category Targeting Restricted',
      'Ads in a special ad category must target ages 18–65+ and all genders.',
    );
  }
}

const createAdSet: MetaRoute = {
  method: 'POST',
  pattern: /^\/(act_\d+)\/adsets$/,
  handler(ctx, req, scope, [actId = '']) {
    const account = writableAccount(ctx, req, scope, actId);
    const name = requiredString(req, 'name');
    const campaignId = requiredString(req, 'campaign_id');
    const campaign = ctx.state.campaigns.find((c) => c.id === campaignId && c.account_id === account.account_id);
    if (!campaign || campaign.status === 'DELETED') {
      throw invalidParamForUser(1885010, 'Invalid Campaign', `The campaign ${campaignId} doesn't exist in this ad account or was deleted.`);
    }
    const billingEvent = requiredString(req, 'billing_event');
    oneOf('billing_event', billingEvent, BILLING_EVENTS);
    const goal = requiredString(req, 'optimization_goal');
    oneOf('optimization_goal', goal, OPTIMIZATION_GOALS);
    const allowedGoals = GOALS_BY_OBJECTIVE[campaign.objective] ?? OPTIMIZATION_GOALS;
    if (!allowedGoals.includes(goal)) {
      throw invalidParamForUser(
        2490408,
        'Performance Goal Not Available',
        `The performance goal ${goal} isn't available for campaigns with the ${campaign.objective} objective. Choose one of: ${allowedGoals.join(', ')}.`,
      );
    }
    if (billingEvent !== 'IMPRESSIONS' && billingEvent !== goal && !(billingEvent === 'THRUPLAY' && goal === 'THRUPLAY')) {
      throw invalidParamForUser(
        1815171,
        'Billing Event Not Compatible',
        `You can't be charged for ${billingEvent} when optimizing for ${goal}. Use IMPRESSIONS instead.`,
      );
    }
    const targeting = objectParam(req, 'targeting');
    if (!targeting) throw required('targeting');
    checkTargeting(targeting, campaign.special_ad_categories.length > 0);

    const dailyBudget = intParam(req, 'daily_budget');
    const lifetimeBudget = intParam(req, 'lifetime_budget');
    const start = timeParam(req, 'start_time') ?? ctx.now();
    const end = timeParam(req, 'end_time');
    if (end !== undefined && end <= start) throw invalidParam('(#100) end_time must be after start_time');
    const campaignBudget = campaign.daily_budget !== undefined || campaign.lifetime_budget !== undefined;
    if (campaignBudget) {
      if (dailyBudget !== undefined || lifetimeBudget !== undefined) {
        throw invalidParamForUser(
          1885621,
          'Budget Is Set At The Campaign Level',
          "This campaign uses a campaign budget, so its ad sets can't have their own daily_budget or lifetime_budget.",
        );
      }
    } else {
      if (dailyBudget === undefined && lifetimeBudget === undefined) {
        throw invalidParamForUser(1885272, 'Budget Required', 'Either daily_budget or lifetime_budget must be greater than 0.');
      }
      if (dailyBudget !== undefined && lifetimeBudget !== undefined) {
        throw invalidParam('(#100) Only one of daily_budget or lifetime_budget can be set');
      }
      checkBudget(account, 'daily_budget', dailyBudget);
      checkBudget(account, 'lifetime_budget', lifetimeBudget);
      if (lifetimeBudget !== undefined && end === undefined) {
        throw invalidParamForUser(1885183, 'End Date Required', 'Ad sets with a lifetime budget need an end_time.');
      }
    }
    const bidStrategy = stringParam(req, 'bid_strategy') ?? campaign.bid_strategy;
    if (bidStrategy !== undefined) oneOf('bid_strategy', bidStrategy, BID_STRATEGIES);
    const bidAmount = intParam(req, 'bid_amount');
    if ((bidStrategy === 'LOWEST_COST_WITH_BID_CAP' || bidStrategy === 'COST_CAP') && bidAmount === undefined) {
      throw invalidParamForUser(1815857, 'Bid Amount Required', `The ${bidStrategy} bid strategy requires a bid_amount.`);
    }

    const promoted = objectParam(req, 'promoted_object');
    const destination = stringParam(req, 'destination_type');
    if (destination !== undefined) oneOf('destination_type', destination, DESTINATION_TYPES);
    const pages = ctx.state.users.find((u) => u.adAccountIds.includes(account.id))?.pageIds ?? [];
    const promotedError = (what: string): MetaApiError =>
      invalidParamForUser(
        1885024,
        'Promoted Object Required',
        `Ad sets optimizing for ${goal} in a ${campaign.objective} campaign need promoted_object with ${what}.`,
      );
    if (goal === 'LEAD_GENERATION' || goal === 'QUALITY_LEAD') {
      if (!promoted?.page_id) throw promotedError('page_id');
      if (!pages.includes(String(promoted.page_id))) {
        throw invalidParamForUser(1885080, 'Invalid Page', `The Page ${String(promoted.page_id)} can't be used by this ad account.`);
      }
    }
    if ((goal === 'OFFSITE_CONVERSIONS' || goal === 'VALUE') && campaign.objective !== 'OUTCOME_APP_PROMOTION') {
      if (!promoted?.pixel_id || !promoted.custom_event_type) throw promotedError('pixel_id and custom_event_type');
      if (!ctx.state.pixels.some((p) => p.id === String(promoted.pixel_id) && p.account_id === account.account_id)) {
        throw invalidParamForUser(1885021, 'Invalid Pixel', `The pixel ${String(promoted.pixel_id)} isn't shared with this ad account.`);
      }
      oneOf('promoted_object[custom_event_type]', String(promoted.custom_event_type), CUSTOM_EVENT_TYPES);
    }
    if (campaign.objective === 'OUTCOME_APP_PROMOTION' && (!promoted?.application_id || !promoted.object_store_url)) {
      throw promotedError('application_id and object_store_url');
    }
    if (validateOnly(req)) return { json: { success: true } };
    const when = metaTime(ctx.now());
    const adSet: MetaAdSet = {
      id: ctx.newId(),
      account_id: account.account_id,
      campaign_id: campaign.id,
      name,
      status: createStatus(req),
      billing_event: billingEvent,
      optimization_goal: goal,
      targeting,
      start_time: metaTime(start),
      created_time: when,
      updated_time: when,
    };
    if (dailyBudget !== undefined) adSet.daily_budget = String(dailyBudget);
    if (lifetimeBudget !== undefined) adSet.lifetime_budget = String(lifetimeBudget);
    if (end !== undefined) adSet.end_time = metaTime(end);
    if (bidStrategy !== undefined) adSet.bid_strategy = bidStrategy;
    if (bidAmount !== undefined) adSet.bid_amount = bidAmount;
    if (promoted) adSet.promoted_object = promoted;
    if (destination !== undefined) adSet.destination_type = destination;
    ctx.state.adSets.push(adSet);
    return { json: { id: adSet.id } };
  },
};

function checkCallToAction(ctx: MetaContext, cta: unknown, pageId: string, where: string): string | undefined {
  if (cta === undefined) return undefined;
  if (typeof cta !== 'object' || cta === null) throw invalidParam(`(#100) Param ${where}[call_to_action] must be an object`);
  const { type, value } = cta as { type?: unknown; value?: Record<string, unknown> };
  oneOf(`${where}[call_to_action][type]`, String(type), CTA_TYPES);
  const formId = value?.lead_gen_form_id;
  if (formId !== undefined) {
    const form = ctx.state.leadForms.find((f) => f.id === String(formId));
    if (!form || form.page_id !== pageId) {
      throw invalidParamForUser(1892071, 'Invalid Lead Form', `The lead form ${String(formId)} doesn't belong to Page ${pageId}.`);
    }
    if (form.status !== 'ACTIVE') {
      throw invalidParamForUser(
        1892072,
        'Lead Form Not Active',
        `The lead form ${String(formId)} is ${form.status} and can't be used in new ads.`,
      );
    }
    return String(formId);
  }
  return undefined;
}

const createCreative: MetaRoute = {
  method: 'POST',
  pattern: /^\/(act_\d+)\/adcreatives$/,
  handler(ctx, req, scope, [actId = '']) {
    const account = writableAccount(ctx, req, scope, actId);
    const spec = objectParam(req, 'object_story_spec');
    const storyId = stringParam(req, 'object_story_id');
    const assetFeed = objectParam(req, 'asset_feed_spec');
    if (!spec && !storyId && !assetFeed) throw invalidParam('(#100) Param object_story_spec or object_story_id is required');
    const pages = ctx.state.users.find((u) => u.adAccountIds.includes(account.id))?.pageIds ?? [];
    let objectType = 'SHARE';
    let cta: string | undefined;
    let title: string | undefined;
    let body: string | undefined;
    let imageHash: string | undefined;
    let imageUrl: string | undefined;
    let videoId: string | undefined;
    if (spec) {
      const pageId = spec.page_id === undefined ? undefined : String(spec.page_id);
      if (!pageId) throw required('object_story_spec[page_id]');
      if (!pages.includes(pageId)) {
        throw invalidParamForUser(1487930, 'Invalid Page', `You don't have permission to advertise from the Page ${pageId}.`);
      }
      const kinds = ['link_data', 'photo_data', 'video_data', 'template_data'].filter((k) => spec[k] !== undefined);
      if (kinds.length !== 1) {
        throw invalidParam('(#100) object_story_spec must contain exactly one of link_data, photo_data, video_data, template_data');
      }
      const kind = kinds[0] as string;
      const data = spec[kind] as Record<string, unknown>;
      if (typeof data !== 'object' || data === null) throw invalidParam(`(#100) Param object_story_spec[${kind}] must be an object`);
      const formId = checkCallToAction(ctx, data.call_to_action, pageId, `object_story_spec[${kind}]`);
      cta = (data.call_to_action as { type?: string } | undefined)?.type;
      if (kind === 'link_data') {
        if (typeof data.link !== 'string' && !formId) throw required('object_story_spec[link_data][link]');
        if (typeof data.link === 'string' && !/^https?:\/\//.test(data.link)) {
          throw invalidParamForUser(1487750, 'Invalid Link', `The link ${data.link} isn't a valid URL.`);
        }
        title = typeof data.name === 'string' ? data.name : undefined;
        body = typeof data.message === 'string' ? data.message : undefined;
        imageHash = typeof data.image_hash === 'string' ? data.image_hash : undefined;
        imageUrl = typeof data.picture === 'string' ? data.picture : undefined;
      } else if (kind === 'video_data') {
        objectType = 'VIDEO';
        if (data.video_id === undefined) throw required('object_story_spec[video_data][video_id]');
        if (data.image_url === undefined && data.image_hash === undefined) {
          throw invalidParamForUser(
            1443226,
            'Video Thumbnail Required',
            'Video ads need a thumbnail: set image_url or image_hash in video_data.',
          );
        }
        videoId = String(data.video_id);
        title = typeof data.title === 'string' ? data.title : undefined;
        body = typeof data.message === 'string' ? data.message : undefined;
        imageUrl = typeof data.image_url === 'string' ? data.image_url : undefined;
      } else if (kind === 'photo_data') {
        objectType = 'PHOTO';
        imageHash = typeof data.image_hash === 'string' ? data.image_hash : undefined;
        imageUrl = typeof data.url === 'string' ? data.url : undefined;
      }
    }
    if (validateOnly(req)) return { json: { success: true } };
    const creative: MetaCreative = {
      id: ctx.newId(),
      account_id: account.account_id,
      name: stringParam(req, 'name') ?? `Creative ${metaTime(ctx.now()).slice(0, 19)}`,
      status: 'ACTIVE',
      object_type: storyId ? 'STATUS' : objectType,
    };
    if (spec) creative.object_story_spec = spec;
    if (storyId) creative.object_story_id = storyId;
    if (title) creative.title = title;
    if (body) creative.body = body;
    if (imageHash) creative.image_hash = imageHash;
    if (imageUrl) creative.image_url = imageUrl;
    if (videoId) creative.video_id = videoId;
    if (cta) creative.call_to_action_type = cta;
    creative.thumbnail_url = `https://scontent.xx.fbcdn.net/v/t45.1600-4/${creative.id}_n.jpg`;
    ctx.state.creatives.push(creative);
    return { json: { id: creative.id } };
  },
};

const createAd: MetaRoute = {
  method: 'POST',
  pattern: /^\/(act_\d+)\/ads$/,
  handler(ctx, req, scope, [actId = '']) {
    const account = writableAccount(ctx, req, scope, actId);
    const name = requiredString(req, 'name');
    const adSetId = requiredString(req, 'adset_id');
    const adSet = ctx.state.adSets.find((s) => s.id === adSetId && s.account_id === account.account_id);
    if (!adSet || adSet.status === 'DELETED') {
      throw invalidParamForUser(1885010, 'Invalid Ad Set', `The ad set ${adSetId} doesn't exist in this ad account or was deleted.`);
    }
    const creativeParam = objectParam(req, 'creative');
    if (!creativeParam) throw required('creative');
    const creativeId = creativeParam.creative_id === undefined ? undefined : String(creativeParam.creative_id);
    if (!creativeId) throw invalidParam('(#100) Param creative must be a JSON object with creative_id');
    const creative = ctx.state.creatives.find((c) => c.id === creativeId && c.account_id === account.account_id);
    if (!creative || creative.status === 'DELETED') {
      throw invalidParamForUser(1885011, 'Invalid Creative', `The creative ${creativeId} doesn't exist in this ad account.`);
    }
    if (adSet.optimization_goal === 'LEAD_GENERATION') {
      const data = (creative.object_story_spec?.link_data ?? creative.object_story_spec?.video_data) as Record<string, unknown> | undefined;
      const value = (data?.call_to_action as { value?: Record<string, unknown> } | undefined)?.value;
      if (!value?.lead_gen_form_id) {
        throw invalidParamForUser(
          1892040,
          'Lead Form Required',
          'Ads in an ad set optimizing for LEAD_GENERATION need a creative whose call_to_action has a lead_gen_form_id.',
        );
      }
    }
    const status = createStatus(req);
    if (validateOnly(req)) return { json: { success: true } };
    const when = metaTime(ctx.now());
    const ad: MetaAd = {
      id: ctx.newId(),
      account_id: account.account_id,
      campaign_id: adSet.campaign_id,
      adset_id: adSet.id,
      name,
      status,
      creative: { id: creative.id },
      // New ads go through review before delivering, as on the real platform.
      review: 'PENDING_REVIEW',
      created_time: when,
      updated_time: when,
    };
    ctx.state.ads.push(ad);
    return { json: { id: ad.id } };
  },
};

export const createRoutes: MetaRoute[] = [createCampaign, createAdSet, createCreative, createAd];
