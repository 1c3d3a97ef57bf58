/**
 * Recognising database errors the app recovers from, on both dialects.
 */

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

/** A UNIQUE (or primary key) constraint refused the write: someone else wrote the same key first. */
export function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * PostgreSQL gave up on the transaction to keep it correct (serialization failure, deadlock): running it
 * again is safe. Not WeChat's errcode 40001 (docs/architecture.md#transactions).
 */
export function isRetryableTransactionError(error: unknown): boolean {
  const code = codeOf(error);
  return code === '40001' || code === '40P01';
}

/** A configuration problem with DATABASE_URL; the message names the variable. */
export class DatabaseConfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(`DATABASE_URL: ${message}`, options);
    this.name = 'DatabaseConfigError';
  }
}
