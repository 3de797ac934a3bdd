// Schema → fast-check arbitraries, in the manner of Schemathesis. From a dereferenced OpenAPI 3.0 schema:
// - validArbitrary: values the schema accepts (ordinary ones: no U+0000, which has a rule of its own below);
// - negativeArbitraries: per rule, values that break that one rule at one named place (`at`), the rest valid.
// Every value is judged by the contract's own Ajv before it is used, so a schema this module reads loosely
// costs a retry, never a wrong "valid" or "negative" label.
import fc from 'fast-check';
import { type Schema, schemaErrors } from '../../test/support/contract.ts';

export interface OpenApiSchema {
  type?: string;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  additionalProperties?: boolean | OpenApiSchema;
  minProperties?: number;
  maxProperties?: number;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  items?: OpenApiSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  nullable?: boolean;
  oneOf?: OpenApiSchema[];
  anyOf?: OpenApiSchema[];
  allOf?: OpenApiSchema[];
  not?: OpenApiSchema;
  [key: string]: unknown;
}

/** The rules a negative value can break; `nul` puts U+0000 into one string. */
export type Rule =
  | 'required'
  | 'type'
  | 'enum'
  | 'additionalProperties'
  | 'minProperties'
  | 'minLength'
  | 'maxLength'
  | 'pattern'
  | 'format'
  | 'minimum'
  | 'maximum'
  | 'minItems'
  | 'maxItems'
  | 'nul';

export interface Violation {
  value: unknown;
  rule: Rule;
  /** Where the rule is broken: property names and array indexes from the root ([] is the value itself). */
  at: string[];
  /**
   * Whether the schema rejects the value. Always true, except for `nul`: a NUL character that no pattern or
   * format forbids is valid for the contract, and then only proves that the server does not fail on it.
   */
  breaksSchema: boolean;
}

export interface NegativeOptions {
  /** `text` for query parameters: only strings travel, so only text can be of the wrong type. */
  wire?: 'json' | 'text';
  /** Never produce an empty string (the Prism mock reads `?name=` as an absent parameter). */
  nonEmpty?: boolean;
}

/** Past this depth objects get only their required properties and arrays their fewest items. */
const MAX_DEPTH = 6;
/** Strings without maxLength get at most this many characters more than their minLength. */
const DEFAULT_EXTRA_LENGTH = 64;
const PROBE_RUNS = 24;
/** A rule whose values never broke the schema in this many tries is left out. */
const NEGATIVE_PROBE_RUNS = 8;
/** A oneOf/anyOf is broken inside at most this many combinations of its alternatives. */
const MAX_COMBINATIONS = 8;

// ---------------------------------------------------------------------------------------------------------
// Judging values: the contract's Ajv, given OpenAPI 3.0 schemas in the form it compiles.

const converted = new WeakMap<object, unknown>();

/**
 * The schema as Ajv (JSON Schema draft 7) reads it: OpenAPI 3.0's boolean `exclusiveMinimum`/`exclusiveMaximum`
 * become the numeric form (Ajv refuses to compile the boolean one); `nullable` Ajv understands itself.
 * Converted once per schema object, cycles included, so Ajv's compile cache keeps working.
 */
export function ajvSchema<T>(schema: T): T {
  if (!schema || typeof schema !== 'object') return schema;
  const known = converted.get(schema);
  if (known) return known as T;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(schema) ? [] : {};
  converted.set(schema, copy);
  for (const [key, value] of Object.entries(schema)) (copy as Record<string, unknown>)[key] = ajvSchema(value);
  if (!Array.isArray(copy)) {
    for (const [flag, bound] of [
      ['exclusiveMinimum', 'minimum'],
      ['exclusiveMaximum', 'maximum'],
    ] as const) {
      if (typeof copy[flag] !== 'boolean') continue;
      if (copy[flag] === true && typeof copy[bound] === 'number') {
        copy[flag] = copy[bound];
        delete copy[bound];
      } else {
        delete copy[flag];
      }
    }
  }
  return copy as T;
}

/** Ajv's complaints about a value (empty when valid), through the contract's own validator. */
export const errorsOf = (schema: OpenApiSchema | Schema, value: unknown): string[] => schemaErrors(ajvSchema(schema) as Schema, value);
export const isValid = (schema: OpenApiSchema, value: unknown): boolean => errorsOf(schema, value).length === 0;

const codePoints = (text: string): number => [...text].length;
const summarise = (schema: OpenApiSchema): string => JSON.stringify(schema).slice(0, 300);

/**
 * `arbitrary.filter(predicate)`, after proving on a sample that the predicate can pass: fast-check retries a
 * filter forever, so a schema that cannot be satisfied (a contradiction, an unsupported pattern) fails here,
 * named, instead of hanging the run.
 */
