import { DomainError } from '@weshop/core';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../log.ts';
import { mediaTypeOf } from './request-headers.ts';
import type { AppEnv } from './router.ts';

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A state-changing API request that carries a body must say it is JSON. This refuses the simple-request
 * CSRF shapes (text/plain, form-encoded, multipart) and bodies a JSON validator would silently ignore.
 */
export const requireJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (BODY_METHODS.has(c.req.method)) {
    const length = c.req.header('content-length');
    const hasBody =
      (length !== undefined && length !== '0') || c.req.header('transfer-encoding') !== undefined;
    const mediaType = mediaTypeOf((name) => c.req.header(name));
    if (hasBody && !JSON_MEDIA_TYPE.test(mediaType)) {
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', { contentType: mediaType || null });
    }
  }
  await next();
};

/** One structured log line per request, with its id, status and duration. */
export function requestLogger(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    const entry = {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    };
    if (status >= 500) logger.error(entry, 'request failed');
    else logger.info(entry, 'request');
  };
}
