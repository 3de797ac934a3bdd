// Static targeting catalogs for `GET /search`. Shapes follow Meta's "Targeting Search" reference (ids are
// strings for interests/categories, JSON numbers for schools/employers/positions, locale keys are numbers).
// Values are realistic but invented; only the shapes are meant to be faithful.

export interface GeoLocation {
  key: string;
  name: string;
  type: 'country' | 'region' | 'city' | 'zip' | 'geo_market' | 'country_group';
  country_code?: string;
  country_name?: string;
  region?: string;
  region_id?: number;
  primary_city?: string;
  supports_region: boolean;
  supports_city: boolean;
}

const country = (key: string, name: string): GeoLocation => ({
  key,
  name,
  type: 'country',
  country_code: key,
  supports_region: true,
  supports_city: true,
});

const region = (key: string, name: string, cc: string, countryName: string): GeoLocation => ({
  key,
  name,
  type: 'region',
  country_code: cc,
  country_name: countryName,
  supports_region: true,
  supports_city: true,
});

const city = (key: string, name: string, cc: string, countryName: string, regionName: string, regionId: number): GeoLocation => ({
  key,
  name,
  type: 'city',
  country_code: cc,
  country_name: countryName,
  region: regionName,
  region_id: regionId,
  supports_region: true,
  supports_city: true,
});

export const GEO_LOCATIONS: readonly GeoLocation[] = [
  country('US', 'United States'),
  country('GB', 'United Kingdom'),
  country('DE', 'Germany'),
  country('FR', 'France'),
  country('ES', 'Spain'),
  country('IT', 'Italy'),
  country('NL', 'Netherlands'),
  country('JP', 'Japan'),
  country('BR', 'Brazil'),
  country('IN', 'India'),
  country('CA', 'Canada'),
  country('AU', 'Australia'),
  country('MX', 'Mexico'),
  country('NG', 'Nigeria'),
  country('AE', 'United Arab Emirates'),
  region('3847', 'California', 'US', 'United States'),
  region('3875', 'New York', 'US', 'United States'),
  region('3886', 'Texas', 'US', 'United States'),
  region('3852', 'Florida', 'US', 'United States'),
  region('3859', 'Kansas', 'US', 'United States'),
  region('1714', 'England', 'GB', 'United Kingdom'),
  region('1720', 'Scotland', 'GB', 'United Kingdom'),
  region('1456', 'Bavaria', 'DE', 'Germany'),
  region('2119', 'Tokyo', 'JP', 'Japan'),
  region('460', 'São Paulo (state)', 'BR', 'Brazil'),
  city('2420379', 'Los Angeles', 'US', 'United States', 'California', 3847),
  city('2421836', 'San Francisco', 'US', 'United States', 'California', 3847),
  city('2490299', 'New York', 'US', 'United States', 'New York', 3875),
  city('2447439', 'Manhattan', 'US', 'United States', 'Kansas', 3859),
  city('2418956', 'Austin', 'US', 'United States', 'Texas', 3886),
  city('2421178', 'Miami', 'US', 'United States', 'Florida', 3852),
  city('298498', 'London', 'GB', 'United Kingdom', 'England', 1714),
  city('300167', 'Manchester', 'GB', 'United Kingdom', 'England', 1714),
  city('534564', 'Munich', 'DE', 'Germany', 'Bavaria', 1456),
  city('1035921', 'Tokyo', 'JP', 'Japan', 'Tokyo', 2119),
  city('269969', 'São Paulo', 'BR', 'Brazil', 'São Paulo (state)', 460),
  {
    key: 'US:90028',
    name: '90028',
    type: 'zip',
    country_code: 'US',
    country_name: 'United States',
    region: 'California',
    region_id: 3847,
    primary_city: 'Los Angeles',
    supports_region: true,
    supports_city: true,
  },
  {
    key: 'US:10001',
    name: '10001',
    type: 'zip',
    country_code: 'US',
    country_name: 'United States',
    region: 'New York',
    region_id: 3875,
    primary_city: 'New York',
    supports_region: true,
    supports_city: true,
  },
  {
    key: 'DMA:501',
    name: 'New York',
    type: 'geo_market',
    country_code: 'US',
    country_name: 'United States',
    supports_region: true,
    supports_city: false,
  },
  { key: 'europe', name: 'Europe', type: 'country_group', supports_region: false, supports_city: false },
];

export interface TargetingCategory {
  id: string;
  name: string;
  type: string;
  path: string[];
  topic?: string;
  description: string | null;
  audience_size_lower_bound: number;
  audience_size_upper_bound: number;
}

