// Meta's wire rows → the contract's pass-through shapes (Meta's own field names, only the declared fields, so a
// field Meta adds — a Page's access_token above all — never reaches a response), and our request bodies → Meta's
// parameters (lead forms, targeting search).
import type { components } from '../../../generated/schema.d.ts';
import type { ErrorDetail } from '../../http/errors.ts';
import type { MetaParams } from '../../upstream/meta/client.ts';

type Schemas = components['schemas'];
export type MetaPage = Schemas['MetaPage'];
export type MetaLeadForm = Schemas['MetaLeadForm'];
export type MetaPixel = Schemas['MetaPixel'];
export type MetaSavedAudience = Schemas['MetaSavedAudience'];
export type MetaCustomAudience = Schemas['MetaCustomAudience'];
export type MetaTargetingSearchResult = Schemas['MetaTargetingSearchResult'];
export type CreateMetaLeadFormRequest = Schemas['CreateMetaLeadFormRequest'];
export type SearchMetaTargetingRequest = Schemas['SearchMetaTargetingRequest'];
export type TargetingSearchType = SearchMetaTargetingRequest['type'];

export type Row = Record<string, unknown>;

// ── Field lists Meta is asked for (the operations' descriptions name them) ────────────────────────────────

export const PAGE_FIELDS = ['id', 'name', 'category', 'tasks', 'instagram_business_account'] as const;
/** Only to find a Page's own token; these rows never leave the server. */
export const PAGE_TOKEN_FIELDS = ['id', 'access_token', 'tasks'] as const;
export const LEAD_FORM_FIELDS = [
  'id',
  'name',
  'status',
  'locale',
  'leads_count',
  'created_time',
  'privacy_policy_url',
  'questions',
] as const;
export const PIXEL_FIELDS = ['id', 'name', 'creation_time', 'last_fired_time', 'is_unavailable', 'code'] as const;
export const SAVED_AUDIENCE_FIELDS = [
  'id',
  'name',
  'description',
  'targeting',
  'approximate_count_lower_bound',
  'approximate_count_upper_bound',
  'time_created',
  'time_updated',
] as const;
export const CUSTOM_AUDIENCE_FIELDS = [
  'id',
  'name',
  'subtype',
  'description',
  'approximate_count_lower_bound',
  'approximate_count_upper_bound',
  'retention_days',
  'operation_status',
  'delivery_status',
  'time_created',
  'time_updated',
] as const;

// ── Small readers ────────────────────────────────────────────────────────────────────────────────────────

const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
const int = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isInteger(n) ? n : undefined;
};
/** Meta ids as strings; a JSON-number id is written out in full digits. */
const idOf = (v: unknown): string | undefined => (typeof v === 'number' && Number.isInteger(v) ? BigInt(v).toString() : str(v));
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const obj = (v: unknown): Row | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Row) : undefined);
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);