function guardedFilter<T, U extends T>(
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => value is U,
  what: () => string,
): fc.Arbitrary<U>;
function guardedFilter<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => boolean, what: () => string): fc.Arbitrary<T>;
function guardedFilter<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => boolean, what: () => string): fc.Arbitrary<T> {
  if (!fc.sample(arbitrary, { numRuns: PROBE_RUNS, seed: 1 }).some(predicate)) throw new Error(`cannot generate ${what()}`);
  return arbitrary.filter(predicate);
}

// ---------------------------------------------------------------------------------------------------------
// Normalising. A schema is read as a plain `base` (allOf merged in) and `groups`: each oneOf/anyOf met on the
// way is one group of alternatives. Taking one alternative per group gives a plain schema again (`choose`).

interface Normalised {
  base: OpenApiSchema;
  groups: OpenApiSchema[][];
}

const NUMERIC_LOWER = ['minLength', 'minItems', 'minProperties', 'minimum'] as const;
const NUMERIC_UPPER = ['maxLength', 'maxItems', 'maxProperties', 'maximum'] as const;

/** Both schemas at once (for plain schemas: no allOf/oneOf/anyOf at this level). */
function merge(a: OpenApiSchema, b: OpenApiSchema): OpenApiSchema {
  const merged: OpenApiSchema = { ...a, ...b };
  if (a.type && b.type && a.type !== b.type) merged.type = a.type;
  if (a.properties && b.properties) {
    const properties: Record<string, OpenApiSchema> = { ...a.properties };
    for (const [name, schema] of Object.entries(b.properties)) {
      const existing = properties[name];
      properties[name] = existing ? { allOf: [existing, schema] } : schema;
    }
    merged.properties = properties;
  }
  if (a.items && b.items) merged.items = { allOf: [a.items, b.items] };
  if (a.not && b.not) merged.not = { anyOf: [a.not, b.not] };
  if (a.required || b.required) merged.required = [...new Set([...(a.required ?? []), ...(b.required ?? [])])];
  if (a.additionalProperties === false || b.additionalProperties === false) merged.additionalProperties = false;
  if (a.enum && b.enum) merged.enum = a.enum.filter((value) => b.enum?.includes(value));
  // null passes allOf only when every part allows it.
  if (a.nullable && b.nullable) merged.nullable = true;
  else delete merged.nullable;
  for (const key of NUMERIC_LOWER) {
    const values = [a[key], b[key]].filter((v): v is number => typeof v === 'number');
    if (values.length > 0) merged[key] = Math.max(...values);
  }
  for (const key of NUMERIC_UPPER) {
    const values = [a[key], b[key]].filter((v): v is number => typeof v === 'number');
    if (values.length > 0) merged[key] = Math.min(...values);
  }
  return merged;
}

const normalisedCache = new WeakMap<OpenApiSchema, Normalised>();

function normalise(schema: OpenApiSchema): Normalised {
  const known = normalisedCache.get(schema);
  if (known) return known;
  const { allOf, oneOf, anyOf, ...rest } = schema;
  let base = rest as OpenApiSchema;
  const groups: OpenApiSchema[][] = [];
  if (oneOf && oneOf.length > 0) groups.push(oneOf);
  if (anyOf && anyOf.length > 0) groups.push(anyOf);
  for (const part of allOf ?? []) {
    const inner = normalise(part);
    base = merge(base, inner.base);
    groups.push(...inner.groups);
  }
  const result = { base, groups };
  normalisedCache.set(schema, result);
  return result;
}

const chosenCache = new WeakMap<OpenApiSchema, Map<string, OpenApiSchema>>();

/** The schema with alternative `picks[g]` taken in each group g (alternatives may hold further groups). */
function choose(schema: OpenApiSchema, picks: number[]): OpenApiSchema {
  let byPicks = chosenCache.get(schema);
  if (!byPicks) {
    byPicks = new Map();
    chosenCache.set(schema, byPicks);
  }
  const key = picks.join(',');
  let chosen = byPicks.get(key);
  if (!chosen) {
    const { base, groups } = normalise(schema);
    chosen = { ...base, allOf: groups.map((group, g) => group[picks[g] ?? 0] ?? {}) };
    byPicks.set(key, chosen);
  }
  return chosen;
}

/** Each alternative of each group at least once, the other groups on their first alternative. */
function representativePicks(groups: OpenApiSchema[][]): number[][] {
  const first = groups.map(() => 0);
  const picks = [first];
  groups.forEach((group, g) => {
    for (let alternative = 1; alternative < group.length; alternative++) picks.push(first.with(g, alternative));
  });
  return picks.slice(0, MAX_COMBINATIONS);
}

