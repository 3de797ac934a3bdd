// Builds the Meta sandbox from the fixed skeleton (ids.ts) plus a seeded PRNG: campaigns → ad sets → creatives →
// ads, lead forms, pixels, audiences and 90 days of daily delivery per ad. Same seed + same `today` ⇒ same state.
import { addDays, dateRange, laterDate, metaTime, parseIsoDate } from '../shared/dates.ts';
import { createRng, type Rng } from '../shared/prng.ts';
import { INTERESTS } from './catalog.ts';
import { META_SCOPES_ALL, META_USERS } from './ids.ts';
import {
  currencyOffset,
  type MetaAd,
  type MetaAdAccount,
  type MetaAdSet,
  type MetaCampaign,
  type MetaCreative,
  type MetaDailyStat,
  type MetaLeadForm,
  type MetaPixel,
  type MetaState,
  type ObjectStatus,
} from './state.ts';

export interface MetaSeedOptions {
  seed: number;
  today: string;
  now: number;
  app: { id: string; secret: string; redirectUris: string[] };
  /** Redirect URI the pre-issued codes are bound to; null accepts any. */
  seedRedirectUri: string | null;
  seedCodeTtlMs: number;
  userTokenTtlMs: number;
}

/** How many USD one unit of the currency is roughly worth — scales budgets, CPMs and order values. */
const USD_RATE: Record<string, number> = { USD: 1, EUR: 0.92, GBP: 0.79, BRL: 5.1, INR: 83, JPY: 150 };

const OBJECTIVES = ['OUTCOME_TRAFFIC', 'OUTCOME_LEADS', 'OUTCOME_SALES', 'OUTCOME_AWARENESS', 'OUTCOME_ENGAGEMENT'] as const;

/** Objective → ad set settings, per the reference's matrix. */
const OBJECTIVE_SETTINGS: Record<string, { goals: string[]; destination: string; label: string }> = {
  OUTCOME_TRAFFIC: { goals: ['LINK_CLICKS', 'LANDING_PAGE_VIEWS'], destination: 'WEBSITE', label: 'Traffic' },
  OUTCOME_LEADS: { goals: ['LEAD_GENERATION'], destination: 'ON_AD', label: 'Leads' },
  OUTCOME_SALES: { goals: ['OFFSITE_CONVERSIONS'], destination: 'WEBSITE', label: 'Sales' },
  OUTCOME_AWARENESS: { goals: ['REACH', 'IMPRESSIONS'], destination: 'ON_AD', label: 'Awareness' },
  OUTCOME_ENGAGEMENT: { goals: ['POST_ENGAGEMENT'], destination: 'ON_POST', label: 'Engagement' },
};

const THEMES = [
  'Spring Sale',
  'Summer Launch',
  'Back to School',
  'Black Friday',
  'Holiday Gifts',
  'New Arrivals',
  'Brand Always-On',
  'Retargeting',
  'Lookalike Prospecting',
  'Weekend Promo',
  'Loyalty Members',
  'Clearance',
  'Webinar Signups',
  'Free Consultation',
  'App Relaunch',
  'Local Awareness',
  'Video Views Push',
  'Catalog Sales',
  'Newsletter Growth',
];

const AUDIENCE_LABELS = ['Broad', 'Interests', 'LAL 1%', 'Retargeting 30d', 'Women 25-44', 'Men 18-34', 'Advantage+'];

const CTA_BY_OBJECTIVE: Record<string, string[]> = {
  OUTCOME_TRAFFIC: ['LEARN_MORE', 'SHOP_NOW'],
  OUTCOME_LEADS: ['SIGN_UP', 'GET_QUOTE', 'APPLY_NOW'],
  OUTCOME_SALES: ['SHOP_NOW', 'GET_OFFER'],
  OUTCOME_AWARENESS: ['LEARN_MORE'],
  OUTCOME_ENGAGEMENT: ['LEARN_MORE', 'CONTACT_US'],
};

