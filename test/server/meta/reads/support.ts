// The calls of the Meta read operations, with the contract's comma-separated arrays (`style: form`,
// `explode: false`: `?fields=id,name`), and the assertions the read suites share.
import { expect } from 'vitest';
import type { AdlyftClient } from '../../../../client/index.ts';
import type { operations } from '../../../../generated/schema.d.ts';

type QueryOf<O extends keyof operations> = NonNullable<operations[O]['parameters']['query']>;

/** The contract's array style for every list parameter. */
const commaArrays = { array: { style: 'form', explode: false } } as const;

export const listCampaigns = (client: AdlyftClient, teamId: string, query: QueryOf<'listMetaCampaigns'>) =>
  client.GET('/api/v1/{teamId}/meta/campaigns', { params: { path: { teamId }, query }, querySerializer: commaArrays });

export const listAdSets = (client: AdlyftClient, teamId: string, query: QueryOf<'listMetaAdSets'>) =>
  client.GET('/api/v1/{teamId}/meta/adsets', { params: { path: { teamId }, query }, querySerializer: commaArrays });

export const listAds = (client: AdlyftClient, teamId: string, query: QueryOf<'listMetaAds'>) =>
  client.GET('/api/v1/{teamId}/meta/ads', { params: { path: { teamId }, query }, querySerializer: commaArrays });

export const listAdCreatives = (client: AdlyftClient, teamId: string, query: QueryOf<'listMetaAdCreatives'>) =>
  client.GET('/api/v1/{teamId}/meta/adcreatives', { params: { path: { teamId }, query }, querySerializer: commaArrays });

export const getInsights = (client: AdlyftClient, teamId: string, query: QueryOf<'getMetaInsights'>) =>
  client.GET('/api/v1/{teamId}/meta/insights', { params: { path: { teamId }, query }, querySerializer: commaArrays });

export const updateStatus = (
  client: AdlyftClient,
  teamId: string,
  campaignId: string,
  adAccountId: string,
  status: 'ACTIVE' | 'PAUSED' | 'ARCHIVED' | 'DELETED',
) =>
  client.PATCH('/api/v1/{teamId}/meta/campaign/{campaignId}', {
    params: { path: { teamId, campaignId }, query: { adAccountId } },
    body: { status },
  });

/** The `X-Data-Source` a read answered with. */
export const sourceOf = (result: { response: Response }) => result.response.headers.get('x-data-source');

export function expectSource(result: { response: Response; error?: unknown }, source: 'cache' | 'live'): void {
  expect(result.response.status, JSON.stringify(result.error)).toBe(200);
  expect(sourceOf(result)).toBe(source);
}

/** Deep equality where numbers may differ in the 6th decimal (Meta and Adlyft round ratios independently). */
export function expectCloseRows(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    expect(Math.abs(actual - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1.5e-6 * Math.max(1, Math.abs(expected)));
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length);
    for (const [i, item] of expected.entries()) expectCloseRows((actual as unknown[])[i], item, `${path}[${i}]`);
    return;
  }
  if (typeof expected === 'object' && expected !== null) {
    expect(typeof actual, path).toBe('object');
    expect(Object.keys(actual as object).sort(), `${path} keys`).toEqual(Object.keys(expected).sort());
    for (const [key, value] of Object.entries(expected)) expectCloseRows((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
    return;
  }
  expect(actual, path).toEqual(expected);
}
