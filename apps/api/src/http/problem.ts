/**
 * The one table from problem code to HTTP status and title, and the RFC 9457 problem+json body
 * (ProblemSchema and the ProblemCode union live in @weshop/core, where the browser apps read them).
 * `satisfies Record<ProblemCode, …>` makes the compiler flag a code added to core but not mapped here.
 */
import type { DomainError, FieldError, Problem, ProblemCode } from '@weshop/core';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const PROBLEMS = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication required' },
  INVALID_CREDENTIALS: { status: 401, title: 'Wrong username or password' },
  FORBIDDEN: { status: 403, title: 'Not allowed' },
  CSRF_TOKEN_INVALID: { status: 403, title: 'Missing or invalid CSRF token' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'The request body must be application/json' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  CONFLICT: { status: 409, title: 'Conflict with the current state' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'The Idempotency-Key was used with another request body' },
  OUT_OF_STOCK: { status: 409, title: 'Not enough stock' },
  INSUFFICIENT_BALANCE: { status: 409, title: 'Not enough balance' },
  ORDER_STATE_INVALID: { status: 409, title: 'The order cannot do that in its current state' },
  PRODUCT_UNAVAILABLE: { status: 409, title: 'The product is not available' },
  LIMIT_EXCEEDED: { status: 422, title: 'A limit was exceeded' },
  UNPAID_UNITS_LIMIT_EXCEEDED: {
    status: 409,
    title: 'The fan would hold more units in unpaid orders than allowed',
  },
  PURCHASE_LIMIT_EXCEEDED: { status: 409, title: 'More units of the product than one fan may buy' },
  WECHAT_UNAVAILABLE: { status: 503, title: 'WeChat is not answering; try again shortly' },
  INTERNAL: { status: 500, title: 'Internal server error' },
} as const satisfies Record<ProblemCode, { status: ContentfulStatusCode; title: string }>;

export function problemType(code: ProblemCode): string {
  return `/api/docs#problem-${code.toLowerCase().replaceAll('_', '-')}`;
}

export interface ProblemInput {
  code: ProblemCode;
  instance?: string;
  requestId?: string;
  detail?: string;
  errors?: FieldError[];
  extra?: Record<string, unknown>;
}

export function buildProblem(input: ProblemInput): Problem {
  const { status, title } = PROBLEMS[input.code];
  return {
    ...input.extra,
    type: problemType(input.code),
    title,
    status,
    code: input.code,
    ...(input.detail ? { detail: input.detail } : {}),
    ...(input.instance ? { instance: input.instance } : {}),
    ...(input.requestId ? { requestId: input.requestId } : {}),
    ...(input.errors ? { errors: input.errors } : {}),
  };
}

/** Domain error → problem body; `details.errors` becomes `errors`, other details stay as extensions. */
export function problemFromDomainError(
  error: DomainError,
  context: { instance?: string; requestId?: string },
): Problem {
  const { errors, ...extra } = error.details;
  return buildProblem({ code: error.code, ...context, ...(errors ? { errors } : {}), extra });
}

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...headers },
  });
}
