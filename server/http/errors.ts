// Typed application errors. Services throw AppError; exactly one handler (error-handler.ts) turns any error
// into the envelope. Codes come from the contract's ErrorCode enum, so a code the spec lacks does not compile.
import type { components } from '../../generated/schema.d.ts';

export type ErrorCode = components['schemas']['ErrorCode'];
export type ErrorDetail = components['schemas']['ErrorDetail'];

export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;
  /** Extra response headers, such as Retry-After. */
  readonly headers: Record<string, string>;

  constructor(status: number, code: ErrorCode, message: string, details?: ErrorDetail[], headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.headers = headers;
  }
}

export const badRequest = (message: string, details?: ErrorDetail[]): AppError => new AppError(400, 'BAD_REQUEST', message, details);
export const unauthorized = (
  code: Extract<ErrorCode, 'UNAUTHORIZED' | 'INVALID_API_KEY' | 'TOKEN_INVALID' | 'TOKEN_EXPIRED' | 'CONNECTION_EXPIRED'>,
  message: string,
): AppError => new AppError(401, code, message);
export const forbidden = (message: string): AppError => new AppError(403, 'FORBIDDEN', message);
export const notFound = (message: string): AppError => new AppError(404, 'NOT_FOUND', message);
export const conflict = (message: string, details?: ErrorDetail[]): AppError => new AppError(409, 'CONFLICT', message, details);
