// What each campaign request becomes at Meta: the parameters of the four creation calls (campaign → ad set →
// creative → ad), with the objective, optimisation goal, billing event, destination type and promoted object each
// objective needs, the budget and bid in the currency's minor units, and the targeting spec. Also the request
// rules the schema cannot state, all reported at once as one 400 whose details name each field.
// Pure: no I/O, so every rule and mapping is unit-tested on its own.
import type { components } from '../../../generated/schema.d.ts';
import { badRequest, type ErrorDetail } from '../../http/errors.ts';
import type { MetaParams } from '../../upstream/meta/client.ts';
import { currencyOffset, toMinorUnits } from '../../upstream/meta/mapper.ts';
import { type CampaignTargeting, targetingProblems, toMetaTargeting } from './targeting.ts';

type Schemas = components['schemas'];
/** The generated types spell the schemas' anyOf as a union with partial branches; the full object is the member we use. */
type Full<T> = Extract<T, { campaignName: string }>;
export type LeadCampaignBody = Full<Schemas['MetaCreateLeadCampaignRequest']>;
export type TrafficCampaignBody = Full<Schemas['MetaCreateTrafficCampaignRequest']>;
export type SalesCampaignBody = Full<Schemas['MetaCreateSalesCampaignRequest']>;
export type AwarenessCampaignBody = Full<Schemas['MetaCreateAwarenessCampaignRequest']>;
export type EngagementCampaignBody = Full<Schemas['MetaCreateEngagementCampaignRequest']>;
export type CampaignCreative = Extract<Schemas['MetaCampaignCreative'], { primaryText: string }>;
type Bidding = Schemas['MetaCampaignBidding'];
type CampaignStatus = Schemas['MetaCampaignCreationResult']['status'];

export type CampaignRequest =
  | { objective: 'OUTCOME_LEADS'; body: LeadCampaignBody }
  | { objective: 'OUTCOME_TRAFFIC'; body: TrafficCampaignBody }
  | { objective: 'OUTCOME_SALES'; body: SalesCampaignBody }
  | { objective: 'OUTCOME_AWARENESS'; body: AwarenessCampaignBody }
  | { objective: 'OUTCOME_ENGAGEMENT'; body: EngagementCampaignBody };

/** The fields every campaign request has. */
interface CommonBody {
  campaignName: string;
  status?: CampaignStatus;
  dailyBudget: number;
  startTime?: string;
  endTime?: string;
  specialAdCategories?: string[];
  specialAdCountries?: string[];
  adSetName: string;
  adName?: string;
  audienceIds?: string[];
  targeting: CampaignTargeting;
  bidding?: Bidding;
  pageId: string;
  instagramUserId?: string;
  creative: unknown;
}

/** The objective-specific part of the ad set and the creative. */
export interface ObjectiveSettings {
  optimizationGoal: string;
  billingEvent: string;
  destinationType?: string;
  promotedObject?: Record<string, string>;
  /** The creative's link (`link_data.link`, the call to action's `value.link`). */
  link: string;
  /** The call to action's `value`; by default `{link}`. */
  callToActionValue?: Record<string, string>;
  problems: ErrorDetail[];
}

export interface CampaignDraft {
  status: CampaignStatus;
  campaign: MetaParams;
  adSet(campaignId: string): MetaParams;
  creative: MetaParams;
  ad(adSetId: string, creativeId: string): MetaParams;
}

export interface DraftContext {
  /** The ad account's currency (ISO 4217), for the minor-unit offset. */
  currency: string;
  now: Date;
}

export const pageUrl = (pageId: string): string => `https://www.facebook.com/${pageId}`;
export const eventUrl = (eventId: string): string => `https://www.facebook.com/events/${eventId}`;

const MESSAGING_DESTINATIONS = new Set(['MESSENGER', 'WHATSAPP', 'INSTAGRAM_DIRECT']);

function leadSettings(body: LeadCampaignBody): ObjectiveSettings {
  return {
    optimizationGoal: body.optimizationGoal ?? 'LEAD_GENERATION',
    billingEvent: 'IMPRESSIONS',
    destinationType: 'ON_AD',
    promotedObject: { page_id: body.pageId },
    link: creativeOf(body).url ?? pageUrl(body.pageId),
    callToActionValue: { lead_gen_form_id: body.leadFormId },
    problems: [],
  };
}

