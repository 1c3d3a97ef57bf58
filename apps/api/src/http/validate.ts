import { DomainError } from '@weshop/core';
import type { FieldError } from '@weshop/core';
import type { z } from 'zod';

/** zod issues → per-field errors with dotted paths (`skus.0.priceFen`). */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

export function validationError(error: z.ZodError): DomainError {
  return new DomainError('VALIDATION_FAILED', { errors: fieldErrors(error) });
}

/**
 * The validation hook for every OpenAPI route: a failed request schema becomes one VALIDATION_FAILED
 * problem listing every field, through the app's single error handler.
 */
export function validationHook(result: { success: true } | { success: false; error: z.ZodError }): void {
  if (!result.success) throw validationError(result.error);
}