/** `not: {}` matches nothing: the property it sits on must be left out (a common oneOf/anyOf idiom). */
function isForbidden(schema: OpenApiSchema): boolean {
  const not = normalise(schema).base.not;
  return typeof not === 'object' && not !== null && Object.keys(not).length === 0;
}

function typeOf(schema: OpenApiSchema): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (schema.properties || schema.required || schema.additionalProperties !== undefined) return 'object';
  if (schema.items) return 'array';
  if (schema.minLength !== undefined || schema.maxLength !== undefined || schema.pattern || schema.format) return 'string';
  if (schema.minimum !== undefined || schema.maximum !== undefined) return 'number';
  return undefined;
}

/** The one JSON type every alternative agrees on, if any. */
function agreedType({ base, groups }: Normalised): string | undefined {
  const own = typeOf(base);
  if (own) return own;
  const types = new Set(groups.flat().map((alternative) => agreedType(normalise(alternative))));
  return types.size === 1 ? [...types][0] : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Valid values.

/** Built once per schema object and per side of the depth limit: building an arbitrary probes samples. */
function memoised<T>(
  build: (schema: OpenApiSchema, depth: number) => fc.Arbitrary<T>,
): (schema: OpenApiSchema, depth: number) => fc.Arbitrary<T> {
  const cache = new WeakMap<OpenApiSchema, Map<boolean, fc.Arbitrary<T>>>();
  return (schema, depth) => {
    const deep = depth >= MAX_DEPTH;
    let byDepth = cache.get(schema);
    if (!byDepth) {
      byDepth = new Map();
      cache.set(schema, byDepth);
    }
    let arbitrary = byDepth.get(deep);
    if (!arbitrary) {
      arbitrary = build(schema, depth);
      byDepth.set(deep, arbitrary);
    }
    return arbitrary;
  };
}

const noNul = (text: string): string => text.replaceAll('\u0000', '_');

const DATES = { min: new Date('1970-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true };

const FORMAT_VALUES: Record<string, () => fc.Arbitrary<string>> = {
  uuid: () => fc.uuid(),
  date: () => fc.date(DATES).map((d) => d.toISOString().slice(0, 10)),
  'date-time': () => fc.date(DATES).map((d) => d.toISOString()),
  // fc.webUrl() costs over a second to build; addresses of this shape are what the API meets anyway.
  uri: () =>
    fc.stringMatching(
      /^https?:\/\/[a-z][a-z0-9-]{0,15}\.(com|io|dev|example)(\/[A-Za-z0-9_.~-]{1,12}){0,3}(\?[a-z]{1,8}=[A-Za-z0-9]{1,8})?$/,
    ),
  email: () => fc.emailAddress(),
  hostname: () => fc.domain(),
  ipv4: () => fc.ipV4(),
  ipv6: () => fc.ipV6(),
  byte: () => fc.base64String(),
};

const formatArbitraries = new Map<string, fc.Arbitrary<string>>();
function formatValues(format: string): fc.Arbitrary<string> | undefined {
  const build = FORMAT_VALUES[format];
  if (!build) return undefined;
  let arbitrary = formatArbitraries.get(format);
  if (!arbitrary) {
    arbitrary = build();
    formatArbitraries.set(format, arbitrary);
  }
  return arbitrary;
}

/**
 * Any code point but U+0000 and lone surrogates, astral ones included. (fast-check's `binary` unit builds a
 * reverse map of all 1.1 million code points for every string arbitrary: seconds per schema.)
 */
const ANY_CHARACTER = fc
  .oneof(fc.integer({ min: 0x01, max: 0x7f }), fc.integer({ min: 0x80, max: 0xd7ff }), fc.integer({ min: 0xe000, max: 0x10ffff }))
  .map((codePoint) => String.fromCodePoint(codePoint));

function plainText(minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength, maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: ANY_CHARACTER, minLength, maxLength }) },
  );
}

const validString = memoised((schema) => buildValidString(schema));

function buildValidString(schema: OpenApiSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const regex = schema.pattern ? new RegExp(schema.pattern, 'u') : undefined;
  // Without maxLength a pattern or format sets the length; plain text gets a bounded one.
  const max = schema.maxLength ?? (regex || schema.format ? Number.POSITIVE_INFINITY : min + DEFAULT_EXTRA_LENGTH);
  const fits = (text: string): boolean => codePoints(text) >= min && codePoints(text) <= max && (!regex || regex.test(text));
  const format = schema.format ? formatValues(schema.format) : undefined;
  if (format) return guardedFilter(format, fits, () => `a ${schema.format} string for ${summarise(schema)}`);
  if (regex) {
    let matching: fc.Arbitrary<string>;
    try {
      matching = fc.stringMatching(regex, Number.isFinite(max) ? { maxLength: max } : {}).map(noNul);
    } catch (error) {
      throw new Error(`cannot generate strings matching ${schema.pattern}: ${error instanceof Error ? error.message : String(error)}`);
    }
    // Unanchored patterns also match with text around them, which reaches a minLength that the pattern's
    // own generator seldom does.
    const padded = fc
      .tuple(matching, plainText(0, Math.max(min, 1)), fc.boolean())
      .map(([match, pad, before]) => (before ? pad + match : match + pad));
    const candidates = fc.oneof({ weight: 3, arbitrary: matching }, { weight: 1, arbitrary: padded });
    return guardedFilter(candidates, fits, () => `a string matching ${summarise(schema)}`);
  }
  return plainText(min, max);
}