function trafficSettings(body: TrafficCampaignBody): ObjectiveSettings {
  const destination = body.conversionLocation;
  const url = creativeOf(body).url;
  const settings: ObjectiveSettings = {
    optimizationGoal: body.optimizationGoal ?? 'LINK_CLICKS',
    billingEvent: body.billingEvent ?? 'IMPRESSIONS',
    destinationType: destination,
    link: url ?? pageUrl(body.pageId),
    problems: [],
  };
  if (destination === 'APP' && body.appId && body.objectStoreUrl) {
    settings.promotedObject = { application_id: body.appId, object_store_url: body.objectStoreUrl };
    settings.link = url ?? body.objectStoreUrl;
  } else if (MESSAGING_DESTINATIONS.has(destination)) {
    // Conversations happen with the Page; the button opens the destination's app.
    settings.promotedObject = { page_id: body.pageId };
    settings.callToActionValue = { app_destination: destination };
  }
  return settings;
}

function salesSettings(body: SalesCampaignBody): ObjectiveSettings {
  const url = creativeOf(body).url;
  const optimizationGoal = body.optimizationGoal ?? 'OFFSITE_CONVERSIONS';
  const event = body.conversionEvent ?? 'PURCHASE';
  const settings: ObjectiveSettings = {
    optimizationGoal,
    billingEvent: 'IMPRESSIONS',
    destinationType: body.conversionLocation,
    link: url ?? pageUrl(body.pageId),
    problems: [],
  };
  if (body.conversionLocation === 'APP' && body.appId && body.objectStoreUrl) {
    settings.promotedObject = { application_id: body.appId, object_store_url: body.objectStoreUrl, custom_event_type: event };
    settings.link = url ?? body.objectStoreUrl;
  } else if (body.pixelId) {
    settings.promotedObject = { pixel_id: body.pixelId, custom_event_type: event };
  }
  if (optimizationGoal === 'VALUE' && event !== 'PURCHASE') {
    settings.problems.push({
      field: 'body.conversionEvent',
      message: 'must be PURCHASE when optimizationGoal is VALUE',
      code: 'conditional',
    });
  }
  return settings;
}

function awarenessSettings(body: AwarenessCampaignBody): ObjectiveSettings {
  return {
    optimizationGoal: body.optimizationGoal ?? 'REACH',
    billingEvent: 'IMPRESSIONS',
    promotedObject: { page_id: body.pageId },
    link: creativeOf(body).url ?? pageUrl(body.pageId),
    problems: [],
  };
}

/** Per engagement type: the default goal, the only destination, and whether the Page is the promoted object. */
const ENGAGEMENT: Readonly<Record<EngagementCampaignBody['engagementType'], { goal: string; destination: string }>> = {
  POST_ENGAGEMENT: { goal: 'POST_ENGAGEMENT', destination: 'ON_AD' },
  VIDEO_VIEWS: { goal: 'THRUPLAY', destination: 'ON_AD' },
  PAGE_LIKES: { goal: 'PAGE_LIKES', destination: 'ON_PAGE' },
  EVENT_RESPONSES: { goal: 'EVENT_RESPONSES', destination: 'ON_EVENT' },
};

function engagementSettings(body: EngagementCampaignBody): ObjectiveSettings {
  const defaults = ENGAGEMENT[body.engagementType];
  const settings: ObjectiveSettings = {
    optimizationGoal: body.optimizationGoal ?? defaults.goal,
    billingEvent: 'IMPRESSIONS',
    destinationType: body.conversionLocation ?? defaults.destination,
    link: creativeOf(body).url ?? pageUrl(body.pageId),
    problems: [],
  };
  if (body.engagementType === 'PAGE_LIKES') {
    settings.promotedObject = { page_id: body.pageId };
    settings.callToActionValue = { page: body.pageId };
  }
  if (body.engagementType === 'EVENT_RESPONSES' && body.eventId) settings.link = eventUrl(body.eventId);
  return settings;
}

function creativeOf(body: { creative: unknown }): CampaignCreative {
  return body.creative as CampaignCreative;
}

export function objectiveSettings(request: CampaignRequest): ObjectiveSettings {
  switch (request.objective) {
    case 'OUTCOME_LEADS':
      return leadSettings(request.body);
    case 'OUTCOME_TRAFFIC':
      return trafficSettings(request.body);
    case 'OUTCOME_SALES':
      return salesSettings(request.body);
    case 'OUTCOME_AWARENESS':
      return awarenessSettings(request.body);
    case 'OUTCOME_ENGAGEMENT':
      return engagementSettings(request.body);
  }
}

// ── Money ────────────────────────────────────────────────────────────────────────────────────────────────

/** Decimals a currency has on Meta (2 for offset 100, 0 for offset 1). */
export const currencyDecimals = (currency: string): number => (currencyOffset(currency) === 100 ? 2 : 0);

/** A major-unit amount in minor units, or a problem when it has more decimals than the currency. */
export function minorUnitsOf(major: number, currency: string, field: string, problems: ErrorDetail[]): number | undefined {
  const scaled = Number((major * currencyOffset(currency)).toPrecision(15));
  if (!Number.isInteger(scaled)) {
    const decimals = currencyDecimals(currency);
    problems.push({
      field,
      message:
        decimals === 0 ? `must be a whole number: ${currency} has no decimals` : `must have at most ${decimals} decimals (${currency})`,
      code: 'multipleOf',
    });
    return undefined;
  }
  return toMinorUnits(major, currency);
}

