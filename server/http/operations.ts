// The operations of the bundled contract, read once: what the router serves, what authentication each needs,
// and what the drift test compares with the handler map.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const BUNDLE_PATH = resolve(import.meta.dirname, '..', '..', 'generated', 'openapi.json');

export type SecurityScheme = 'ApiKey' | 'BearerAuth' | 'RefreshBearer';

export interface OperationInfo {
  operationId: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The contract's path template, e.g. /api/v1/teams/{teamId}. */
  path: string;
  /** The same path in Express syntax, e.g. /api/v1/teams/:teamId. */
  expressPath: string;
  /** The schemes that must all be satisfied (the contract uses one requirement object per operation). */
  security: SecurityScheme[];
}

interface Bundle {
  security?: Record<string, string[]>[];
  paths: Record<string, Record<string, { operationId: string; security?: Record<string, string[]>[] }>>;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

export function loadBundle(path = BUNDLE_PATH): Bundle & Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8'));
}

export function listOperations(bundle: Bundle = loadBundle()): OperationInfo[] {
  const operations: OperationInfo[] = [];
  for (const [path, item] of Object.entries(bundle.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const requirement = (operation.security ?? bundle.security ?? [])[0] ?? {};
      operations.push({
        operationId: operation.operationId,
        method: method as OperationInfo['method'],
        path,
        expressPath: path.replace(/\{([^}]+)\}/g, ':$1'),
        security: Object.keys(requirement) as SecurityScheme[],
      });
    }
  }
  // Literal segments before parameters, so /teams/get-all is never taken for /teams/{teamId}.
  return operations.sort((a, b) => routeRank(a.path).localeCompare(routeRank(b.path)));
}

function routeRank(path: string): string {
  return path
    .split('/')
    .map((segment) => (segment.startsWith('{') ? `~${segment}` : `!${segment}`))
    .join('/');
}

/**
 * The contract as express-openapi-validator gets it: schema-level `example` values removed. They document, they
 * do not validate, and Ajv (which walks every key) would take an example object's `id` for a schema id.
 */
export function validatorSpec(bundle: Record<string, unknown> = loadBundle()): Record<string, unknown> {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'example') continue;
      out[key] = key === 'examples' ? value : strip(value);
    }
    return out;
  };
  return strip(bundle) as Record<string, unknown>;
}
