// The campaign request's targeting (camelCase, our vocabulary) → Meta's ad-set `targeting` spec (snake_case, as
// the Marketing API names it). The Graph client sends the object as one JSON-string parameter. Also the rules the
// schema cannot state: `ageMax` not below `ageMin`, and a city radius inside its unit's range.
import type { components } from '../../../generated/schema.d.ts';
import type { ErrorDetail } from '../../http/errors.ts';

export type CampaignTargeting = components['schemas']['MetaCampaignTargeting'];
type GeoLocation = components['schemas']['MetaCampaignGeoLocation'];
type Entity = components['schemas']['MetaCampaignTargetingEntity'];

export const DEFAULT_AGE_MIN = 18;
export const DEFAULT_AGE_MAX = 65;

/** The radius Meta accepts around a city, per unit (reference: 10–50 miles or 17–80 kilometres). */
export const RADIUS_RANGE: Readonly<Record<'mile' | 'kilometer', readonly [number, number]>> = {
  mile: [10, 50],
  kilometer: [17, 80],
};

export type MetaTargetingSpec = Record<string, unknown>;

interface MetaGeo {
  countries?: string[];
  regions?: { key: string }[];
  cities?: { key: string; radius?: number; distance_unit?: string }[];
}

function toMetaGeo(locations: readonly GeoLocation[]): MetaGeo {
  const geo: MetaGeo = {};
  for (const location of locations) {
    if (location.type === 'country') {
      geo.countries = [...(geo.countries ?? []), location.id];
    } else if (location.type === 'region') {
      geo.regions = [...(geo.regions ?? []), { key: location.id }];
    } else {
      const city: { key: string; radius?: number; distance_unit?: string } = { key: location.id };
      if (location.radius !== undefined) {
        city.radius = location.radius;
        city.distance_unit = location.distanceUnit ?? 'mile';
      }
      geo.cities = [...(geo.cities ?? []), city];
    }
  }
  return geo;
}

const entities = (list: readonly Entity[] | undefined): { id: string; name?: string }[] | undefined =>
  list && list.length > 0 ? list.map((e) => (e.name === undefined ? { id: e.id } : { id: e.id, name: e.name })) : undefined;

/** Detailed-targeting lists that go together into one `flexible_spec` entry (a person matching any one qualifies). */
const FLEXIBLE: readonly [keyof CampaignTargeting, string][] = [
  ['interests', 'interests'],
  ['behaviors', 'behaviors'],
  ['lifeEvents', 'life_events'],
  ['industries', 'industries'],
  ['income', 'income'],
  ['familyStatuses', 'family_statuses'],
  ['educationMajors', 'education_majors'],
];

/** Lists that stand on their own at the top level of the spec. */
const TOP_LEVEL_ENTITIES: readonly [keyof CampaignTargeting, string][] = [
  ['educationSchools', 'education_schools'],
  ['workEmployers', 'work_employers'],
  ['workPositions', 'work_positions'],
];

export function toMetaTargeting(targeting: CampaignTargeting, audienceIds: readonly string[] | undefined): MetaTargetingSpec {
  const spec: MetaTargetingSpec = {
    geo_locations: toMetaGeo(targeting.geoLocations),
    age_min: targeting.ageMin ?? DEFAULT_AGE_MIN,
    age_max: targeting.ageMax ?? DEFAULT_AGE_MAX,
  };
  if (targeting.excludedGeoLocations && targeting.excludedGeoLocations.length > 0) {
    spec.excluded_geo_locations = toMetaGeo(targeting.excludedGeoLocations);
  }
  if (targeting.genders) spec.genders = [...targeting.genders];
  if (targeting.locales) spec.locales = [...targeting.locales];
  if (targeting.publisherPlatforms) spec.publisher_platforms = [...targeting.publisherPlatforms];
  if (targeting.relationshipStatuses) spec.relationship_statuses = [...targeting.relationshipStatuses];
  if (targeting.educationStatuses) spec.education_statuses = [...targeting.educationStatuses];
  for (const [from, to] of TOP_LEVEL_ENTITIES) {
    const list = entities(targeting[from] as Entity[] | undefined);
    if (list) spec[to] = list;
  }
  const flexible: Record<string, unknown> = {};
  for (const [from, to] of FLEXIBLE) {
    const list = entities(targeting[from] as Entity[] | undefined);
    if (list) flexible[to] = list;
  }
  if (Object.keys(flexible).length > 0) spec.flexible_spec = [flexible];
  if (audienceIds && audienceIds.length > 0) spec.custom_audiences = audienceIds.map((id) => ({ id }));
  return spec;
}

/** `ageMax` below `ageMin`, or a city radius outside its unit's range: one detail per problem. */
export function targetingProblems(targeting: CampaignTargeting): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const ageMin = targeting.ageMin ?? DEFAULT_AGE_MIN;
  const ageMax = targeting.ageMax ?? DEFAULT_AGE_MAX;
  if (ageMax < ageMin) {
    problems.push({ field: 'body.targeting.ageMax', message: `must not be lower than ageMin (${ageMin})`, code: 'range' });
  }
  const radii = (list: readonly GeoLocation[] | undefined, name: string): void => {
    (list ?? []).forEach((location, i) => {
      if (location.type !== 'city' || location.radius === undefined) return;
      const unit = location.distanceUnit ?? 'mile';
      const [min, max] = RADIUS_RANGE[unit];
      if (location.radius < min || location.radius > max) {
        problems.push({
          field: `body.targeting.${name}[${i}].radius`,
          message: `must be between ${min} and ${max} ${unit === 'mile' ? 'miles' : 'kilometres'}`,
          code: 'range',
        });
      }
    });
  };
  radii(targeting.geoLocations, 'geoLocations');
  radii(targeting.excludedGeoLocations, 'excludedGeoLocations');
  return problems;
}
