// The one error handler: turns anything thrown or passed to next() into the error envelope. The real cause of
// an unexpected failure goes only to the log (scrubbed), never into the response.
import type { NextFunction, Request, Response } from 'express';
import { errorEnvelope } from './envelope.ts';
import { AppError, type ErrorCode, type ErrorDetail } from './errors.ts';
import type { Logger } from './logger.ts';
import { scrub } from './scrub.ts';

interface ValidatorIssue {
  path?: string;
  message?: string;
  errorCode?: string;
}

interface HttpLikeError {
  status?: number;
  statusCode?: number;
  type?: string;
  errors?: ValidatorIssue[];
  message?: string;
  headers?: Record<string, string>;
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  501: 'NOT_IMPLEMENTED',
  503: 'SERVICE_UNAVAILABLE',
};

/** The validator's location names, renamed to the contract's (`path.<name>`, `header.<name>`). */
const LOCATION: Record<string, string> = { params: 'path', headers: 'header' };

/** `/body/members/0/role` → `body.members.0.role`; `/params/teamId` → `path.teamId`. */
function fieldOf(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const [location = '', ...rest] = path.replace(/^\//, '').split('/');
  return [LOCATION[location] ?? location, ...rest].join('.');
}

function validatorDetails(issues: ValidatorIssue[]): ErrorDetail[] {
  return issues.map((issue) => {
    const field = fieldOf(issue.path);
    const keyword = issue.errorCode?.replace(/\.openapi\.(validation|requestValidation)$/, '') || 'invalid';
    return { ...(field ? { field } : {}), message: issue.message ?? 'is invalid', code: keyword };
  });
}

interface Mapped {
  status: number;
  code: ErrorCode;
  message: string;
  details?: ErrorDetail[];
  headers: Record<string, string>;
  unexpected: boolean;
}

function hasBody(req: Request): boolean {
  const length = req.get('content-length');
  return Boolean(req.get('content-type')) || (length !== undefined && length !== '0') || req.get('transfer-encoding') !== undefined;
}

function mapError(err: unknown, req: Request): Mapped {
  if (err instanceof AppError) {
    return {
      status: err.status,
      code: err.code,
      message: err.message,
      details: err.details,
      headers: err.headers,
      unexpected: err.status >= 500 && err.code === 'INTERNAL_ERROR',
    };
  }
  const e = (err ?? {}) as HttpLikeError;
  const status = e.status ?? e.statusCode ?? 500;
  if (e.type === 'entity.parse.failed') {
    return { status: 400, code: 'BAD_REQUEST', message: 'The request body is not valid JSON', headers: {}, unexpected: false };
  }
  if (e.type === 'entity.too.large') {
    return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than 1 MiB', headers: {}, unexpected: false };
  }
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
    return {
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'The request body encoding is not supported',
      headers: {},
      unexpected: false,
    };
  }
  if (status === 415 && !hasBody(req)) {
    // No body at all where one is required: a missing field, not a wrong media type.
    return {
      status: 400,
      code: 'BAD_REQUEST',
      message: 'Validation failed',
      details: [{ field: 'body', message: 'the request body is required (application/json)', code: 'required' }],
      headers: {},
      unexpected: false,
    };
  }
  if (status >= 400 && status < 500 && CODE_BY_STATUS[status]) {
    const issues = Array.isArray(e.errors) ? e.errors : [];
    const message =
      status === 400
        ? 'Validation failed'
        : status === 404
          ? 'Route not found'
          : status === 405
            ? 'Method not allowed on this path'
            : status === 415
              ? 'Content-Type must be application/json'
              : (e.message ?? 'Request refused');
    return {
      status,
      code: CODE_BY_STATUS[status] ?? 'BAD_REQUEST',
      message,
      ...(status === 400 && issues.length > 0 ? { details: validatorDetails(issues) } : {}),
      headers: e.headers ?? {},
      unexpected: false,
    };
  }
  return { status: 500, code: 'INTERNAL_ERROR', message: 'Internal server error', headers: {}, unexpected: true };
}

/** Statuses that belong to the transport, not to an operation, and so are answered even when not declared. */
const TRANSPORT_STATUSES = new Set([404, 405, 413, 415, 501]);

export function createErrorHandler(logger: Logger, validateResponses: boolean, now: () => Date) {
  return function errorHandler(err: unknown, req: Request, res: Response, next: NextFunction): void {
    if (res.headersSent) {
      next(err);
      return;
    }
    let mapped = mapError(err, req);
    const log = logger.child({ requestId: res.locals.requestId, method: req.method, path: req.path });
    const declared = (req as Request & { openapi?: { schema?: { responses?: Record<string, unknown> } } }).openapi?.schema?.responses;
    if (validateResponses && declared && !declared[String(mapped.status)] && !TRANSPORT_STATUSES.has(mapped.status)) {
      // A status the contract does not declare for this operation is a server bug: fail loudly in tests.
      log.error({ status: mapped.status, code: mapped.code }, 'contract violation: undeclared error status');
      mapped = { status: 500, code: 'INTERNAL_ERROR', message: 'Internal server error', headers: {}, unexpected: true };
    }
    if (mapped.unexpected) {
      const error =
        err instanceof Error
          ? { name: err.name, message: scrub(err.message), stack: scrub(err.stack ?? '') }
          : { value: scrub(String(err)) };
      log.error({ err: error }, 'unexpected error');
    } else {
      log.info({ status: mapped.status, code: mapped.code }, 'request refused');
    }
    for (const [name, value] of Object.entries(mapped.headers)) res.setHeader(name, value);
    const body = errorEnvelope(
      mapped.status,
      mapped.code,
      mapped.message,
      req.originalUrl.split('?')[0] ?? req.path,
      mapped.details,
      now(),
    );
    res.status(mapped.status);
    if (declared?.[String(mapped.status)]) {
      res.json(body); // validated against the contract by express-openapi-validator when enabled
    } else {
      res.type('application/json').send(JSON.stringify(body));
    }
  };
}
