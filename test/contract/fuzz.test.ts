// The schema-driven property checks of contract-tests/fuzz: first the generators, judged by the contract's own
// Ajv; then every operation of the bundle against the Prism mock; then the implemented operations against the
// real server (ephemeral port, real database, response validation on). Few runs per operation, fixed seed:
// `npm run test:contract:fuzz` is the long run.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errorsOf,
  isValid,
  negativeArbitraries,
  type OpenApiSchema,
  type Rule,
  validArbitrary,
} from '../../contract-tests/fuzz/arbitraries.ts';
import { describeFailure, fuzzOperation, type OperationReport, signIn, type Target } from '../../contract-tests/fuzz/fuzz-operation.ts';
import { freePort, type Started, startMock } from '../../scripts/processes.ts';
import { NOT_IMPLEMENTED } from '../../server/http/not-implemented.ts';
import { dereferencedBundle, type OperationEntry, operationsOf } from '../support/contract.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const doc = await dereferencedBundle();
const operations = operationsOf(doc);
const SEED = 20261205;
const RUNS_PER_OPERATION = 5;
/** Each operation's checks stop starting requests after this long, well inside vitest's 30 s test timeout. */
const OPERATION_BUDGET_MS = 20_000;

/** Ajv's message for each rule, to prove that a negative value breaks the rule it names. */
const RULE_MESSAGES: Record<Exclude<Rule, 'nul'>, RegExp> = {
  required: /must have required property/,
  type: /must be (string|number|integer|boolean|object|array|null)/,
  enum: /must be equal to one of the allowed values/,
  additionalProperties: /must NOT have additional properties/,
  minProperties: /must NOT have fewer than \d+ properties/,
  minLength: /must NOT have fewer than \d+ characters/,
  maxLength: /must NOT have more than \d+ characters/,
  pattern: /must match pattern/,
  format: /must match format/,
  minimum: /must be >=? /,
  maximum: /must be <=? /,
  minItems: /must NOT have fewer than \d+ items/,
  maxItems: /must NOT have more than \d+ items/,
};

/** `/members/0 must have …` → the path and the message. */
function splitError(error: string): { path: string; message: string } {
  const space = error.indexOf(' ');
  return { path: error.slice(0, space), message: error.slice(space + 1) };
}

const FIXTURES: Record<string, OpenApiSchema> = {
  'formats uuid, date, date-time, uri and email': {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'day', 'at', 'site', 'mail'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      day: { type: 'string', format: 'date' },
      at: { type: 'string', format: 'date-time' },
      site: { type: 'string', format: 'uri', pattern: '^https://' },
      mail: { type: 'string', format: 'email' },
    },
  },
  'a pattern within length bounds': { type: 'string', pattern: '^[a-z]+-[0-9]{2,4}$', minLength: 4, maxLength: 9 },
  'bounded integers and numbers (exclusiveMinimum as in OpenAPI 3.0)': {
    type: 'object',
    additionalProperties: false,
    required: ['count', 'ratio'],
    properties: {
      count: { type: 'integer', minimum: 1, maximum: 10 },
      ratio: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1 },
    },
  },
  'an enum and a nullable string': {
    type: 'object',
    additionalProperties: false,
    required: ['role', 'note'],
    properties: { role: { type: 'string', enum: ['ADMIN', 'MEMBER'] }, note: { type: 'string', nullable: true, maxLength: 5 } },
  },
  'an array with item bounds': {
    type: 'array',
    minItems: 1,
    maxItems: 3,
    uniqueItems: true,
    items: { type: 'string', minLength: 1, maxLength: 3 },
  },
  'a oneOf of objects': {
    type: 'object',
    oneOf: [
      {
        type: 'object',
        additionalProperties: false,
        required: ['strategy'],
        properties: { strategy: { type: 'string', enum: ['LOWEST'] } },
      },
      {
        type: 'object',
        additionalProperties: false,
        required: ['strategy', 'amount'],
        properties: { strategy: { type: 'string', enum: ['CAP'] }, amount: { type: 'number', minimum: 0, exclusiveMinimum: true } },
      },
    ],
  },
  'an anyOf that forbids a property (not: {})': {
    type: 'object',
    additionalProperties: false,
    required: ['headline'],
    properties: {
      headline: { type: 'string', minLength: 1, maxLength: 20 },
      imageUrl: { type: 'string', format: 'uri' },
      videoId: { type: 'string', pattern: '^[0-9]{1,20}$' },
    },
    anyOf: [
      { required: ['imageUrl'], properties: { videoId: { not: {} } } },
      { required: ['videoId'], properties: { imageUrl: { not: {} } } },
    ],
  },
  'an allOf of two parts': {
    allOf: [
      { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 10 } } },
      { type: 'object', required: ['size'], properties: { size: { type: 'integer', minimum: 0 } } },
    ],
  },
};

