// The Google Ads REST surface the server uses: customers:listAccessibleCustomers, googleAds:search (fixed-size
// pages with nextPageToken; pageSize is rejected) and googleAds:searchStream (one JSON array of batches, each with
// results, fieldMask and requestId; the last also carries queryResourceConsumption and any summaryRow).
import type { FakeRequest, FakeResponse } from '../../shared/http.ts';
import { hash32 } from '../../shared/prng.ts';
import { authenticateAds, customerAccess } from '../auth.ts';
import type { GoogleContext } from '../context.ts';
import { adsError, GoogleApiError } from '../errors.ts';
import { executeQuery, type QueryResult } from '../gaql/evaluate.ts';
import { parseGaql, QueryError } from '../gaql/parser.ts';
import type { GoogleCustomer } from '../state.ts';

export function listAccessibleCustomers(ctx: GoogleContext, req: FakeRequest, requestId: string): FakeResponse {
  const user = authenticateAds(ctx, req);
  return {
    status: 200,
    pretty: true,
    headers: { 'request-id': requestId },
    json: { resourceNames: user.accessibleCustomerIds.map((id) => `customers/${id}`) },
  };
}

function readBody(req: FakeRequest): Record<string, unknown> {
  if (req.bodyError) {
    throw new GoogleApiError({ status: 'INVALID_ARGUMENT', bare: true, message: `Invalid JSON payload received. ${req.bodyError}` });
  }
  return req.body;
}

function runQuery(ctx: GoogleContext, customer: GoogleCustomer, body: Record<string, unknown>, wantSummary: boolean): QueryResult {
  const query = body.query;
  if (typeof query !== 'string' || query.trim() === '') {
    throw adsError('INVALID_ARGUMENT', { requestError: 'REQUIRED_FIELD_MISSING' }, 'Required field was not specified.', {
      location: { fieldPathElements: [{ fieldName: 'query' }] },
    });
  }
  try {
    return executeQuery(ctx.state, customer, parseGaql(query), wantSummary);
  } catch (err) {
    if (!(err instanceof QueryError)) throw err;
    throw adsError('INVALID_ARGUMENT', { queryError: err.code }, err.message, {
      ...(err.trigger !== undefined ? { trigger: { stringValue: err.trigger } } : {}),
      location: { fieldPathElements: [{ fieldName: 'query' }] },
    });
  }
}

const consumption = (rows: number): string => String(40 + rows * 3);

function pageToken(offset: number, query: string): string {
  return Buffer.from(JSON.stringify({ o: offset, q: hash32(query) })).toString('base64url');
}

function readPageToken(token: string, query: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; q?: unknown };
    if (typeof parsed.o === 'number' && parsed.q === hash32(query)) return parsed.o;
  } catch {
    // fall through to the error below
  }
  throw adsError('INVALID_ARGUMENT', { requestError: 'INVALID_PAGE_TOKEN' }, 'Page token is invalid.', {
    location: { fieldPathElements: [{ fieldName: 'page_token' }] },
  });
}

export function search(ctx: GoogleContext, req: FakeRequest, customerId: string, requestId: string): FakeResponse {
  const user = authenticateAds(ctx, req);
  const customer = customerAccess(ctx, req, user, customerId);
  const body = readBody(req);
  if (body.pageSize !== undefined || body.page_size !== undefined) {
    throw adsError(
      'INVALID_ARGUMENT',
      { requestError: 'PAGE_SIZE_NOT_SUPPORTED' },
      `Setting the page size is not supported. Search Responses will have fixed page size of '${ctx.options.searchPageSize}' rows.`,
      { location: { fieldPathElements: [{ fieldName: 'page_size' }] } },
    );
  }
  const settings = (typeof body.searchSettings === 'object' && body.searchSettings !== null ? body.searchSettings : {}) as Record<
    string,
    unknown
  >;
  const wantTotal = settings.returnTotalResultsCount === true || body.returnTotalResultsCount === true;
  const wantSummary =
    settings.returnSummaryRow === true ||
    body.summaryRowSetting === 'SUMMARY_ROW_WITH_RESULTS' ||
    body.summaryRowSetting === 'SUMMARY_ROW_ONLY';
  const omitResults = settings.omitResults === true || body.summaryRowSetting === 'SUMMARY_ROW_ONLY';
  const result = runQuery(ctx, customer, body, wantSummary);
  if (body.validateOnly === true) return { status: 200, pretty: true, headers: { 'request-id': requestId }, json: {} };

  const query = String(body.query);
  const offset = typeof body.pageToken === 'string' && body.pageToken !== '' ? readPageToken(body.pageToken, query) : 0;
  const size = ctx.options.searchPageSize;
  const page = result.rows.slice(offset, offset + size);
  const json: Record<string, unknown> = {};
  // proto3 JSON leaves empty repeated fields out, so an empty page has no `results` key.
  if (page.length > 0 && !omitResults) json.results = page;
  if (offset + size < result.rows.length) json.nextPageToken = pageToken(offset + size, query);
  if (wantTotal) json.totalResultsCount = String(result.totalResultsCount);
  json.fieldMask = result.fieldMask;
  if (result.summaryRow && offset + size >= result.rows.length) json.summaryRow = result.summaryRow;
  json.queryResourceConsumption = consumption(page.length);
  return { status: 200, pretty: true, headers: { 'request-id': requestId }, json };
}

export function searchStream(ctx: GoogleContext, req: FakeRequest, customerId: string, requestId: string): FakeResponse {
  const user = authenticateAds(ctx, req);
  const customer = customerAccess(ctx, req, user, customerId);
  const body = readBody(req);
  const summarySetting = typeof body.summaryRowSetting === 'string' ? body.summaryRowSetting : 'NO_SUMMARY_ROW';
  const result = runQuery(ctx, customer, body, summarySetting !== 'NO_SUMMARY_ROW');
  const rows = summarySetting === 'SUMMARY_ROW_ONLY' ? [] : result.rows;
  const size = ctx.options.streamBatchSize;
  const batches: Record<string, unknown>[] = [];
  for (let i = 0; i < rows.length; i += size) {
    batches.push({ results: rows.slice(i, i + size), fieldMask: result.fieldMask, requestId });
  }
  if (batches.length === 0) batches.push({ fieldMask: result.fieldMask, requestId });
  const last = batches[batches.length - 1] as Record<string, unknown>;
  if (result.summaryRow) last.summaryRow = result.summaryRow;
  last.queryResourceConsumption = consumption(rows.length);
  return { status: 200, pretty: true, headers: { 'request-id': requestId }, json: batches };
}
