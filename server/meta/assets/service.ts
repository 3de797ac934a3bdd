// What campaigns are built from, read and written live at Meta through the connection that brought the ad
// account: the connection user's Pages, a Page's lead forms (with the Page's own token, which never leaves the
// server), the ad account's pixels, saved and custom audiences, and Meta's targeting search. VIEWER or MANAGER
// reads, MANAGER writes, a team admin both. Nothing is stored in Adlyft.
import type { components } from '../../../generated/schema.d.ts';
import { AppError, badRequest, notFound } from '../../http/errors.ts';
import type { Caller } from '../../teams/access.ts';
import type { MetaParams } from '../../upstream/meta/client.ts';
import type { MetaPage as MetaWirePage } from '../../upstream/meta/paging.ts';
import { liveCursorOf, type MetaAccount, type MetaDeps, metaAfterOf, openMetaAccount } from './account.ts';
import {
  type CreateMetaLeadFormRequest,
  CUSTOM_AUDIENCE_FIELDS,
  DEFAULT_SEARCH_LIMIT,
  duplicateQuestionKeys,
  filterCategoryOptions,
  isCategorySearch,
  LEAD_FORM_FIELDS,
  leadFormParams,
  type MetaTargetingSearchResult,
  mapCustomAudience,
  mapLeadForm,
  mapPage,
  mapPixel,
  mapSavedAudience,
  mapTargetingOption,
  PAGE_FIELDS,
  PAGE_TOKEN_FIELDS,
  PIXEL_FIELDS,
  type Row,
  SAVED_AUDIENCE_FIELDS,
  type SearchMetaTargetingRequest,
  targetingSearchParams,
} from './mapper.ts';

type ListPaging = components['schemas']['MetaListPaging'];
export interface LivePage<T> {
  items: T[];
  paging: ListPaging;
}

export interface AccountTarget {
  teamId: string;
  adAccountId: string;
}

export interface PageRequest {
  limit?: number | undefined;
  after?: string | undefined;
}

const DEFAULT_LIMIT = 100;

/** One page of a Meta list edge, mapped, with our cursor around Meta's. */
async function livePage<T>(
  account: MetaAccount,
  fetch: (client: MetaAccount['client'], page: { limit: number; after?: string }) => Promise<MetaWirePage<Row>>,
  page: PageRequest,
  map: (row: Row) => T,
  client: MetaAccount['client'] = account.client,
): Promise<LivePage<T>> {
  const metaAfter = metaAfterOf(page.after);
  const answer = await account.call(() =>
    fetch(client, { limit: page.limit ?? DEFAULT_LIMIT, ...(metaAfter ? { after: metaAfter } : {}) }),
  );
  return { items: answer.data.map(map), paging: { after: liveCursorOf(answer.after), hasMore: answer.hasMore } };
}

const edgePage =
  (path: string, fields: readonly string[]) =>
  (client: MetaAccount['client'], page: { limit: number; after?: string }): Promise<MetaWirePage<Row>> =>
    client.getPage<Row>(path, { fields }, page);

// ── Pages ────────────────────────────────────────────────────────────────────────────────────────────────

export async function listPages(deps: MetaDeps, caller: Caller, target: AccountTarget, page: PageRequest) {
  const account = await openMetaAccount(deps, caller, { ...target, need: 'read' });
  return livePage(account, edgePage('me/accounts', PAGE_FIELDS), page, mapPage);
}

interface PageCredential {
  /** The Page's own access token: used for the call and dropped, never returned or logged. */
  token: string;
  tasks: string[] | undefined;
}

/** The Page's token from `GET /me/accounts` (every page of it); 404 when the page is not one of the user's. */
async function pageCredential(account: MetaAccount, pageId: string): Promise<PageCredential> {
  const pages = await account.call(() => account.client.getAll<Row>('me/accounts', { fields: PAGE_TOKEN_FIELDS, limit: 100 }));
  const page = pages.find((p) => p.id === pageId);
  if (!page || typeof page.access_token !== 'string' || page.access_token === '') {
    throw notFound(`Page ${pageId} is not one of the pages of the connection's Meta user`);
  }
  return {
    token: page.access_token,
    tasks: Array.isArray(page.tasks) ? page.tasks.filter((t): t is string => typeof t === 'string') : undefined,
  };
}

