// Graph parameters arrive in the query string, in a form/multipart body, or in a JSON body; non-scalars sent
// form-encoded are JSON strings (`targeting={"geo_locations":…}`, `special_ad_categories=[]`). These helpers
// read them all the same way and raise Meta's (#100) errors for bad JSON.
import type { FakeRequest } from '../shared/http.ts';
import { invalidParam } from './errors.ts';

export function rawParam(req: FakeRequest, name: string): unknown {
  if (req.method !== 'GET' && req.body[name] !== undefined) return req.body[name];
  return req.query.get(name) ?? undefined;
}

export function stringParam(req: FakeRequest, name: string): string | undefined {
  const value = rawParam(req, name);
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A parameter that carries JSON: parsed from a string, or taken as-is from a JSON body. */
export function jsonParam(req: FakeRequest, name: string): unknown {
  const value = rawParam(req, name);
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^[[{]/.test(trimmed) || trimmed === 'true' || trimmed === 'false' || trimmed === 'null') {
    try {
      return JSON.parse(trimmed);
    } catch {
      throw invalidParam(`(#100) Param ${name} must be a valid JSON string`);
    }
  }
  return value;
}

/** Arrays like effective_status may also come as a bare comma list. */
export function listParam(req: FakeRequest, name: string): string[] | undefined {
  const value = jsonParam(req, name);
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string')
    return value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  throw invalidParam(`(#100) Param ${name} must be an array`);
}

export function objectParam(req: FakeRequest, name: string): Record<string, unknown> | undefined {
  const value = jsonParam(req, name);
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidParam(`(#100) Param ${name} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

export function intParam(req: FakeRequest, name: string): number | undefined {
  const value = rawParam(req, name);
  if (value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n)) throw invalidParam(`(#100) Param ${name} must be an integer`);
  return n;
}

export function boolParam(req: FakeRequest, name: string): boolean | undefined {
  const value = rawParam(req, name);
  if (value === undefined || value === '') return undefined;
  if (value === true || value === 'true' || value === '1' || value === 1) return true;
  if (value === false || value === 'false' || value === '0' || value === 0) return false;
  throw invalidParam(`(#100) Param ${name} must be a boolean`);
}
