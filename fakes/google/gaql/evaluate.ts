// Runs a parsed GAQL query against one customer: validates fields against the FROM resource, requires a finite
// segments.date range when a date segment is selected, aggregates the per-ad/day/device metric facts to the FROM
// resource (and selected segments), drops all-zero segmented rows (Google "Zero metrics"), applies the remaining
// WHERE conditions, ORDER BY and LIMIT, and encodes rows as proto3 JSON (camelCase, int64 as strings).
import { parseIsoDate } from '../../shared/dates.ts';
import type { GoogleCustomer, GoogleDailyMetric, GoogleState } from '../state.ts';
import { duringRange } from './during.ts';
import type { Condition, GaqlQuery, Literal } from './parser.ts';
import { QueryError } from './parser.ts';
import { camelPath, DATE_SEGMENTS, FIELDS, type FieldDef, FROM_RESOURCES, type MetricSums, type RowContext, resourceOf } from './schema.ts';

export interface QueryResult {
  rows: Record<string, unknown>[];
  fieldMask: string;
  totalResultsCount: number;
  summaryRow?: Record<string, unknown>;
}

const ZERO: MetricSums = { impressions: 0, clicks: 0, costMicros: 0, conversions: 0, conversionsValue: 0, allConversions: 0 };

function addFact(into: MetricSums, f: GoogleDailyMetric): void {
  into.impressions += f.impressions;
  into.clicks += f.clicks;
  into.costMicros += f.costMicros;
  into.conversions += f.conversions;
  into.conversionsValue += f.conversionsValue;
  into.allConversions += f.allConversions;
}

type Clause = 'SELECT' | 'WHERE' | 'ORDER BY';

function fieldDef(name: string, clause: Clause, from: string, customer: GoogleCustomer): FieldDef {
  const def = FIELDS.get(name);
  if (!def) throw new QueryError('UNRECOGNIZED_FIELD', `Unrecognized field in the query: '${name}'.`, name);
  const fromDef = FROM_RESOURCES[from];
  if (!fromDef) throw new QueryError('BAD_RESOURCE_TYPE_IN_FROM_CLAUSE', `Error in FROM clause: invalid resource name: '${from}'.`, from);
  if (def.category === 'ATTRIBUTE' && !fromDef.attributed.includes(resourceOf(name))) {
    const code = clause === 'WHERE' ? 'PROHIBITED_RESOURCE_TYPE_IN_WHERE_CLAUSE' : 'PROHIBITED_RESOURCE_TYPE_IN_SELECT_CLAUSE';
    throw new QueryError(
      code,
      `Cannot select or filter on fields from the following resource: '${resourceOf(name)}', since the resource is incompatible with the resource in FROM clause.`,
      name,
    );
  }
  if (def.category === 'METRIC' && !fromDef.metrics) {
    throw new QueryError(
      'PROHIBITED_METRIC_IN_SELECT_OR_WHERE_CLAUSE',
      `Cannot select or filter on the following metrics: '${name.slice(8)}' (could not support requested resources: '${from.toUpperCase()}'), since metric is incompatible with the resource in the FROM clause or other selected segmenting resources.`,
      name,
    );
  }
  if (def.category === 'SEGMENT' && !fromDef.metrics) {
    throw new QueryError(
      'PROHIBITED_SEGMENT_IN_SELECT_OR_WHERE_CLAUSE',
      `Cannot select or filter on the following segments: '${name.slice(9)}' (could not support requested resources: '${from.toUpperCase()}'), since segment is incompatible with the resource in the FROM clause or other selected segmenting resources.`,
      name,
    );
  }
  if ((def.category === 'METRIC' || def.category === 'SEGMENT') && customer.manager) {
    throw new QueryError(
      'REQUESTED_METRICS_FOR_MANAGER',
      'Metrics cannot be requested for a manager account. To retrieve metrics, issue separate requests against each client account under the manager account.',
    );
  }
  return def;
}

const isNumeric = (def: FieldDef): boolean => def.type === 'INT64' || def.type === 'INT32' || def.type === 'DOUBLE';

