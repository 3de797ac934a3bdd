// Saved audiences (read-only through the API) and custom audiences (list + create), on the ad account.
// Custom-audience calls count against their own Business Use Case bucket (throttle code 80003).
import type { FakeRequest } from '../../shared/http.ts';
import { ADS_MANAGEMENT_MESSAGE, ADS_READ_MESSAGE, type MetaAuth, requireScope } from '../auth.ts';
import type { MetaContext, MetaRoute, RequestScope } from '../context.ts';
import { invalidParam, MetaApiError, unsupportedRequest } from '../errors.ts';
import { clauseMatches, parseFields, parseFiltering, projectFields } from '../fields.ts';
import { paginate } from '../paging.ts';
import { intParam, jsonParam, objectParam, stringParam } from '../params.ts';
import type { MetaAdAccount, MetaCustomAudience } from '../state.ts';
import { canUseAccount, DEFAULT_FIELDS, KNOWN_FIELDS, type NodeRef, wireOf } from '../store.ts';
import { usableAccount } from './adobjects.ts';

const SUBTYPES = [
  'CUSTOM',
  'WEBSITE',
  'APP',
  'OFFLINE_CONVERSION',
  'CLAIM',
  'PARTNER',
  'MANAGED',
  'VIDEO',
  'LOOKALIKE',
  'ENGAGEMENT',
  'BAG_OF_ACCOUNTS',
  'STUDY_RULE_AUDIENCE',
  'FOX',
  'MEASUREMENT',
  'REGULATED_CATEGORIES_AUDIENCE',
];
const FILE_SOURCES = ['USER_PROVIDED_ONLY', 'PARTNER_PROVIDED_ONLY', 'BOTH_USER_AND_PARTNER_PROVIDED'];

function audienceAccount(ctx: MetaContext, req: FakeRequest, scope: RequestScope, actId: string, auth: MetaAuth): MetaAdAccount {
  const account = ctx.state.adAccounts.find((a) => a.id === actId);
  if (!account || !canUseAccount(auth, account)) throw unsupportedRequest(req.method, actId);
  ctx.useBucket(scope, { id: account.account_id, type: 'custom_audience' });
  return account;
}

function listRefs(ctx: MetaContext, req: FakeRequest, refs: NodeRef[]) {
  const fields = stringParam(req, 'fields');
  const selected = fields === undefined ? undefined : parseFields(fields);
  const filtering = parseFiltering(jsonParam(req, 'filtering'));
  const rows = refs
    .map((ref) => ({ ref, wire: wireOf(ctx.state, ref) }))
    .filter(({ ref, wire }) =>
      filtering.every((clause) => {
        if (!KNOWN_FIELDS[ref.type].includes(clause.field)) throw invalidParam(`(#100) Filtering field ${clause.field} is invalid.`);
        return clauseMatches(clause, wire[clause.field]);
      }),
    );
  const page = paginate(req, rows, (r) => r.ref.obj.id, ctx.baseUrl());
  return { ...page, data: page.data.map((r) => projectFields(r.ref.type, r.wire, selected, DEFAULT_FIELDS[r.ref.type])) };
}

const savedAudiences: MetaRoute = {
  method: 'GET',
  pattern: /^\/(act_\d+)\/saved_audiences$/,
  handler(ctx, req, scope, [actId = '']) {
    const auth = ctx.authenticate(req);
    const account = usableAccount(ctx, req, scope, actId, auth);
    requireScope(auth, ['ads_read', 'ads_management'], ADS_READ_MESSAGE);
    const refs = ctx.state.savedAudiences
      .filter((a) => a.account_id === account.account_id)
      .map((obj) => ({ type: 'saved_audience', obj }) as NodeRef);
    return { json: listRefs(ctx, req, refs) };
  },
};

const customAudiences: MetaRoute = {
  method: 'GET',
  pattern: /^\/(act_\d+)\/customaudiences$/,
  handler(ctx, req, scope, [actId = '']) {
    const auth = ctx.authenticate(req);
    const account = audienceAccount(ctx, req, scope, actId, auth);
    requireScope(auth, ['ads_read', 'ads_management'], ADS_READ_MESSAGE);
    const refs = ctx.state.customAudiences
      .filter((a) => a.account_id === account.account_id)
      .map((obj) => ({ type: 'custom_audience', obj }) as NodeRef);
    return { json: listRefs(ctx, req, refs) };
  },
};

const createCustomAudience: MetaRoute = {
  method: 'POST',
  pattern: /^\/(act_\d+)\/customaudiences$/,
  handler(ctx, req, scope, [actId = '']) {
    const auth = ctx.authenticate(req);
    const account = audienceAccount(ctx, req, scope, actId, auth);
    requireScope(auth, ['ads_management'], ADS_MANAGEMENT_MESSAGE);
    const name = stringParam(req, 'name');
    if (!name || name.trim() === '') throw invalidParam('(#100) The parameter name is required');
    const subtype = stringParam(req, 'subtype') ?? 'CUSTOM';
    if (!SUBTYPES.includes(subtype)) throw invalidParam(`(#100) Param subtype must be one of {${SUBTYPES.join(', ')}}`);
    const source = stringParam(req, 'customer_file_source');
    if (subtype === 'CUSTOM') {
      if (!source) {
        throw new MetaApiError({
          code: 100,
          message: 'Invalid parameter',
          userTitle: 'Customer File Source Required',
          userMsg: 'Customer list audiences must say where the data came from: set customer_file_source.',
        });
      }
      if (!FILE_SOURCES.includes(source))
        throw invalidParam(`(#100) Param customer_file_source must be one of {${FILE_SOURCES.join(', ')}}`);
    }
    if (subtype === 'WEBSITE' && jsonParam(req, 'rule') === undefined) throw invalidParam('(#100) The parameter rule is required');
    // Meta: "any value between 1 and 180 days. Defaults to forever, if not specified."
    const retentionDays = intParam(req, 'retention_days');
    if (retentionDays !== undefined && (retentionDays < 1 || retentionDays > 180)) {
      throw invalidParam('(#100) Param retention_days must be between 1 and 180');
    }
    if (subtype === 'LOOKALIKE') {
      const origin = stringParam(req, 'origin_audience_id');
      const spec = objectParam(req, 'lookalike_spec');
      if (!origin || !spec) throw invalidParam('(#100) Lookalike audiences need origin_audience_id and lookalike_spec');
      if (!ctx.state.customAudiences.some((a) => a.id === origin && a.account_id === account.account_id)) {
        throw invalidParam(`(#100) Param origin_audience_id ${origin} is not an audience of this ad account`);
      }
    }
    const created = Math.floor(ctx.now() / 1000);
    const audience: MetaCustomAudience = {
      id: ctx.newId('2385', 17),
      account_id: account.account_id,
      name,
      subtype,
      approximate_count_lower_bound: -1,
      approximate_count_upper_bound: -1,
      // A fresh audience is still being populated.
      operation_status: { code: 300, description: 'This audience is being populated.' },
      delivery_status: { code: 300, description: 'This audience is too small to deliver ads.' },
      time_created: created,
      time_updated: created,
    };
    const description = stringParam(req, 'description');
    if (description) audience.description = description;
    if (retentionDays !== undefined) audience.retention_days = retentionDays;
    if (source) audience.customer_file_source = source;
    ctx.state.customAudiences.push(audience);
    return { json: { id: audience.id } };
  },
};

export const audienceRoutes: MetaRoute[] = [savedAudiences, customAudiences, createCustomAudience];
