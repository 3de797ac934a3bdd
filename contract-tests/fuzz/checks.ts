// The checks on one exchange (one generated request, one answer) of one operation. Each returns what is wrong,
// in words; an empty list is a pass.
//   1. no server error, except a declared 502/503/504 (an upstream platform failing, or Adlyft not ready);
//   2. the status is declared for the operation, or is a transport status (404/405/413/415);
//   3. the body validates against the schema declared for that status (the error envelope for a transport status);
//   4. a request that breaks the body or query schema is refused with 400, never accepted;
//   5. every answer carries X-Request-Id, and an error envelope's `path` is the request's path.
import type { Operation, Schema } from '../../test/support/contract.ts';
import { errorsOf } from './arbitraries.ts';
import type { FuzzRequest } from './requests.ts';

export interface Exchange {
  request: FuzzRequest;
  url: string;
  status: number;
  headers: Headers;
  text: string;
}

export interface CheckOptions {
  /** The contract's error envelope, for transport statuses the operation does not declare. */
  errorEnvelope?: Schema;
  /** The target answers with the contract's static examples (the Prism mock): an example's `path` is its own. */
  staticExamples?: boolean;
}

/** Server errors an operation may declare: the platform behind it failing (502, 504) or unavailable (503). */
export const UPSTREAM_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);
/** Statuses of the transport, not of an operation: answered even where the operation does not declare them. */
export const TRANSPORT_STATUSES: ReadonlySet<number> = new Set([404, 405, 413, 415]);

const excerpt = (text: string): string => (text.length > 300 ? `${text.slice(0, 300)}…` : text);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function checkExchange(operation: Operation, exchange: Exchange, options: CheckOptions = {}): string[] {
  const problems: string[] = [];
  const { request, status, headers, text } = exchange;
  const declared = operation.responses[String(status)] ?? operation.responses.default;

  // 1. No server error, except a declared upstream one.
  if (status >= 500 && !(UPSTREAM_STATUSES.has(status) && declared)) problems.push(`server error ${status}: ${excerpt(text)}`);

  // 2. A declared status.
  const transport = !declared && TRANSPORT_STATUSES.has(status);
  if (!declared && !transport) {
    problems.push(
      `status ${status} is not declared for ${operation.operationId} (declared: ${Object.keys(operation.responses).join(', ')})`,
    );
  }

  // 3. A body that validates against the declared schema.
  const schema = declared?.content?.['application/json']?.schema ?? (transport ? options.errorEnvelope : undefined);
  let body: unknown;
  if (schema) {
    const type = headers.get('content-type') ?? '';
    if (!/^application\/(.+\+)?json\b/i.test(type)) {
      problems.push(`status ${status} declares a JSON body, but the answer is ${type || 'without Content-Type'}: ${excerpt(text)}`);
    } else {
      try {
        body = JSON.parse(text);
      } catch {
        problems.push(`the ${status} body is not JSON: ${excerpt(text)}`);
      }
      if (body !== undefined) {
        const errors = errorsOf(schema, body);
        if (errors.length > 0)
          problems.push(`the ${status} body does not match its schema: ${errors.slice(0, 5).join('; ')} — body: ${excerpt(text)}`);
        if (!options.staticExamples && isObject(body) && typeof body.statusCode === 'number' && body.statusCode !== status) {
          problems.push(`the envelope says statusCode ${body.statusCode}, the answer is ${status}`);
        }
      }
    }
  }

  // 4. A request that breaks the contract is refused with 400.
  if (request.expectation === 'violating') {
    if (status >= 200 && status < 300) problems.push(`accepted with ${status} although ${request.because ?? 'it breaks the contract'}`);
    else if (status !== 400) problems.push(`answered ${status}, not 400, although ${request.because ?? 'it breaks the contract'}`);
  }

  // 5. The request is named: X-Request-Id on every answer, the request path in every error envelope.
  if (!headers.get('x-request-id')) problems.push('no X-Request-Id header');
  if (status >= 400 && isObject(body) && !options.staticExamples && body.path !== request.path) {
    problems.push(`the error envelope's path is ${JSON.stringify(body.path)}, not the request path ${JSON.stringify(request.path)}`);
  }
  return problems;
}