/** Checks literals up front so a bad enum or date fails even when no row would be compared. */
function validateCondition(cond: Condition, def: FieldDef): void {
  if (cond.op === 'DURING') {
    if (def.type !== 'DATE')
      throw new QueryError('OPERATOR_FIELD_MISMATCH', `The DURING operator cannot be used with field '${cond.field}'.`, cond.field);
    return;
  }
  if (def.repeated && !cond.op.startsWith('CONTAINS') && !cond.op.startsWith('IS')) {
    throw new QueryError(
      'OPERATOR_FIELD_MISMATCH',
      `Repeated field '${cond.field}' only supports CONTAINS ANY/ALL/NONE and IS [NOT] NULL.`,
      cond.field,
    );
  }
  if ((cond.op === 'LIKE' || cond.op === 'NOT LIKE') && def.type !== 'STRING') {
    throw new QueryError('OPERATOR_FIELD_MISMATCH', `The LIKE operator cannot be used with field '${cond.field}'.`, cond.field);
  }
  for (const lit of cond.values) {
    if (def.type === 'DATE' && (lit.kind !== 'string' || parseIsoDate(lit.value) === undefined)) {
      throw new QueryError(
        'INVALID_DATE_FORMAT',
        `Invalid date format for ${cond.field}: '${String(lit.value)}'. Expected 'YYYY-MM-DD'.`,
        String(lit.value),
      );
    }
    if (def.type === 'ENUM' && def.enumValues && !def.enumValues.includes(String(lit.value))) {
      throw new QueryError(
        'BAD_ENUM_CONSTANT',
        `Error in query: unrecognized enum constant for ${cond.field}: '${String(lit.value)}'.`,
        String(lit.value),
      );
    }
    if (isNumeric(def) && Number.isNaN(Number(lit.value))) {
      throw new QueryError(
        'BAD_NUMBER',
        `Error in query: expected a number for ${cond.field}, got '${String(lit.value)}'.`,
        String(lit.value),
      );
    }
  }
}

function compare(def: FieldDef, a: unknown, b: Literal | unknown): number {
  const bv = typeof b === 'object' && b !== null && 'kind' in b ? (b as Literal).value : b;
  if (isNumeric(def)) return Number(a) - Number(bv);
  const as = String(a);
  const bs = String(bv);
  return as < bs ? -1 : as > bs ? 1 : 0;
}

