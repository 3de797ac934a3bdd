// Ad-object reads and edits: account edges (/act_{id}/campaigns|adsets|ads|adcreatives), parent edges
// (/{campaign}/adsets, /{campaign}/ads, /{adset}/ads) and node verbs (GET/POST/DELETE /{id}). Lists hide
// archived and deleted objects unless effective_status/filtering asks for them, as the real edges do.

import { metaTime } from '../../shared/dates.ts';
import type { FakeRequest } from '../../shared/http.ts';
import { ADS_MANAGEMENT_MESSAGE, ADS_READ_MESSAGE, type MetaAuth, requireScope } from '../auth.ts';
import type { MetaContext, MetaRoute, RequestScope } from '../context.ts';
import { invalidParam, invalidParamForUser, unsupportedRequest } from '../errors.ts';
import { clauseMatches, parseFields, parseFiltering, projectFields } from '../fields.ts';
import { paginate, withSummary } from '../paging.ts';
import { boolParam, intParam, jsonParam, listParam, objectParam, stringParam } from '../params.ts';
import { currencyOffset, type MetaAdAccount, type ObjectStatus } from '../state.ts';
import {
  accountOf,
  canSeePage,
  canUseAccount,
  DEFAULT_FIELDS,
  findNode,
  KNOWN_FIELDS,
  type NodeRef,
  type NodeType,
  wireOf,
} from '../store.ts';

export const EFFECTIVE_STATUSES = [
  'ACTIVE',
  'PAUSED',
  'DELETED',
  'PENDING_REVIEW',
  'DISAPPROVED',
  'PREAPPROVED',
  'PENDING_BILLING_INFO',
  'CAMPAIGN_PAUSED',
  'ARCHIVED',
  'ADSET_PAUSED',
  'IN_PROCESS',
  'WITH_ISSUES',
];

type ListType = 'campaign' | 'adset' | 'ad' | 'adcreative';

const EDGE_TYPE: Record<string, ListType> = { campaigns: 'campaign', adsets: 'adset', ads: 'ad', adcreatives: 'adcreative' };

export function activeAdsIn(ctx: MetaContext, account: MetaAdAccount): number {
  return ctx.state.ads.filter((a) => a.account_id === account.account_id && a.status === 'ACTIVE').length;
}

/** Loads an ad account the token may use, counting the call against its ads_management bucket. */
export function usableAccount(ctx: MetaContext, req: FakeRequest, scope: RequestScope, actId: string, auth: MetaAuth): MetaAdAccount {
  const account = ctx.state.adAccounts.find((a) => a.id === actId);
  if (!account || !canUseAccount(auth, account)) throw unsupportedRequest(req.method, actId);
  ctx.useBucket(scope, { id: account.account_id, type: 'ads_management', activeAds: activeAdsIn(ctx, account) });
  return account;
}

function refsOf(ctx: MetaContext, type: ListType, accountId: string): NodeRef[] {
  const { state } = ctx;
  const list = type === 'campaign' ? state.campaigns : type === 'adset' ? state.adSets : type === 'ad' ? state.ads : state.creatives;
  return list.filter((o) => o.account_id === accountId).map((obj) => ({ type, obj }) as NodeRef);
}

const NOT_KNOWN = Symbol('not-known');

/** Resolves `campaign.id`, `adset.effective_status`, `name` … on a row for `filtering`. */
function filterValue(ctx: MetaContext, ref: NodeRef, wire: Record<string, unknown>, field: string): unknown {
  const dot = field.indexOf('.');
  if (dot < 0) return KNOWN_FIELDS[ref.type].includes(field) ? wire[field] : NOT_KNOWN;
  const prefix = field.slice(0, dot);
  const rest = field.slice(dot + 1);
  if (prefix === ref.type) return KNOWN_FIELDS[ref.type].includes(rest) ? wire[rest] : NOT_KNOWN;
  const parentId = prefix === 'campaign' ? wire.campaign_id : prefix === 'adset' ? wire.adset_id : undefined;
  if (typeof parentId !== 'string') return NOT_KNOWN;
  const parent = findNode(ctx.state, parentId);
  if (!parent) return undefined;
  return KNOWN_FIELDS[parent.type].includes(rest) ? wireOf(ctx.state, parent)[rest] : NOT_KNOWN;
}

