// The pure part of the asset operations: Meta rows → the contract's pass-through shapes (declared fields only),
// lead-form bodies → Meta's parameters, and the targeting-search mapping of every type.
import { describe, expect, it } from 'vitest';
import {
  duplicateQuestionKeys,
  filterCategoryOptions,
  leadFormParams,
  mapCustomAudience,
  mapPage,
  mapTargetingOption,
  type SearchMetaTargetingRequest,
  TARGETING_SEARCH,
  targetingSearchParams,
} from '../../../../server/meta/assets/mapper.ts';
import { encodeMetaParams } from '../../../../server/upstream/meta/client.ts';

describe('mapPage', () => {
  it('keeps the declared fields and drops the Page access token Meta sends along', () => {
    const page = mapPage({
      id: '101234567890123',
      name: 'Acme Coffee',
      category: 'Coffee Shop',
      access_token: 'EAAFakePageSecret0001',
      tasks: ['ADVERTISE', 'ANALYZE'],
      category_list: [{ id: '2250', name: 'Coffee Shop' }],
      instagram_business_account: { id: '17841400000000001', username: 'acme' },
    });
    expect(page).toEqual({
      id: '101234567890123',
      name: 'Acme Coffee',
      category: 'Coffee Shop',
      tasks: ['ADVERTISE', 'ANALYZE'],
      instagram_business_account: { id: '17841400000000001' },
    });
    expect(JSON.stringify(page)).not.toContain('EAAFakePageSecret0001');
  });
});

describe('mapCustomAudience', () => {
  it('keeps Unix-second times as integers and the status objects as {code, description}', () => {
    expect(
      mapCustomAudience({
        id: '23851234567890123',
        name: 'Website visitors 30d',
        subtype: 'WEBSITE',
        account_id: '584930127364001',
        operation_status: { code: 200, description: 'Normal', extra: true },
        time_created: 1747738800,
        time_updated: '1764934800',
        description: null,
      }),
    ).toEqual({
      id: '23851234567890123',
      name: 'Website visitors 30d',
      subtype: 'WEBSITE',
      description: null,
      operation_status: { code: 200, description: 'Normal' },
      time_created: 1747738800,
      time_updated: 1764934800,
    });
  });
});

describe('lead forms', () => {
  const body = {
    pageId: '101234567890123',
    name: 'Newsletter',
    locale: 'EN_US',
    questions: [
      { type: 'FULL_NAME' },
      { type: 'EMAIL', key: 'email' },
      {
        type: 'CUSTOM',
        key: 'budget',
        label: 'Budget?',
        options: [
          { key: 'a', value: 'A' },
          { key: 'b', value: 'B' },
        ],
      },
    ],
    privacyPolicy: { url: 'https://example.com/privacy', linkText: 'Privacy' },
    thankYouPage: { title: 'Thanks', body: 'Bye', buttonType: 'CALL_BUSINESS', countryCode: 'GB', businessPhoneNumber: '+44 20 7946 0958' },
    introPage: { title: 'Hi', style: 'LIST_STYLE', content: ['One', 'Two'] },
  } as const;

  it('sends Meta’s names, objects as JSON strings', () => {
    const params = leadFormParams(body as never);
    expect(params).toEqual({
      name: 'Newsletter',
      locale: 'EN_US',
      questions: [
        { type: 'FULL_NAME' },
        { type: 'EMAIL', key: 'email' },
        {
          type: 'CUSTOM',
          key: 'budget',
          label: 'Budget?',
          options: [
            { key: 'a', value: 'A' },
            { key: 'b', value: 'B' },
          ],
        },
      ],
      privacy_policy: { url: 'https://example.com/privacy', link_text: 'Privacy' },
      thank_you_page: {
        title: 'Thanks',
        body: 'Bye',
        button_type: 'CALL_BUSINESS',
        country_code: 'GB',
        business_phone_number: '+44 20 7946 0958',
      },
      context_card: { title: 'Hi', style: 'LIST_STYLE', content: ['One', 'Two'] },
    });
    const wire = encodeMetaParams(params);
    expect(JSON.parse(wire.thank_you_page as string)).toMatchObject({ button_type: 'CALL_BUSINESS' });
    expect(JSON.parse(wire.questions as string)).toHaveLength(3);
  });

  it('finds two questions with the same key, and the same predefined type twice without a key', () => {
    expect(
      duplicateQuestionKeys([
        { type: 'CUSTOM', key: 'budget', label: 'A' },
        { type: 'EMAIL' },
        { type: 'CUSTOM', key: 'budget', label: 'B' },
        { type: 'EMAIL' },
        { type: 'EMAIL', key: 'work_email' },
      ] as never),
    ).toEqual([
      { field: 'body.questions[2].key', message: 'duplicates the key "budget" of questions[0]', code: 'uniqueKey' },
      {
        field: 'body.questions[3].key',
        message: 'questions[1] is already a EMAIL question without a key; give one of them a key',
        code: 'uniqueKey',
      },
    ]);
  });

  it('accepts distinct keys', () => {
    expect(duplicateQuestionKeys(body.questions as never)).toEqual([]);
  });
});