function likeToRegExp(pattern: string): RegExp {
  const source = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${source}$`, 's');
}

function matches(cond: Condition, def: FieldDef, row: RowContext, today: string): boolean {
  const raw = def.get(row);
  const [first, second] = cond.values;
  switch (cond.op) {
    case 'IS NULL':
      return raw === undefined || raw === null || raw === '';
    case 'IS NOT NULL':
      return !(raw === undefined || raw === null || raw === '');
    case 'CONTAINS ANY':
    case 'CONTAINS ALL':
    case 'CONTAINS NONE': {
      const have = Array.isArray(raw)
        ? raw.map((v) => (typeof v === 'object' && v !== null && 'text' in v ? String(v.text) : String(v)))
        : [];
      const want = cond.values.map((v) => String(v.value));
      if (cond.op === 'CONTAINS ANY') return want.some((w) => have.includes(w));
      if (cond.op === 'CONTAINS ALL') return want.every((w) => have.includes(w));
      return !want.some((w) => have.includes(w));
    }
  }
  if (raw === undefined || raw === null) return false;
  switch (cond.op) {
    case '=':
      return compare(def, raw, first) === 0;
    case '!=':
      return compare(def, raw, first) !== 0;
    case '>':
      return compare(def, raw, first) > 0;
    case '>=':
      return compare(def, raw, first) >= 0;
    case '<':
      return compare(def, raw, first) < 0;
    case '<=':
      return compare(def, raw, first) <= 0;
    case 'IN':
      return cond.values.some((v) => compare(def, raw, v) === 0);
    case 'NOT IN':
      return !cond.values.some((v) => compare(def, raw, v) === 0);
    case 'BETWEEN':
      return compare(def, raw, first) >= 0 && compare(def, raw, second) <= 0;
    case 'DURING': {
      const range = duringRange(String(first?.value), today);
      return String(raw) >= range.since && String(raw) <= range.until;
    }
    case 'LIKE':
      return likeToRegExp(String(first?.value)).test(String(raw));
    case 'NOT LIKE':
      return !likeToRegExp(String(first?.value)).test(String(raw));
    case 'REGEXP_MATCH':
      return new RegExp(`^(?:${String(first?.value)})$`).test(String(raw));
    case 'NOT REGEXP_MATCH':
      return !new RegExp(`^(?:${String(first?.value)})$`).test(String(raw));
    default:
      return false;
  }
}

/** True when the segments.date conditions bound the range on both sides. */
function hasFiniteDateRange(conditions: Condition[], today: string): boolean {
  let low = false;
  let high = false;
  for (const c of conditions) {
    if (c.field !== 'segments.date') continue;
    if (c.op === '=' || c.op === 'IN' || c.op === 'BETWEEN') return true;
    if (c.op === 'DURING') {
      duringRange(String(c.values[0]?.value), today);
      return true;
    }
    if (c.op === '>' || c.op === '>=') low = true;
    if (c.op === '<' || c.op === '<=') high = true;
  }
  return low && high;
}

interface Entity {
  key: string;
  context: RowContext;
}

function entitiesFor(state: GoogleState, from: string, customer: GoogleCustomer): Entity[] {
  const id = customer.id;
  const campaigns = new Map(state.campaigns.filter((c) => c.customerId === id).map((c) => [c.id, c]));
  const budgets = new Map(state.budgets.filter((b) => b.customerId === id).map((b) => [b.id, b]));
  const adGroups = new Map(state.adGroups.filter((g) => g.customerId === id).map((g) => [g.id, g]));
  switch (from) {
    case 'customer':
      return [{ key: id, context: { customer } }];
    case 'campaign':
      return [...campaigns.values()].map((campaign) => {
        const context: RowContext = { customer, campaign };
        const budget = budgets.get(campaign.budgetId);
        if (budget) context.budget = budget;
        return { key: campaign.id, context };
      });
    case 'campaign_budget':
      return [...budgets.values()].map((budget) => ({ key: budget.id, context: { customer, budget } }));
    case 'ad_group':
      return [...adGroups.values()].map((adGroup) => {
        const context: RowContext = { customer, adGroup };
        const campaign = campaigns.get(adGroup.campaignId);
        if (campaign) context.campaign = campaign;
        return { key: adGroup.id, context };
      });
    case 'ad_group_ad':
      return state.ads
        .filter((a) => a.customerId === id)
        .map((ad) => {
          const context: RowContext = { customer, ad };
          const adGroup = adGroups.get(ad.adGroupId);
          const campaign = campaigns.get(ad.campaignId);
          if (adGroup) context.adGroup = adGroup;
          if (campaign) context.campaign = campaign;
          return { key: `${ad.adGroupId}~${ad.adId}`, context };
        });
    case 'asset':
      return state.assets.filter((a) => a.customerId === id).map((asset) => ({ key: asset.id, context: { customer, asset } }));
    case 'customer_client': {
      const rows: Entity[] = [{ key: id, context: { customer, client: { customer, level: 0, managerId: id } } }];
      if (customer.manager) {
        for (const client of state.customers.filter((c) => c.managerId === id)) {
          rows.push({ key: client.id, context: { customer, client: { customer: client, level: 1, managerId: id } } });
        }
      }
      return rows;
    }
    default:
      throw new QueryError('BAD_RESOURCE_TYPE_IN_FROM_CLAUSE', `Error in FROM clause: invalid resource name: '${from}'.`, from);
  }
}

function factKey(from: string, f: GoogleDailyMetric, budgetOf: Map<string, string>): string {
  switch (from) {
    case 'customer':
      return f.customerId;
    case 'campaign':
      return f.campaignId;
    case 'campaign_budget':
      return budgetOf.get(f.campaignId) ?? '';
    case 'ad_group':
      return f.adGroupId;
    default:
      return `${f.adGroupId}~${f.adId}`;
  }
}

function encode(def: FieldDef, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => encode({ ...def, repeated: false }, v));
  if (def.type === 'INT64') return String(Math.round(Number(value)));
  if (def.type === 'INT32' || def.type === 'DOUBLE') return Number(value);
  if (typeof value === 'object' && value !== null) return { ...value };
  return value;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const child = node[part];
    if (typeof child !== 'object' || child === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1] as string] = value;
}

function project(row: RowContext, selected: FieldDef[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Google includes the resource name of every selected resource (and of a selected nested ad), first.
  for (const def of selected) {
    if (def.category !== 'ATTRIBUTE') continue;
    const resource = resourceOf(def.name);
    const names = [`${resource}.resource_name`];
    if (def.name.startsWith('ad_group_ad.ad.')) names.push('ad_group_ad.ad.resource_name');
    for (const name of names) {
      const rnDef = FIELDS.get(name);
      const path = camelPath(name.replace(/resource_name$/, 'resourceName'));
      const value = rnDef?.get(row);
      if (value !== undefined && !hasPath(out, path)) setPath(out, path, value);
    }
  }
  for (const def of selected) {
    const value = def.get(row);
    if (value === undefined || value === null) continue;
    setPath(out, camelPath(def.name), encode(def, value));
  }
  return out;
}

function hasPath(target: Record<string, unknown>, path: string): boolean {
  let node: unknown = target;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null || !(part in node)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return true;
}

export function executeQuery(state: GoogleState, customer: GoogleCustomer, query: GaqlQuery, wantSummary: boolean): QueryResult {
  const from = query.from;
  if (!FROM_RESOURCES[from])
    throw new QueryError('BAD_RESOURCE_TYPE_IN_FROM_CLAUSE', `Error in FROM clause: invalid resource name: '${from}'.`, from);
  const selected = query.select.map((f) => fieldDef(f, 'SELECT', from, customer));
  const conditions = query.where.map((c) => ({ cond: c, def: fieldDef(c.field, 'WHERE', from, customer) }));
  const ordering = query.orderBy.map((o) => ({ ...o, def: fieldDef(o.field, 'ORDER BY', from, customer) }));
  for (const { cond, def } of conditions) validateCondition(cond, def);

  const selectedSegments = selected.filter((d) => d.category === 'SEGMENT');
  if (selectedSegments.some((d) => DATE_SEGMENTS.includes(d.name)) && !hasFiniteDateRange(query.where, state.today)) {
    throw new QueryError(
      'EXPECTED_FILTERS_ON_DATE_RANGE',
      'A finite date range filter on segments.date is required in the WHERE clause when a date segment is selected (e.g. segments.date DURING LAST_30_DAYS).',
    );
  }
  const usesMetrics =
    selected.some((d) => d.category !== 'ATTRIBUTE') ||
    conditions.some(({ def }) => def.category !== 'ATTRIBUTE') ||
    ordering.some(({ def }) => def.category !== 'ATTRIBUTE');

  const entities = entitiesFor(state, from, customer);
  const segmentConditions = conditions.filter(({ def }) => def.category === 'SEGMENT');
  const rowConditions = conditions.filter(({ def }) => def.category !== 'SEGMENT');
  let rows: RowContext[];

  if (!usesMetrics) {
    rows = entities.map((e) => e.context);
  } else {
    const budgetOf = new Map(state.campaigns.filter((c) => c.customerId === customer.id).map((c) => [c.id, c.budgetId]));
    const byEntity = new Map(entities.map((e, index) => [e.key, { entity: e, index }]));
    const groups = new Map<string, { row: RowContext; index: number; segmentKey: string }>();
    for (const fact of state.metrics) {
      if (fact.customerId !== customer.id) continue;
      const hit = byEntity.get(factKey(from, fact, budgetOf));
      if (!hit) continue;
      // Segment conditions (dates, device …) filter the facts before aggregation.
      const probe: RowContext = { customer, segments: { date: fact.date, device: fact.device } };
      if (!segmentConditions.every(({ cond, def }) => matches(cond, def, probe, state.today))) continue;
      const segmentKey = selectedSegments.map((d) => String(d.get(probe))).join('|');
      const key = `${hit.entity.key}|${segmentKey}`;
      let group = groups.get(key);
      if (!group) {
        const row: RowContext = { ...hit.entity.context, metrics: { ...ZERO } };
        if (selectedSegments.length > 0) row.segments = { date: fact.date, device: fact.device };
        group = { row, index: hit.index, segmentKey };
        groups.set(key, group);
      }
      addFact(group.row.metrics as MetricSums, fact);
    }
    if (selectedSegments.length > 0) {
      const selectedMetrics = selected.filter((d) => d.category === 'METRIC');
      // "Rows where all selected metrics are zero will not be returned" when segmenting.
      rows = [...groups.values()]
        .filter(({ row }) => selectedMetrics.length === 0 || selectedMetrics.some((d) => Number(d.get(row)) !== 0))
        .sort((a, b) => a.index - b.index || (a.segmentKey < b.segmentKey ? -1 : a.segmentKey > b.segmentKey ? 1 : 0))
        .map(({ row }) => row);
    } else {
      rows = entities.map((e) => groups.get(`${e.key}|`)?.row ?? { ...e.context, metrics: { ...ZERO } });
    }
  }

  rows = rows.filter((row) => rowConditions.every(({ cond, def }) => matches(cond, def, row, state.today)));
  if (ordering.length > 0) {
    rows.sort((a, b) => {
      for (const { def, descending } of ordering) {
        const va = def.get(a);
        const vb = def.get(b);
        if (va === vb) continue;
        if (va === undefined) return 1;
        if (vb === undefined) return -1;
        const c = compare(def, va, vb);
        if (c !== 0) return descending ? -c : c;
      }
      return 0;
    });
  }
  const totalResultsCount = rows.length;
  let summaryRow: Record<string, unknown> | undefined;
  if (wantSummary) {
    const total: MetricSums = { ...ZERO };
    for (const row of rows) if (row.metrics) for (const k of Object.keys(total) as (keyof MetricSums)[]) total[k] += row.metrics[k];
    summaryRow = project(
      { customer, metrics: total },
      selected.filter((d) => d.category === 'METRIC'),
    );
  }
  if (query.limit !== undefined) rows = rows.slice(0, query.limit);
  const result: QueryResult = {
    rows: rows.map((row) => project(row, selected)),
    fieldMask: query.select.map(camelPath).join(','),
    totalResultsCount,
  };
  if (summaryRow) result.summaryRow = summaryRow;
  return result;
}