const cat = (
  id: string,
  name: string,
  type: string,
  path: string[],
  lower: number,
  topic?: string,
  description: string | null = null,
): TargetingCategory => {
  const row: TargetingCategory = {
    id,
    name,
    type,
    path,
    description,
    audience_size_lower_bound: lower,
    audience_size_upper_bound: Math.round(lower * 1.176),
  };
  if (topic) row.topic = topic;
  return row;
};

export const INTERESTS: readonly TargetingCategory[] = [
  cat('6003139266461', 'Movies', 'interests', ['Interests', 'Entertainment', 'Movies'], 1_234_567_890, 'Entertainment'),
  cat(
    '6003195226065',
    'Tabletop game',
    'interests',
    ['Interests', 'Technology', 'Computers', 'Tablet computers'],
    512_619_285,
    'Technology',
  ),
  cat(
    '6003107902433',
    'Association football (Soccer)',
    'interests',
    ['Interests', 'Sports and outdoors', 'Sports'],
    802_114_520,
    'Sports and outdoors',
  ),
  cat('6003022269556', 'Rugby football', 'interests', ['Interests', 'Sports and outdoors', 'Sports'], 13_214_830, 'Sports and outdoors'),
  cat('6003369240775', 'Basketball', 'interests', ['Interests', 'Sports and outdoors', 'Sports'], 389_330_102, 'Sports and outdoors'),
  cat(
    '6003346592981',
    'Online shopping',
    'interests',
    ['Interests', 'Shopping and fashion', 'Shopping'],
    1_021_563_000,
    'Shopping and fashion',
  ),
  cat(
    '6003348604581',
    'Fashion accessories',
    'interests',
    ['Interests', 'Shopping and fashion', 'Fashion accessories'],
    468_321_900,
    'Shopping and fashion',
  ),
  cat('6003384248805', 'Fitness and wellness', 'interests', ['Interests', 'Fitness and wellness'], 701_774_400, 'Fitness and wellness'),
  cat('6003277229526', 'Yoga', 'interests', ['Interests', 'Fitness and wellness', 'Yoga'], 221_559_870, 'Fitness and wellness'),
  cat('6003306084421', 'Running', 'interests', ['Interests', 'Fitness and wellness', 'Running'], 198_002_410, 'Fitness and wellness'),
  cat('6003020834693', 'Coffee', 'interests', ['Interests', 'Food and drink', 'Beverages', 'Coffee'], 350_880_200, 'Food and drink'),
  cat('6003030029655', 'Cooking', 'interests', ['Interests', 'Food and drink', 'Cooking'], 690_012_300, 'Food and drink'),
  cat(
    '6003012317397',
    'Hiking',
    'interests',
    ['Interests', 'Sports and outdoors', 'Outdoor recreation', 'Hiking'],
    154_776_090,
    'Sports and outdoors',
  ),
  cat(
    '6003176678152',
    'Camping',
    'interests',
    ['Interests', 'Sports and outdoors', 'Outdoor recreation', 'Camping'],
    139_448_100,
    'Sports and outdoors',
  ),
  cat(
    '6003397425735',
    'Small business',
    'interests',
    ['Interests', 'Business and industry', 'Small business'],
    276_300_500,
    'Business and industry',
  ),
  cat(
    '6003402305839',
    'Real estate',
    'interests',
    ['Interests', 'Business and industry', 'Real estate'],
    312_447_800,
    'Business and industry',
  ),
  cat(
    '6003017204650',
    'Digital marketing',
    'interests',
    ['Interests', 'Business and industry', 'Marketing', 'Digital marketing'],
    88_140_660,
    'Business and industry',
  ),
  cat('6003463109798', 'Video games', 'interests', ['Interests', 'Entertainment', 'Games', 'Video games'], 921_660_000, 'Entertainment'),
  cat('6003107699532', 'Travel', 'interests', ['Interests', 'Travel', 'Travel'], 1_105_220_000, 'Travel'),
  cat('6003225556345', 'Beaches', 'interests', ['Interests', 'Travel', 'Beaches'], 344_900_770, 'Travel'),
  cat('6003263791114', 'Dentistry', 'interests', ['Interests', 'Fitness and wellness', 'Dentistry'], 45_330_120, 'Fitness and wellness'),
  cat(
    '6003585378466',
    'Home improvement',
    'interests',
    ['Interests', 'Hobbies and activities', 'Home and garden', 'Home improvement'],
    402_116_200,
    'Hobbies and activities',
  ),
  cat('6003700426513', 'Japan', 'interests', ['Interests', 'Travel', 'Japan'], 68_310_258, 'Travel'),
  cat(
    '6003629266583',
    'Coffeehouses',
    'interests',
    ['Interests', 'Food and drink', 'Restaurants', 'Coffeehouses'],
    95_004_300,
    'Food and drink',
  ),
];

