/**
 * `@weshop/core/contract`: what the browser apps need to call the API: the generated types of every
 * route (`paths`, `components`) for openapi-fetch, and the problem+json error mapping.
 */
export type { components, operations, paths } from './openapi.d.ts';
export * from './api-problem.ts';
