// The pure part of campaign creation: what each objective sends to Meta, the money conversion, the targeting
// spec and the rules the schema cannot state. The HTTP suite (campaigns.test.ts) proves the same against the fake.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../server/http/errors.ts';
import {
  type AwarenessCampaignBody,
  type CampaignRequest,
  draftCampaign,
  type EngagementCampaignBody,
  type LeadCampaignBody,
  minorUnitsOf,
  objectiveSettings,
  type SalesCampaignBody,
  type TrafficCampaignBody,
} from '../../../../server/meta/create/build.ts';
import { targetingProblems, toMetaTargeting } from '../../../../server/meta/create/targeting.ts';
import { encodeMetaParams } from '../../../../server/upstream/meta/client.ts';

const NOW = new Date('2026-12-05T10:30:00.000Z');
const PAGE = '101234567890123';

const common = {
  campaignName: 'Spring 2027',
  dailyBudget: 25.5,
  adSetName: 'Spring 2027 - US',
  targeting: { geoLocations: [{ type: 'country', id: 'US' }] },
  pageId: PAGE,
  creative: { primaryText: 'Hello', headline: 'Headline', callToAction: 'LEARN_MORE', imageUrl: 'https://images.example.com/a.jpg' },
};

const lead = (extra: object = {}): CampaignRequest => ({
  objective: 'OUTCOME_LEADS',
  body: {
    ...common,
    leadFormId: '1234567890123456',
    creative: { ...common.creative, callToAction: 'SIGN_UP' },
    ...extra,
  } as unknown as LeadCampaignBody,
});
const traffic = (extra: object = {}): CampaignRequest => ({
  objective: 'OUTCOME_TRAFFIC',
  body: {
    ...common,
    conversionLocation: 'WEBSITE',
    creative: { ...common.creative, url: 'https://example.com/spring' },
    ...extra,
  } as unknown as TrafficCampaignBody,
});
const sales = (extra: object = {}): CampaignRequest => ({
  objective: 'OUTCOME_SALES',
  body: {
    ...common,
    conversionLocation: 'WEBSITE',
    pixelId: '1391191359009715',
    conversionEvent: 'PURCHASE',
    creative: { ...common.creative, url: 'https://example.com/shop' },
    ...extra,
  } as unknown as SalesCampaignBody,
});
const awareness = (extra: object = {}): CampaignRequest => ({
  objective: 'OUTCOME_AWARENESS',
  body: { ...common, ...extra } as unknown as AwarenessCampaignBody,
});
const engagement = (extra: object = {}): CampaignRequest => ({
  objective: 'OUTCOME_ENGAGEMENT',
  body: { ...common, engagementType: 'POST_ENGAGEMENT', ...extra } as unknown as EngagementCampaignBody,
});

const usd = { currency: 'USD', now: NOW };