function createdKey(ref: NodeRef): string {
  const obj = ref.obj as { created_time?: string; id: string };
  return `${obj.created_time ?? ''}|${obj.id.padStart(20, '0')}`;
}

/** Filters, orders (newest first), projects and pages one list edge. */
export function listEdge(ctx: MetaContext, req: FakeRequest, refs: NodeRef[]): Record<string, unknown> {
  const fields = stringParam(req, 'fields');
  const selected = fields === undefined ? undefined : parseFields(fields);
  const statuses = listParam(req, 'effective_status');
  if (statuses) {
    statuses.forEach((s, i) => {
      if (!EFFECTIVE_STATUSES.includes(s)) {
        throw invalidParam(`(#100) Param effective_status[${i}] must be one of {${EFFECTIVE_STATUSES.join(', ')}}`);
      }
    });
  }
  const filtering = parseFiltering(jsonParam(req, 'filtering'));
  const filtersOnStatus = filtering.some((c) => c.field.endsWith('effective_status') || c.field.endsWith('status'));
  const rows = refs
    .map((ref) => ({ ref, wire: wireOf(ctx.state, ref) }))
    .filter(({ ref, wire }) => {
      const effective = String(wire.effective_status ?? wire.status ?? 'ACTIVE');
      if (statuses) {
        if (!statuses.includes(effective)) return false;
      } else if (!filtersOnStatus && (effective === 'ARCHIVED' || effective === 'DELETED')) {
        return false;
      }
      return filtering.every((clause) => {
        const value = filterValue(ctx, ref, wire, clause.field);
        if (value === NOT_KNOWN) throw invalidParam(`(#100) Filtering field ${clause.field} is invalid.`);
        return clauseMatches(clause, value);
      });
    })
    .sort((a, b) => (createdKey(a.ref) < createdKey(b.ref) ? 1 : -1));
  const page = paginate(req, rows, (r) => r.ref.obj.id, ctx.baseUrl());
  const withData = { ...page, data: page.data.map((r) => projectFields(r.ref.type, r.wire, selected, DEFAULT_FIELDS[r.ref.type])) };
  return withSummary(req, withData, rows.length) as unknown as Record<string, unknown>;
}

const accountEdge: MetaRoute = {
  method: 'GET',
  pattern: /^\/(act_\d+)\/(campaigns|adsets|ads|adcreatives)$/,
  handler(ctx, req, scope, [actId = '', edge = '']) {
    const auth = ctx.authenticate(req);
    const account = usableAccount(ctx, req, scope, actId, auth);
    requireScope(auth, ['ads_read', 'ads_management'], ADS_READ_MESSAGE);
    const type = EDGE_TYPE[edge] as ListType;
    return { json: listEdge(ctx, req, refsOf(ctx, type, account.account_id)) };
  },
};

const parentEdge: MetaRoute = {
  method: 'GET',
  pattern: /^\/(\d+)\/(adsets|ads)$/,
  handler(ctx, req, scope, [id = '', edge = '']) {
    const auth = ctx.authenticate(req);
    const parent = findNode(ctx.state, id);
    if (!parent || (parent.type !== 'campaign' && parent.type !== 'adset') || (parent.type === 'adset' && edge === 'adsets')) {
      throw unsupportedRequest(req.method, id);
    }
    const account = accountOf(ctx.state, parent);
    if (!account) throw unsupportedRequest(req.method, id);
    usableAccount(ctx, req, scope, account.id, auth);
    requireScope(auth, ['ads_read', 'ads_management'], ADS_READ_MESSAGE);
    const type = EDGE_TYPE[edge] as ListType;
    const key = parent.type === 'campaign' ? 'campaign_id' : 'adset_id';
    const refs = refsOf(ctx, type, account.account_id).filter((r) => (r.obj as unknown as Record<string, unknown>)[key] === id);
    return { json: listEdge(ctx, req, refs) };
  },
};

