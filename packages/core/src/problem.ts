/**
 * The error body every API route answers with (RFC 9457 problem+json) and the closed union of its
 * `code`s: the domain's codes plus INTERNAL for the unexpected. UI code maps a code to its own
 * message with `Record<ProblemCode, string>`, so the compiler flags a code left without one.
 * The status and title of each code live in one table in the API (apps/api/src/http/problem.ts).
 */
import { z } from 'zod';
import { DOMAIN_ERROR_CODES } from './errors.ts';

export const PROBLEM_CODES = [...DOMAIN_ERROR_CODES, 'INTERNAL'] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export function isProblemCode(value: unknown): value is ProblemCode {
  return (PROBLEM_CODES as readonly unknown[]).includes(value);
}

/** One problem with one input field; `path` is dotted (`skus.0.priceFen`). */
export const FieldErrorSchema = z.object({ path: z.string(), message: z.string() });

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    code: z.enum(PROBLEM_CODES).meta({ example: 'VALIDATION_FAILED' }),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(FieldErrorSchema).optional(),
  })
  .catchall(z.unknown())
  .meta({ id: 'Problem', description: 'RFC 9457 problem details with a stable `code`' });
export type Problem = z.infer<typeof ProblemSchema>;
