import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './router.ts';
import { declaredBodyBytes } from './request-headers.ts';

/**
 * The API's body size limit. Hono's bodyLimit reads `c.req.raw.body`, which makes @hono/node-server
 * build a web Request and a web stream for every request it sees, GETs included, and then read JSON
 * through them (a measurable share of a checkout request's CPU time,
 * bench/results/2026-11-22-checkout-2.txt). Here a body
 * announced with Content-Length is checked against the limit before anything is read (Node's HTTP
 * parser never delivers more than it announces) and then read by node-server's direct path; a
 * request from Node with neither Content-Length nor Transfer-Encoding has no body. Only chunked
 * bodies, and requests that do not come from Node's server (`app.request` in tests), are counted
 * by Hono's bodyLimit as they stream in.
 */
export function limitRequestBody(maxBytes: number, onTooLarge: () => never): MiddlewareHandler<AppEnv> {
  const counting = bodyLimit({ maxSize: maxBytes, onError: onTooLarge });
  return async (c, next) => {
    const header = (name: string) => c.req.header(name);
    const declared = declaredBodyBytes(header);
    if (declared !== undefined) {
      if (!(declared <= maxBytes)) onTooLarge();
      return next();
    }
    const fromNode = (c.env as { incoming?: unknown } | undefined)?.incoming !== undefined;
    if (fromNode && header('transfer-encoding') === undefined) return next();
    return counting(c, next);
  };
}