const SAFE = Number.MAX_SAFE_INTEGER;

function validInteger(schema: OpenApiSchema): fc.Arbitrary<number> {
  const low =
    typeof schema.minimum === 'number'
      ? Math.ceil(schema.minimum) + (schema.exclusiveMinimum && Number.isInteger(schema.minimum) ? 1 : 0)
      : undefined;
  const high =
    typeof schema.maximum === 'number'
      ? Math.floor(schema.maximum) - (schema.exclusiveMaximum && Number.isInteger(schema.maximum) ? 1 : 0)
      : undefined;
  const min = Math.max(low ?? Math.min(-1_000_000, (high ?? 0) - 1_000_000), -SAFE);
  const max = Math.min(high ?? Math.max(1_000_000, min + 1_000_000), SAFE);
  const step = schema.multipleOf;
  if (step && Number.isInteger(step) && step > 0)
    return fc.integer({ min: Math.ceil(min / step), max: Math.floor(max / step) }).map((k) => k * step);
  return fc.integer({ min, max });
}

function validNumber(schema: OpenApiSchema): fc.Arbitrary<number> {
  const min = typeof schema.minimum === 'number' ? schema.minimum : Math.min(-1e9, (schema.maximum ?? 0) - 1e9);
  const max = typeof schema.maximum === 'number' ? schema.maximum : Math.max(1e9, min + 1e9);
  const step = schema.multipleOf;
  if (step) return fc.integer({ min: Math.ceil(min / step), max: Math.floor(max / step) }).map((k) => k * step);
  return fc.double({
    min,
    max,
    minExcluded: Boolean(schema.exclusiveMinimum),
    maxExcluded: Boolean(schema.exclusiveMaximum),
    noNaN: true,
    noDefaultInfinity: true,
  });
}

function validArray(schema: OpenApiSchema, depth: number, atLeast = 0): fc.Arbitrary<unknown[]> {
  const item = valid(schema.items ?? {}, depth + 1);
  const minLength = Math.max(schema.minItems ?? 0, atLeast);
  const maxLength = depth >= MAX_DEPTH ? minLength : Math.max(Math.min(schema.maxItems ?? minLength + 4, minLength + 8), minLength);
  return schema.uniqueItems
    ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
    : fc.array(item, { minLength, maxLength });
}

const PROPERTY_NAME = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 16 });

const validObject = memoised(buildValidObject);

function buildValidObject(schema: OpenApiSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = schema.required ?? [];
  const extra = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) {
    if (!required.includes(name) && (depth >= MAX_DEPTH || isForbidden(property))) continue;
    model[name] = valid(property, depth + 1);
  }
  for (const name of required) model[name] ??= valid(extra ?? {}, depth + 1);
  let object = fc.record(model, { requiredKeys: required }) as fc.Arbitrary<Record<string, unknown>>;
  if (extra && depth < MAX_DEPTH) {
    const names = PROPERTY_NAME.filter((name) => !Object.hasOwn(properties, name) && name !== '__proto__');
    object = fc
      .tuple(object, fc.dictionary(names, valid(extra, depth + 1), { maxKeys: 3 }))
      .map(([known, more]) => ({ ...more, ...known }));
  }
  const { minProperties = 0, maxProperties = Number.POSITIVE_INFINITY } = schema;
  if (minProperties > 0 || maxProperties < Number.POSITIVE_INFINITY) {
    const countFits = (value: Record<string, unknown>): boolean =>
      Object.keys(value).length >= minProperties && Object.keys(value).length <= maxProperties;
    object = guardedFilter(
      object,
      countFits,
      () => `an object with ${minProperties}..${maxProperties} properties for ${summarise(schema)}`,
    );
  }
  return object;
}

/** Values meant to be valid; nested oneOf/anyOf/not may still let an invalid one through (see checkedValid). */
const valid = memoised(buildValid);