// ── Lead forms ───────────────────────────────────────────────────────────────────────────────────────────

export async function listLeadForms(deps: MetaDeps, caller: Caller, target: AccountTarget, pageId: string, page: PageRequest) {
  const account = await openMetaAccount(deps, caller, { ...target, need: 'read' });
  const credential = await pageCredential(account, pageId);
  return livePage(account, edgePage(`${pageId}/leadgen_forms`, LEAD_FORM_FIELDS), page, mapLeadForm, account.clientFor(credential.token));
}

export async function createLeadForm(
  deps: MetaDeps,
  caller: Caller,
  target: AccountTarget,
  body: CreateMetaLeadFormRequest,
): Promise<{ id: string }> {
  const duplicates = duplicateQuestionKeys(body.questions);
  if (duplicates.length > 0) throw badRequest('Two questions of the form share a key', duplicates);
  const account = await openMetaAccount(deps, caller, { ...target, need: 'write' });
  const credential = await pageCredential(account, body.pageId);
  if (credential.tasks && !credential.tasks.includes('ADVERTISE')) {
    throw new AppError(
      403,
      'UPSTREAM_PERMISSION_DENIED',
      `Meta: the connection's user may not advertise for Page ${body.pageId} (its tasks lack ADVERTISE), so it cannot create lead forms there`,
    );
  }
  const pageClient = account.clientFor(credential.token);
  return createdId(await account.call(() => pageClient.post<Row>(`${body.pageId}/leadgen_forms`, leadFormParams(body))));
}

function createdId(answer: Row | undefined): { id: string } {
  if (typeof answer?.id !== 'string' || answer.id === '') throw new Error('Meta answered a creation without an id');
  return { id: answer.id };
}

// ── Pixels and audiences ─────────────────────────────────────────────────────────────────────────────────

export async function listPixels(deps: MetaDeps, caller: Caller, target: AccountTarget, page: PageRequest) {
  const account = await openMetaAccount(deps, caller, { ...target, need: 'read' });
  return livePage(account, edgePage(`${account.actId}/adspixels`, PIXEL_FIELDS), page, mapPixel);
}

export async function createPixel(deps: MetaDeps, caller: Caller, target: AccountTarget, name: string): Promise<{ id: string }> {
  const account = await openMetaAccount(deps, caller, { ...target, need: 'write' });
  return createdId(await account.call(() => account.client.post<Row>(`${account.actId}/adspixels`, { name })));
}

export async function listSavedAudiences(deps: MetaDeps, caller: Caller, target: AccountTarget, page: PageRequest) {
  const account = await openMetaAccount(deps, caller, { ...target, need: 'read' });
  return livePage(account, edgePage(`${account.actId}/saved_audiences`, SAVED_AUDIENCE_FIELDS), page, mapSavedAudience);
}

export async function listCustomAudiences(deps: MetaDeps, caller: Caller, target: AccountTarget, page: PageRequest) {
  const account = await openMetaAccount(deps, caller, { ...target, need: 'read' });
  return livePage(account, edgePage(`${account.actId}/customaudiences`, CUSTOM_AUDIENCE_FIELDS), page, mapCustomAudience);
}

// ── Targeting search ─────────────────────────────────────────────────────────────────────────────────────

export async function searchTargeting(
  deps: MetaDeps,
  caller: Caller,
  target: AccountTarget,
  body: SearchMetaTargetingRequest,
): Promise<MetaTargetingSearchResult[]> {
  const account = await openMetaAccount(deps, caller, { ...target, need: 'read' });
  const params: MetaParams = targetingSearchParams(body);
  const answer = await account.call(() => account.client.get<{ data?: unknown }>('search', params));
  const rows = Array.isArray(answer?.data) ? answer.data.filter((r): r is Row => typeof r === 'object' && r !== null) : [];
  const limit = body.limit ?? DEFAULT_SEARCH_LIMIT;
  const kept = isCategorySearch(body.type) ? filterCategoryOptions(rows, body.query, limit) : rows.slice(0, limit);
  return kept.map(mapTargetingOption).filter((r): r is MetaTargetingSearchResult => r !== undefined);
}
