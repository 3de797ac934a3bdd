// A parser for the GAQL subset Adlyft's server sends: SELECT … FROM … [WHERE c AND c …] [ORDER BY f [ASC|DESC], …]
// [LIMIT n] [PARAMETERS …]. Conditions support =, !=, <, <=, >, >=, IN, NOT IN, LIKE, NOT LIKE, CONTAINS ANY/ALL/NONE,
// IS [NOT] NULL, BETWEEN … AND …, DURING <literal>, [NOT] REGEXP_MATCH. Syntax errors are queryError values.

export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number; raw: string }
  | { kind: 'constant'; value: string };

export type Operator =
  | '='
  | '!='
  | '>'
  | '>='
  | '<'
  | '<='
  | 'IN'
  | 'NOT IN'
  | 'LIKE'
  | 'NOT LIKE'
  | 'CONTAINS ANY'
  | 'CONTAINS ALL'
  | 'CONTAINS NONE'
  | 'IS NULL'
  | 'IS NOT NULL'
  | 'BETWEEN'
  | 'DURING'
  | 'REGEXP_MATCH'
  | 'NOT REGEXP_MATCH';

export interface Condition {
  field: string;
  op: Operator;
  values: Literal[];
}

export interface OrderBy {
  field: string;
  descending: boolean;
}

export interface GaqlQuery {
  select: string[];
  from: string;
  where: Condition[];
  orderBy: OrderBy[];
  limit?: number;
  parameters: Record<string, string>;
}

/** A GAQL problem: becomes INVALID_ARGUMENT with `errorCode.queryError`. */
export class QueryError extends Error {
  readonly code: string;
  readonly trigger: string | undefined;
  constructor(code: string, message: string, trigger?: string) {
    super(message);
    this.code = code;
    this.trigger = trigger;
  }
}

interface Token {
  type: 'word' | 'string' | 'number' | 'punct' | 'end';
  value: string;
  pos: number;
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (ch === "'" || ch === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= query.length) throw new QueryError('STRING_NOT_TERMINATED', 'A string literal was not terminated.', query.slice(start));
        const c = query[i] as string;
        if (c === '\\' && i + 1 < query.length) {
          value += query[i + 1];
          i += 2;
          continue;
        }
        if (c === '\n') throw new QueryError('PROHIBITED_NEWLINE_IN_STRING', 'Newlines are not allowed in string literals.');
        if (c === ch) {
          i++;
          break;
        }
        value += c;
        i++;
      }
      tokens.push({ type: 'string', value, pos: start });
      continue;
    }
    if (/[0-9-]/.test(ch) && /[0-9]/.test(query[ch === '-' ? i + 1 : i] ?? '')) {
      i++;
      while (i < query.length && /[0-9.]/.test(query[i] as string)) i++;
      tokens.push({ type: 'number', value: query.slice(start, i), pos: start });
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      while (i < query.length && /[A-Za-z0-9_.]/.test(query[i] as string)) i++;
      tokens.push({ type: 'word', value: query.slice(start, i), pos: start });
      continue;
    }
    const two = query.slice(i, i + 2);
    if (two === '!=' || two === '>=' || two === '<=') {
      tokens.push({ type: 'punct', value: two, pos: start });
      i += 2;
      continue;
    }
    if ('=<>(),'.includes(ch)) {
      tokens.push({ type: 'punct', value: ch, pos: start });
      i++;
      continue;
    }
    throw new QueryError('BAD_SYMBOL', `Error in query: unexpected input ${ch}.`, ch);
  }
  tokens.push({ type: 'end', value: '', pos: query.length });
  return tokens;
}

