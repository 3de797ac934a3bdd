// One operation of the contract → the requests the property checks send. Requests come in families: `valid`
// (body and query valid), `body:<rule>` / `query:<rule>` (that one rule broken once, everything else valid),
// `body:missing` (no body where one is required) and `query:unknown` (a query parameter the operation does not
// declare). Path parameters and required headers are the documented examples: ids that may not exist, so 404
// is an expected answer.
import fc from 'fast-check';
import type { Document, Operation, OperationEntry, Parameter } from '../../test/support/contract.ts';
import { exampleRequest } from '../../test/support/example-request.ts';
import { isValid, locationOf, negativeArbitraries, type OpenApiSchema, type Violation, validArbitrary } from './arbitraries.ts';

/**
 * What the contract says about a request: `conforming` (any declared answer), `violating` (it breaks a rule of
 * the body or query: 400), `unusual` (the contract neither forbids nor promises it, such as U+0000 in a string
 * no pattern excludes, or an undeclared query parameter: any declared answer but a server error).
 */
export type Expectation = 'conforming' | 'violating' | 'unusual';

export interface FuzzRequest {
  family: string;
  expectation: Expectation;
  /** What the request breaks or stresses, e.g. `body.members.0.role breaks enum`. */
  because?: string;
  method: string;
  /** The path with its parameters filled in, percent-encoded. */
  path: string;
  query: [string, string][];
  headers: Record<string, string>;
  hasBody: boolean;
  body?: unknown;
}

export interface Family {
  name: string;
  arbitrary: fc.Arbitrary<FuzzRequest>;
  /** False when every request of the family is the same one (an operation without body or query). */
  varies: boolean;
}

export interface OperationPlan {
  entry: OperationEntry;
  families: Family[];
  /** What is not tried against this target, and why. */
  notes: string[];
}

export interface PlanOptions {
  /** The target reads `?name=` as an absent parameter (Prism): never send an empty query value as a violation. */
  emptyQueryValueIsAbsent?: boolean;
}

const UNKNOWN_QUERY_NAMES = ['debug', 'unexpected', 'utm_source', 'page', 'sort'];

function exampleOf(parameter: Parameter): unknown {
  return (
    parameter.example ??
    Object.values(parameter.examples ?? {})[0]?.value ??
    (parameter.schema as { example?: unknown } | undefined)?.example
  );
}

/** A value for a parameter without an example: the first valid one of a fixed seed, so it never changes. */
function stableValue(parameter: Parameter): unknown {
  const example = exampleOf(parameter);
  if (example !== undefined) return example;
  const [value] = fc.sample(validArbitrary((parameter.schema ?? { type: 'string' }) as OpenApiSchema), { numRuns: 1, seed: 1 });
  return value;
}

const asText = (value: unknown): string =>
  typeof value === 'string' ? value : value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);

/** The documented path, every `{name}` replaced by its example (test/support/example-request.ts does it). */
function resolvedPath(entry: OperationEntry): string {
  const { url } = exampleRequest('', entry.method, entry.path, entry.operation, {});
  let path = url.split('?')[0] ?? entry.path;
  for (const parameter of entry.operation.parameters ?? []) {
    if (parameter.in === 'path' && path.includes(`{${parameter.name}}`)) {
      path = path.replace(`{${parameter.name}}`, encodeURIComponent(asText(stableValue(parameter))));
    }
  }
  return path;
}

/** Query values as they travel (OpenAPI's default `form` style: arrays repeat the name unless explode is false). */
export function serialiseQuery(parameters: Parameter[], values: Record<string, unknown>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const parameter = parameters.find((p) => p.name === name) as (Parameter & { style?: string; explode?: boolean }) | undefined;
    const explode = parameter?.explode ?? (parameter?.style ?? 'form') === 'form';
    if (Array.isArray(value)) {
      if (explode) pairs.push(...value.map((item): [string, string] => [name, asText(item)]));
      else pairs.push([name, value.map(asText).join(',')]);
    } else if (value !== null && typeof value === 'object' && parameter?.style === 'deepObject') {
      pairs.push(...Object.entries(value).map(([key, item]): [string, string] => [`${name}[${key}]`, asText(item)]));
    } else {
      pairs.push([name, asText(value)]);
    }
  }
  return pairs;
}

