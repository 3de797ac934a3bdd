// Builds the Google Ads sandbox from the fixed skeleton plus a seeded PRNG: budgets → campaigns → ad groups →
// responsive ads, an asset library per customer, and 90 days of per-ad, per-device daily metrics in micros.
import { addDays, dateRange, laterDate } from '../shared/dates.ts';
import { createRng, type Rng } from '../shared/prng.ts';
import { GOOGLE_ADS_SCOPE, GOOGLE_CUSTOMERS, GOOGLE_USERS } from './ids.ts';
import type { Device, GoogleAdGroupAd, GoogleAsset, GoogleCampaign, GoogleState } from './state.ts';

export interface GoogleSeedOptions {
  seed: number;
  today: string;
  now: number;
  oauthClient: { clientId: string; clientSecret: string; redirectUris: string[] };
  seedRedirectUri: string | null;
  seedCodeTtlMs: number;
  accessTokenTtlMs: number;
}

const USD_RATE: Record<string, number> = { USD: 1, EUR: 0.92, JPY: 150 };

const COPY: Record<string, { keywords: string[]; headlines: string[]; descriptions: string[]; site: string }> = {
  plumbing: {
    keywords: ['Emergency Plumber', 'Drain Cleaning', 'Water Heater Repair', 'Leak Detection', 'Bathroom Remodel', 'Brand'],
    headlines: [
      '24/7 Emergency Plumbers',
      'Licensed & Insured Pros',
      'Same-Day Service',
      'Upfront Flat-Rate Pricing',
      'Call Acme Plumbing Today',
      'Drain Clogged? We Can Help',
      'Water Heater Experts',
      '5-Star Rated Plumbers',
    ],
    descriptions: [
      'Fast, friendly plumbers at your door in 60 minutes. Book online or call now.',
      'No overtime charges. Satisfaction guaranteed on every job.',
      'Serving Chicagoland since 1998. Free estimates on all repairs.',
    ],
    site: 'https://www.acmeplumbing.example',
  },
  restaurant: {
    keywords: ['Brunch Paris', 'Dinner Reservations', 'Private Events', 'Wine Bar', 'Brand'],
    headlines: [
      'Bistro Paris – Le Marais',
      'Réservez Votre Table',
      'Menu De Saison',
      'Brunch Le Dimanche',
      'Cave À Vins Naturels',
      'Privatisation Possible',
    ],
    descriptions: [
      'Cuisine de saison, produits locaux et vins naturels au cœur du Marais.',
      'Réservation en ligne en 30 secondes. Terrasse chauffée toute l’année.',
    ],
    site: 'https://www.bistroparis.example',
  },
  legal: {
    keywords: ['Personal Injury', 'Brand'],
    headlines: ['Injured? Talk To A Lawyer', 'Free Case Review', 'No Win, No Fee'],
    descriptions: ['Experienced attorneys fighting for you. Call for a free consultation.', 'Over $50M recovered for our clients.'],
    site: 'https://www.northwindlegal.example',
  },
  dental: {
    keywords: ['Whitening', 'Implants', 'Orthodontics', 'Checkup', 'Brand'],
    headlines: [
      'さくら歯科 渋谷',
      '痛くない歯科治療',
      'ホワイトニング 初回割引',
      '土日も診療',
      'Web予約 24時間受付',
      'インプラント無料相談',
    ],
    descriptions: ['渋谷駅徒歩3分。土日も診療、夜20時まで受付。', '経験豊富な歯科医師が丁寧にご説明します。'],
    site: 'https://www.sakura-dental.example',
  },
  agency: { keywords: [], headlines: [], descriptions: [], site: 'https://www.adlyft.example' },
};

const BIDDING = ['MAXIMIZE_CONVERSIONS', 'TARGET_CPA', 'MAXIMIZE_CLICKS', 'MANUAL_CPC', 'TARGET_ROAS'];