function buildValid(schema: OpenApiSchema, depth: number): fc.Arbitrary<unknown> {
  const { base: s, groups } = normalise(schema);
  if (groups.length > 0) {
    const picks = fc.tuple(...groups.map((group) => fc.nat(group.length - 1)));
    return picks.chain((chosen) => valid(choose(schema, chosen), depth));
  }
  if (Array.isArray(s.enum) && s.enum.length > 0) {
    const excluded = s.not?.enum ?? [];
    const allowed = s.enum.filter((value) => !excluded.includes(value));
    return fc.constantFrom(...(allowed.length > 0 ? allowed : s.enum));
  }
  const value = validOfType(s, depth);
  return s.nullable ? fc.option(value, { nil: null, freq: 6 }) : value;
}

function validOfType(s: OpenApiSchema, depth: number): fc.Arbitrary<unknown> {
  switch (typeOf(s)) {
    case 'string':
      return validString(s, depth);
    case 'integer':
      return validInteger(s);
    case 'number':
      return validNumber(s);
    case 'boolean':
      return fc.boolean();
    case 'array':
      return validArray(s, depth);
    case 'object':
      return validObject(s, depth);
    default:
      return fc.oneof(fc.string({ unit: 'grapheme-ascii', maxLength: 12 }), fc.integer(), fc.boolean());
  }
}

const approximate = new WeakMap<OpenApiSchema, boolean>();

/**
 * Whether `valid` may miss for this schema: alternatives (oneOf/anyOf/allOf), `not`, a multipleOf of decimals,
 * anywhere inside. Elsewhere its values are valid by construction and need no Ajv (compiling costs milliseconds
 * per schema object).
 */
function isApproximate(schema: OpenApiSchema, seen = new Set<OpenApiSchema>()): boolean {
  const known = approximate.get(schema);
  if (known !== undefined) return known;
  if (seen.has(schema)) return false;
  seen.add(schema);
  const children = [
    ...Object.values(schema.properties ?? {}),
    ...(schema.items ? [schema.items] : []),
    ...(typeof schema.additionalProperties === 'object' ? [schema.additionalProperties] : []),
  ];
  const result =
    Boolean(schema.oneOf || schema.anyOf || schema.allOf || schema.not || (schema.multipleOf && !Number.isInteger(schema.multipleOf))) ||
    children.some((child) => isApproximate(child, seen));
  approximate.set(schema, result);
  return result;
}

/** Valid values of a (part of a) schema, proved valid by Ajv wherever `valid` is approximate. */
const checkedValid = memoised((schema, depth) =>
  isApproximate(schema)
    ? guardedFilter(
        valid(schema, depth),
        (value) => isValid(schema, value),
        () => `a valid value for ${summarise(schema)}`,
      )
    : valid(schema, depth),
);

/** Values the schema accepts, each proved so by Ajv. Throws, naming the schema, when it cannot produce any. */
export function validArbitrary(schema: OpenApiSchema): fc.Arbitrary<unknown> {
  return rootValid(schema, 0);
}

const rootValid = memoised((schema, depth) =>
  guardedFilter(
    checkedValid(schema, depth),
    (value) => isValid(schema, value),
    () => `a valid value for ${summarise(schema)}`,
  ),
);

// ---------------------------------------------------------------------------------------------------------
// Negative values: each node yields, per rule, the ways to break that rule at or below it.

interface Breaker {
  rule: Rule;
  arbitrary: fc.Arbitrary<Violation>;
}

const violation =
  (rule: Rule, at: string[]) =>
  (value: unknown): Violation => ({ value, rule, at, breaksSchema: true });

const WRONG_TYPES: Record<string, unknown[]> = {
  string: [42, true, [], {}],
  integer: ['42', 1.5, true],
  number: ['42', 'abc', true],
  boolean: ['true', 0, 1],
  object: [[], 'object', 42],
  array: [{}, 'array', 42],
};

function wrongType(type: string | undefined, nullable: boolean, options: NegativeOptions): fc.Arbitrary<unknown> | undefined {
  if (!type) return undefined;
  if (options.wire === 'text') {
    if (type === 'integer') return fc.constantFrom('abc', '1.5', 'one');
    if (type === 'number') return fc.constantFrom('abc', 'one', '1,5');
    if (type === 'boolean') return fc.constantFrom('yes', 'abc', '2');
    return undefined;
  }
  const candidates = [...(WRONG_TYPES[type] ?? []), ...(nullable ? [] : [null])];
  return candidates.length > 0 ? fc.constantFrom(...candidates) : undefined;
}

function outsideEnum(values: unknown[], options: NegativeOptions): fc.Arbitrary<unknown> | undefined {
  const text = options.wire === 'text';
  const allowed = values.map((v) => (text ? String(v) : v));
  const candidates: unknown[] = [
    ...values.filter((v): v is string => typeof v === 'string').flatMap((v) => [v.toLowerCase(), v.toUpperCase(), `${v}X`, ` ${v}`]),
    'not-in-enum',
    ...(options.nonEmpty ? [] : ['']),
  ];
  if (values.every((v) => typeof v === 'boolean')) candidates.push(...(text ? ['true', 'false'] : [true, false]));
  if (values.every((v) => typeof v === 'number')) {
    const numbers = values as number[];
    candidates.push(...[Math.max(...numbers) + 1, Math.min(...numbers) - 1].map((n) => (text ? String(n) : n)));
  }
  const outside = candidates.filter((c) => !allowed.includes(c));
  return outside.length > 0 ? fc.constantFrom(...outside) : undefined;
}

