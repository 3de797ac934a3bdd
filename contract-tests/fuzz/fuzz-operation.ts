// Runs the property checks for one operation against one target: each family of requests (requests.ts) is a
// fast-check property, "every answer passes checks.ts", given its share of the runs. A failure is shrunk to its
// smallest request and kept with the answer it got. Shared by run-fuzz.ts and the vitest suites.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { Document, OperationEntry, Schema } from '../../test/support/contract.ts';
import { exampleRequest } from '../../test/support/example-request.ts';
import { checkExchange, type Exchange } from './checks.ts';
import {
  type Credentials,
  type Expectation,
  type FuzzRequest,
  type OperationPlan,
  planOperation,
  securityHeaders,
  urlOf,
} from './requests.ts';

export interface Target {
  baseUrl: string;
  credentials: Credentials;
  /** The Prism mock: it answers with static examples and reads `?name=` as an absent parameter. */
  mock: boolean;
  /** How long one request may take (default 15 s). */
  timeoutMs?: number;
}

export interface RunOptions {
  /** Requests per operation, shared among its families (each gets at least one). */
  runs: number;
  seed: number;
  /** Date.now() after which no more requests start. */
  deadline: number;
}

export interface Failure {
  family: string;
  request: FuzzRequest;
  url: string;
  status: number;
  text: string;
  problems: string[];
  /** For replay: the run's FUZZ_SEED, the family's own seed and fast-check's path to the counterexample. */
  runSeed: number;
  seed: number;
  path: string | null;
}

export interface OperationReport {
  operationId: string;
  method: string;
  path: string;
  requests: Record<Expectation, number>;
  families: number;
  failures: Failure[];
  notes: string[];
  /** Families not run because the time cap was reached. */
  unfinished: string[];
}

const TOKEN_PATH = '/api/v1/auth/token';

/** A new user of the tenant signed in: POST /api/v1/auth/token with a random externalUserId. */
export async function signIn(baseUrl: string, apiKey: string): Promise<Credentials> {
  const response = await fetch(`${baseUrl}${TOKEN_PATH}`, {
    method: 'POST',
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ externalUserId: `fuzz-${randomUUID()}` }),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`signing in at ${baseUrl}${TOKEN_PATH} answered ${response.status}: ${text.slice(0, 300)}`);
  const { data } = JSON.parse(text) as { data: { accessToken: string; refreshToken: string } };
  return { apiKey, accessToken: data.accessToken, refreshToken: data.refreshToken };
}

/** An answer that failed the checks (or never came), thrown from the property so fast-check shrinks the request. */
class CheckFailure extends Error {
  readonly exchange: Exchange;
  readonly problems: string[];
  constructor(exchange: Exchange, problems: string[]) {
    super(problems.join('\n'));
    this.exchange = exchange;
    this.problems = problems;
  }
}

async function send(target: Target, request: FuzzRequest, credentials: Record<string, string>): Promise<Exchange> {
  const url = urlOf(target.baseUrl, request);
  const init: RequestInit = {
    method: request.method,
    headers: { ...credentials, ...request.headers, ...(request.hasBody ? { 'content-type': 'application/json' } : {}) },
    redirect: 'manual',
    signal: AbortSignal.timeout(target.timeoutMs ?? 15_000),
    ...(request.hasBody ? { body: JSON.stringify(request.body) } : {}),
  };
  try {
    const response = await fetch(url, init);
    return { request, url, status: response.status, headers: response.headers, text: await response.text() };
  } catch (error) {
    const exchange = { request, url, status: 0, headers: new Headers(), text: '' };
    throw new CheckFailure(exchange, [
      `no answer: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`,
    ]);
  }
}

/** A stable per-family seed, so one FUZZ_SEED replays every family the same way. */
function familySeed(seed: number, operationId: string, family: string): number {
  let hash = seed | 0;
  for (const character of `${operationId}/${family}`) hash = (Math.imul(hash, 31) + (character.codePointAt(0) ?? 0)) | 0;
  return hash;
}

/**
 * Runs per family: `runs` shared out, every family at least one. A family of one fixed request gets one, and so
 * does `query:unknown` (a probe of a handful of names, not a space to search).
 */
function shareOut(plan: OperationPlan, runs: number): number[] {
  const searched = (family: OperationPlan['families'][number]): boolean => family.varies && family.name !== 'query:unknown';
  const count = plan.families.filter(searched).length;
  const fixed = plan.families.length - count;
  const each = Math.floor(Math.max(runs - fixed, 0) / Math.max(count, 1));
  let extra = Math.max(runs - fixed, 0) - each * count;
  return plan.families.map((family) => {
    if (!searched(family)) return 1;
    const share = Math.max(1, each + (extra > 0 ? 1 : 0));
    extra -= 1;
    return share;
  });
}

