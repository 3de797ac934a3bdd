// Lead-gen forms live on a Page and need that Page's own access token (from /me/accounts): a user token gets
// (#190) "This method must be called with a Page Access Token", another Page's token a (#200) permissions error.

import { metaTime } from '../../shared/dates.ts';
import type { FakeRequest } from '../../shared/http.ts';
import type { MetaAuth } from '../auth.ts';
import { LEADGEN_LOCALES } from '../catalog.ts';
import type { MetaContext, MetaRoute, RequestScope } from '../context.ts';
import { invalidParam, MetaApiError, unsupportedRequest } from '../errors.ts';
import { parseFields, projectFields } from '../fields.ts';
import { paginate } from '../paging.ts';
import { boolParam, jsonParam, objectParam, stringParam } from '../params.ts';
import type { MetaLeadForm, MetaPage } from '../state.ts';
import { DEFAULT_FIELDS, wireOf } from '../store.ts';

export const QUESTION_TYPES = [
  'CUSTOM',
  'CITY',
  'COMPANY_NAME',
  'COUNTRY',
  'DOB',
  'EMAIL',
  'GENDER',
  'FIRST_NAME',
  'FULL_NAME',
  'JOB_TITLE',
  'LAST_NAME',
  'MARITIAL_STATUS',
  'WHATSAPP_NUMBER',
  'EDUCATION_LEVEL',
  'WEBSITE',
  'PHONE',
  'PHONE_OTP',
  'POST_CODE',
  'PROVINCE',
  'RELATIONSHIP_STATUS',
  'STATE',
  'STREET_ADDRESS',
  'ZIP',
  'WORK_EMAIL',
  'MILITARY_STATUS',
  'WORK_PHONE_NUMBER',
  'DATE_TIME',
  'STORE_LOOKUP',
];
const BUTTON_TYPES = [
  'VIEW_WEBSITE',
  'CALL_BUSINESS',
  'MESSAGE_BUSINESS',
  'DOWNLOAD',
  'SCHEDULE_APPOINTMENT',
  'VIEW_ON_FACEBOOK',
  'PROMO_CODE',
  'NONE',
  'WHATSAPP',
];

function pageForForms(ctx: MetaContext, req: FakeRequest, scope: RequestScope, pageId: string, auth: MetaAuth): MetaPage {
  const page = ctx.state.pages.find((p) => p.id === pageId);
  if (!page) throw unsupportedRequest(req.method, pageId);
  if (auth.token.kind !== 'page') {
    throw new MetaApiError({ code: 190, message: '(#190) This method must be called with a Page Access Token' });
  }
  if (auth.page?.id !== page.id) {
    throw new MetaApiError({ code: 200, message: '(#200) The Page access token does not belong to this Page' });
  }
  ctx.useBucket(scope, { id: page.id, type: 'pages' });
  return page;
}

const listForms: MetaRoute = {
  method: 'GET',
  pattern: /^\/(\d+)\/leadgen_forms$/,
  handler(ctx, req, scope, [pageId = '']) {
    const auth = ctx.authenticate(req);
    const page = pageForForms(ctx, req, scope, pageId, auth);
    if (!auth.token.scopes.some((s) => s === 'leads_retrieval' || s === 'pages_manage_ads')) {
      throw new MetaApiError({ code: 200, message: '(#200) Requires either leads_retrieval or pages_manage_ads permission' });
    }
    const fields = stringParam(req, 'fields');
    const selected = fields === undefined ? undefined : parseFields(fields);
    const forms = ctx.state.leadForms
      .filter((f) => f.page_id === page.id && f.status !== 'DELETED')
      .sort((a, b) => (a.created_time < b.created_time ? 1 : -1));
    const result = paginate(req, forms, (f) => f.id, ctx.baseUrl());
    return {
      json: {
        ...result,
        data: result.data.map((f) =>
          projectFields('leadgen_form', wireOf(ctx.state, { type: 'leadgen_form', obj: f }), selected, DEFAULT_FIELDS.leadgen_form),
        ),
      },
    };
  },
};