export const TARGETING_CATEGORIES: Readonly<Record<string, readonly TargetingCategory[]>> = {
  interests: INTERESTS,
  behaviors: [
    cat(
      '6002714895372',
      'All travelers',
      'behaviors',
      ['Travel', 'All travelers'],
      402_661_900,
      undefined,
      'People who are likely to be travelers.',
    ),
    cat(
      '6002714898572',
      'Frequent travelers',
      'behaviors',
      ['Travel', 'Frequent travelers'],
      196_778_030,
      undefined,
      'People who travel often.',
    ),
    cat(
      '6004854404172',
      'Engaged shoppers',
      'behaviors',
      ['Purchase behavior', 'Engaged shoppers'],
      850_004_100,
      undefined,
      'People who clicked a Shop Now button in the past week.',
    ),
    cat(
      '6015559470583',
      'Small business owners',
      'behaviors',
      ['Digital activities', 'Small business owners'],
      88_774_600,
      undefined,
      'People who list themselves as small business owners.',
    ),
    cat(
      '6002764392172',
      'Facebook access (mobile): smartphones and tablets',
      'behaviors',
      ['Mobile device user', 'All mobile devices'],
      2_100_000_000,
    ),
    cat('6019246422583', 'Commuters', 'behaviors', ['Travel', 'Commuters'], 84_551_200, undefined, 'People who commute regularly.'),
  ],
  demographics: [
    cat(
      '6012903320983',
      'College grad',
      'education_statuses',
      ['Demographics', 'Education', 'Education level', 'College grad'],
      420_330_000,
    ),
    cat(
      '6012903299783',
      'High school grad',
      'education_statuses',
      ['Demographics', 'Education', 'Education level', 'High school grad'],
      640_118_000,
    ),
    cat(
      '6012903159383',
      "Master's degree",
      'education_statuses',
      ['Demographics', 'Education', 'Education level', "Master's degree"],
      88_440_000,
    ),
    cat(
      '6002714398172',
      'Married',
      'relationship_statuses',
      ['Demographics', 'Relationship', 'Relationship status', 'Married'],
      510_009_000,
    ),
    cat('6002714398372', 'Single', 'relationship_statuses', ['Demographics', 'Relationship', 'Relationship status', 'Single'], 460_771_000),
  ],
  life_events: [
    cat('6003054185372', 'Recently moved', 'life_events', ['Demographics', 'Life events', 'Recently moved'], 39_440_500),
    cat('6002737124172', 'Newly engaged (3 months)', 'life_events', ['Demographics', 'Life events', 'Newly engaged (3 months)'], 7_704_210),
    cat('6005149512172', 'New job', 'life_events', ['Demographics', 'Life events', 'New job'], 25_331_780),
    cat('6003050226972', 'Upcoming birthday', 'life_events', ['Demographics', 'Life events', 'Upcoming birthday'], 66_880_410),
  ],
  industries: [
    cat(
      '6012901802383',
      'Healthcare and medical services',
      'industries',
      ['Demographics', 'Work', 'Industries', 'Healthcare and medical services'],
      22_418_000,
    ),
    cat(
      '6008888980183',
      'IT and technical services',
      'industries',
      ['Demographics', 'Work', 'Industries', 'IT and technical services'],
      17_330_400,
    ),
    cat('6009003307783', 'Management', 'industries', ['Demographics', 'Work', 'Industries', 'Management'], 33_100_900),
    cat('6008888972183', 'Food and restaurants', 'industries', ['Demographics', 'Work', 'Industries', 'Food and restaurants'], 14_880_700),
  ],
  income: [
    cat(
      '6107813079183',
      'Top 10% of ZIP codes (US)',
      'income',
      ['Demographics', 'Financial', 'Income', 'Top 10% of ZIP codes (US)'],
      22_300_000,
    ),
    cat(
      '6107813551783',
      'Top 10%-25% of ZIP codes (US)',
      'income',
      ['Demographics', 'Financial', 'Income', 'Top 10%-25% of ZIP codes (US)'],
      31_900_000,
    ),
    cat(
      '6107813553183',
      'Top 25%-50% of ZIP codes (US)',
      'income',
      ['Demographics', 'Financial', 'Income', 'Top 25%-50% of ZIP codes (US)'],
      45_200_000,
    ),
  ],
  family_statuses: [
    cat('6023005458383', 'Parents (All)', 'family_statuses', ['Demographics', 'Parents', 'All parents'], 311_000_000),
    cat(
      '6023005570783',
      'Parents with preschoolers (03-05 years)',
      'family_statuses',
      ['Demographics', 'Parents', 'Parents with preschoolers (03-05 years)'],
      56_800_000,
    ),
    cat(
      '6023080302983',
      'Parents with teenagers (13-17 years)',
      'family_statuses',
      ['Demographics', 'Parents', 'Parents with teenagers (13-17 years)'],
      61_000_000,
    ),
  ],
  user_device: [
    cat('6004386044572', 'iPhone 15', 'user_device', ['Mobile device user', 'iPhone 15'], 60_100_000),
    cat('6004383890572', 'Samsung Galaxy S24', 'user_device', ['Mobile device user', 'Samsung Galaxy S24'], 41_700_000),
  ],
  user_os: [
    cat('6004384041172', 'iOS', 'user_os', ['Mobile device user', 'iOS'], 900_000_000),
    cat('6004386010572', 'Android', 'user_os', ['Mobile device user', 'Android'], 2_100_000_000),
  ],
};

