/**
 * The shop's only network code: the typed client of `/api/shop/*`, generated from the API's OpenAPI
 * document (`@weshop/core/contract`, `npm run contract`), never written by hand. The fan's session
 * is a cookie; an error answer rejects the call with an ApiProblem whose message is for the fan.
 */
import { problemMiddleware } from '@weshop/core/contract';
import type { paths } from '@weshop/core/contract';
import createClient from 'openapi-fetch';
import { PROBLEM_MESSAGES } from './problem-messages.ts';

export { ApiProblem, isApiProblem } from '@weshop/core/contract';

export interface ApiClientOptions {
  /** Where the API is; '' (the default) is the page's own origin. */
  baseUrl?: string;
  /** For tests: a fake fetch. */
  fetch?: (request: Request) => Promise<Response>;
}

export function createApiClient(options: ApiClientOptions = {}) {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? '',
    credentials: 'include',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  client.use(problemMiddleware(PROBLEM_MESSAGES));
  return client;
}

export type ApiClient = ReturnType<typeof createApiClient>;
