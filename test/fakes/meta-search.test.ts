import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMeta, META_SEED_IDS, startFakeMeta } from '../../fakes/index.ts';
import { graphGet, type Json, TODAY } from './helpers.ts';

const token = META_SEED_IDS.users.alex.accessToken;
let fake: FakeMeta;

beforeAll(async () => {
  fake = await startFakeMeta({ today: TODAY });
});
afterAll(() => fake.close());

const search = (params: Record<string, unknown>) => graphGet(fake.graphUrl, '/search', { access_token: token, ...params });

describe('Meta targeting search', () => {
  it('finds cities with adgeolocation and location_types', async () => {
    const res = await search({ type: 'adgeolocation', q: 'new york', location_types: ['city'] });
    expect(res.body.data).toEqual([
      expect.objectContaining({ key: '2490299', name: 'New York', type: 'city', country_code: 'US', region_id: 3875 }),
    ]);
  });

  it('finds interests with string ids and audience size bounds', async () => {
    const res = await search({ type: 'adinterest', q: 'coffee' });
    expect(res.body.data[0]).toEqual(
      expect.objectContaining({
        id: '6003020834693',
        name: 'Coffee',
        audience_size_lower_bound: expect.any(Number),
        audience_size_upper_bound: expect.any(Number),
        path: expect.any(Array),
      }),
    );
  });

  it('suggests related interests with adinterestsuggestion', async () => {
    const res = await search({ type: 'adinterestsuggestion', interest_list: ['Basketball'] });
    expect(res.body.data.map((r: Json) => r.name)).toContain('Rugby football');
    expect(res.body.data.map((r: Json) => r.name)).not.toContain('Basketball');
  });

  it('lists a whole targeting class with adTargetingCategory (q is ignored)', async () => {
    const res = await search({ type: 'adTargetingCategory', class: 'behaviors', q: 'ignored' });
    expect(res.body.data.length).toBeGreaterThan(3);
    expect(res.body.data[0]).toMatchObject({ id: expect.any(String), type: 'behaviors', path: expect.any(Array) });
  });

  it('answers numeric ids for schools, majors, employers and positions, and numeric locale keys', async () => {
    const [school, major, employer, position, locale] = await Promise.all([
      search({ type: 'adeducationschool', q: 'harvard' }),
      search({ type: 'adeducationmajor', q: 'physics' }),
      search({ type: 'adworkemployer', q: 'starbucks' }),
      search({ type: 'adworkposition', q: 'analyst' }),
      search({ type: 'adlocale', q: 'english' }),
    ]);
    expect(school.body.data[0]).toEqual({
      name: 'Harvard University',
      id: 105930651606,
      coverage: 8395398,
      subtext: 'Cambridge, Massachusetts',
    });
    expect(typeof major.body.data[0].id).toBe('number');
    expect(typeof employer.body.data[0].id).toBe('number');
    expect(typeof position.body.data[0].id).toBe('number');
    expect(locale.body.data[0]).toEqual({ key: 6, name: 'English (US)' });
  });

  it('limits results to 8 by default and honours limit', async () => {
    const all = await search({ type: 'adgeolocation', q: 'a' });
    expect(all.body.data.length).toBe(8);
    const two = await search({ type: 'adgeolocation', q: 'a', limit: '2' });
    expect(two.body.data.length).toBe(2);
  });

  it('answers (#100) for a missing or unknown type and a missing q', async () => {
    expect((await search({})).body.error).toMatchObject({ code: 100, message: '(#100) The parameter type is required' });
    expect((await search({ type: 'adpets' })).body.error.message).toMatch(/^\(#100\) Param type must be one of/);
    expect((await search({ type: 'adinterest' })).body.error.message).toBe('(#100) The parameter q is required');
  });
});
