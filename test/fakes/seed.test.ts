import { describe, expect, it } from 'vitest';
import { seedGoogle } from '../../fakes/google/seed.ts';
import { GOOGLE_SEED_IDS } from '../../fakes/index.ts';
import { META_SEED_IDS } from '../../fakes/meta/ids.ts';
import { seedMeta } from '../../fakes/meta/seed.ts';
import { TODAY } from './helpers.ts';

const NOW = Date.parse(`${TODAY}T12:00:00Z`);
const meta = (seed: number, today = TODAY) =>
  seedMeta({
    seed,
    today,
    now: NOW,
    app: { id: 'app', secret: 's', redirectUris: [] },
    seedRedirectUri: null,
    seedCodeTtlMs: 60_000,
    userTokenTtlMs: 60_000,
  });
const google = (seed: number) =>
  seedGoogle({
    seed,
    today: TODAY,
    now: NOW,
    oauthClient: { clientId: 'c', clientSecret: 's', redirectUris: [] },
    seedRedirectUri: null,
    seedCodeTtlMs: 60_000,
    accessTokenTtlMs: 60_000,
  });

describe('seeded sandbox data', () => {
  it('is identical for the same seed and today', () => {
    expect(meta(7)).toEqual(meta(7));
    expect(google(7)).toEqual(google(7));
  });

  it('changes below the fixed skeleton when the seed changes, keeping users, accounts, pages and customers', () => {
    const a = meta(1);
    const b = meta(2);
    expect(a.campaigns.map((c) => c.id)).not.toEqual(b.campaigns.map((c) => c.id));
    expect(a.adAccounts.map((x) => x.id)).toEqual(b.adAccounts.map((x) => x.id));
    expect(a.pages.map((x) => x.id)).toEqual(b.pages.map((x) => x.id));
    expect(google(1).customers.map((c) => c.id)).toEqual(google(2).customers.map((c) => c.id));
  });

  it('gives every Meta user several ad accounts in mixed currencies (one JPY) and at least one page', () => {
    const state = meta(1);
    for (const user of state.users) {
      expect(user.adAccountIds.length).toBeGreaterThanOrEqual(2);
      expect(user.pageIds.length).toBeGreaterThanOrEqual(1);
    }
    const currencies = state.adAccounts.map((a) => a.currency);
    expect(new Set(currencies).size).toBeGreaterThanOrEqual(4);
    expect(currencies.filter((c) => c === 'JPY')).toHaveLength(1);
  });

  it('keeps budgets in minor units: cents for USD, whole yen for JPY', () => {
    const state = meta(1);
    const budgetOf = (act: string) =>
      [
        ...state.campaigns.filter((c) => `act_${c.account_id}` === act).map((c) => c.daily_budget),
        ...state.adSets.filter((s) => `act_${s.account_id}` === act).map((s) => s.daily_budget),
      ]
        .filter((b): b is string => b !== undefined)
        .map(Number);
    const usd = budgetOf(META_SEED_IDS.adAccounts.alexUsd);
    const jpy = budgetOf(META_SEED_IDS.adAccounts.alexJpy);
    expect(usd.every((b) => Number.isInteger(b) && b % 500 === 0)).toBe(true);
    expect(Math.min(...jpy)).toBeGreaterThanOrEqual(1000);
    expect(jpy.every((b) => b % 100 === 0)).toBe(true);
  });

  it('holds 90 days of daily Meta delivery ending today', () => {
    const dates = [...new Set(meta(1).stats.map((s) => s.date))].sort();
    expect(dates).toHaveLength(90);
    expect(dates.at(-1)).toBe(TODAY);
  });

  it('seeds Google with one manager over several clients and cost in micros', () => {
    const state = google(1);
    const manager = state.customers.find((c) => c.id === GOOGLE_SEED_IDS.customers.manager);
    expect(manager?.manager).toBe(true);
    expect(state.customers.filter((c) => c.managerId === manager?.id).length).toBeGreaterThanOrEqual(2);
    expect(state.metrics.every((m) => m.costMicros % 10_000 === 0)).toBe(true);
    expect(state.campaigns.some((c) => c.status === 'REMOVED')).toBe(true);
    expect(state.assets.some((a) => a.type === 'IMAGE')).toBe(true);
  });
});
