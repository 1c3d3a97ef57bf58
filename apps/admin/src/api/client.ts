/**
 * The console's only network code: the typed client of `/api/admin/*`, generated from the API's
 * OpenAPI document (`@weshop/core/contract`, `npm run contract`), never written by hand. The staff
 * session is a cookie, and every state-changing request carries `X-CSRF-Token` with the token that
 * login (or GET /api/admin/session) returned. An error answer rejects the call with an ApiProblem
 * whose message is for staff.
 */
import { problemMiddleware } from '@weshop/core/contract';
import type { paths } from '@weshop/core/contract';
import createClient from 'openapi-fetch';
import { PROBLEM_MESSAGES } from './problem-messages.ts';

export { ApiProblem, isApiProblem } from '@weshop/core/contract';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface ApiClientOptions {
  /** Where the API is; '' (the default) is the page's own origin. */
  baseUrl?: string;
  /** The CSRF token of the current session (the session store's), read at each request. */
  csrfToken: () => string | null | undefined;
  /** For tests: a fake fetch. */
  fetch?: (request: Request) => Promise<Response>;
}

export function createApiClient(options: ApiClientOptions) {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? '',
    credentials: 'include',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  client.use({
    onRequest({ request }) {
      const token = options.csrfToken();
      if (token && !SAFE_METHODS.has(request.method)) request.headers.set('X-CSRF-Token', token);
    },
  });
  client.use(problemMiddleware(PROBLEM_MESSAGES));
  return client;
}

export type ApiClient = ReturnType<typeof createApiClient>;