const PATTERN_BREAKERS = [
  '',
  ' ',
  '   ',
  '\t',
  '\n',
  '-',
  '_',
  '0',
  '9',
  'a',
  'Z',
  'aZ9',
  '!',
  '#',
  '/',
  '..',
  'a b',
  'ñ',
  '😀',
  '<x>',
  '%',
  'a'.repeat(300),
];

const FORMAT_BREAKERS: Record<string, string[]> = {
  uuid: ['not-a-uuid', '1234', '4d6e8f0a-1b2c-4d3e-9f5a', '4d6e8f0a1b2c4d3e9f5a6b7c8d9e0f1a0', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz', ''],
  date: ['2026-13-01', '2026-02-30', '26-1-1', 'yesterday', '2026-12-05T10:30:00Z', ''],
  'date-time': ['2026-12-05', '2026-12-05T25:00:00Z', '2026-12-05 10:30', 'not a date', ''],
  uri: ['not a uri', '://missing-scheme', 'http://exa mple.com', ''],
  email: ['no-at-sign', 'a@', '@example.com', 'a b@example.com', ''],
  hostname: ['-bad-.example', 'a..b', 'has space', ''],
  ipv4: ['256.1.1.1', '1.2.3', 'abc', ''],
  ipv6: ['1:2:3', 'gggg::1', ''],
};

const formatSchemas = new Map<string, OpenApiSchema>();
function brokenFormat(format: string): string[] {
  let schema = formatSchemas.get(format);
  if (!schema) {
    schema = { type: 'string', format };
    formatSchemas.set(format, schema);
  }
  const formatSchema = schema;
  return (FORMAT_BREAKERS[format] ?? []).filter((candidate) => !isValid(formatSchema, candidate));
}

function insertNul(text: string, maxLength: number | undefined): string {
  const characters = [...text];
  const middle = Math.floor(characters.length / 2);
  if (maxLength !== undefined && characters.length >= maxLength && characters.length > 0) characters[middle] = '\u0000';
  else characters.splice(middle, 0, '\u0000');
  return characters.join('');
}

function stringBreakers(s: OpenApiSchema, at: string[], options: NegativeOptions): Breaker[] {
  const breakers: Breaker[] = [];
  const min = s.minLength ?? 0;
  const max = s.maxLength;
  const shortest = options.nonEmpty ? 1 : 0;
  if (min > shortest) {
    const short = fc.string({ unit: 'grapheme-ascii', minLength: shortest, maxLength: min - 1 });
    breakers.push({ rule: 'minLength', arbitrary: short.map(violation('minLength', at)) });
  }
  if (max !== undefined) {
    // Over-long: a valid value repeated past the limit (so it still fits any pattern of repeated parts) or plain.
    const repeated = fc.tuple(validString(s, 0), fc.integer({ min: 1, max: 16 })).map(([seed, extra]) => {
      const unit = seed.length > 0 ? seed : 'x';
      let text = unit;
      while (codePoints(text) < max + extra) text += unit;
      return [...text].slice(0, max + extra).join('');
    });
    const plain = fc.integer({ min: 1, max: 16 }).map((extra) => 'a'.repeat(max + extra));
    breakers.push({ rule: 'maxLength', arbitrary: fc.oneof(repeated, plain).map(violation('maxLength', at)) });
  }
  if (s.pattern) {
    const regex = new RegExp(s.pattern, 'u');
    const fits = (text: string): boolean => codePoints(text) >= Math.max(min, shortest) && (max === undefined || codePoints(text) <= max);
    const candidates = PATTERN_BREAKERS.filter((text) => !regex.test(text) && fits(text));
    if (candidates.length > 0) breakers.push({ rule: 'pattern', arbitrary: fc.constantFrom(...candidates).map(violation('pattern', at)) });
  }
  if (s.format) {
    const candidates = brokenFormat(s.format).filter((text) => codePoints(text) >= shortest);
    if (candidates.length > 0) breakers.push({ rule: 'format', arbitrary: fc.constantFrom(...candidates).map(violation('format', at)) });
  }
  const withNul = validString(s, 0).map((text) => insertNul(text, max));
  breakers.push({ rule: 'nul', arbitrary: withNul.map(violation('nul', at)) });
  return breakers;
}

function numberBreakers(s: OpenApiSchema, at: string[], integer: boolean, options: NegativeOptions): Breaker[] {
  const breakers: Breaker[] = [];
  const show = (n: number): unknown => (options.wire === 'text' ? String(n) : n);
  if (typeof s.minimum === 'number') {
    const edge = s.exclusiveMinimum ? s.minimum : integer ? Math.ceil(s.minimum) - 1 : s.minimum - 1;
    const below = integer
      ? fc.integer({ min: Math.max(edge - 1000, -SAFE), max: edge })
      : fc.double({ min: edge - 1e6, max: edge, noNaN: true });
    breakers.push({ rule: 'minimum', arbitrary: below.map(show).map(violation('minimum', at)) });
  }
  if (typeof s.maximum === 'number') {
    const edge = s.exclusiveMaximum ? s.maximum : integer ? Math.floor(s.maximum) + 1 : s.maximum + 1;
    const above = integer
      ? fc.integer({ min: edge, max: Math.min(edge + 1000, SAFE) })
      : fc.double({ min: edge, max: edge + 1e6, noNaN: true });
    breakers.push({ rule: 'maximum', arbitrary: above.map(show).map(violation('maximum', at)) });
  }
  return breakers;
}

/** `whole` is the schema the rest of the value must satisfy (`s` with its oneOf/anyOf, when `s` is its base). */
function arrayBreakers(s: OpenApiSchema, whole: OpenApiSchema, at: string[], depth: number, options: NegativeOptions): Breaker[] {
  const breakers: Breaker[] = [];
  const item = checkedValid(s.items ?? {}, depth + 1);
  if (s.minItems !== undefined && s.minItems > 0) {
    breakers.push({ rule: 'minItems', arbitrary: fc.array(item, { maxLength: s.minItems - 1 }).map(violation('minItems', at)) });
  }
  if (s.maxItems !== undefined && s.maxItems <= 500) {
    const tooMany = fc.array(item, { minLength: s.maxItems + 1, maxLength: s.maxItems + 3 });
    breakers.push({ rule: 'maxItems', arbitrary: tooMany.map(violation('maxItems', at)) });
  }
  if (options.wire !== 'text' && (s.maxItems ?? 1) >= 1) {
    const nonEmpty = (value: unknown): value is unknown[] => Array.isArray(value) && value.length > 0;
    const parent = checkedValid(whole, depth).filter(nonEmpty);
    for (const child of breakersOf(s.items ?? {}, [...at, '0'], depth + 1, options)) {
      breakers.push({
        rule: child.rule,
        arbitrary: fc.tuple(parent, child.arbitrary).map(([array, broken]) => ({ ...broken, value: [broken.value, ...array.slice(1)] })),
      });
    }
  }
  return breakers;
}

function objectBreakers(s: OpenApiSchema, whole: OpenApiSchema, at: string[], depth: number, options: NegativeOptions): Breaker[] {
  const breakers: Breaker[] = [];
  const properties = s.properties ?? {};
  const required = s.required ?? [];
  const object = checkedValid(whole, depth).filter(isObject);
  for (const name of required) {
    const without = object.map(({ [name]: _dropped, ...rest }) => rest);
    breakers.push({
      rule: 'required',
      arbitrary: without.map((value) => ({ value, rule: 'required', at: [...at, name], breaksSchema: true })),
    });
  }
  if (s.additionalProperties === false) {
    const names = fc
      .oneof(fc.constantFrom('unexpected', 'isAdmin', 'tenantId', 'id', 'role', '$where'), PROPERTY_NAME)
      .filter((name) => !Object.hasOwn(properties, name) && name !== '__proto__');
    const extra = fc.oneof(fc.string({ unit: 'grapheme-ascii', maxLength: 12 }), fc.integer(), fc.boolean());
    breakers.push({
      rule: 'additionalProperties',
      arbitrary: fc.tuple(object, names, extra).map(([value, name, more]) => ({
        value: { ...value, [name]: more },
        rule: 'additionalProperties',
        at: [...at, name],
        breaksSchema: true,
      })),
    });
  }
  if (s.minProperties !== undefined && s.minProperties > required.length) {
    const keep = s.minProperties - 1;
    const fewer = object.map((value) => {
      const names = [...required, ...Object.keys(value).filter((name) => !required.includes(name))].slice(0, keep);
      return Object.fromEntries(names.map((name) => [name, value[name]]));
    });
    breakers.push({ rule: 'minProperties', arbitrary: fewer.map(violation('minProperties', at)) });
  }
  for (const [name, property] of Object.entries(properties)) {
    if (isForbidden(property)) continue;
    for (const child of breakersOf(property, [...at, name], depth + 1, options)) {
      breakers.push({
        rule: child.rule,
        arbitrary: fc.tuple(object, child.arbitrary).map(([value, broken]) => ({ ...broken, value: { ...value, [name]: broken.value } })),
      });
    }
  }
  return breakers;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function breakersOf(schema: OpenApiSchema, at: string[], depth: number, options: NegativeOptions, ownType = true): Breaker[] {
  if (depth > MAX_DEPTH) return [];
  const normalised = normalise(schema);
  const { base: s, groups } = normalised;
  const breakers: Breaker[] = [];
  const nullable = Boolean(s.nullable) || groups.flat().some((alternative) => normalise(alternative).base.nullable);
  const type = ownType ? wrongType(agreedType(normalised), nullable, options) : undefined;
  if (type) breakers.push({ rule: 'type', arbitrary: type.map(violation('type', at)) });
  if (groups.length > 0 && (s.properties || s.items)) {
    // The base declares the parts: break them, the rest of the value valid for the whole (alternatives included).
    return [...breakers, ...plainBreakers(s, schema, at, depth, options)];
  }
  if (groups.length > 0) {
    // Break something inside one combination of alternatives; the whole schema must still reject it (checked
    // at the root). A combination that admits no value offers nothing to break.
    for (const picks of representativePicks(groups)) {
      try {
        breakers.push(...breakersOf(choose(schema, picks), at, depth, options, false));
      } catch {}
    }
    return breakers;
  }
  return [...breakers, ...plainBreakers(s, schema, at, depth, options)];
}

function plainBreakers(s: OpenApiSchema, whole: OpenApiSchema, at: string[], depth: number, options: NegativeOptions): Breaker[] {
  if (Array.isArray(s.enum) && s.enum.length > 0) {
    const outside = outsideEnum(s.enum, options);
    return outside ? [{ rule: 'enum', arbitrary: outside.map(violation('enum', at)) }] : [];
  }
  switch (typeOf(s)) {
    case 'string':
      return stringBreakers(s, at, options);
    case 'integer':
      return numberBreakers(s, at, true, options);
    case 'number':
      return numberBreakers(s, at, false, options);
    case 'array':
      return arrayBreakers(s, whole, at, depth, options);
    case 'object':
      return objectBreakers(s, whole, at, depth, options);
    default:
      return [];
  }
}

/**
 * Per rule, an arbitrary of values that break that rule once, at one place, the rest of the value valid.
 * A rule this schema cannot be made to break (judged by Ajv on a sample) is left out. `nul` values carry
 * Ajv's verdict in `breaksSchema`.
 */
export function negativeArbitraries(schema: OpenApiSchema, options: NegativeOptions = {}): Map<Rule, fc.Arbitrary<Violation>> {
  const key = `${options.wire ?? 'json'}/${Boolean(options.nonEmpty)}`;
  let byOptions = negatives.get(schema);
  if (!byOptions) {
    byOptions = new Map();
    negatives.set(schema, byOptions);
  }
  let result = byOptions.get(key);
  if (!result) {
    result = buildNegatives(schema, options);
    byOptions.set(key, result);
  }
  return result;
}

const negatives = new WeakMap<OpenApiSchema, Map<string, Map<Rule, fc.Arbitrary<Violation>>>>();

function buildNegatives(schema: OpenApiSchema, options: NegativeOptions): Map<Rule, fc.Arbitrary<Violation>> {
  const grouped = new Map<Rule, fc.Arbitrary<Violation>[]>();
  for (const breaker of breakersOf(schema, [], 0, options))
    grouped.set(breaker.rule, [...(grouped.get(breaker.rule) ?? []), breaker.arbitrary]);
  const result = new Map<Rule, fc.Arbitrary<Violation>>();
  for (const [rule, arbitraries] of grouped) {
    const raw = arbitraries.length === 1 && arbitraries[0] ? arbitraries[0] : fc.oneof(...arbitraries);
    if (rule === 'nul') {
      result.set(
        rule,
        raw.map((v) => ({ ...v, breaksSchema: !isValid(schema, v.value) })),
      );
      continue;
    }
    const breaks = (v: Violation): boolean => !isValid(schema, v.value);
    if (!fc.sample(raw, { numRuns: NEGATIVE_PROBE_RUNS, seed: 1 }).some(breaks)) continue;
    result.set(rule, raw.filter(breaks));
  }
  return result;
}

/** One arbitrary over every rule of `negativeArbitraries`, or undefined when nothing can be broken. */
export function negativeArbitrary(schema: OpenApiSchema, options: NegativeOptions = {}): fc.Arbitrary<Violation> | undefined {
  const arbitraries = [...negativeArbitraries(schema, options).values()];
  return arbitraries.length > 0 ? fc.oneof(...arbitraries) : undefined;
}

/** `body.members.0.role` from the root's name and a violation's place. */
export const locationOf = (root: string, at: string[]): string => [root, ...at].join('.');