// ── The draft ────────────────────────────────────────────────────────────────────────────────────────────

function timeProblems(body: CommonBody, now: Date): ErrorDetail[] {
  if (body.endTime === undefined) return [];
  const end = Date.parse(body.endTime);
  const start = body.startTime === undefined ? now.getTime() : Date.parse(body.startTime);
  if (end <= now.getTime()) return [{ field: 'body.endTime', message: 'must be in the future', code: 'range' }];
  if (end <= start) return [{ field: 'body.endTime', message: 'must be later than startTime', code: 'range' }];
  return [];
}

function creativeSpec(body: CommonBody, settings: ObjectiveSettings): Record<string, unknown> {
  const creative = creativeOf(body);
  const callToAction: Record<string, unknown> = { type: creative.callToAction };
  if (creative.callToAction !== 'NO_BUTTON') callToAction.value = settings.callToActionValue ?? { link: settings.link };
  const story: Record<string, unknown> = { page_id: body.pageId };
  if (body.instagramUserId) story.instagram_user_id = body.instagramUserId;
  if (creative.videoId) {
    const video: Record<string, unknown> = {
      video_id: creative.videoId,
      message: creative.primaryText,
      title: creative.headline,
      call_to_action: callToAction,
    };
    if (creative.thumbnailUrl) video.image_url = creative.thumbnailUrl;
    if (creative.description) video.link_description = creative.description;
    story.video_data = video;
  } else {
    const link: Record<string, unknown> = {
      message: creative.primaryText,
      name: creative.headline,
      link: settings.link,
      call_to_action: callToAction,
    };
    if (creative.description) link.description = creative.description;
    if (creative.imageUrl) link.picture = creative.imageUrl;
    if (creative.imageHash) link.image_hash = creative.imageHash;
    story.link_data = link;
  }
  return story;
}

/** The four calls' parameters, or 400 BAD_REQUEST with one detail per broken rule. */
export function draftCampaign(request: CampaignRequest, context: DraftContext): CampaignDraft {
  const body: CommonBody = request.body;
  const settings = objectiveSettings(request);
  const problems: ErrorDetail[] = [...timeProblems(body, context.now), ...targetingProblems(body.targeting), ...settings.problems];
  const dailyBudget = minorUnitsOf(body.dailyBudget, context.currency, 'body.dailyBudget', problems);
  const bidding = body.bidding;
  const bidAmount =
    bidding && 'amount' in bidding ? minorUnitsOf(bidding.amount, context.currency, 'body.bidding.amount', problems) : undefined;
  if (problems.length > 0) throw badRequest('The campaign request breaks a rule the schema cannot state', problems);

  const status: CampaignStatus = body.status ?? 'PAUSED';
  const categories = (body.specialAdCategories ?? ['NONE']).filter((c) => c !== 'NONE');
  const campaign: Record<string, MetaParams[string]> = {
    name: body.campaignName,
    objective: request.objective,
    status,
    special_ad_categories: categories,
    // Budgets live on the ad set; Meta wants this said explicitly (reference §1.11a).
    is_adset_budget_sharing_enabled: false,
  };
  if (categories.length > 0 && body.specialAdCountries) campaign.special_ad_category_country = body.specialAdCountries;

  const adSetBase: Record<string, MetaParams[string]> = {
    name: body.adSetName,
    status,
    daily_budget: dailyBudget,
    billing_event: settings.billingEvent,
    optimization_goal: settings.optimizationGoal,
    bid_strategy: bidding?.strategy ?? 'LOWEST_COST_WITHOUT_CAP',
    targeting: toMetaTargeting(body.targeting, body.audienceIds),
    start_time: body.startTime ?? context.now.toISOString(),
  };
  if (bidAmount !== undefined) adSetBase.bid_amount = bidAmount;
  if (settings.destinationType) adSetBase.destination_type = settings.destinationType;
  if (settings.promotedObject) adSetBase.promoted_object = settings.promotedObject;
  if (body.endTime) adSetBase.end_time = body.endTime;

  return {
    status,
    campaign,
    adSet: (campaignId) => ({ ...adSetBase, campaign_id: campaignId }),
    creative: { name: creativeOf(body).name ?? body.campaignName, object_story_spec: creativeSpec(body, settings) },
    ad: (adSetId, creativeId) => ({
      name: body.adName ?? body.campaignName,
      adset_id: adSetId,
      creative: { creative_id: creativeId },
      status,
    }),
  };
}