const querySchemas = new WeakMap<Operation, OpenApiSchema>();

/** The query parameters as one object schema (one per operation, so its arbitraries are built once). */
function querySchemaOf(operation: Operation, parameters: Parameter[]): OpenApiSchema {
  let schema = querySchemas.get(operation);
  if (!schema) {
    const properties: Record<string, OpenApiSchema> = {};
    for (const parameter of parameters) properties[parameter.name] = (parameter.schema ?? { type: 'string' }) as OpenApiSchema;
    schema = { type: 'object', properties, required: parameters.filter((p) => p.required).map((p) => p.name) };
    querySchemas.set(operation, schema);
  }
  return schema;
}

function describeViolation(root: 'body' | 'query', violation: Violation): string {
  const where = violation.at.length > 0 ? locationOf(root, violation.at) : root;
  if (violation.rule === 'nul') {
    return `${where} contains U+0000 (${violation.breaksSchema ? 'the schema forbids it' : 'the contract does not forbid it'})`;
  }
  return `${where} breaks ${violation.rule}`;
}

const expectationOf = (violation: Violation): Expectation => (violation.breaksSchema ? 'violating' : 'unusual');

/** Only values that satisfy `predicate`, or undefined when a sample shows that none do. */
function onlyWhere<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => boolean): fc.Arbitrary<T> | undefined {
  return fc.sample(arbitrary, { numRuns: 16, seed: 1 }).some(predicate) ? arbitrary.filter(predicate) : undefined;
}

/** The families of requests for one operation. */
export function planOperation(entry: OperationEntry, options: PlanOptions = {}): OperationPlan {
  const { operation } = entry;
  const notes: string[] = [];
  const method = entry.method.toUpperCase();
  const path = resolvedPath(entry);
  const parameters = operation.parameters ?? [];
  const headers: Record<string, string> = {};
  for (const parameter of parameters) {
    if (parameter.in === 'header' && parameter.required) headers[parameter.name] = asText(stableValue(parameter));
  }

  const queryParameters = parameters.filter((p) => p.in === 'query');
  const querySchema = queryParameters.length > 0 ? querySchemaOf(operation, queryParameters) : undefined;
  const validQuery = querySchema ? (validArbitrary(querySchema) as fc.Arbitrary<Record<string, unknown>>) : fc.constant({});

  const bodySpec = operationBody(operation, notes);
  const validBody: fc.Arbitrary<{ hasBody: boolean; body?: unknown }> = bodySpec
    ? bodySpec.required
      ? validArbitrary(bodySpec.schema).map((body) => ({ hasBody: true, body }))
      : fc
          .option(validArbitrary(bodySpec.schema), { nil: undefined, freq: 4 })
          .map((body) => (body === undefined ? { hasBody: false } : { hasBody: true, body }))
    : fc.constant({ hasBody: false });

  const request = (
    family: string,
    expectation: Expectation,
    query: Record<string, unknown>,
    body: { hasBody: boolean; body?: unknown },
    because?: string,
    extraQuery: [string, string][] = [],
  ): FuzzRequest => ({
    family,
    expectation,
    ...(because === undefined ? {} : { because }),
    method,
    path,
    query: [...serialiseQuery(queryParameters, query), ...extraQuery],
    headers,
    ...body,
  });

  const families: Family[] = [
    {
      name: 'valid',
      arbitrary: fc.tuple(validQuery, validBody).map(([query, body]) => request('valid', 'conforming', query, body)),
      varies: querySchema !== undefined || bodySpec !== undefined,
    },
  ];

  if (bodySpec) {
    for (const [rule, violations] of negativeArbitraries(bodySpec.schema)) {
      const name = `body:${rule}`;
      const arbitrary = fc
        .tuple(validQuery, violations)
        .map(([query, violation]) =>
          request(name, expectationOf(violation), query, { hasBody: true, body: violation.value }, describeViolation('body', violation)),
        );
      families.push({ name, arbitrary, varies: true });
    }
    if (bodySpec.required) {
      const missing = validQuery.map((query) =>
        request('body:missing', 'violating', query, { hasBody: false }, 'the required request body is missing'),
      );
      families.push({ name: 'body:missing', arbitrary: missing, varies: querySchema !== undefined });
    }
  }

  if (querySchema) {
    const nonEmpty = Boolean(options.emptyQueryValueIsAbsent);
    for (const [rule, violations] of negativeArbitraries(querySchema, { wire: 'text', nonEmpty })) {
      const name = `query:${rule}`;
      // A broken value must reach the server: an empty array, say, leaves an optional parameter out, and Prism
      // reads an empty value as no value.
      const reaches = (violation: Violation): boolean =>
        rule === 'required' ||
        serialiseQuery(queryParameters, violation.value as Record<string, unknown>).some(
          ([key, value]) => key === violation.at[0] && !(nonEmpty && value === ''),
        );
      const arriving = onlyWhere(violations, reaches);
      if (!arriving) continue;
      const arbitrary = fc
        .tuple(arriving, validBody)
        .map(([violation, body]) =>
          request(name, expectationOf(violation), violation.value as Record<string, unknown>, body, describeViolation('query', violation)),
        );
      families.push({ name, arbitrary, varies: true });
    }
    if (nonEmpty) {
      // An empty value that the schema refuses would be a violation; an optional parameter sent empty is absent.
      const skipped = queryParameters.filter((p) => !p.required && !isValid((p.schema ?? {}) as OpenApiSchema, '')).map((p) => p.name);
      if (skipped.length > 0) {
        notes.push(
          `not sent: an empty value for ${skipped.join(', ')} (Prism reads ?${skipped[0]}= as an absent parameter, not as a violation)`,
        );
      }
    }
  }

  const declared = new Set(queryParameters.map((p) => p.name));
  const unknownNames = UNKNOWN_QUERY_NAMES.filter((name) => !declared.has(name));
  if (unknownNames.length > 0) {
    const unknown = fc
      .tuple(validQuery, validBody, fc.constantFrom(...unknownNames), fc.constantFrom('1', 'true', 'x'))
      .map(([query, body, name, value]) =>
        request('query:unknown', 'unusual', query, body, `undeclared query parameter ${name}=${value}`, [[name, value]]),
      );
    families.push({ name: 'query:unknown', arbitrary: unknown, varies: true });
  }

  return { entry, families, notes };
}