export function parseGaql(query: string): GaqlQuery {
  const tokens = tokenize(query);
  let at = 0;
  const peek = (): Token => tokens[at] as Token;
  const next = (): Token => tokens[at++] as Token;
  const isWord = (word: string, token: Token = peek()): boolean => token.type === 'word' && token.value.toUpperCase() === word;
  const unexpected = (token: Token): QueryError =>
    token.type === 'end'
      ? new QueryError('UNEXPECTED_END_OF_QUERY', 'Error in query: unexpected end of query.')
      : new QueryError('UNEXPECTED_INPUT', `Error in query: unexpected input ${token.value}.`, token.value);
  const expectWord = (word: string, code: string): void => {
    const token = next();
    if (!isWord(word, token)) {
      if (token.type === 'end') throw unexpected(token);
      throw new QueryError(code, `Error in query: expected ${word}, found ${token.value}.`, token.value);
    }
  };
  const field = (): string => {
    const token = next();
    if (token.type !== 'word') throw unexpected(token);
    return token.value;
  };
  const literal = (): Literal => {
    const token = next();
    if (token.type === 'string') return { kind: 'string', value: token.value };
    if (token.type === 'number') {
      const value = Number(token.value);
      if (Number.isNaN(value)) throw new QueryError('BAD_NUMBER', `Error in query: bad number ${token.value}.`, token.value);
      return { kind: 'number', value, raw: token.value };
    }
    if (token.type === 'word') return { kind: 'constant', value: token.value };
    throw unexpected(token);
  };
  const list = (): Literal[] => {
    const open = next();
    if (open.value !== '(') throw new QueryError('EXPECTED_LIST', 'Error in query: expected a list of values in parentheses.', open.value);
    const values: Literal[] = [];
    if (peek().value === ')') throw new QueryError('PROHIBITED_EMPTY_LIST_IN_CONDITION', 'Empty lists are not allowed in conditions.');
    for (;;) {
      values.push(literal());
      const sep = next();
      if (sep.value === ')') return values;
      if (sep.value !== ',') throw unexpected(sep);
    }
  };

  expectWord('SELECT', 'EXPECTED_SELECT');
  const select: string[] = [field()];
  while (peek().value === ',') {
    next();
    select.push(field());
  }
  if (peek().type === 'end') throw new QueryError('EXPECTED_FROM', 'Error in query: expected FROM clause.');
  expectWord('FROM', 'EXPECTED_FROM');
  const fromToken = next();
  if (fromToken.type !== 'word') throw unexpected(fromToken);
  const result: GaqlQuery = { select, from: fromToken.value, where: [], orderBy: [], parameters: {} };

  if (isWord('WHERE')) {
    next();
    for (;;) {
      const name = field();
      const op = next();
      const opWord = op.value.toUpperCase();
      let condition: Condition;
      if (op.type === 'punct' && ['=', '!=', '>', '>=', '<', '<='].includes(op.value)) {
        condition = { field: name, op: op.value as Operator, values: [literal()] };
      } else if (opWord === 'IN') {
        condition = { field: name, op: 'IN', values: list() };
      } else if (opWord === 'LIKE') {
        condition = { field: name, op: 'LIKE', values: [literal()] };
      } else if (opWord === 'REGEXP_MATCH') {
        condition = { field: name, op: 'REGEXP_MATCH', values: [literal()] };
      } else if (opWord === 'NOT') {
        const what = next();
        const w = what.value.toUpperCase();
        if (w === 'IN') condition = { field: name, op: 'NOT IN', values: list() };
        else if (w === 'LIKE') condition = { field: name, op: 'NOT LIKE', values: [literal()] };
        else if (w === 'REGEXP_MATCH') condition = { field: name, op: 'NOT REGEXP_MATCH', values: [literal()] };
        else throw new QueryError('BAD_OPERATOR', `Error in query: invalid operator NOT ${what.value}.`, what.value);
      } else if (opWord === 'CONTAINS') {
        const kind = next().value.toUpperCase();
        if (kind !== 'ANY' && kind !== 'ALL' && kind !== 'NONE')
          throw new QueryError('BAD_OPERATOR', `Error in query: invalid operator CONTAINS ${kind}.`, kind);
        condition = { field: name, op: `CONTAINS ${kind}` as Operator, values: list() };
      } else if (opWord === 'IS') {
        if (isWord('NOT')) {
          next();
          expectWord('NULL', 'BAD_OPERATOR');
          condition = { field: name, op: 'IS NOT NULL', values: [] };
        } else {
          expectWord('NULL', 'BAD_OPERATOR');
          condition = { field: name, op: 'IS NULL', values: [] };
        }
      } else if (opWord === 'BETWEEN') {
        const low = literal();
        if (!isWord('AND')) throw new QueryError('EXPECTED_AND', 'Error in query: expected AND in BETWEEN condition.');
        next();
        condition = { field: name, op: 'BETWEEN', values: [low, literal()] };
      } else if (opWord === 'DURING') {
        const token = next();
        if (token.type !== 'word')
          throw new QueryError(
            'INVALID_VALUE_WITH_DURING_OPERATOR',
            `Invalid date literal supplied for DURING operator: ${token.value}.`,
            token.value,
          );
        condition = { field: name, op: 'DURING', values: [{ kind: 'constant', value: token.value }] };
      } else {
        throw op.type === 'end'
          ? unexpected(op)
          : new QueryError('BAD_OPERATOR', `Error in query: invalid operator ${op.value}.`, op.value);
      }
      result.where.push(condition);
      if (isWord('AND')) {
        next();
        continue;
      }
      if (isWord('OR'))
        throw new QueryError(
          'UNEXPECTED_INPUT',
          'Error in query: OR is not supported in Google Ads Query Language; combine conditions with AND or use IN.',
          'OR',
        );
      break;
    }
  }

  if (isWord('ORDER')) {
    next();
    expectWord('BY', 'EXPECTED_BY');
    for (;;) {
      const name = field();
      let descending = false;
      if (isWord('ASC')) next();
      else if (isWord('DESC')) {
        next();
        descending = true;
      }
      result.orderBy.push({ field: name, descending });
      if (peek().value !== ',') break;
      next();
    }
  }

  if (isWord('LIMIT')) {
    next();
    const token = next();
    const n = Number(token.value);
    if (token.type !== 'number' || !Number.isInteger(n))
      throw new QueryError('BAD_LIMIT_VALUE', `Error in query: bad LIMIT value ${token.value}.`, token.value);
    if (n <= 0) throw new QueryError('LIMIT_VALUE_TOO_LOW', 'The LIMIT value must be greater than 0.', token.value);
    result.limit = n;
  }

  if (isWord('PARAMETERS')) {
    next();
    for (;;) {
      const name = field();
      const eq = next();
      if (eq.value !== '=') throw unexpected(eq);
      result.parameters[name] = next().value;
      if (peek().value !== ',') break;
      next();
    }
  }

  const rest = peek();
  if (rest.type !== 'end') throw unexpected(rest);
  return result;
}