function idFactory(rng: Rng, used: Set<string>) {
  return (length: number): string => {
    for (;;) {
      const id = rng.digits(length);
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
  };
}

export function seedGoogle(options: GoogleSeedOptions): GoogleState {
  const root = createRng(options.seed);
  const used = new Set<string>();
  const { today, now } = options;
  const state: GoogleState = {
    oauthClient: { ...options.oauthClient },
    today,
    seed: options.seed,
    users: [],
    customers: [],
    budgets: [],
    campaigns: [],
    adGroups: [],
    ads: [],
    assets: [],
    metrics: [],
    accessTokens: new Map(),
    refreshTokens: new Map(),
    codes: new Map(),
    consents: new Set(),
    oauth: { deny: false, loginAs: GOOGLE_USERS[0]?.id ?? '' },
  };

  for (const user of GOOGLE_USERS) {
    state.users.push({ id: user.id, email: user.email, name: user.name, accessibleCustomerIds: [...user.accessibleCustomerIds] });
    const clientId = options.oauthClient.clientId;
    state.refreshTokens.set(user.refreshToken, {
      token: user.refreshToken,
      userId: user.id,
      clientId,
      scopes: [GOOGLE_ADS_SCOPE],
      revoked: false,
    });
    state.accessTokens.set(user.accessToken, {
      token: user.accessToken,
      userId: user.id,
      clientId,
      scopes: [GOOGLE_ADS_SCOPE],
      expiresAt: now + options.accessTokenTtlMs,
      revoked: false,
      refreshToken: user.refreshToken,
    });
    state.codes.set(user.code, {
      code: user.code,
      userId: user.id,
      clientId,
      redirectUri: options.seedRedirectUri,
      scopes: [GOOGLE_ADS_SCOPE],
      offline: true,
      issueRefreshToken: true,
      expiresAt: now + options.seedCodeTtlMs,
      used: false,
    });
    state.consents.add(`${user.id}|${clientId}`);
  }

  for (const skeleton of GOOGLE_CUSTOMERS) {
    const customer: GoogleState['customers'][number] = {
      id: skeleton.id,
      descriptiveName: skeleton.descriptiveName,
      currencyCode: skeleton.currencyCode,
      timeZone: skeleton.timeZone,
      manager: skeleton.manager,
      testAccount: false,
      status: skeleton.status,
      autoTaggingEnabled: !skeleton.manager,
    };
    if (skeleton.managerId) customer.managerId = skeleton.managerId;
    state.customers.push(customer);
    if (skeleton.manager) continue;
    const rng = root.fork(`customer:${skeleton.id}`);
    const nextId = idFactory(rng, used);
    const copy = COPY[skeleton.business] ?? (COPY.agency as (typeof COPY)[string]);
    const rate = USD_RATE[skeleton.currencyCode] ?? 1;
    seedAssets(state, rng, nextId, skeleton.id, copy);

    for (let c = 0; c < skeleton.campaigns; c++) {
      const channel: GoogleCampaign['advertisingChannelType'] = c === 0 || rng.chance(0.7) ? 'SEARCH' : 'DISPLAY';
      const keyword = copy.keywords[c % Math.max(1, copy.keywords.length)] ?? 'General';
      const budgetId = nextId(11);
      state.budgets.push({
        id: budgetId,
        customerId: skeleton.id,
        name: `Budget – ${keyword} #${c + 1}`,
        amountMicros: Math.round(rng.float(15, 150) * rate) * 1_000_000,
        deliveryMethod: 'STANDARD',
        explicitlyShared: false,
        status: 'ENABLED',
      });
      const status =
        skeleton.status !== 'ENABLED'
          ? 'PAUSED'
          : c === skeleton.campaigns - 1 && c > 2
            ? 'REMOVED'
            : rng.chance(0.75)
              ? 'ENABLED'
              : 'PAUSED';
      const startDate = addDays(today, -rng.int(30, 400));
      const campaign: GoogleCampaign = {
        id: nextId(11),
        customerId: skeleton.id,
        name: `${channel === 'SEARCH' ? 'Search' : 'Display'} – ${keyword}${c >= copy.keywords.length ? ` ${c + 1}` : ''}`,
        status,
        servingStatus: status === 'ENABLED' ? 'SERVING' : 'NONE',
        advertisingChannelType: channel,
        biddingStrategyType: rng.pick(BIDDING),
        budgetId,
        startDate,
      };
      state.campaigns.push(campaign);
      for (let g = 0; g < rng.int(1, 4); g++) {
        const adGroupId = nextId(12);
        const adGroupStatus = campaign.status === 'REMOVED' ? 'REMOVED' : rng.chance(0.85) ? 'ENABLED' : 'PAUSED';
        state.adGroups.push({
          id: adGroupId,
          customerId: skeleton.id,
          campaignId: campaign.id,
          name: `${keyword} – ${rng.pick(['Exact', 'Phrase', 'Broad', 'Local', 'Competitors', 'Remarketing'])}`,
          status: adGroupStatus,
          type: channel === 'SEARCH' ? 'SEARCH_STANDARD' : 'DISPLAY_STANDARD',
          cpcBidMicros: Math.round(rng.float(0.5, 6) * rate * 100) * 10_000,
        });
        for (let a = 0; a < rng.int(1, 3); a++) {
          const headlines = rng
            .sample(copy.headlines, Math.min(copy.headlines.length, rng.int(3, 8)))
            .map((text, i) => (i === 0 && rng.chance(0.3) ? { text, pinnedField: 'HEADLINE_1' } : { text }));
          const ad: GoogleAdGroupAd = {
            customerId: skeleton.id,
            campaignId: campaign.id,
            adGroupId,
            adId: nextId(12),
            status: adGroupStatus === 'REMOVED' ? 'REMOVED' : rng.chance(0.9) ? 'ENABLED' : 'PAUSED',
            adType: channel === 'SEARCH' ? 'RESPONSIVE_SEARCH_AD' : 'RESPONSIVE_DISPLAY_AD',
            finalUrls: [`${copy.site}/${keyword.toLowerCase().replace(/[^a-z0-9]+/g, '-') || 'home'}`],
            headlines,
            descriptions: rng.sample(copy.descriptions, Math.min(copy.descriptions.length, rng.int(2, 4))).map((text) => ({ text })),
            approvalStatus: rng.chance(0.9) ? 'APPROVED' : rng.chance(0.5) ? 'APPROVED_LIMITED' : 'DISAPPROVED',
            reviewStatus: 'REVIEWED',
          };
          state.ads.push(ad);
        }
      }
      seedMetrics(state, rng.fork(`metrics:${campaign.id}`), campaign, rate);
    }
  }
  return state;
}

function seedAssets(state: GoogleState, rng: Rng, nextId: (n: number) => string, customerId: string, copy: (typeof COPY)[string]): void {
  const add = (asset: Omit<GoogleAsset, 'id' | 'customerId'>): void => {
    state.assets.push({ id: nextId(11), customerId, ...asset });
  };
  const sizes: [number, number][] = [
    [1200, 628],
    [1200, 1200],
    [960, 1200],
    [300, 250],
  ];
  for (let i = 0; i < rng.int(3, 6); i++) {
    const [w, h] = rng.pick(sizes);
    add({
      name: `Image ${w}x${h} #${i + 1}`,
      type: 'IMAGE',
      image: {
        url: `https://tpc.googlesyndication.com/simgad/${rng.digits(19)}`,
        widthPixels: w,
        heightPixels: h,
        mimeType: rng.chance(0.7) ? 'IMAGE_JPEG' : 'IMAGE_PNG',
        fileSize: rng.int(40_000, 900_000),
      },
    });
  }
  for (const text of rng.sample(copy.headlines, Math.min(4, copy.headlines.length))) add({ type: 'TEXT', text });
  if (rng.chance(0.7)) {
    add({ name: 'Brand video', type: 'YOUTUBE_VIDEO', youtubeVideoId: rng.alnum(11), youtubeVideoTitle: 'Who we are – 30s' });
  }
  for (const [linkText, path] of [
    ['Contact Us', 'contact'],
    ['Pricing', 'pricing'],
    ['Reviews', 'reviews'],
  ] as const) {
    add({
      type: 'SITELINK',
      finalUrls: [`${copy.site}/${path}`],
      sitelink: { linkText, description1: 'Learn more on our website', description2: 'Fast answers, no obligation' },
    });
  }
  add({ type: 'CALLOUT', calloutText: rng.pick(['Free Estimates', 'Open 7 Days', 'Family Owned', 'Since 1998']) });
}

const DEVICE_SHARE: [Device, number][] = [
  ['MOBILE', 0.62],
  ['DESKTOP', 0.32],
  ['TABLET', 0.06],
];

function seedMetrics(state: GoogleState, rng: Rng, campaign: GoogleCampaign, rate: number): void {
  const budget = state.budgets.find((b) => b.id === campaign.budgetId);
  const ads = state.ads.filter((a) => a.campaignId === campaign.id);
  if (!budget || ads.length === 0) return;
  const today = state.today;
  const first = addDays(today, -89);
  const start = laterDate(campaign.startDate, first);
  // Campaigns that are not serving now stopped some time ago.
  const stop = campaign.status === 'ENABLED' ? today : addDays(today, -rng.int(5, 70));
  const perAd = budget.amountMicros / ads.length;
  const cpc = rng.float(0.8, 4.5) * rate * 1_000_000;
  const ctr = campaign.advertisingChannelType === 'SEARCH' ? rng.float(0.03, 0.09) : rng.float(0.003, 0.009);
  const cvr = rng.float(0.02, 0.12);
  for (const ad of ads) {
    const adFactor = ad.status === 'ENABLED' ? rng.float(0.5, 1.2) : rng.float(0.05, 0.3);
    for (const date of dateRange(start, stop)) {
      const partial = date === today ? 0.4 : 1;
      const spendTarget = perAd * adFactor * rng.float(0.6, 1.05) * partial;
      for (const [device, share] of DEVICE_SHARE) {
        const clicks = Math.round((spendTarget * share) / cpc);
        // A few device-days have impressions but no clicks — real accounts look like that too.
        const impressions = Math.round((clicks + rng.float(0, 3)) / ctr);
        if (impressions === 0) continue;
        const costMicros = Math.round((clicks * cpc * rng.float(0.85, 1.15)) / 10_000) * 10_000;
        const conversions = Math.round(clicks * cvr * rng.float(0.5, 1.5) * 100) / 100;
        state.metrics.push({
          customerId: campaign.customerId,
          campaignId: campaign.id,
          adGroupId: ad.adGroupId,
          adId: ad.adId,
          date,
          device,
          impressions,
          clicks,
          costMicros,
          conversions,
          conversionsValue: Math.round(conversions * rng.float(40, 250) * rate * 100) / 100,
          allConversions: Math.round(conversions * rng.float(1, 1.3) * 100) / 100,
        });
      }
    }
  }
}