function checkQuestions(value: unknown): Record<string, unknown>[] {
  if (value === undefined) throw invalidParam('(#100) The parameter questions is required');
  if (!Array.isArray(value) || value.length === 0) throw invalidParam('(#100) Param questions must be a non-empty array');
  const seen = new Set<string>();
  return value.map((raw, i) => {
    const q = raw as Record<string, unknown> | null;
    if (typeof q !== 'object' || q === null) throw invalidParam(`(#100) Param questions[${i}] must be an object`);
    const type = String(q.type ?? '');
    if (!QUESTION_TYPES.includes(type)) {
      throw invalidParam(`(#100) Param questions[${i}][type] must be one of {${QUESTION_TYPES.join(', ')}}`);
    }
    if (type === 'CUSTOM') {
      if (typeof q.label !== 'string' || q.label.trim() === '') {
        throw invalidParam(`(#100) Param questions[${i}][label] is required for CUSTOM questions`);
      }
      if (q.options !== undefined) {
        if (!Array.isArray(q.options) || q.options.some((o) => typeof (o as { value?: unknown })?.value !== 'string')) {
          throw invalidParam(`(#100) Param questions[${i}][options] must be an array of {value, key}`);
        }
      }
    } else if (seen.has(type)) {
      throw new MetaApiError({
        code: 100,
        message: 'Invalid parameter',
        userTitle: 'Duplicate Question',
        userMsg: `The question type ${type} appears more than once in this form.`,
      });
    }
    seen.add(type);
    return { ...q, key: typeof q.key === 'string' ? q.key : type === 'CUSTOM' ? `question_${i + 1}` : type.toLowerCase() };
  });
}

const createForm: MetaRoute = {
  method: 'POST',
  pattern: /^\/(\d+)\/leadgen_forms$/,
  handler(ctx, req, scope, [pageId = '']) {
    const auth = ctx.authenticate(req);
    const page = pageForForms(ctx, req, scope, pageId, auth);
    if (!auth.token.scopes.includes('pages_manage_ads')) {
      throw new MetaApiError({ code: 200, message: '(#200) Requires pages_manage_ads permission to manage the object' });
    }
    const name = stringParam(req, 'name');
    if (!name || name.trim() === '') throw invalidParam('(#100) The parameter name is required');
    if (ctx.state.leadForms.some((f) => f.page_id === page.id && f.name === name && f.status !== 'DELETED')) {
      throw new MetaApiError({
        code: 100,
        message: 'Invalid parameter',
        userTitle: 'Form Name Already Used',
        userMsg: `A form named "${name}" already exists on this Page. Choose a different name.`,
      });
    }
    const questions = checkQuestions(jsonParam(req, 'questions'));
    const privacy = objectParam(req, 'privacy_policy');
    if (!privacy) throw invalidParam('(#100) The parameter privacy_policy is required');
    if (typeof privacy.url !== 'string' || !/^https?:\/\//.test(privacy.url)) {
      throw invalidParam('(#100) Param privacy_policy[url] must be a valid URL');
    }
    if (privacy.link_text !== undefined && String(privacy.link_text).length > 70) {
      throw invalidParam('(#100) Param privacy_policy[link_text] must be at most 70 characters');
    }
    const localeRaw = stringParam(req, 'locale') ?? 'EN_US';
    const locale = localeRaw.toUpperCase();
    if (!LEADGEN_LOCALES.includes(locale)) throw invalidParam(`(#100) Param locale must be one of {${LEADGEN_LOCALES.join(', ')}}`);
    const thankYou = objectParam(req, 'thank_you_page');
    if (thankYou) {
      const button = String(thankYou.button_type ?? 'VIEW_WEBSITE');
      if (!BUTTON_TYPES.includes(button))
        throw invalidParam(`(#100) Param thank_you_page[button_type] must be one of {${BUTTON_TYPES.join(', ')}}`);
      if (button === 'VIEW_WEBSITE' && typeof thankYou.website_url !== 'string') {
        throw invalidParam('(#100) Param thank_you_page[website_url] is required when button_type is VIEW_WEBSITE');
      }
      if ((button === 'CALL_BUSINESS' || button === 'WHATSAPP') && typeof thankYou.business_phone_number !== 'string') {
        throw invalidParam(`(#100) Param thank_you_page[business_phone_number] is required when button_type is ${button}`);
      }
    }
    const contextCard = objectParam(req, 'context_card');
    if (contextCard?.style !== undefined && !['LIST_STYLE', 'PARAGRAPH_STYLE'].includes(String(contextCard.style))) {
      throw invalidParam('(#100) Param context_card[style] must be one of {LIST_STYLE, PARAGRAPH_STYLE}');
    }
    const form: MetaLeadForm = {
      id: ctx.newId('1', 16),
      page_id: page.id,
      name,
      status: 'ACTIVE',
      locale,
      questions,
      privacy_policy_url: privacy.url,
      privacy_policy: { url: privacy.url, ...(privacy.link_text !== undefined ? { link_text: String(privacy.link_text) } : {}) },
      is_optimized_for_quality: boolParam(req, 'is_optimized_for_quality') ?? false,
      leads_count: 0,
      created_time: metaTime(ctx.now()),
    };
    if (thankYou) form.thank_you_page = thankYou;
    if (contextCard) form.context_card = contextCard;
    const followUp = stringParam(req, 'follow_up_action_url');
    if (followUp) form.follow_up_action_url = followUp;
    ctx.state.leadForms.push(form);
    return { json: { id: form.id } };
  },
};

export const leadgenRoutes: MetaRoute[] = [listForms, createForm];
