import { mkdirSync } from 'node:fs';
import { serveStatic } from '@hono/node-server/serve-static';
import { DomainError } from '@weshop/core';
import { requestId } from 'hono/request-id';
import type { AppDeps } from './deps.ts';
import { limitRequestBody } from './http/body-limit.ts';
import { createErrorHandler, notFoundHandler } from './http/errors.ts';
import { requestLogger, requireJsonBody } from './http/middleware.ts';
import { createRouter } from './http/router.ts';
import { securityHeaders } from './http/security-headers.ts';
import { createAdminRoutes } from './routes/admin/index.ts';
import { mountDocs } from './routes/docs.ts';
import { createHealthRoutes } from './routes/health.ts';
import { createOAuthRoutes, documentOAuthRoutes } from './routes/oauth.ts';
import { createShopCatalogRoutes } from './routes/shop/catalog.ts';
import { createShopFanRoutes } from './routes/shop/fan.ts';
import { createShopOrderRoutes } from './routes/shop/orders.ts';
import { createWeChatRoutes, documentWeChatRoutes } from './routes/wechat.ts';

export type { AppDeps } from './deps.ts';

/** JSON API bodies above this are refused with 413 before they are read. */
export const API_BODY_LIMIT = 1024 * 1024;

/** Builds the whole HTTP app from its dependencies; no I/O happens here beyond creating the upload folder. */
export function createApp(deps: AppDeps) {
  const app = createRouter();
  // WeChat's webhook comes first, so none of the middlewares below run for it: Hono runs handlers in
  // the order they were added, and the webhook's always answer. It is called by WeChat's servers
  // only, speaks XML, limits its own body (wechat/gateway/request-body.ts) and logs its refusals and failures
  // itself, with a request id. Browser security headers mean nothing to WeChat, and an access-log
  // line per message is a write to stdout on the hottest path (bench/results/2026-11-22-webhook-2.txt).
  app.route('/', createWeChatRoutes(deps));
  app.use('*', requestId({ headerName: 'X-Request-Id' }));
  app.use('*', requestLogger(deps.logger));
  app.use('*', securityHeaders());
  app.use(
    '/api/*',
    limitRequestBody(API_BODY_LIMIT, () => {
      throw new DomainError('PAYLOAD_TOO_LARGE', { limitBytes: API_BODY_LIMIT });
    }),
  );
  app.use('/api/*', requireJsonBody);

  app.route('/', createHealthRoutes(deps));
  app.route('/', createOAuthRoutes(deps));
  app.route('/api/shop', createShopCatalogRoutes(deps));
  app.route('/api/shop', createShopFanRoutes(deps));
  app.route('/api/shop', createShopOrderRoutes(deps));
  app.route('/api/admin', createAdminRoutes(deps));
  documentWeChatRoutes(app);
  documentOAuthRoutes(app);
  mountDocs(app);

  mkdirSync(deps.config.uploadDir, { recursive: true });
  app.use(
    '/uploads/*',
    serveStatic({
      root: deps.config.uploadDir,
      rewriteRequestPath: (path) => path.replace(/^\/uploads/, ''),
      onFound: (_path, c) => {
        c.header('cache-control', 'public, max-age=604800');
        c.header('x-content-type-options', 'nosniff');
      },
    }),
  );

  app.notFound(notFoundHandler);
  app.onError(createErrorHandler(deps.logger));
  return app;
}

export type App = ReturnType<typeof createApp>;
