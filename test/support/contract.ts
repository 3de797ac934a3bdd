// The bundled contract for tests: dereferenced once, with an Ajv that understands OpenAPI 3.0 schemas
// (`nullable`, `example`), to validate examples and real responses against the declared schemas.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

export const BUNDLE_JSON = resolve(import.meta.dirname, '..', '..', 'generated', 'openapi.json');

export interface Schema {
  [key: string]: unknown;
}
export interface MediaType {
  schema?: Schema;
  example?: unknown;
  examples?: Record<string, { value?: unknown; summary?: string }>;
}
export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
}
export interface Operation {
  operationId: string;
  tags?: string[];
  summary?: string;
  description?: string;
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  responses: Record<string, { description: string; headers?: Record<string, { schema?: Schema }>; content?: Record<string, MediaType> }>;
}
export interface Document {
  openapi: string;
  security?: Record<string, string[]>[];
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, Record<string, unknown>>;
}

export const rawBundle = (): Document => JSON.parse(readFileSync(BUNDLE_JSON, 'utf8'));

let dereferenced: Promise<Document> | undefined;
export function dereferencedBundle(): Promise<Document> {
  dereferenced ??= SwaggerParser.dereference(structuredClone(rawBundle()) as never) as unknown as Promise<Document>;
  return dereferenced;
}

export interface OperationEntry {
  method: string;
  path: string;
  operation: Operation;
}

export function operationsOf(doc: Document): OperationEntry[] {
  const methods = new Set(['get', 'post', 'put', 'patch', 'delete']);
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => methods.has(method))
      .map(([method, operation]) => ({ method, path, operation })),
  );
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ strict: false, allErrors: true, validateFormats: true }));
const cache = new WeakMap<object, ValidateFunction>();

/** OpenAPI 3.0 writes `exclusiveMinimum: true` beside `minimum`; JSON Schema (Ajv) wants the bound itself. */
function toJsonSchema(node: unknown, seen = new WeakMap<object, unknown>()): unknown {
  if (Array.isArray(node)) return node.map((item) => toJsonSchema(item, seen));
  if (!node || typeof node !== 'object') return node;
  const known = seen.get(node);
  if (known) return known;
  const out: Record<string, unknown> = {};
  seen.set(node, out);
  for (const [key, value] of Object.entries(node)) out[key] = toJsonSchema(value, seen);
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (out[flag] === true) {
      out[flag] = out[bound];
      delete out[bound];
    } else if (out[flag] === false) {
      delete out[flag];
    }
  }
  return out;
}

/** Validates a value against a dereferenced OpenAPI 3.0 schema; returns the error messages (empty when valid). */
export function schemaErrors(schema: Schema, value: unknown): string[] {
  let validate = cache.get(schema);
  if (!validate) {
    validate = ajv.compile(toJsonSchema(schema) as Schema);
    cache.set(schema, validate);
  }
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

/** Every string value anywhere in an example, for the no-placeholder rule. */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}