/** Copies the defined values only, so optional fields Meta left out stay absent. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const status = (v: unknown): { code: number; description?: string } | undefined => {
  const o = obj(v);
  const code = int(o?.code);
  return o && code !== undefined ? defined({ code, description: str(o.description) }) : undefined;
};

// ── Rows → contract shapes ───────────────────────────────────────────────────────────────────────────────

export function mapPage(row: Row): MetaPage {
  const instagram = str(obj(row.instagram_business_account)?.id);
  return defined({
    id: str(row.id) ?? '',
    name: str(row.name) ?? '',
    category: str(row.category),
    tasks: strings(row.tasks),
    instagram_business_account: instagram === undefined ? undefined : { id: instagram },
  });
}

type LeadFormQuestion = NonNullable<MetaLeadForm['questions']>[number];

function mapQuestion(row: Row): LeadFormQuestion {
  const options = Array.isArray(row.options)
    ? row.options
        .map(obj)
        .filter((o): o is Row => o !== undefined)
        .map((o) => ({ key: str(o.key) ?? '', value: str(o.value) ?? '' }))
    : undefined;
  return defined({ id: str(row.id), key: str(row.key), label: str(row.label), type: str(row.type) ?? 'CUSTOM', options });
}

export function mapLeadForm(row: Row): MetaLeadForm {
  return defined({
    id: str(row.id) ?? '',
    name: str(row.name) ?? '',
    status: (str(row.status) ?? 'ACTIVE') as MetaLeadForm['status'],
    locale: str(row.locale),
    leads_count: int(row.leads_count),
    created_time: str(row.created_time),
    privacy_policy_url: str(row.privacy_policy_url),
    questions: Array.isArray(row.questions)
      ? row.questions
          .map(obj)
          .filter((q): q is Row => q !== undefined)
          .map(mapQuestion)
      : undefined,
  });
}

export function mapPixel(row: Row): MetaPixel {
  return defined({
    id: str(row.id) ?? '',
    name: str(row.name) ?? '',
    creation_time: str(row.creation_time),
    last_fired_time: str(row.last_fired_time),
    is_unavailable: bool(row.is_unavailable),
    code: str(row.code),
  });
}

export function mapSavedAudience(row: Row): MetaSavedAudience {
  return defined({
    id: str(row.id) ?? '',
    name: str(row.name) ?? '',
    description: row.description === null ? null : str(row.description),
    targeting: obj(row.targeting),
    approximate_count_lower_bound: int(row.approximate_count_lower_bound),
    approximate_count_upper_bound: int(row.approximate_count_upper_bound),
    time_created: str(row.time_created),
    time_updated: str(row.time_updated),
  });
}

export function mapCustomAudience(row: Row): MetaCustomAudience {
  return defined({
    id: str(row.id) ?? '',
    name: str(row.name) ?? '',
    subtype: str(row.subtype),
    description: row.description === null ? null : str(row.description),
    approximate_count_lower_bound: int(row.approximate_count_lower_bound),
    approximate_count_upper_bound: int(row.approximate_count_upper_bound),
    retention_days: int(row.retention_days),
    operation_status: status(row.operation_status),
    delivery_status: status(row.delivery_status),
    time_created: int(row.time_created),
    time_updated: int(row.time_updated),
  });
}

// ── Lead forms ───────────────────────────────────────────────────────────────────────────────────────────

/** Two questions answering under the same key (an explicit `key`, or the same predefined type twice without one). */
export function duplicateQuestionKeys(questions: CreateMetaLeadFormRequest['questions']): ErrorDetail[] {
  const seen = new Map<string, number>();
  const problems: ErrorDetail[] = [];
  questions.forEach((question, i) => {
    const identity = question.key === undefined ? `type:${question.type}` : `key:${question.key}`;
    const first = seen.get(identity);
    if (first === undefined) {
      seen.set(identity, i);
      return;
    }
    problems.push({
      field: `body.questions[${i}].key`,
      message:
        question.key === undefined
          ? `questions[${first}] is already a ${question.type} question without a key; give one of them a key`
          : `duplicates the key "${question.key}" of questions[${first}]`,
      code: 'uniqueKey',
    });
  });
  return problems;
}

/** Our lead-form body → `POST /{pageId}/leadgen_forms` parameters (Meta's names; objects become JSON strings). */
export function leadFormParams(body: CreateMetaLeadFormRequest): MetaParams {
  const thankYou = body.thankYouPage;
  const params: Record<string, MetaParams[string]> = {
    name: body.name,
    locale: body.locale,
    questions: body.questions.map((q) =>
      defined({
        type: q.type,
        key: q.key,
        label: q.label,
        options: q.options?.map((o) => ({ key: o.key, value: o.value })),
      }),
    ),
    privacy_policy: { url: body.privacyPolicy.url, link_text: body.privacyPolicy.linkText },
    thank_you_page: defined({
      title: thankYou.title,
      body: thankYou.body,
      button_type: thankYou.buttonType,
      button_text: thankYou.buttonText,
      website_url: thankYou.websiteUrl,
      country_code: thankYou.countryCode,
      business_phone_number: thankYou.businessPhoneNumber,
    }),
  };
  if (body.introPage)
    params.context_card = { title: body.introPage.title, style: body.introPage.style, content: [...body.introPage.content] };
  return params;
}

