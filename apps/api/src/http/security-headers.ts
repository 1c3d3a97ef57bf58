/**
 * Browser security headers on every response the app answers (not the webhook's: it answers before
 * any middleware, to WeChat's servers only): nosniff, a referrer policy, no framing; and on every
 * document (HTML, and SVG or XHTML, which can run script when opened) a strict Content-Security-Policy.
 * The policy is keyed on the answer's content type, not on its path, so each HTML page gets it: the
 * API docs, the OAuth pages, and the shop and admin apps served under /shop/ and /admin/.
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './router.ts';

/**
 * Scripts, styles and fonts from this origin only, never inline (pages link their CSS and JS as
 * files); pictures also from https (product images may be https URLs) and data: (Swagger UI's icons);
 * API calls to this origin; no plugins, no <base>, forms post here, and no page may frame ours.
 */
export const HTML_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const DOCUMENT_TYPES = /^\s*(text\/html|application\/xhtml\+xml|image\/svg\+xml)\s*(;|$)/i;

export function securityHeaders(): MiddlewareHandler<AppEnv> {
  const common = {
    referrerPolicy: 'strict-origin-when-cross-origin',
    xFrameOptions: 'DENY',
  } as const;
  // Product pictures are embedded by WeChat and other origins (the simulator); everything else is same-origin.
  const strictHeaders = secureHeaders({ ...common, crossOriginResourcePolicy: 'same-origin' });
  const uploadHeaders = secureHeaders({ ...common, crossOriginResourcePolicy: 'cross-origin' });
  return async (c, next) => {
    await (c.req.path.startsWith('/uploads/') ? uploadHeaders(c, next) : strictHeaders(c, next));
    if (DOCUMENT_TYPES.test(c.res.headers.get('content-type') ?? '')) {
      c.res.headers.set('content-security-policy', HTML_CONTENT_SECURITY_POLICY);
    }
  };
}
