// Breakdowns split each ad-day's delivery across dimension values with deterministic, per-ad weights shaped by
// the ad set's targeting (age range, genders, countries, platforms). Integer metrics are split with the
// largest-remainder method, so breakdown rows always sum exactly to the unsplit totals.
import { allocate, createRng, hash32 } from '../../shared/prng.ts';
import { invalidParam } from '../errors.ts';
import type { MetaAdSet } from '../state.ts';

export const SUPPORTED_BREAKDOWNS = ['age', 'gender', 'country', 'publisher_platform', 'device_platform', 'impression_device'] as const;
export type Breakdown = (typeof SUPPORTED_BREAKDOWNS)[number];

/** Breakdowns Meta lets you combine (one family per request). */
const FAMILIES: readonly (readonly Breakdown[])[] = [
  ['age', 'gender'],
  ['country'],
  ['publisher_platform', 'device_platform', 'impression_device'],
];

const AGES = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'];
const AGE_BOUNDS: [number, number][] = [
  [18, 24],
  [25, 34],
  [35, 44],
  [45, 54],
  [55, 64],
  [65, 65],
];

export function parseBreakdowns(list: string[] | undefined): Breakdown[] {
  if (!list || list.length === 0) return [];
  list.forEach((b, i) => {
    if (!(SUPPORTED_BREAKDOWNS as readonly string[]).includes(b)) {
      throw invalidParam(`(#100) breakdowns[${i}] must be one of the following values: ${SUPPORTED_BREAKDOWNS.join(', ')}`);
    }
  });
  const chosen = list as Breakdown[];
  if (!FAMILIES.some((family) => chosen.every((b) => family.includes(b)))) {
    throw invalidParam(`(#100) Current combination of data breakdown columns (action_type, ${[...chosen].sort().join(', ')}) is invalid`);
  }
  return chosen;
}

function jitter(key: string, weights: number[]): number[] {
  const rng = createRng(hash32(key));
  return weights.map((w) => (w === 0 ? 0 : w * rng.float(0.75, 1.25)));
}

/** Dimension values and their weights for one ad set. */
function dimension(b: Breakdown, adSet: MetaAdSet | undefined, adId: string): { values: string[]; weights: number[] } {
  const targeting = (adSet?.targeting ?? {}) as Record<string, unknown>;
  switch (b) {
    case 'age': {
      const min = Number(targeting.age_min ?? 18);
      const max = Number(targeting.age_max ?? 65);
      const base = [0.18, 0.3, 0.22, 0.14, 0.1, 0.06];
      const weights = base.map((w, i) => {
        const [lo, hi] = AGE_BOUNDS[i] as [number, number];
        return hi < min || lo > max ? 0 : w;
      });
      return { values: AGES, weights: jitter(`${adId}:age`, weights) };
    }
    case 'gender': {
      const genders = Array.isArray(targeting.genders) ? targeting.genders.map(Number) : [1, 2];
      const weights = [genders.includes(2) ? 0.53 : 0, genders.includes(1) ? 0.45 : 0, 0.02];
      return { values: ['female', 'male', 'unknown'], weights: jitter(`${adId}:gender`, weights) };
    }
    case 'country': {
      const geo = (targeting.geo_locations ?? {}) as { countries?: string[] };
      const countries = geo.countries && geo.countries.length > 0 ? geo.countries : ['US'];
      return {
        values: countries,
        weights: jitter(
          `${adId}:country`,
          countries.map(() => 1),
        ),
      };
    }
    case 'publisher_platform': {
      const platforms = Array.isArray(targeting.publisher_platforms)
        ? (targeting.publisher_platforms as string[])
        : ['facebook', 'instagram', 'audience_network', 'messenger'];
      const base: Record<string, number> = { facebook: 0.55, instagram: 0.38, audience_network: 0.05, messenger: 0.02, threads: 0.01 };
      return {
        values: platforms,
        weights: jitter(
          `${adId}:pp`,
          platforms.map((p) => base[p] ?? 0.01),
        ),
      };
    }
    case 'device_platform':
      return { values: ['mobile_app', 'mobile_web', 'desktop'], weights: jitter(`${adId}:dp`, [0.78, 0.1, 0.12]) };
    case 'impression_device':
      return {
        values: ['iphone', 'android_smartphone', 'ipad', 'android_tablet', 'desktop', 'other'],
        weights: jitter(`${adId}:id`, [0.41, 0.37, 0.05, 0.02, 0.12, 0.03]),
      };
  }
}

export interface Combo {
  values: Record<string, string>;
  weight: number;
  /** Stable key of the values, in breakdown order (used to group rows). */
  key: string;
}

/** Every combination of the requested breakdown values for one ad, with its share of delivery. */
export function combosFor(breakdowns: Breakdown[], adSet: MetaAdSet | undefined, adId: string): Combo[] {
  let combos: Combo[] = [{ values: {}, weight: 1, key: '' }];
  for (const b of breakdowns) {
    const dim = dimension(b, adSet, adId);
    const total = dim.weights.reduce((s, w) => s + w, 0) || 1;
    const next: Combo[] = [];
    for (const combo of combos) {
      dim.values.forEach((value, i) => {
        const w = (dim.weights[i] ?? 0) / total;
        if (w > 0) next.push({ values: { ...combo.values, [b]: value }, weight: combo.weight * w, key: `${combo.key}|${value}` });
      });
    }
    combos = next;
  }
  return combos;
}

/** Splits integer metrics across combos; every part list sums to the original value. */
export function splitMetrics<K extends string>(metrics: Record<K, number>, combos: Combo[]): Record<K, number>[] {
  const weights = combos.map((c) => c.weight);
  const keys = Object.keys(metrics) as K[];
  const parts = combos.map(() => ({}) as Record<K, number>);
  for (const key of keys) {
    const split = allocate(metrics[key], weights);
    split.forEach((value, i) => {
      (parts[i] as Record<K, number>)[key] = value;
    });
  }
  return parts;
}
