// `fields=` selection and `filtering=` on list edges. Graph always adds `id`, omits unset fields, rejects unknown
// ones with (#100) "Tried accessing nonexisting field", and lets object fields be narrowed with `field{sub,…}`.
import { invalidParam, MetaApiError } from './errors.ts';
import { KNOWN_FIELDS, NODE_TYPE_NAMES, type NodeType } from './store.ts';

export interface FieldNode {
  name: string;
  children?: FieldNode[];
}

/** Parses `a,b{c,d{e}},f.limit(5)`; modifiers such as `.limit()` / `.as()` are accepted and ignored. */
export function parseFields(text: string): FieldNode[] {
  let i = 0;
  const syntaxError = (what: string): MetaApiError =>
    new MetaApiError({ code: 2500, message: `Syntax error "${what}" at character ${i}: ${text}` });
  const list = (nested: boolean): FieldNode[] => {
    const out: FieldNode[] = [];
    for (;;) {
      while (text[i] === ' ') i++;
      const start = i;
      while (i < text.length && /[A-Za-z0-9_]/.test(text[i] as string)) i++;
      const name = text.slice(start, i);
      if (name === '') {
        if (!nested && i >= text.length && out.length > 0) return out;
        throw syntaxError('Field name expected');
      }
      while (text[i] === '.') {
        i++;
        while (i < text.length && /[A-Za-z0-9_]/.test(text[i] as string)) i++;
        if (text[i] === '(') {
          const close = text.indexOf(')', i);
          if (close < 0) throw syntaxError('Expected ")"');
          i = close + 1;
        }
      }
      const node: FieldNode = { name };
      if (text[i] === '{') {
        i++;
        node.children = list(true);
        if (text[i] !== '}') throw syntaxError('Expected "}"');
        i++;
      }
      out.push(node);
      while (text[i] === ' ') i++;
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (nested ? text[i] === '}' : i >= text.length) return out;
      throw syntaxError(`Expected end of string instead of "${text[i] ?? ''}".`);
    }
  };
  if (text.trim() === '') return [];
  return list(false);
}

function narrow(value: unknown, children: FieldNode[]): unknown {
  if (Array.isArray(value)) return value.map((v) => narrow(v, children));
  if (typeof value !== 'object' || value === null) return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const child of children) {
    const v = source[child.name];
    if (v !== undefined) out[child.name] = child.children ? narrow(v, child.children) : v;
  }
  if (source.id !== undefined && out.id === undefined) out.id = source.id;
  return out;
}

export function projectFields(
  type: NodeType,
  wire: Record<string, unknown>,
  fields: FieldNode[] | undefined,
  defaults: readonly string[],
): Record<string, unknown> {
  const selected: FieldNode[] = fields && fields.length > 0 ? fields : defaults.map((name) => ({ name }));
  const known = KNOWN_FIELDS[type];
  const out: Record<string, unknown> = {};
  for (const field of selected) {
    if (!known.includes(field.name)) {
      throw invalidParam(`(#100) Tried accessing nonexisting field (${field.name}) on node type (${NODE_TYPE_NAMES[type]})`);
    }
    const value = wire[field.name];
    if (value !== undefined) out[field.name] = field.children ? narrow(value, field.children) : value;
  }
  if (wire.id !== undefined && out.id === undefined) out.id = wire.id;
  return out;
}

export interface FilterClause {
  field: string;
  operator: string;
  value: unknown;
}

const OPERATORS = [
  'EQUAL',
  'NOT_EQUAL',
  'GREATER_THAN',
  'GREATER_THAN_OR_EQUAL',
  'LESS_THAN',
  'LESS_THAN_OR_EQUAL',
  'IN_RANGE',
  'NOT_IN_RANGE',
  'CONTAIN',
  'NOT_CONTAIN',
  'IN',
  'NOT_IN',
  'ANY',
  'ALL',
  'NONE',
] as const;

export function parseFiltering(value: unknown): FilterClause[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidParam('(#100) param filtering must be an array.');
  return value.map((raw, index) => {
    const clause = raw as Partial<FilterClause> | null;
    if (typeof clause !== 'object' || clause === null || typeof clause.field !== 'string') {
      throw invalidParam(`(#100) param filtering[${index}] must be an object with field, operator and value`);
    }
    const operator = String(clause.operator ?? '').toUpperCase();
    if (!(OPERATORS as readonly string[]).includes(operator)) {
      throw invalidParam(`(#100) param filtering[${index}][operator] must be one of {${OPERATORS.join(', ')}}`);
    }
    return { field: clause.field, operator, value: clause.value };
  });
}

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : [String(v)]);

function compare(actual: unknown, expected: unknown): number {
  const a = Number(actual);
  const b = Number(expected);
  if (!Number.isNaN(a) && !Number.isNaN(b)) return a - b;
  return String(actual).localeCompare(String(expected));
}

/** Evaluates one clause against a value the caller resolved for `clause.field`. */
export function clauseMatches(clause: FilterClause, actual: unknown): boolean {
  const v = clause.value;
  switch (clause.operator) {
    case 'EQUAL':
      return String(actual) === String(v);
    case 'NOT_EQUAL':
      return String(actual) !== String(v);
    case 'GREATER_THAN':
      return compare(actual, v) > 0;
    case 'GREATER_THAN_OR_EQUAL':
      return compare(actual, v) >= 0;
    case 'LESS_THAN':
      return compare(actual, v) < 0;
    case 'LESS_THAN_OR_EQUAL':
      return compare(actual, v) <= 0;
    case 'IN_RANGE':
    case 'NOT_IN_RANGE': {
      const [lo, hi] = asList(v);
      const inside = compare(actual, lo) >= 0 && compare(actual, hi) <= 0;
      return clause.operator === 'IN_RANGE' ? inside : !inside;
    }
    case 'CONTAIN':
      return String(actual).toLowerCase().includes(String(v).toLowerCase());
    case 'NOT_CONTAIN':
      return !String(actual).toLowerCase().includes(String(v).toLowerCase());
    case 'IN':
      return asList(v).includes(String(actual));
    case 'NOT_IN':
      return !asList(v).includes(String(actual));
    case 'ANY':
      return asList(actual).some((x) => asList(v).includes(x));
    case 'ALL':
      return asList(v).every((x) => asList(actual).includes(x));
    case 'NONE':
      return !asList(actual).some((x) => asList(v).includes(x));
    default:
      return false;
  }
}