describe('the arbitraries', () => {
  it.each(Object.entries(FIXTURES))('generates only values that the schema accepts: %s', (_name, schema) => {
    fc.assert(
      fc.property(validArbitrary(schema), (value) => {
        expect(errorsOf(schema, value)).toEqual([]);
      }),
      { numRuns: 100, seed: SEED },
    );
  });

  it.each(Object.entries(FIXTURES))(
    'generates values that break exactly the rule they name, at the place they name: %s',
    (_name, schema) => {
      const negatives = negativeArbitraries(schema);
      const alternatives = /"(oneOf|anyOf)"/.test(JSON.stringify(schema));
      expect(negatives.size).toBeGreaterThan(0);
      for (const [rule, arbitrary] of negatives) {
        if (rule === 'nul') continue;
        fc.assert(
          fc.property(arbitrary, (violation) => {
            const errors = errorsOf(schema, violation.value).map(splitError);
            const place = `/${violation.at.join('/')}`;
            expect(violation.breaksSchema).toBe(true);
            expect(errors.length, `${rule} at ${place}: ${JSON.stringify(violation.value)}`).toBeGreaterThan(0);
            // One complaint names the rule at the place (or at the object holding a missing or extra property);
            // without alternatives, every complaint concerns that place (Ajv reports every failed oneOf branch).
            const around = ({ path }: { path: string }): boolean => place === path || place.startsWith(path === '/' ? '/' : `${path}/`);
            expect(
              errors.some((error) => around(error) && RULE_MESSAGES[rule].test(error.message)),
              `${rule}: ${JSON.stringify(errors)}`,
            ).toBe(true);
            if (!alternatives) for (const error of errors) expect(around(error), `${error.path} is outside ${place}`).toBe(true);
          }),
          { numRuns: 30, seed: SEED },
        );
      }
    },
  );

  it('offers each rule a request body can break: a dropped required property, a wrong type, a value outside the enum, an extra property, U+0000, an over-long string', () => {
    const schema: OpenApiSchema = {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'role'],
      properties: { name: { type: 'string', minLength: 1, maxLength: 8 }, role: { type: 'string', enum: ['ADMIN', 'MEMBER'] } },
    };
    expect([...negativeArbitraries(schema).keys()].sort()).toEqual([
      'additionalProperties',
      'enum',
      'maxLength',
      'minLength',
      'nul',
      'required',
      'type',
    ]);
  });

  it('puts U+0000 into one string and says whether the schema forbids it there', () => {
    const schema: OpenApiSchema = {
      type: 'object',
      additionalProperties: false,
      required: ['free', 'code'],
      properties: { free: { type: 'string', maxLength: 4 }, code: { type: 'string', pattern: '^[A-Z]+$' } },
    };
    const nul = negativeArbitraries(schema).get('nul');
    expect(nul).toBeDefined();
    const seen = new Set<string>();
    fc.assert(
      fc.property(nul ?? fc.constant(undefined), (violation) => {
        if (!violation) return;
        const [name] = violation.at;
        seen.add(String(name));
        expect(String((violation.value as Record<string, unknown>)[String(name)])).toContain('\u0000');
        expect(violation.breaksSchema).toBe(!isValid(schema, violation.value));
        expect(violation.breaksSchema).toBe(name === 'code');
      }),
      { numRuns: 60, seed: SEED },
    );
    expect([...seen].sort()).toEqual(['code', 'free']);
  });

  it('generates valid and negative values for every request body and query of the contract', () => {
    for (const { operation } of operations) {
      const schemas: OpenApiSchema[] = [];
      const body = operation.requestBody?.content['application/json']?.schema;
      if (body) schemas.push(body as OpenApiSchema);
      for (const parameter of operation.parameters ?? [])
        if (parameter.in === 'query' && parameter.schema) schemas.push(parameter.schema as OpenApiSchema);
      for (const schema of schemas) {
        for (const value of fc.sample(validArbitrary(schema), { numRuns: 10, seed: SEED })) {
          expect(errorsOf(schema, value), `${operation.operationId}: ${JSON.stringify(value)}`).toEqual([]);
        }
        for (const [rule, arbitrary] of negativeArbitraries(schema)) {
          for (const violation of fc.sample(arbitrary, { numRuns: 3, seed: SEED })) {
            expect(violation.breaksSchema, `${operation.operationId} ${rule}`).toBe(!isValid(schema, violation.value));
            if (rule !== 'nul')
              expect(violation.breaksSchema, `${operation.operationId} ${rule}: ${JSON.stringify(violation.value)}`).toBe(true);
          }
        }
      }
    }
  });
});