function operationBody(operation: Operation, notes: string[]): { schema: OpenApiSchema; required: boolean } | undefined {
  const content = operation.requestBody?.content;
  if (!content) return undefined;
  const json = content['application/json'];
  if (!json?.schema) {
    notes.push(`request body: only application/json is generated (this operation takes ${Object.keys(content).join(', ')})`);
    return undefined;
  }
  return { schema: json.schema as OpenApiSchema, required: Boolean(operation.requestBody?.required) };
}

export interface Credentials {
  apiKey: string;
  accessToken: string;
  refreshToken: string;
}

interface SecurityScheme {
  type?: string;
  in?: string;
  name?: string;
  scheme?: string;
}

/**
 * The credentials an operation declares (its first security requirement, or the document's): the API key in
 * its header, and the access token, or the refresh token for a scheme named for refreshing.
 */
export function securityHeaders(doc: Document, operation: Operation, credentials: Credentials): Record<string, string> {
  const requirement = (operation.security ?? doc.security ?? [])[0] ?? {};
  const schemes = (doc.components.securitySchemes ?? {}) as Record<string, SecurityScheme>;
  const headers: Record<string, string> = {};
  for (const name of Object.keys(requirement)) {
    const scheme = schemes[name];
    if (scheme?.type === 'apiKey' && scheme.in === 'header' && scheme.name) headers[scheme.name.toLowerCase()] = credentials.apiKey;
    if (scheme?.type === 'http' && scheme.scheme?.toLowerCase() === 'bearer') {
      headers.authorization = `Bearer ${/refresh/i.test(name) ? credentials.refreshToken : credentials.accessToken}`;
    }
  }
  return headers;
}

/** The URL of a request against a base URL. */
export function urlOf(baseUrl: string, request: FuzzRequest): string {
  const search = new URLSearchParams(request.query).toString();
  return `${baseUrl}${request.path}${search ? `?${search}` : ''}`;
}
