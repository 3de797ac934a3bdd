// A tiny seeded PRNG (mulberry32) and helpers. The fakes never use Math.random, so the same seed always
// yields the same ids, names and metrics — tests can assert against the seeded state and snapshots stay stable.

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** Float in [min, max). */
  float(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** `count` distinct elements, in a shuffled order. */
  sample<T>(items: readonly T[], count: number): T[];
  /** A string of `length` decimal digits, first digit non-zero. */
  digits(length: number): string;
  /** A string of `length` characters from [A-Za-z0-9]. */
  alnum(length: number): string;
  /** An independent stream derived from this seed and a label, so adding draws in one place does not shift another. */
  fork(label: string): Rng;
}

/** 32-bit FNV-1a; good enough to turn labels into seeds. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    float: (min, max) => min + next() * (max - min),
    chance: (p) => next() < p,
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick() needs a non-empty array');
      return item;
    },
    sample: (items, count) => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = copy[i] as (typeof copy)[number];
        copy[i] = copy[j] as (typeof copy)[number];
        copy[j] = tmp;
      }
      return copy.slice(0, Math.min(count, copy.length));
    },
    digits: (length) => {
      let out = String(1 + Math.floor(next() * 9));
      while (out.length < length) out += String(Math.floor(next() * 10));
      return out;
    },
    alnum: (length) => {
      let out = '';
      while (out.length < length) out += ALNUM[Math.floor(next() * ALNUM.length)];
      return out;
    },
    fork: (label) => createRng(hash32(`${seed}:${label}`)),
  };
  return rng;
}

/**
 * Splits an integer `total` into integer parts proportional to `weights` (largest-remainder method), so the
 * parts always add up to the total — breakdown rows then sum exactly to the unbroken-down row.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  const n = weights.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i] ?? 0;
  const parts: number[] = new Array<number>(n).fill(0);
  if (sum <= 0 || total === 0) return parts;
  // Hot path for insights breakdowns: no sorting, no per-call objects.
  const fractions = new Float64Array(n);
  let assigned = 0;
  for (let i = 0; i < n; i++) {
    const raw = (total * (weights[i] ?? 0)) / sum;
    const whole = Math.floor(raw);
    parts[i] = whole;
    fractions[i] = raw - whole;
    assigned += whole;
  }
  for (let rest = total - assigned; rest > 0; rest--) {
    let best = 0;
    for (let i = 1; i < n; i++) if ((fractions[i] ?? 0) > (fractions[best] ?? 0)) best = i;
    parts[best] = (parts[best] ?? 0) + 1;
    fractions[best] = -1;
  }
  return parts;
}