export async function fuzzOperation(doc: Document, entry: OperationEntry, target: Target, options: RunOptions): Promise<OperationReport> {
  const { operation } = entry;
  const headers = securityHeaders(doc, operation, target.credentials);
  const checkOptions = {
    errorEnvelope: doc.components.schemas?.ErrorEnvelope as Schema | undefined,
    staticExamples: target.mock,
  };
  const report: OperationReport = {
    operationId: operation.operationId,
    method: entry.method.toUpperCase(),
    path: entry.path,
    requests: { conforming: 0, violating: 0, unusual: 0 },
    families: 0,
    failures: [],
    notes: [],
    unfinished: [],
  };
  let plan: OperationPlan;
  try {
    plan = planOperation(entry, { emptyQueryValueIsAbsent: target.mock });
  } catch (error) {
    // A schema the generators cannot satisfy is a finding about the contract (or the fuzzer), never a pass.
    const request: FuzzRequest = {
      family: 'plan',
      expectation: 'conforming',
      method: report.method,
      path: entry.path,
      query: [],
      headers: {},
      hasBody: false,
    };
    const problem = `no requests could be generated: ${error instanceof Error ? error.message : String(error)}`;
    report.failures.push({
      family: 'plan',
      request,
      url: urlOf(target.baseUrl, request),
      status: 0,
      text: '',
      problems: [problem],
      runSeed: options.seed,
      seed: options.seed,
      path: null,
    });
    return report;
  }
  report.families = plan.families.length;
  report.notes.push(...plan.notes);
  const shares = shareOut(plan, options.runs);
  for (const [index, family] of plan.families.entries()) {
    const remaining = options.deadline - Date.now();
    if (remaining <= 0) {
      report.unfinished.push(family.name);
      continue;
    }
    let shrinking = false;
    const property = fc.asyncProperty(family.arbitrary, async (request) => {
      const exchange = await send(target, request, headers);
      if (!shrinking) report.requests[request.expectation] += 1;
      const problems = checkExchange(operation, exchange, checkOptions);
      if (problems.length > 0) {
        shrinking = true;
        throw new CheckFailure(exchange, problems);
      }
    });
    const seed = familySeed(options.seed, operation.operationId, family.name);
    const details = await fc.check(property, { numRuns: shares[index] ?? 1, seed, plugins: [fc.interruptAfterTimeLimit(remaining)] });
    if (!details.failed) continue;
    const error = details.errorInstance;
    if (error instanceof CheckFailure) {
      const { exchange } = error;
      report.failures.push({
        family: family.name,
        request: exchange.request,
        url: exchange.url,
        status: exchange.status,
        text: exchange.text,
        problems: error.problems,
        runSeed: options.seed,
        seed,
        path: details.counterexamplePath,
      });
    } else if (details.interrupted) {
      report.unfinished.push(family.name);
    } else {
      // A fault of the fuzzer itself (a generator that throws): reported, never taken for a pass.
      const request = (details.counterexample as [FuzzRequest] | null)?.[0] ?? {
        family: family.name,
        expectation: 'conforming',
        method: report.method,
        path: entry.path,
        query: [],
        headers: {},
        hasBody: false,
      };
      report.failures.push({
        family: family.name,
        request,
        url: urlOf(target.baseUrl, request),
        status: 0,
        text: '',
        problems: [`the fuzzer itself failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`],
        runSeed: options.seed,
        seed,
        path: details.counterexamplePath,
      });
    }
  }
  return report;
}

/** True when the deployment answers the operation's documented example with 501 NOT_IMPLEMENTED. */
export async function isNotImplemented(doc: Document, entry: OperationEntry, target: Target): Promise<boolean> {
  const { url, init } = exampleRequest(
    target.baseUrl,
    entry.method,
    entry.path,
    entry.operation,
    securityHeaders(doc, entry.operation, target.credentials),
  );
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(target.timeoutMs ?? 15_000) });
  const text = await response.text();
  return response.status === 501 && text.includes('NOT_IMPLEMENTED');
}

// ---------------------------------------------------------------------------------------------------------
// Reporting.

const total = (report: OperationReport): number => report.requests.conforming + report.requests.violating + report.requests.unusual;

export function summaryLine(report: OperationReport): string {
  const mark = report.failures.length > 0 ? '✗' : '✓';
  const { conforming, violating, unusual } = report.requests;
  const unfinished = report.unfinished.length > 0 ? `; time cap: ${report.unfinished.length} families not run` : '';
  return `${mark} ${report.operationId} ${report.method} ${report.path}: ${total(report)} requests (${conforming} valid, ${violating} violating, ${unusual} unusual) in ${report.families} families${report.failures.length > 0 ? `, ${report.failures.length} failing` : ''}${unfinished}`;
}

export function describeFailure(report: OperationReport, failure: Failure): string {
  const body = failure.request.hasBody ? JSON.stringify(failure.request.body) : '(none)';
  const headerNames = Object.keys(failure.request.headers);
  return [
    `✗ ${report.operationId} — family ${failure.family}${failure.request.because ? `: ${failure.request.because}` : ''}`,
    `    request : ${failure.request.method} ${failure.url}`,
    ...(headerNames.length > 0
      ? [`    headers : ${headerNames.map((name) => `${name}: ${failure.request.headers[name]}`).join(', ')}`]
      : []),
    `    body    : ${body.length > 2000 ? `${body.slice(0, 2000)}…` : body}`,
    `    answer  : ${failure.status} ${failure.text.length > 600 ? `${failure.text.slice(0, 600)}…` : failure.text}`,
    ...failure.problems.map((problem, i) => `    ${i === 0 ? 'problems:' : '         '} - ${problem}`),
    `    replay  : FUZZ_SEED=${failure.runSeed} FUZZ_OPERATIONS=${report.operationId} npm run test:contract:fuzz (family seed ${failure.seed}, path ${failure.path ?? '-'})`,
  ].join('\n');
}