/** Checks the token may see a node; counts ad-object reads against the account bucket. */
function authorizeNode(ctx: MetaContext, req: FakeRequest, scope: RequestScope, auth: MetaAuth, ref: NodeRef, id: string): void {
  const account = accountOf(ctx.state, ref);
  if (account) {
    usableAccount(ctx, req, scope, account.id, auth);
    requireScope(auth, ['ads_read', 'ads_management'], ADS_READ_MESSAGE);
    return;
  }
  if (ref.type === 'page') return; // public node; the access_token field is filtered below
  if (ref.type === 'leadgen_form') {
    const page = ctx.state.pages.find((p) => p.id === ref.obj.page_id);
    if (!page || !canSeePage(auth, page)) throw unsupportedRequest(req.method, id);
    return;
  }
  if (ref.type === 'user' && auth.user?.id === ref.obj.id) return;
  throw unsupportedRequest(req.method, id);
}

const getNode: MetaRoute = {
  method: 'GET',
  pattern: /^\/(act_\d+|\d+)$/,
  handler(ctx, req, scope, [id = '']) {
    const auth = ctx.authenticate(req);
    const ref = findNode(ctx.state, id);
    if (!ref) throw unsupportedRequest(req.method, id);
    authorizeNode(ctx, req, scope, auth, ref, id);
    const fields = stringParam(req, 'fields');
    const wire = wireOf(ctx.state, ref);
    if (ref.type === 'page' && !canSeePage(auth, ref.obj)) delete wire.access_token;
    const defaults = ref.type === 'page' ? ['name', 'id'] : DEFAULT_FIELDS[ref.type];
    return { json: projectFields(ref.type, wire, fields === undefined ? undefined : parseFields(fields), defaults) };
  },
};

const STATUSES: ObjectStatus[] = ['ACTIVE', 'PAUSED', 'DELETED', 'ARCHIVED'];

function validateOnly(req: FakeRequest): boolean {
  const options = listParam(req, 'execution_options');
  return options?.includes('validate_only') ?? false;
}

/** Budgets are integers in the account currency's minor unit and must clear the account minimum. */
export function checkBudget(account: MetaAdAccount, name: string, value: number | undefined): void {
  if (value === undefined) return;
  if (value <= 0) throw invalidParam(`(#100) Param ${name} must be a positive integer`);
  if (value < account.min_daily_budget && name === 'daily_budget') {
    const offset = currencyOffset(account.currency);
    const min = offset === 1 ? String(account.min_daily_budget) : (account.min_daily_budget / offset).toFixed(2);
    throw invalidParamForUser(
      1885272,
      'Your Budget Is Too Low',
      `The minimum budget for this ad set is ${account.currency} ${min}. Please choose a higher budget.`,
    );
  }
}

/** Deleting a campaign or ad set deletes what is under it (effective statuses follow automatically). */
function cascadeDelete(ctx: MetaContext, ref: NodeRef, when: string): void {
  if (ref.type === 'campaign') {
    for (const s of ctx.state.adSets) if (s.campaign_id === ref.obj.id) Object.assign(s, { status: 'DELETED', updated_time: when });
    for (const a of ctx.state.ads) if (a.campaign_id === ref.obj.id) Object.assign(a, { status: 'DELETED', updated_time: when });
  }
  if (ref.type === 'adset') {
    for (const a of ctx.state.ads) if (a.adset_id === ref.obj.id) Object.assign(a, { status: 'DELETED', updated_time: when });
  }
}

const EDITABLE: Partial<Record<NodeType, readonly string[]>> = {
  campaign: ['status', 'name', 'daily_budget', 'lifetime_budget', 'spend_cap', 'bid_strategy', 'stop_time'],
  adset: ['status', 'name', 'daily_budget', 'lifetime_budget', 'bid_amount', 'end_time', 'targeting', 'optimization_goal'],
  ad: ['status', 'name', 'creative'],
  adcreative: ['name', 'status'],
  leadgen_form: ['status'],
  adspixel: ['name'],
  custom_audience: ['name', 'description', 'retention_days'],
};

