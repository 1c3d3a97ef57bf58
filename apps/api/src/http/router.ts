import { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { ProblemSchema } from '@weshop/core';
import type { AdminUser, ProblemCode } from '@weshop/core';
import { buildProblem } from './problem.ts';
import { validationHook } from './validate.ts';

/** Per-request values set by middleware. */
export interface AppVariables {
  requestId: string;
  admin?: { user: AdminUser; sessionId: string; csrfToken: string };
  fan?: { openid: string; snapshot: boolean };
}

export interface AppEnv extends Env {
  Variables: AppVariables;
}

/** Every sub-app is an OpenAPIHono whose request validation fails through the one error handler. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

/** OpenAPI response entries for the problems a route can answer with. */
export function problemResponses<const C extends ProblemCode>(...codes: C[]) {
  const responses: Record<
    number,
    { description: string; content: { 'application/problem+json': { schema: typeof ProblemSchema } } }
  > = {};
  for (const code of codes) {
    const problem = buildProblem({ code });
    const existing = responses[problem.status];
    responses[problem.status] = {
      description: existing ? `${existing.description}; ${code}` : `${problem.title} (${code})`,
      content: { 'application/problem+json': { schema: ProblemSchema } },
    };
  }
  return responses;
}

export function jsonContent<S>(schema: S, description: string) {
  return { description, content: { 'application/json': { schema } } } as const;
}

/** A route's JSON request body (`required: false` for a body the client may leave out). */
export function jsonBody<S>(schema: S, required = true) {
  return { content: { 'application/json': { schema } }, required };
}
