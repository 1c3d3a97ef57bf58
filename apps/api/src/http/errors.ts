import { isDomainError } from '@weshop/core';
import type { ProblemCode } from '@weshop/core';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from '../log.ts';
import { buildProblem, problemFromDomainError, problemResponse } from './problem.ts';
import type { AppEnv } from './router.ts';

const STATUS_CODES: Record<number, ProblemCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

function context(c: Context<AppEnv>) {
  return { instance: c.req.path, requestId: c.get('requestId') };
}

/**
 * The single place errors become HTTP: domain errors by their code, framework errors (malformed JSON,
 * body limit) by status, and anything unexpected as a logged 500 whose body says nothing internal.
 */
export function createErrorHandler(logger: Logger): ErrorHandler<AppEnv> {
  return (error, c) => {
    if (isDomainError(error)) {
      const problem = problemFromDomainError(error, context(c));
      const retryAfter = error.details.retryAfterSeconds;
      return problemResponse(
        problem,
        typeof retryAfter === 'number' ? { 'retry-after': String(retryAfter) } : {},
      );
    }
    if (error instanceof HTTPException && error.status < 500) {
      const code = STATUS_CODES[error.status] ?? 'VALIDATION_FAILED';
      const errors =
        code === 'VALIDATION_FAILED'
          ? [{ path: '(body)', message: error.message || 'invalid request' }]
          : undefined;
      return problemResponse(buildProblem({ code, ...context(c), ...(errors ? { errors } : {}) }));
    }
    logger.error({ err: error, requestId: c.get('requestId'), path: c.req.path }, 'unhandled error');
    return problemResponse(buildProblem({ code: 'INTERNAL', ...context(c) }));
  };
}

export const notFoundHandler: NotFoundHandler<AppEnv> = (c) =>
  problemResponse(
    buildProblem({ code: 'NOT_FOUND', ...context(c), detail: `no route for ${c.req.method} ${c.req.path}` }),
  );