/** The 400 a draft throws, with its details. */
function refusal(request: CampaignRequest, context = usd): AppError {
  try {
    draftCampaign(request, context);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected the draft to be refused');
}
const fieldsOf = (error: AppError) => error.details?.map((d) => d.field);

describe('objectiveSettings: what each objective needs at Meta', () => {
  it.each([
    [
      'lead',
      lead(),
      { optimizationGoal: 'LEAD_GENERATION', billingEvent: 'IMPRESSIONS', destinationType: 'ON_AD', promotedObject: { page_id: PAGE } },
    ],
    ['lead, quality leads', lead({ optimizationGoal: 'QUALITY_LEAD' }), { optimizationGoal: 'QUALITY_LEAD', destinationType: 'ON_AD' }],
    [
      'traffic to a website',
      traffic(),
      { optimizationGoal: 'LINK_CLICKS', billingEvent: 'IMPRESSIONS', destinationType: 'WEBSITE', promotedObject: undefined },
    ],
    [
      'traffic to an app',
      traffic({
        conversionLocation: 'APP',
        appId: '987654321012345',
        objectStoreUrl: 'https://play.google.com/store/apps/details?id=x',
        creative: common.creative,
      }),
      {
        destinationType: 'APP',
        promotedObject: { application_id: '987654321012345', object_store_url: 'https://play.google.com/store/apps/details?id=x' },
      },
    ],
    [
      'traffic to WhatsApp, billed per link click',
      traffic({
        conversionLocation: 'WHATSAPP',
        billingEvent: 'LINK_CLICKS',
        creative: { ...common.creative, callToAction: 'WHATSAPP_MESSAGE' },
      }),
      {
        billingEvent: 'LINK_CLICKS',
        destinationType: 'WHATSAPP',
        promotedObject: { page_id: PAGE },
        callToActionValue: { app_destination: 'WHATSAPP' },
      },
    ],
    [
      'sales on a website',
      sales(),
      {
        optimizationGoal: 'OFFSITE_CONVERSIONS',
        billingEvent: 'IMPRESSIONS',
        destinationType: 'WEBSITE',
        promotedObject: { pixel_id: '1391191359009715', custom_event_type: 'PURCHASE' },
      },
    ],
    [
      'sales in an app (event defaults to PURCHASE)',
      sales({
        conversionLocation: 'APP',
        pixelId: undefined,
        conversionEvent: undefined,
        appId: '987654321012345',
        objectStoreUrl: 'https://apps.apple.com/app/id1',
      }),
      {
        destinationType: 'APP',
        promotedObject: {
          application_id: '987654321012345',
          object_store_url: 'https://apps.apple.com/app/id1',
          custom_event_type: 'PURCHASE',
        },
      },
    ],
    [
      'awareness',
      awareness(),
      { optimizationGoal: 'REACH', billingEvent: 'IMPRESSIONS', destinationType: undefined, promotedObject: { page_id: PAGE } },
    ],
    ['awareness, impressions', awareness({ optimizationGoal: 'IMPRESSIONS' }), { optimizationGoal: 'IMPRESSIONS' }],
    ['engagement on a post', engagement(), { optimizationGoal: 'POST_ENGAGEMENT', destinationType: 'ON_AD', promotedObject: undefined }],
    ['engagement: video views', engagement({ engagementType: 'VIDEO_VIEWS' }), { optimizationGoal: 'THRUPLAY', destinationType: 'ON_AD' }],
    [
      'engagement: page likes',
      engagement({ engagementType: 'PAGE_LIKES' }),
      { optimizationGoal: 'PAGE_LIKES', destinationType: 'ON_PAGE', promotedObject: { page_id: PAGE } },
    ],
    [
      'engagement: event responses',
      engagement({ engagementType: 'EVENT_RESPONSES', eventId: '345678901234567' }),
      { optimizationGoal: 'EVENT_RESPONSES', destinationType: 'ON_EVENT', link: 'https://www.facebook.com/events/345678901234567' },
    ],
  ])('%s', (_name, request, expected) => {
    const settings = objectiveSettings(request) as unknown as Record<string, unknown>;
    // Only the keys the row names; `undefined` there means "not sent".
    expect(Object.fromEntries(Object.keys(expected).map((k) => [k, settings[k]]))).toEqual(expected);
  });
});

describe('money: major units → Meta minor units', () => {
  it.each([
    [25.5, 'USD', 2550],
    [0.29, 'USD', 29],
    [19.99, 'EUR', 1999],
    [3000, 'JPY', 3000],
    [1500, 'KRW', 1500],
  ])('%s %s → %s', (major, currency, minor) => {
    const problems: never[] = [];
    expect(minorUnitsOf(major, currency, 'body.dailyBudget', problems)).toBe(minor);
    expect(problems).toEqual([]);
  });

  it.each([
    [10.005, 'USD', 'must have at most 2 decimals (USD)'],
    [100.5, 'JPY', 'must be a whole number: JPY has no decimals'],
  ])('refuses %s %s, which has more decimals than the currency', (major, currency, message) => {
    const problems: { field?: string; message: string }[] = [];
    expect(minorUnitsOf(major, currency, 'body.dailyBudget', problems)).toBeUndefined();
    expect(problems).toEqual([{ field: 'body.dailyBudget', message, code: 'multipleOf' }]);
  });

  it('sends the daily budget and a bidding cap in minor units, and no budget on the campaign', () => {
    const draft = draftCampaign(awareness({ bidding: { strategy: 'COST_CAP', amount: 2.5 } }), usd);
    expect(draft.adSet('1')).toMatchObject({ daily_budget: 2550, bid_strategy: 'COST_CAP', bid_amount: 250 });
    expect(draft.campaign).toMatchObject({ is_adset_budget_sharing_enabled: false });
    expect(draft.campaign).not.toHaveProperty('daily_budget');
  });

  it('uses the offset 1 of a JPY account', () => {
    const draft = draftCampaign(awareness({ dailyBudget: 3000, bidding: { strategy: 'LOWEST_COST_WITH_BID_CAP', amount: 120 } }), {
      currency: 'JPY',
      now: NOW,
    });
    expect(draft.adSet('1')).toMatchObject({ daily_budget: 3000, bid_amount: 120 });
  });

  it('names both the budget and the bid when both have too many decimals', () => {
    expect(
      fieldsOf(refusal(awareness({ dailyBudget: 30.5, bidding: { strategy: 'COST_CAP', amount: 1.5 } }), { currency: 'JPY', now: NOW })),
    ).toEqual(['body.dailyBudget', 'body.bidding.amount']);
  });
});

describe('targeting → Meta targeting spec', () => {
  it('maps every field to its snake_case name, the detailed lists into one flexible_spec entry, audiences to custom_audiences', () => {
    const spec = toMetaTargeting(
      {
        geoLocations: [
          { type: 'country', id: 'US' },
          { type: 'region', id: '3847' },
          { type: 'city', id: '2420379', radius: 15, distanceUnit: 'mile' },
          { type: 'city', id: '2421836', distanceUnit: 'mile' },
        ],
        excludedGeoLocations: [{ type: 'city', id: '2490299', radius: 20, distanceUnit: 'kilometer' }],
        ageMin: 30,
        ageMax: 65,
        genders: [2],
        locales: [6, 24],
        publisherPlatforms: ['facebook', 'instagram'],
        interests: [{ id: '6003384248805', name: 'Solar energy' }],
        behaviors: [{ id: '6002714895372' }],
        lifeEvents: [{ id: '6002714398172', name: 'Newlywed (1 year)' }],
        industries: [{ id: '6012903127583' }],
        income: [{ id: '6107813079183' }],
        familyStatuses: [{ id: '6023005458383' }],
        educationMajors: [{ id: '109279729089828', name: 'Physics' }],
        relationshipStatuses: [3, 4],
        educationStatuses: [3, 9],
        educationSchools: [{ id: '105930651606', name: 'Harvard University' }],
        workEmployers: [{ id: '21105780752' }],
        workPositions: [{ id: '105763692790962', name: 'Business Analyst' }],
      },
      ['23851234567890123'],
    );
    expect(spec).toEqual({
      geo_locations: {
        countries: ['US'],
        regions: [{ key: '3847' }],
        cities: [{ key: '2420379', radius: 15, distance_unit: 'mile' }, { key: '2421836' }],
      },
      excluded_geo_locations: { cities: [{ key: '2490299', radius: 20, distance_unit: 'kilometer' }] },
      age_min: 30,
      age_max: 65,
      genders: [2],
      locales: [6, 24],
      publisher_platforms: ['facebook', 'instagram'],
      relationship_statuses: [3, 4],
      education_statuses: [3, 9],
      education_schools: [{ id: '105930651606', name: 'Harvard University' }],
      work_employers: [{ id: '21105780752' }],
      work_positions: [{ id: '105763692790962', name: 'Business Analyst' }],
      flexible_spec: [
        {
          interests: [{ id: '6003384248805', name: 'Solar energy' }],
          behaviors: [{ id: '6002714895372' }],
          life_events: [{ id: '6002714398172', name: 'Newlywed (1 year)' }],
          industries: [{ id: '6012903127583' }],
          income: [{ id: '6107813079183' }],
          family_statuses: [{ id: '6023005458383' }],
          education_majors: [{ id: '109279729089828', name: 'Physics' }],
        },
      ],
      custom_audiences: [{ id: '23851234567890123' }],
    });
  });

  it('defaults the ages to 18–65 and leaves out what was not asked for', () => {
    expect(toMetaTargeting({ geoLocations: [{ type: 'country', id: 'GB' }] } as never, undefined)).toEqual({
      geo_locations: { countries: ['GB'] },
      age_min: 18,
      age_max: 65,
    });
  });

  it('travels as one JSON-string parameter of the ad set', () => {
    const wire = encodeMetaParams(draftCampaign(traffic(), usd).adSet('120210000000000001'));
    expect(typeof wire.targeting).toBe('string');
    expect(JSON.parse(wire.targeting as string)).toEqual({ geo_locations: { countries: ['US'] }, age_min: 18, age_max: 65 });
    expect(wire).toMatchObject({
      campaign_id: '120210000000000001',
      daily_budget: '2550',
      optimization_goal: 'LINK_CLICKS',
      destination_type: 'WEBSITE',
    });
  });

  it.each([
    ['a radius of 9 miles', { type: 'city', id: '1', radius: 9, distanceUnit: 'mile' }, 'must be between 10 and 50 miles'],
    ['a radius of 51 miles', { type: 'city', id: '1', radius: 51, distanceUnit: 'mile' }, 'must be between 10 and 50 miles'],
    ['60 with the default unit (miles)', { type: 'city', id: '1', radius: 60 }, 'must be between 10 and 50 miles'],
    ['a radius of 16 kilometres', { type: 'city', id: '1', radius: 16, distanceUnit: 'kilometer' }, 'must be between 17 and 80 kilometres'],
  ])('refuses %s', (_name, location, message) => {
    expect(targetingProblems({ geoLocations: [{ type: 'country', id: 'US' }, location] } as never)).toEqual([
      { field: 'body.targeting.geoLocations[1].radius', message, code: 'range' },
    ]);
  });

  it('accepts the edges of each range, also in the excluded places', () => {
    const ok = [
      { type: 'city', id: '1', radius: 10, distanceUnit: 'mile' },
      { type: 'city', id: '2', radius: 50, distanceUnit: 'mile' },
      { type: 'city', id: '3', radius: 17, distanceUnit: 'kilometer' },
      { type: 'city', id: '4', radius: 80, distanceUnit: 'kilometer' },
    ];
    expect(targetingProblems({ geoLocations: ok, excludedGeoLocations: ok } as never)).toEqual([]);
    expect(
      targetingProblems({ geoLocations: ok, excludedGeoLocations: [{ type: 'city', id: '5', radius: 90, distanceUnit: 'mile' }] } as never),
    ).toEqual([{ field: 'body.targeting.excludedGeoLocations[0].radius', message: 'must be between 10 and 50 miles', code: 'range' }]);
  });

  it('refuses ageMax below ageMin, also against a default', () => {
    expect(targetingProblems({ geoLocations: [{ type: 'country', id: 'US' }], ageMin: 40, ageMax: 30 } as never)[0]?.field).toBe(
      'body.targeting.ageMax',
    );
    expect(targetingProblems({ geoLocations: [{ type: 'country', id: 'US' }], ageMin: 30, ageMax: 30 } as never)).toEqual([]);
  });
});

describe('the request rules the schema cannot state', () => {
  it('refuses an endTime in the past', () => {
    expect(refusal(awareness({ endTime: '2026-12-01T00:00:00Z' })).details).toEqual([
      { field: 'body.endTime', message: 'must be in the future', code: 'range' },
    ]);
  });

  it('refuses an endTime not after startTime', () => {
    expect(refusal(awareness({ startTime: '2027-03-10T00:00:00+01:00', endTime: '2027-03-09T23:00:00Z' })).details).toEqual([
      { field: 'body.endTime', message: 'must be later than startTime', code: 'range' },
    ]);
  });

  it('accepts an endTime after startTime and now, and sends both times', () => {
    const draft = draftCampaign(awareness({ startTime: '2027-03-01T09:00:00+01:00', endTime: '2027-03-31T23:59:00+01:00' }), usd);
    expect(draft.adSet('1')).toMatchObject({ start_time: '2027-03-01T09:00:00+01:00', end_time: '2027-03-31T23:59:00+01:00' });
  });

  it('starts now when no startTime is given', () => {
    expect(draftCampaign(awareness(), usd).adSet('1')).toMatchObject({ start_time: NOW.toISOString() });
  });

  it('refuses optimizationGoal VALUE without conversionEvent PURCHASE', () => {
    expect(fieldsOf(refusal(sales({ optimizationGoal: 'VALUE', conversionEvent: 'ADD_TO_CART' })))).toEqual(['body.conversionEvent']);
    expect(() => draftCampaign(sales({ optimizationGoal: 'VALUE' }), usd)).not.toThrow();
  });

  it('reports every broken rule at once', () => {
    const error = refusal(
      awareness({
        dailyBudget: 10.005,
        endTime: '2026-01-01T00:00:00Z',
        targeting: { geoLocations: [{ type: 'city', id: '1', radius: 5, distanceUnit: 'mile' }], ageMin: 50, ageMax: 20 },
      }),
    );
    expect(error.status).toBe(400);
    expect(error.code).toBe('BAD_REQUEST');
    expect(fieldsOf(error)).toEqual(['body.endTime', 'body.targeting.ageMax', 'body.targeting.geoLocations[0].radius', 'body.dailyBudget']);
  });
});

describe('the four calls', () => {
  it('creates everything PAUSED by default, sends [NONE] as [] and names the ad and creative after the campaign', () => {
    const draft = draftCampaign(awareness(), usd);
    expect(draft.status).toBe('PAUSED');
    expect(draft.campaign).toEqual({
      name: 'Spring 2027',
      objective: 'OUTCOME_AWARENESS',
      status: 'PAUSED',
      special_ad_categories: [],
      is_adset_budget_sharing_enabled: false,
    });
    expect(draft.ad('2', '3')).toEqual({ name: 'Spring 2027', adset_id: '2', creative: { creative_id: '3' }, status: 'PAUSED' });
    expect(draft.creative.name).toBe('Spring 2027');
  });

  it('declares special ad categories with their countries', () => {
    const draft = draftCampaign(awareness({ status: 'ACTIVE', specialAdCategories: ['HOUSING'], specialAdCountries: ['US'] }), usd);
    expect(draft.campaign).toMatchObject({ status: 'ACTIVE', special_ad_categories: ['HOUSING'], special_ad_category_country: ['US'] });
    expect(draft.adSet('1')).toMatchObject({ status: 'ACTIVE' });
  });

  it('builds a lead ad: the Page link and the form in the call to action', () => {
    expect(draftCampaign(lead({ instagramUserId: '17841400000000001' }), usd).creative.object_story_spec).toEqual({
      page_id: PAGE,
      instagram_user_id: '17841400000000001',
      link_data: {
        message: 'Hello',
        name: 'Headline',
        link: `https://www.facebook.com/${PAGE}`,
        picture: 'https://images.example.com/a.jpg',
        call_to_action: { type: 'SIGN_UP', value: { lead_gen_form_id: '1234567890123456' } },
      },
    });
  });

  it('builds an image-hash link ad with the landing page in the call to action', () => {
    const creative = {
      primaryText: 'Hi',
      headline: 'H',
      description: 'D',
      url: 'https://example.com/x',
      callToAction: 'SHOP_NOW',
      imageHash: 'deedf0a3e85b4e3765084da8873f2cbe',
    };
    expect(draftCampaign(traffic({ creative }), usd).creative.object_story_spec).toEqual({
      page_id: PAGE,
      link_data: {
        message: 'Hi',
        name: 'H',
        description: 'D',
        link: 'https://example.com/x',
        image_hash: 'deedf0a3e85b4e3765084da8873f2cbe',
        call_to_action: { type: 'SHOP_NOW', value: { link: 'https://example.com/x' } },
      },
    });
  });

  it('builds a video ad with its poster frame', () => {
    const creative = {
      primaryText: 'Watch',
      headline: 'Film',
      description: 'New',
      callToAction: 'WATCH_MORE',
      videoId: '1234567890123456',
      thumbnailUrl: 'https://images.example.com/p.jpg',
    };
    expect(draftCampaign(engagement({ engagementType: 'VIDEO_VIEWS', creative }), usd).creative.object_story_spec).toEqual({
      page_id: PAGE,
      video_data: {
        video_id: '1234567890123456',
        image_url: 'https://images.example.com/p.jpg',
        message: 'Watch',
        title: 'Film',
        link_description: 'New',
        call_to_action: { type: 'WATCH_MORE', value: { link: `https://www.facebook.com/${PAGE}` } },
      },
    });
  });

  it('links an app ad to the store page when no url is given', () => {
    const request = traffic({
      conversionLocation: 'APP',
      appId: '9',
      objectStoreUrl: 'https://play.google.com/store/apps/details?id=x',
      creative: common.creative,
    });
    const spec = draftCampaign(request, usd).creative.object_story_spec as { link_data: { link: string } };
    expect(spec.link_data.link).toBe('https://play.google.com/store/apps/details?id=x');
  });

  it('sends no value with NO_BUTTON', () => {
    const spec = draftCampaign(awareness({ creative: { ...common.creative, callToAction: 'NO_BUTTON' } }), usd).creative
      .object_story_spec as {
      link_data: { call_to_action: unknown };
    };
    expect(spec.link_data.call_to_action).toEqual({ type: 'NO_BUTTON' });
  });
});