const failuresOf = (report: OperationReport): string => report.failures.map((failure) => describeFailure(report, failure)).join('\n\n');

async function expectContractKept(entry: OperationEntry, target: Target): Promise<void> {
  const report = await fuzzOperation(doc, entry, target, {
    runs: RUNS_PER_OPERATION,
    seed: SEED,
    deadline: Date.now() + OPERATION_BUDGET_MS,
  });
  expect(report.failures.length, `\n${failuresOf(report)}\n`).toBe(0);
  expect(report.unfinished, 'families left unrun when the time budget ran out').toEqual([]);
  expect(report.requests.conforming).toBeGreaterThan(0);
}

const byId = (entries: OperationEntry[]): [string, OperationEntry][] => entries.map((entry) => [entry.operation.operationId, entry]);

describe.concurrent('the property checks against the Prism mock', () => {
  let mock: Started | undefined;
  let target: Target;
  beforeAll(async () => {
    const port = await freePort();
    mock = await startMock(port);
    const baseUrl = `http://127.0.0.1:${port}`;
    target = { baseUrl, credentials: await signIn(baseUrl, 'ak_mock_key_for_fuzz'), mock: true };
  }, 60_000);
  afterAll(async () => {
    await mock?.stop();
  });

  it.each(byId(operations))(
    '%s: declared, valid answers to valid requests, and 400 to each body or query violation',
    async (_id, entry) => {
      await expectContractKept(entry, target);
    },
  );
});

describe.concurrent('the property checks against the real server', () => {
  let server: TestServer | undefined;
  let target: Target;
  beforeAll(async () => {
    server = await startTestServer();
    target = { baseUrl: server.baseUrl, credentials: await signIn(server.baseUrl, server.tenant.apiKey), mock: false };
  });
  afterAll(async () => {
    await server?.close();
  });

  const notImplemented = new Set<string>(NOT_IMPLEMENTED);
  const implemented = operations.filter((entry) => !notImplemented.has(entry.operation.operationId));
  it.each(byId(implemented))('%s: no server error, and declared, valid answers to valid and invalid requests', async (_id, entry) => {
    await expectContractKept(entry, target);
  });
});
