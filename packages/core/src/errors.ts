/**
 * Expected failures of the domain, as data. Core never knows about HTTP: apps/api/src/http/problem.ts
 * maps every code to a status (the compiler flags a code left unmapped there).
 */
export const DOMAIN_ERROR_CODES = [
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'FORBIDDEN',
  'CSRF_TOKEN_INVALID',
  'RATE_LIMITED',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'CONFLICT',
  'IDEMPOTENCY_KEY_REUSED',
  'OUT_OF_STOCK',
  'INSUFFICIENT_BALANCE',
  'ORDER_STATE_INVALID',
  'PRODUCT_UNAVAILABLE',
  'LIMIT_EXCEEDED',
  'UNPAID_UNITS_LIMIT_EXCEEDED',
  'PURCHASE_LIMIT_EXCEEDED',
  'WECHAT_UNAVAILABLE',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** One problem with one input field; `path` is dotted (`skus.0.priceFen`, `query.limit`). */
export interface FieldError {
  path: string;
  message: string;
}

export interface DomainErrorDetails {
  /** Per-field problems, for VALIDATION_FAILED. */
  errors?: FieldError[];
  /** Anything a client may act on (skuId, available stock, retryAfterSeconds …). */
  [key: string]: unknown;
}

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly details: DomainErrorDetails;

  constructor(code: DomainErrorCode, details: DomainErrorDetails = {}, message?: string) {
    super(message ?? code);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}

/** Shorthand for a validation failure on a single field. */
export function invalidField(path: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', { errors: [{ path, message }] });
}