export interface CoverageRow {
  id: number;
  name: string;
  coverage: number;
  subtext?: string;
}

export const EDUCATION_SCHOOLS: readonly CoverageRow[] = [
  { name: 'Harvard University', id: 105930651606, coverage: 8_395_398, subtext: 'Cambridge, Massachusetts' },
  { name: 'Stanford University', id: 6192688417, coverage: 1_204_511, subtext: 'Stanford, California' },
  { name: 'University of Michigan', id: 21105780752, coverage: 1_732_900, subtext: 'Ann Arbor, Michigan' },
  { name: 'University of Oxford', id: 20231322981, coverage: 902_114, subtext: 'Oxford, United Kingdom' },
  { name: 'University of Tokyo', id: 109482215744963, coverage: 301_004, subtext: 'Tokyo, Japan' },
];

export const EDUCATION_MAJORS: readonly CoverageRow[] = [
  { name: 'Physics', id: 109279729089828, coverage: 942_491 },
  { name: 'Computer Science', id: 104076956295773, coverage: 4_882_100 },
  { name: 'Business Administration', id: 108170975877442, coverage: 7_210_330 },
  { name: 'Marketing', id: 105625376136397, coverage: 3_004_771 },
];

export const WORK_EMPLOYERS: readonly CoverageRow[] = [
  { name: 'University of Michigan', id: 21105780752, coverage: 17_357 },
  { name: 'Starbucks', id: 22092443056, coverage: 512_440 },
  { name: 'Google', id: 104958162837, coverage: 402_118 },
  { name: 'Self-Employed', id: 107921439227245, coverage: 9_310_006 },
];

export const WORK_POSITIONS: readonly CoverageRow[] = [
  { name: 'Business Analyst', id: 105763692790962, coverage: 282_124 },
  { name: 'Marketing Manager', id: 109542932398298, coverage: 1_450_210 },
  { name: 'Software Engineer', id: 109542932398299, coverage: 2_004_315 },
  { name: 'Dentist', id: 111950152155766, coverage: 210_400 },
];

export interface LocaleRow {
  key: number;
  name: string;
}

export const AD_LOCALES: readonly LocaleRow[] = [
  { key: 6, name: 'English (US)' },
  { key: 24, name: 'English (UK)' },
  { key: 1001, name: 'English (All)' },
  { key: 23, name: 'Spanish' },
  { key: 7, name: 'Spanish (Spain)' },
  { key: 9, name: 'French (France)' },
  { key: 5, name: 'German' },
  { key: 10, name: 'Italian' },
  { key: 11, name: 'Japanese' },
  { key: 16, name: 'Portuguese (Brazil)' },
  { key: 28, name: 'Arabic' },
  { key: 46, name: 'Hindi' },
];

/** Upper-case lead-form locales from the SDK enum (lower/mixed case is accepted too, as observed). */
export const LEADGEN_LOCALES: readonly string[] = [
  'EN_US',
  'EN_GB',
  'ES_ES',
  'ES_LA',
  'FR_FR',
  'DE_DE',
  'IT_IT',
  'PT_BR',
  'PT_PT',
  'NL_NL',
  'PL_PL',
  'TR_TR',
  'RU_RU',
  'AR_AR',
  'HE_IL',
  'HI_IN',
  'ID_ID',
  'JA_JP',
  'KO_KR',
  'ZH_CN',
  'ZH_HK',
  'ZH_TW',
  'TH_TH',
  'VI_VN',
  'SV_SE',
  'DA_DK',
  'NB_NO',
  'FI_FI',
  'CS_CZ',
  'EL_GR',
  'HU_HU',
  'RO_RO',
];
