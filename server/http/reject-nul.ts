// Refuses U+0000 anywhere in a request's body, query or path parameters with 400, naming each field.
// PostgreSQL text cannot hold it, so letting it through would end as a 500 deep inside a query.
import type { NextFunction, Request, Response } from 'express';
import { badRequest, type ErrorDetail } from './errors.ts';

function findNul(value: unknown, field: string, found: ErrorDetail[]): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push({ field, message: 'must not contain the NUL character (U+0000)', code: 'pattern' });
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) findNul(item, `${field}.${index}`, found);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000'))
        found.push({ field: `${field}.${key}`, message: 'property names must not contain U+0000', code: 'pattern' });
      findNul(item, `${field}.${key}`, found);
    }
  }
}

export function rejectNulCharacters(req: Request, _res: Response, next: NextFunction): void {
  const found: ErrorDetail[] = [];
  findNul(req.body, 'body', found);
  findNul(req.query, 'query', found);
  findNul(req.params, 'path', found);
  if (found.length > 0) throw badRequest('Validation failed', found);
  next();
}
