// The two envelopes of the contract. Every body the server writes goes through one of these functions.
import type { ErrorCode, ErrorDetail } from './errors.ts';

export interface SuccessEnvelope<T> {
  success: true;
  data: T;
  message?: string;
  timestamp: string;
  statusCode: number;
}

export interface ErrorEnvelope {
  success: false;
  error: { code: ErrorCode; message: string; details?: ErrorDetail[] };
  timestamp: string;
  statusCode: number;
  path: string;
}

/** The message of a success that names none (the published docs' wording). */
export const DEFAULT_SUCCESS_MESSAGE = 'Request successful';

export function successEnvelope<T>(statusCode: number, data: T, message: string | undefined, now: Date): SuccessEnvelope<T> {
  return {
    success: true,
    data,
    message: message ?? DEFAULT_SUCCESS_MESSAGE,
    timestamp: now.toISOString(),
    statusCode,
  };
}

export function errorEnvelope(
  statusCode: number,
  code: ErrorCode,
  message: string,
  path: string,
  details: ErrorDetail[] | undefined,
  now: Date,
): ErrorEnvelope {
  return {
    success: false,
    error: { code, message, ...(details && details.length > 0 ? { details } : {}) },
    timestamp: now.toISOString(),
    statusCode,
    path,
  };
}
