// Meta's usage headers (X-App-Usage, X-Ad-Account-Usage, X-Business-Use-Case-Usage) computed from the calls each
// business object received in the last rolling hour, and the Business Use Case throttle that answers 80000/80004
// once a bucket passes 100 %. Quotas follow the Marketing API formulas (standard tier) unless a test overrides them.

export type BucType = 'ads_management' | 'ads_insights' | 'custom_audience' | 'leadgen' | 'pages';

export interface BucKey {
  /** Ad account numeric id or page id — the key Meta uses in X-Business-Use-Case-Usage. */
  id: string;
  type: BucType;
  /** Active ads in the account, used by the quota formulas. */
  activeAds?: number;
}

export interface UsageOptions {
  /** Fixed per-hour quota for every bucket (tests); default: Meta's standard-tier formulas. */
  quotaPerHour?: number;
  now: () => number;
}

const HOUR_MS = 3_600_000;

/** Throttle code per bucket type (Meta "Rate Limits", BUC table). */
export const THROTTLE_CODE: Record<BucType, number> = {
  ads_insights: 80000,
  pages: 80001,
  custom_audience: 80003,
  ads_management: 80004,
  leadgen: 80005,
};

export interface UsageTracker {
  record(key: BucKey): void;
  /** Headers for a response about `key` (or app-only headers without a key). */
  headers(key: BucKey | undefined, forcedFull?: { retryAfterSeconds: number }): Record<string, string>;
  /** Seconds until the bucket drops under 100 %, when it is over. */
  throttled(key: BucKey): number | undefined;
  reset(): void;
}

export function createUsageTracker(options: UsageOptions): UsageTracker {
  const calls = new Map<string, number[]>();
  let appCalls: number[] = [];
  const keyOf = (k: BucKey): string => `${k.type}:${k.id}`;
  const recent = (list: number[]): number[] => {
    const since = options.now() - HOUR_MS;
    return list.filter((t) => t > since);
  };
  const quota = (k: BucKey): number => {
    if (options.quotaPerHour !== undefined) return options.quotaPerHour;
    const ads = k.activeAds ?? 0;
    switch (k.type) {
      case 'ads_management':
        return 300 + 40 * ads;
      case 'ads_insights':
        return 600 + 400 * ads;
      case 'custom_audience':
        return 5000;
      case 'leadgen':
        return 4800;
      case 'pages':
        return 4800;
    }
  };
  const pct = (k: BucKey): number => {
    const list = recent(calls.get(keyOf(k)) ?? []);
    return Math.min(100, Math.round((list.length / quota(k)) * 100));
  };
  const regainSeconds = (k: BucKey): number => {
    const list = recent(calls.get(keyOf(k)) ?? []);
    const over = list.length - quota(k) + 1;
    const oldest = list[Math.max(0, over - 1)] ?? options.now();
    return Math.max(1, Math.ceil((oldest + HOUR_MS - options.now()) / 1000));
  };
  return {
    record(k) {
      const list = recent(calls.get(keyOf(k)) ?? []);
      list.push(options.now());
      calls.set(keyOf(k), list);
      appCalls = recent(appCalls);
      appCalls.push(options.now());
    },
    headers(k, forcedFull) {
      const appPct = forcedFull ? 100 : Math.min(100, Math.round(recent(appCalls).length / 50));
      const headers: Record<string, string> = {
        'x-app-usage': JSON.stringify({ call_count: appPct, total_cputime: Math.round(appPct / 2), total_time: Math.round(appPct / 2) }),
      };
      if (!k) return headers;
      const usage = forcedFull ? 100 : pct(k);
      const regainMinutes = forcedFull ? Math.ceil(forcedFull.retryAfterSeconds / 60) : usage >= 100 ? Math.ceil(regainSeconds(k) / 60) : 0;
      const entry: Record<string, unknown> = {
        type: k.type,
        call_count: usage,
        total_cputime: Math.round(usage / 3),
        total_time: Math.round(usage / 3),
        estimated_time_to_regain_access: regainMinutes,
      };
      if (k.type === 'ads_management' || k.type === 'ads_insights') entry.ads_api_access_tier = 'standard_access';
      headers['x-business-use-case-usage'] = JSON.stringify({ [k.id]: [entry] });
      if (k.type === 'ads_management' || k.type === 'ads_insights') {
        headers['x-ad-account-usage'] = JSON.stringify({
          acc_id_util_pct: usage,
          reset_time_duration: forcedFull ? forcedFull.retryAfterSeconds : usage >= 100 ? regainSeconds(k) : 0,
          ads_api_access_tier: 'standard_access',
        });
      }
      return headers;
    },
    throttled(k) {
      const list = recent(calls.get(keyOf(k)) ?? []);
      return list.length > quota(k) ? regainSeconds(k) : undefined;
    },
    reset() {
      calls.clear();
      appCalls = [];
    },
  };
}