// ── Targeting search ─────────────────────────────────────────────────────────────────────────────────────

/** The one Meta search each type maps to (the operation's table). */
export const TARGETING_SEARCH: Readonly<Record<TargetingSearchType, { type: string; class?: string }>> = {
  location: { type: 'adgeolocation' },
  locale: { type: 'adlocale' },
  interest: { type: 'adinterest' },
  educationSchool: { type: 'adeducationschool' },
  educationMajor: { type: 'adeducationmajor' },
  workEmployer: { type: 'adworkemployer' },
  workPosition: { type: 'adworkposition' },
  behavior: { type: 'adTargetingCategory', class: 'behaviors' },
  familyStatus: { type: 'adTargetingCategory', class: 'family_statuses' },
  lifeEvent: { type: 'adTargetingCategory', class: 'life_events' },
  industry: { type: 'adTargetingCategory', class: 'industries' },
  income: { type: 'adTargetingCategory', class: 'income' },
};

export const DEFAULT_LOCATION_TYPES = ['country', 'region', 'city'] as const;
export const DEFAULT_SEARCH_LIMIT = 25;

export const isCategorySearch = (type: TargetingSearchType): boolean => TARGETING_SEARCH[type].class !== undefined;

/**
 * `GET /search` parameters. Category types list their class whole (Meta ignores `q` there), so they carry neither
 * `q` nor `limit`: Adlyft filters and cuts the list itself (see `filterCategoryOptions`).
 */
export function targetingSearchParams(body: SearchMetaTargetingRequest): MetaParams {
  const search = TARGETING_SEARCH[body.type];
  const limit = body.limit ?? DEFAULT_SEARCH_LIMIT;
  if (search.class !== undefined) return { type: search.type, class: search.class };
  const params: Record<string, MetaParams[string]> = { type: search.type, q: body.query, limit };
  if (body.type === 'location') {
    params.location_types = body.locationTypes ?? [...DEFAULT_LOCATION_TYPES];
    if (body.countryCode) params.country_code = body.countryCode;
  }
  return params;
}

/** Category options whose name or path contains `query` (case-insensitive; all without a query), the first `limit`. */
export function filterCategoryOptions(rows: Row[], query: string | undefined, limit: number): Row[] {
  const needle = query?.toLowerCase();
  const matches = needle
    ? rows.filter((row) =>
        [row.name, ...(Array.isArray(row.path) ? row.path : [])].some((v) => typeof v === 'string' && v.toLowerCase().includes(needle)),
      )
    : rows;
  return matches.slice(0, limit);
}

/** One search row with Meta's field names; ids become strings (education and work ids arrive as JSON numbers). */
export function mapTargetingOption(row: Row): MetaTargetingSearchResult | undefined {
  const name = str(row.name);
  if (name === undefined) return undefined;
  const key = typeof row.key === 'number' && Number.isInteger(row.key) ? row.key : str(row.key);
  const path = strings(row.path);
  return defined({
    id: idOf(row.id),
    key,
    name,
    type: str(row.type),
    country_code: str(row.country_code),
    country_name: str(row.country_name),
    region: str(row.region),
    region_id: int(row.region_id),
    supports_region: bool(row.supports_region),
    supports_city: bool(row.supports_city),
    audience_size_lower_bound: int(row.audience_size_lower_bound),
    audience_size_upper_bound: int(row.audience_size_upper_bound),
    path,
    topic: str(row.topic),
    description: row.description === null ? null : str(row.description),
    coverage: int(row.coverage),
    subtext: str(row.subtext),
  });
}
