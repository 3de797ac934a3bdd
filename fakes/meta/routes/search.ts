// GET /search — Meta's targeting search. Row shapes follow the "Targeting Search" reference table, including
// its quirks: interest/category ids are strings, school/employer/position ids are numbers, locale keys numbers,
// adgeolocationmeta answers an object keyed by location rather than a list.
import type { FakeRequest } from '../../shared/http.ts';
import {
  AD_LOCALES,
  type CoverageRow,
  EDUCATION_MAJORS,
  EDUCATION_SCHOOLS,
  GEO_LOCATIONS,
  INTERESTS,
  TARGETING_CATEGORIES,
  WORK_EMPLOYERS,
  WORK_POSITIONS,
} from '../catalog.ts';
import type { MetaRoute } from '../context.ts';
import { invalidParam } from '../errors.ts';
import { intParam, listParam, stringParam } from '../params.ts';

const TYPES = [
  'adgeolocation',
  'adgeolocationmeta',
  'adinterest',
  'adinterestsuggestion',
  'adinterestvalid',
  'adTargetingCategory',
  'adeducationschool',
  'adeducationmajor',
  'adworkemployer',
  'adworkposition',
  'adlocale',
  'adradiussuggestion',
];
const CLASSES = Object.keys(TARGETING_CATEGORIES);
/** Meta's documented default page size for targeting search. */
const SEARCH_LIMIT = 8;

const matches = (name: string, q: string): boolean => name.toLowerCase().includes(q.toLowerCase());

function requireQ(req: FakeRequest): string {
  const q = stringParam(req, 'q');
  if (q === undefined || q.trim() === '') throw invalidParam('(#100) The parameter q is required');
  return q.trim();
}

function limited<T>(req: FakeRequest, rows: T[]): T[] {
  const limit = intParam(req, 'limit') ?? SEARCH_LIMIT;
  return rows.slice(0, Math.max(0, limit));
}

function coverageSearch(req: FakeRequest, rows: readonly CoverageRow[]): CoverageRow[] {
  const q = requireQ(req);
  return limited(
    req,
    rows.filter((r) => matches(r.name, q)),
  );
}