describe('targeting search', () => {
  const request = (extra: Partial<SearchMetaTargetingRequest>) => ({ limit: 25, ...extra }) as SearchMetaTargetingRequest;

  it.each([
    ['location', { type: 'adgeolocation', q: 'York', limit: 25, location_types: ['country', 'region', 'city'] }],
    ['locale', { type: 'adlocale', q: 'York', limit: 25 }],
    ['interest', { type: 'adinterest', q: 'York', limit: 25 }],
    ['educationSchool', { type: 'adeducationschool', q: 'York', limit: 25 }],
    ['educationMajor', { type: 'adeducationmajor', q: 'York', limit: 25 }],
    ['workEmployer', { type: 'adworkemployer', q: 'York', limit: 25 }],
    ['workPosition', { type: 'adworkposition', q: 'York', limit: 25 }],
    ['behavior', { type: 'adTargetingCategory', class: 'behaviors' }],
    ['familyStatus', { type: 'adTargetingCategory', class: 'family_statuses' }],
    ['lifeEvent', { type: 'adTargetingCategory', class: 'life_events' }],
    ['industry', { type: 'adTargetingCategory', class: 'industries' }],
    ['income', { type: 'adTargetingCategory', class: 'income' }],
  ] as const)('maps %s to its one Meta search', (type, params) => {
    expect(targetingSearchParams(request({ type, query: 'York' }))).toEqual(params);
  });

  it('covers every type of the contract', () => {
    expect(Object.keys(TARGETING_SEARCH)).toHaveLength(12);
  });

  it('sends the location types and country asked for', () => {
    expect(
      targetingSearchParams(request({ type: 'location', query: 'New York', limit: 10, locationTypes: ['city'], countryCode: 'US' })),
    ).toEqual({
      type: 'adgeolocation',
      q: 'New York',
      limit: 10,
      location_types: ['city'],
      country_code: 'US',
    });
  });

  it('filters a category by name or path, case-insensitively, and cuts it to the limit', () => {
    const rows = [
      { id: '1', name: 'All travelers', path: ['Travel', 'All travelers'] },
      { id: '2', name: 'Commuters', path: ['Travel', 'Commuters'] },
      { id: '3', name: 'Engaged shoppers', path: ['Purchase behavior'] },
    ];
    expect(filterCategoryOptions(rows, 'TRAVEL', 25).map((r) => r.id)).toEqual(['1', '2']);
    expect(filterCategoryOptions(rows, 'travel', 1).map((r) => r.id)).toEqual(['1']);
    expect(filterCategoryOptions(rows, undefined, 25)).toHaveLength(3);
    expect(filterCategoryOptions(rows, 'nothing', 25)).toEqual([]);
  });

  it('turns numeric ids into strings, keeps integer locale keys, drops undeclared fields', () => {
    expect(
      mapTargetingOption({ name: 'Harvard University', id: 105930651606, coverage: 8395398, subtext: 'Cambridge, Massachusetts' }),
    ).toEqual({
      id: '105930651606',
      name: 'Harvard University',
      coverage: 8395398,
      subtext: 'Cambridge, Massachusetts',
    });
    expect(mapTargetingOption({ key: 6, name: 'English (US)' })).toEqual({ key: 6, name: 'English (US)' });
    expect(mapTargetingOption({ key: 'US', name: 'United States', type: 'country', supports_city: false, valid: true })).toEqual({
      key: 'US',
      name: 'United States',
      type: 'country',
      supports_city: false,
    });
    expect(mapTargetingOption({ id: '1' })).toBeUndefined();
  });
});