function uniqueId(rng: Rng, used: Set<string>, prefix: string, length: number): string {
  for (;;) {
    const id = prefix + rng.digits(length - prefix.length).slice(0, length - prefix.length);
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

function money(rng: Rng, currency: string, minMajorUsd: number, maxMajorUsd: number): number {
  const rate = USD_RATE[currency] ?? 1;
  const offset = currencyOffset(currency);
  const major = rng.float(minMajorUsd, maxMajorUsd) * rate;
  // Round like a human would type a budget: 5s for cents currencies, 100s for yen/rupee-sized units.
  const step = rate >= 50 ? 100 : 5;
  return Math.max(step, Math.round(major / step) * step) * offset;
}

export function seedMeta(options: MetaSeedOptions): MetaState {
  const root = createRng(options.seed);
  const used = new Set<string>();
  const { today, now } = options;
  const todayMs = parseIsoDate(today) ?? now;
  const state: MetaState = {
    app: { ...options.app },
    today,
    seed: options.seed,
    users: [],
    adAccounts: [],
    pages: [],
    campaigns: [],
    adSets: [],
    ads: [],
    creatives: [],
    leadForms: [],
    pixels: [],
    savedAudiences: [],
    customAudiences: [],
    stats: [],
    tokens: new Map(),
    codes: new Map(),
    oauth: { deny: false, loginAs: META_USERS[0]?.id ?? '' },
  };

  for (const user of META_USERS) {
    const [first = user.name, last = ''] = user.name.split(' ');
    state.users.push({
      id: user.id,
      name: user.name,
      first_name: first,
      last_name: last,
      email: user.email,
      adAccountIds: user.adAccounts.map((a) => a.id),
      pageIds: user.pages.map((p) => p.id),
      code: user.code,
      accessToken: user.token,
    });
    state.tokens.set(user.token, {
      token: user.token,
      kind: 'user',
      userId: user.id,
      scopes: [...META_SCOPES_ALL],
      issuedAt: now,
      expiresAt: now + options.userTokenTtlMs,
      longLived: true,
    });
    state.codes.set(user.code, {
      code: user.code,
      userId: user.id,
      clientId: options.app.id,
      redirectUri: options.seedRedirectUri,
      scopes: [...META_SCOPES_ALL],
      expiresAt: now + options.seedCodeTtlMs,
      used: false,
    });

    const userRng = root.fork(`user:${user.id}`);
    for (const page of user.pages) {
      state.pages.push({
        id: page.id,
        name: page.name,
        category: page.category,
        access_token: page.token,
        tasks: ['ADVERTISE', 'ANALYZE', 'CREATE_CONTENT', 'MESSAGING', 'MODERATE', 'MANAGE'],
        link: `https://www.facebook.com/${page.id}`,
        fan_count: userRng.int(800, 90_000),
        ...(page.instagramBusinessAccountId ? { instagram_business_account: { id: page.instagramBusinessAccountId } } : {}),
        ownerUserId: user.id,
      });
      // Page tokens obtained from a long-lived user token do not expire (Meta "Long-Lived Access Tokens").
      state.tokens.set(page.token, {
        token: page.token,
        kind: 'page',
        userId: user.id,
        pageId: page.id,
        scopes: [...META_SCOPES_ALL],
        issuedAt: now,
        expiresAt: null,
        longLived: true,
      });
      seedLeadForms(state, userRng.fork(`forms:${page.id}`), used, page.id, todayMs);
    }

    for (const skeleton of user.adAccounts) {
      const rng = root.fork(`account:${skeleton.id}`);
      const account: MetaAdAccount = {
        id: skeleton.id,
        account_id: skeleton.id.slice('act_'.length),
        name: skeleton.name,
        currency: skeleton.currency,
        timezone_name: skeleton.timezone_name,
        timezone_offset_hours_utc: skeleton.timezone_offset_hours_utc,
        account_status: skeleton.account_status,
        disable_reason: skeleton.disable_reason,
        amount_spent: '0',
        balance: String(rng.int(0, 40_000)),
        min_daily_budget: Math.round(1 * (USD_RATE[skeleton.currency] ?? 1) * currencyOffset(skeleton.currency)),
        created_time: metaTime(todayMs - rng.int(400, 1500) * 86_400_000),
        owner: user.id,
        pixelLimit: 5,
      };
      if (skeleton.business) account.business = { ...skeleton.business };
      state.adAccounts.push(account);
      seedAccountContents(
        state,
        rng,
        used,
        account,
        skeleton.campaigns,
        skeleton.markets,
        user.pages.map((p) => p.id),
        today,
      );
    }
  }
  return state;
}

function seedLeadForms(state: MetaState, rng: Rng, used: Set<string>, pageId: string, todayMs: number): void {
  const names = ['Free quote request', 'Newsletter signup', 'Book a consultation', 'Event registration', 'Callback request'];
  for (const name of rng.sample(names, rng.int(2, 4))) {
    const form: MetaLeadForm = {
      id: uniqueId(rng, used, '1', 16),
      page_id: pageId,
      name,
      status: rng.chance(0.8) ? 'ACTIVE' : 'ARCHIVED',
      locale: 'EN_US',
      questions: [
        { key: 'full_name', label: 'Full name', type: 'FULL_NAME', id: uniqueId(rng, used, '3', 16) },
        { key: 'email', label: 'Email', type: 'EMAIL', id: uniqueId(rng, used, '3', 16) },
        ...(rng.chance(0.5) ? [{ key: 'phone_number', label: 'Phone number', type: 'PHONE', id: uniqueId(rng, used, '3', 16) }] : []),
      ],
      privacy_policy_url: 'https://www.example.com/privacy',
      privacy_policy: { url: 'https://www.example.com/privacy', link_text: 'Privacy policy' },
      thank_you_page: {
        id: uniqueId(rng, used, '4', 16),
        title: 'Thanks, you\u2019re all set.',
        body: 'We\u2019ll be in touch soon.',
        button_type: 'VIEW_WEBSITE',
        button_text: 'Visit website',
        website_url: 'https://www.example.com',
      },
      is_optimized_for_quality: rng.chance(0.3),
      leads_count: rng.int(0, 900),
      created_time: metaTime(todayMs - rng.int(20, 300) * 86_400_000),
    };
    state.leadForms.push(form);
  }
}

function seedAccountContents(
  state: MetaState,
  rng: Rng,
  used: Set<string>,
  account: MetaAdAccount,
  campaignCount: number,
  markets: string[],
  pageIds: string[],
  today: string,
): void {
  const todayMs = parseIsoDate(today) ?? 0;
  const currency = account.currency;
  const act = account.account_id;

  const pixels: MetaPixel[] = [];
  for (let i = 0; i < rng.int(1, 2); i++) {
    const id = uniqueId(rng, used, '1', 16);
    pixels.push({
      id,
      account_id: act,
      name: i === 0 ? `${account.name} Pixel` : `${account.name} Pixel (checkout)`,
      code: `<!-- Meta Pixel Code -->\n<script>\n!function(f,b,e,v,n,t,s){/* … */}(window, document,'script','https://connect.facebook.net/en_US/fbevents.js');\nfbq('init', '${id}');\nfbq('track', 'PageView');\n</script>\n<!-- End Meta Pixel Code -->`,
      creation_time: metaTime(todayMs - rng.int(200, 900) * 86_400_000),
      last_fired_time: metaTime(todayMs - rng.int(0, 3) * 86_400_000 - rng.int(0, 86_000) * 1000),
      is_unavailable: false,
    });
  }
  state.pixels.push(...pixels);

  for (let i = 0; i < rng.int(2, 4); i++) {
    const country = rng.pick(markets);
    const lower = rng.int(200, 9000) * 1000;
    state.savedAudiences.push({
      id: uniqueId(rng, used, '2385', 17),
      account_id: act,
      name: `${country} ${rng.pick(['Adults 25-54', 'Outdoor fans', 'Coffee lovers', 'Parents', 'Young professionals'])}`,
      description: 'Saved from Ads Manager',
      targeting: {
        geo_locations: { countries: [country], location_types: ['home', 'recent'] },
        age_min: 25,
        age_max: 54,
        flexible_spec: [{ interests: rng.sample(INTERESTS, 2).map((x) => ({ id: x.id, name: x.name })) }],
      },
      approximate_count_lower_bound: lower,
      approximate_count_upper_bound: Math.round(lower * 1.176),
      time_created: metaTime(todayMs - rng.int(30, 400) * 86_400_000),
      time_updated: metaTime(todayMs - rng.int(0, 29) * 86_400_000),
    });
  }
  const pageName = state.pages.find((p) => p.id === pageIds[0])?.name ?? 'the Page';
  // Website and engagement audiences keep people for `retention_days` (the largest value Meta takes is 180) and,
  // as advertisers usually write one, carry a description; customer lists and lookalikes have neither.
  const subtypes: [string, string, { description: string; retention_days: number } | undefined][] = [
    [
      'WEBSITE',
      'Website visitors 30d',
      { description: `All website visitors in the last 30 days (${pixels[0]?.name ?? 'pixel'})`, retention_days: 30 },
    ],
    ['CUSTOM', 'Customer list 2026', undefined],
    ['LOOKALIKE', 'Lookalike (1%) – Purchasers', undefined],
    ['ENGAGEMENT', 'Page engagers 180d', { description: `People who engaged with ${pageName} in the last 180 days`, retention_days: 180 }],
  ];
  for (const [subtype, name, retained] of rng.sample(subtypes, rng.int(2, 4))) {
    const lower = subtype === 'LOOKALIKE' ? rng.int(1500, 3000) * 1000 : rng.int(1, 200) * 1000;
    const created = Math.floor(todayMs / 1000) - rng.int(30, 500) * 86_400;
    const audience: MetaState['customAudiences'][number] = {
      id: uniqueId(rng, used, '2385', 17),
      account_id: act,
      name,
      subtype,
      approximate_count_lower_bound: lower,
      approximate_count_upper_bound: Math.round(lower * 1.176),
      operation_status: { code: 200, description: 'Normal' },
      delivery_status: { code: 200, description: 'This audience is ready for use.' },
      time_created: created,
      time_updated: created + rng.int(0, 20) * 86_400,
      ...retained,
    };
    if (subtype === 'CUSTOM') audience.customer_file_source = 'USER_PROVIDED_ONLY';
    state.customAudiences.push(audience);
  }

  const forms = state.leadForms.filter((f) => pageIds.includes(f.page_id) && f.status === 'ACTIVE');

  for (let c = 0; c < campaignCount; c++) {
    const objective = c === 0 ? 'OUTCOME_TRAFFIC' : c === 1 ? 'OUTCOME_LEADS' : rng.pick(OBJECTIVES);
    const settings = OBJECTIVE_SETTINGS[objective] ?? { goals: ['LINK_CLICKS'], destination: 'WEBSITE', label: 'Traffic' };
    const ageDays = rng.int(5, 160);
    const createdMs = todayMs - ageDays * 86_400_000 + rng.int(8, 18) * 3_600_000;
    // The oldest campaigns of the big account are archived/deleted, so default listings hide them (as Meta does).
    let status: ObjectStatus = rng.chance(0.72) ? 'ACTIVE' : 'PAUSED';
    // Smaller accounts get the odd archived campaign at random; the big one exactly three, so its counts are stable.
    if (campaignCount >= 20 && c >= campaignCount - 3) status = c === campaignCount - 1 ? 'DELETED' : 'ARCHIVED';
    else if (campaignCount < 20 && rng.chance(0.04)) status = 'ARCHIVED';
    const cbo = rng.chance(0.4);
    const campaign: MetaCampaign = {
      id: uniqueId(rng, used, '12021', 18),
      account_id: act,
      name: `${rng.pick(THEMES)} – ${settings.label} – ${rng.pick(markets)}`,
      objective,
      status,
      buying_type: 'AUCTION',
      special_ad_categories: rng.chance(0.08) ? ['HOUSING'] : [],
      created_time: metaTime(createdMs),
      updated_time: metaTime(createdMs + rng.int(0, ageDays) * 86_400_000),
      start_time: metaTime(createdMs),
    };
    if (campaign.special_ad_categories.length > 0) campaign.special_ad_category_country = [markets[0] ?? 'US'];
    if (cbo) {
      campaign.daily_budget = String(money(rng, currency, 20, 300));
      campaign.bid_strategy = 'LOWEST_COST_WITHOUT_CAP';
    } else {
      campaign.is_adset_budget_sharing_enabled = false;
    }
    state.campaigns.push(campaign);

    const adSetCount = rng.int(1, 3);
    for (let s = 0; s < adSetCount; s++) {
      const country = rng.pick(markets);
      const goal = rng.pick(settings.goals);
      const adSet: MetaAdSet = {
        id: uniqueId(rng, used, '12021', 18),
        account_id: act,
        campaign_id: campaign.id,
        name: `${country} – ${rng.pick(AUDIENCE_LABELS)}`,
        status: rng.chance(0.85) ? 'ACTIVE' : 'PAUSED',
        billing_event: 'IMPRESSIONS',
        optimization_goal: goal,
        bid_strategy: 'LOWEST_COST_WITHOUT_CAP',
        targeting: {
          geo_locations: { countries: [country], location_types: ['home', 'recent'] },
          age_min: rng.pick([18, 21, 25]),
          age_max: rng.pick([45, 54, 65]),
          ...(rng.chance(0.3) ? { genders: [rng.pick([1, 2])] } : {}),
          flexible_spec: [{ interests: rng.sample(INTERESTS, rng.int(1, 3)).map((x) => ({ id: x.id, name: x.name })) }],
          publisher_platforms: ['facebook', 'instagram'],
        },
        destination_type: settings.destination,
        start_time: campaign.start_time,
        created_time: campaign.created_time,
        updated_time: campaign.updated_time,
      };
      if (!cbo) adSet.daily_budget = String(money(rng, currency, 10, 120));
      const pageId = rng.pick(pageIds);
      if (objective === 'OUTCOME_LEADS' || objective === 'OUTCOME_AWARENESS' || objective === 'OUTCOME_ENGAGEMENT') {
        adSet.promoted_object = { page_id: pageId };
      } else if (objective === 'OUTCOME_SALES') {
        adSet.promoted_object = { pixel_id: rng.pick(pixels).id, custom_event_type: 'PURCHASE' };
      }
      if (status === 'ARCHIVED' || status === 'DELETED') adSet.status = status;
      state.adSets.push(adSet);

      const adCount = rng.int(1, 2);
      for (let a = 0; a < adCount; a++) {
        const cta = rng.pick(CTA_BY_OBJECTIVE[objective] ?? ['LEARN_MORE']);
        const imageHash = rng.alnum(32).toLowerCase();
        const link = `https://www.example.com/${
          campaign.name
            .split(' – ')[0]
            ?.toLowerCase()
            .replace(/[^a-z0-9]+/g, '-') ?? 'offer'
        }`;
        const form = objective === 'OUTCOME_LEADS' ? forms.find((f) => f.page_id === pageId) : undefined;
        const creative: MetaCreative = {
          id: uniqueId(rng, used, '12021', 18),
          account_id: act,
          name: `${adSet.name} – Creative ${a + 1}`,
          status: 'ACTIVE',
          object_type: 'SHARE',
          title: `${campaign.name.split(' – ')[0]}: ${rng.pick(['up to 30% off', 'new season', 'book today', 'limited time'])}`,
          body: rng.pick([
            'Gear up for your next adventure.',
            'Fresh picks, delivered fast.',
            'Talk to an expert today — it\u2019s free.',
            'Join thousands of happy customers.',
          ]),
          image_hash: imageHash,
          thumbnail_url: `https://scontent.xx.fbcdn.net/v/t45.1600-4/${rng.digits(9)}_${rng.digits(17)}_n.jpg`,
          call_to_action_type: cta,
          object_story_spec: {
            page_id: pageId,
            link_data: {
              message: 'Gear up for your next adventure.',
              link: form ? 'https://fb.me/' : link,
              name: campaign.name.split(' – ')[0],
              image_hash: imageHash,
              call_to_action: form ? { type: cta, value: { lead_gen_form_id: form.id } } : { type: cta, value: { link } },
            },
          },
        };
        state.creatives.push(creative);
        const ad: MetaAd = {
          id: uniqueId(rng, used, '12021', 18),
          account_id: act,
          campaign_id: campaign.id,
          adset_id: adSet.id,
          name: `${adSet.name} – Ad ${a + 1}`,
          status: adSet.status === 'ARCHIVED' || adSet.status === 'DELETED' ? adSet.status : rng.chance(0.9) ? 'ACTIVE' : 'PAUSED',
          creative: { id: creative.id },
          created_time: campaign.created_time,
          updated_time: campaign.updated_time,
        };
        const roll = rng.next();
        if (roll < 0.04) ad.review = 'DISAPPROVED';
        else if (roll < 0.07) ad.review = 'PENDING_REVIEW';
        else if (roll < 0.09) ad.review = 'WITH_ISSUES';
        state.ads.push(ad);
      }
    }
  }
  seedStats(state, rng.fork('stats'), account, today);
}

/** Daily delivery per ad: budget-driven spend, a CPM/CTR per ad, weekly rhythm, a partial "today". */
function seedStats(state: MetaState, rng: Rng, account: MetaAdAccount, today: string): void {
  const rate = USD_RATE[account.currency] ?? 1;
  const offset = currencyOffset(account.currency);
  const first = addDays(today, -89);
  let accountSpend = 0;
  const campaigns = new Map(state.campaigns.filter((c) => c.account_id === account.account_id).map((c) => [c.id, c]));
  const adSets = new Map(state.adSets.filter((s) => s.account_id === account.account_id).map((s) => [s.id, s]));
  const adsPerSet = new Map<string, number>();
  for (const ad of state.ads) adsPerSet.set(ad.adset_id, (adsPerSet.get(ad.adset_id) ?? 0) + 1);
  const setsPerCampaign = new Map<string, number>();
  for (const s of adSets.values()) setsPerCampaign.set(s.campaign_id, (setsPerCampaign.get(s.campaign_id) ?? 0) + 1);
  for (const ad of state.ads) {
    if (ad.account_id !== account.account_id) continue;
    const adSet = adSets.get(ad.adset_id);
    const campaign = campaigns.get(ad.campaign_id);
    if (!adSet || !campaign) continue;
    const siblings = adsPerSet.get(adSet.id) ?? 1;
    const campaignSets = setsPerCampaign.get(campaign.id) ?? 1;
    const dailyBudget = Number(adSet.daily_budget ?? Number(campaign.daily_budget ?? 0) / Math.max(1, campaignSets));
    const perAd = dailyBudget / Math.max(1, siblings);
    const cpm = rng.float(7, 19) * rate * offset; // minor units per 1000 impressions
    const ctr = rng.float(0.005, 0.025);
    const frequency = rng.float(1.05, 1.6);
    const start = campaign.created_time.slice(0, 10);
    const delivering =
      campaign.status === 'ACTIVE' &&
      adSet.status === 'ACTIVE' &&
      ad.status === 'ACTIVE' &&
      ad.review !== 'DISAPPROVED' &&
      ad.review !== 'PENDING_REVIEW';
    // Objects not delivering now stopped at some point in the past.
    const stop = delivering ? today : addDays(today, -rng.int(3, 60));
    for (const date of dateRange(laterDate(first, start), stop)) {
      const weekdayFactor = [0.85, 1.05, 1.08, 1.04, 1.0, 0.95, 0.88][new Date(`${date}T00:00:00Z`).getUTCDay()] ?? 1;
      const partial = date === today ? 0.4 : 1;
      const spend = Math.round(perAd * rng.float(0.7, 1.02) * weekdayFactor * partial);
      if (spend <= 0) continue;
      const impressions = Math.max(1, Math.round((spend / cpm) * 1000));
      const clicks = Math.round(impressions * ctr * rng.float(0.8, 1.2));
      const linkClicks = Math.round(clicks * rng.float(0.7, 0.9));
      const stat: MetaDailyStat = {
        ad_id: ad.id,
        date,
        impressions,
        reach: Math.max(1, Math.round(impressions / frequency)),
        clicks,
        spend,
        link_clicks: linkClicks,
        landing_page_views: Math.round(linkClicks * rng.float(0.55, 0.8)),
        post_engagement: clicks + Math.round(impressions * rng.float(0.002, 0.008)),
        leads: campaign.objective === 'OUTCOME_LEADS' ? Math.round(clicks * rng.float(0.05, 0.15)) : 0,
        purchases: campaign.objective === 'OUTCOME_SALES' ? Math.round(linkClicks * rng.float(0.01, 0.04)) : 0,
        purchase_value: 0,
      };
      stat.purchase_value = stat.purchases * Math.round(rng.float(35, 120) * rate) * offset;
      accountSpend += spend;
      state.stats.push(stat);
    }
  }
  // Lifetime spend = earlier history + the seeded 90 days.
  account.amount_spent = String(accountSpend + Math.round(rng.float(0, 5) * accountSpend));
}