const search: MetaRoute = {
  method: 'GET',
  pattern: /^\/search$/,
  handler(ctx, req) {
    ctx.authenticate(req);
    const type = stringParam(req, 'type');
    if (!type) throw invalidParam('(#100) The parameter type is required');
    if (!TYPES.includes(type)) throw invalidParam(`(#100) Param type must be one of {${TYPES.join(', ')}}`);
    switch (type) {
      case 'adgeolocation': {
        const q = requireQ(req);
        const types = listParam(req, 'location_types') ?? ['country', 'region', 'city', 'zip', 'geo_market'];
        const countryCode = stringParam(req, 'country_code');
        const regionId = intParam(req, 'region_id');
        const rows = GEO_LOCATIONS.filter(
          (g) =>
            types.includes(g.type) &&
            (matches(g.name, q) || g.key.toLowerCase() === q.toLowerCase()) &&
            (countryCode === undefined || g.country_code === countryCode.toUpperCase()) &&
            (regionId === undefined || g.region_id === regionId),
        );
        return { json: { data: limited(req, rows) } };
      }
      case 'adgeolocationmeta': {
        const out: Record<string, Record<string, unknown>> = {};
        for (const [param, geoType] of [
          ['countries', 'country'],
          ['regions', 'region'],
          ['cities', 'city'],
          ['zips', 'zip'],
        ] as const) {
          const keys = listParam(req, param);
          if (!keys) continue;
          out[param] = Object.fromEntries(
            keys.flatMap((k) => {
              const row = GEO_LOCATIONS.find((g) => g.type === geoType && g.key === k);
              return row ? [[k, row]] : [];
            }),
          );
        }
        return { json: { data: out } };
      }
      case 'adinterest': {
        const q = requireQ(req);
        const rows = INTERESTS.filter((i) => matches(i.name, q)).map(({ type: _type, ...row }) => row);
        return { json: { data: limited(req, rows) } };
      }
      case 'adinterestsuggestion': {
        const names = listParam(req, 'interest_list');
        if (!names || names.length === 0) throw invalidParam('(#100) The parameter interest_list is required');
        const seeds = INTERESTS.filter((i) => names.some((n) => n.toLowerCase() === i.name.toLowerCase()));
        const topics = new Set(seeds.map((s) => s.topic));
        const rows = INTERESTS.filter((i) => topics.has(i.topic) && !seeds.includes(i)).map((i) => ({
          id: i.id,
          name: i.name,
          audience_size_lower_bound: i.audience_size_lower_bound,
          audience_size_upper_bound: i.audience_size_upper_bound,
          path: [],
          description: i.description,
        }));
        return { json: { data: limited(req, rows) } };
      }
      case 'adinterestvalid': {
        const names = listParam(req, 'interest_list') ?? [];
        const ids = listParam(req, 'interest_fbid_list') ?? [];
        if (names.length === 0 && ids.length === 0)
          throw invalidParam('(#100) The parameter interest_list or interest_fbid_list is required');
        const rows = [
          ...names.map((n) => {
            const hit = INTERESTS.find((i) => i.name.toLowerCase() === n.toLowerCase());
            return hit
              ? { name: hit.name, valid: true, id: Number(hit.id), audience_size: hit.audience_size_lower_bound }
              : { name: n, valid: false };
          }),
          ...ids.map((id) => {
            const hit = INTERESTS.find((i) => i.id === id);
            return hit
              ? { name: hit.name, valid: true, id: Number(hit.id), audience_size: hit.audience_size_lower_bound }
              : { id: Number(id), valid: false };
          }),
        ];
        return { json: { data: rows } };
      }
      case 'adTargetingCategory': {
        const cls = stringParam(req, 'class');
        if (!cls) throw invalidParam('(#100) The parameter class is required');
        const rows = TARGETING_CATEGORIES[cls];
        if (!rows) throw invalidParam(`(#100) Param class must be one of {${CLASSES.join(', ')}}`);
        // `q` is ignored for this type; the whole class comes back.
        const limit = intParam(req, 'limit');
        return { json: { data: limit === undefined ? rows : rows.slice(0, limit) } };
      }
      case 'adeducationschool':
        return { json: { data: coverageSearch(req, EDUCATION_SCHOOLS) } };
      case 'adeducationmajor':
        return { json: { data: coverageSearch(req, EDUCATION_MAJORS).map(({ subtext: _s, ...r }) => r) } };
      case 'adworkemployer':
        return { json: { data: coverageSearch(req, WORK_EMPLOYERS) } };
      case 'adworkposition':
        return { json: { data: coverageSearch(req, WORK_POSITIONS) } };
      case 'adlocale': {
        const q = requireQ(req);
        return {
          json: {
            data: limited(
              req,
              AD_LOCALES.filter((l) => matches(l.name, q)),
            ),
          },
        };
      }
      case 'adradiussuggestion': {
        const lat = Number(stringParam(req, 'latitude'));
        const lon = Number(stringParam(req, 'longitude'));
        if (
          Number.isNaN(lat) ||
          Number.isNaN(lon) ||
          stringParam(req, 'latitude') === undefined ||
          stringParam(req, 'longitude') === undefined
        ) {
          throw invalidParam('(#100) The parameters latitude and longitude are required');
        }
        const unit = stringParam(req, 'distance_unit') ?? 'mile';
        return { json: { data: [{ suggested_radius: unit === 'kilometer' ? 16 : 10, distance_unit: unit }] } };
      }
      default:
        throw invalidParam(`(#100) Param type must be one of {${TYPES.join(', ')}}`);
    }
  },
};

export const searchRoutes: MetaRoute[] = [search];