const updateNode: MetaRoute = {
  method: 'POST',
  pattern: /^\/(\d+)$/,
  handler(ctx, req, scope, [id = '']) {
    const auth = ctx.authenticate(req);
    const ref = findNode(ctx.state, id);
    const editable = ref ? EDITABLE[ref.type] : undefined;
    if (!ref || !editable) throw unsupportedRequest(req.method, id);
    authorizeNode(ctx, req, scope, auth, ref, id);
    if (ref.type !== 'leadgen_form') requireScope(auth, ['ads_management'], ADS_MANAGEMENT_MESSAGE);
    const obj = ref.obj as unknown as Record<string, unknown>;
    if (obj.status === 'DELETED') {
      throw invalidParamForUser(1487056, 'Object Deleted', `The object with ID ${id} has been deleted, so it can't be edited.`);
    }
    const changes: Record<string, unknown> = {};
    const status = stringParam(req, 'status');
    if (status !== undefined) {
      const allowed = ref.type === 'leadgen_form' ? ['ACTIVE', 'ARCHIVED'] : STATUSES;
      if (!allowed.includes(status as ObjectStatus)) throw invalidParam(`(#100) Param status must be one of {${allowed.join(', ')}}`);
      changes.status = status;
    }
    const name = stringParam(req, 'name');
    if (name !== undefined) {
      if (name.trim() === '') throw invalidParam('(#100) Param name must be a non-empty string');
      changes.name = name;
    }
    const account = accountOf(ctx.state, ref);
    for (const budget of ['daily_budget', 'lifetime_budget'] as const) {
      if (!editable.includes(budget)) continue;
      const value = intParam(req, budget);
      if (value === undefined) continue;
      if (account) checkBudget(account, budget, value);
      changes[budget] = String(value);
    }
    if (editable.includes('targeting')) {
      const targeting = objectParam(req, 'targeting');
      if (targeting) changes.targeting = targeting;
    }
    if (editable.includes('bid_amount')) {
      const bid = intParam(req, 'bid_amount');
      if (bid !== undefined) changes.bid_amount = bid;
    }
    if (editable.includes('description')) {
      const description = stringParam(req, 'description');
      if (description !== undefined) changes.description = description;
    }
    if (editable.includes('retention_days')) {
      const days = intParam(req, 'retention_days');
      if (days !== undefined && (days < 1 || days > 180)) throw invalidParam('(#100) Param retention_days must be between 1 and 180');
      if (days !== undefined) changes.retention_days = days;
    }
    if (Object.keys(changes).length === 0) {
      throw invalidParam(`(#100) No valid fields to update. Updatable fields: ${editable.join(', ')}`);
    }
    if (validateOnly(req)) return { json: { success: true } };
    const when = metaTime(ctx.now());
    Object.assign(obj, changes);
    if ('updated_time' in obj) obj.updated_time = when;
    if (changes.status === 'DELETED') cascadeDelete(ctx, ref, when);
    return { json: { success: true } };
  },
};

const deleteNode: MetaRoute = {
  method: 'DELETE',
  pattern: /^\/(\d+)$/,
  handler(ctx, req, scope, [id = '']) {
    const auth = ctx.authenticate(req);
    const ref = findNode(ctx.state, id);
    const deletable: NodeType[] = ['campaign', 'adset', 'ad', 'adcreative', 'custom_audience'];
    if (!ref || !deletable.includes(ref.type)) throw unsupportedRequest(req.method, id);
    authorizeNode(ctx, req, scope, auth, ref, id);
    requireScope(auth, ['ads_management'], ADS_MANAGEMENT_MESSAGE);
    const when = metaTime(ctx.now());
    if (ref.type === 'custom_audience') {
      ctx.state.customAudiences = ctx.state.customAudiences.filter((a) => a.id !== id);
      return { json: { success: true } };
    }
    const obj = ref.obj as unknown as Record<string, unknown>;
    obj.status = 'DELETED';
    if ('updated_time' in obj) obj.updated_time = when;
    cascadeDelete(ctx, ref, when);
    return { json: { success: true } };
  },
};

// boolParam is re-exported for the create routes, which share these helpers.
export { boolParam, validateOnly };
export const adObjectRoutes: MetaRoute[] = [accountEdge, parentEdge, getNode, updateNode, deleteNode];
