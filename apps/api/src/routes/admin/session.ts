import { createRoute } from '@hono/zod-openapi';
import { LoginInputSchema, LoginResultSchema, OkSchema } from '@weshop/core';
import { logoutAdmin, requireAdmin } from '../../auth/admin-auth.ts';
import { loginAdmin } from '../../auth/admin-login.ts';
import type { AppDeps } from '../../deps.ts';
import { createRouter, jsonBody, jsonContent, problemResponses } from '../../http/router.ts';

const loginRoute = createRoute({
  method: 'post',
  path: '/session',
  tags: ['admin'],
  summary: 'Staff login: sets the session cookie and returns the CSRF token for later state changes',
  request: { body: jsonBody(LoginInputSchema) },
  responses: {
    200: jsonContent(LoginResultSchema, 'Logged in'),
    ...problemResponses('VALIDATION_FAILED', 'INVALID_CREDENTIALS', 'RATE_LIMITED', 'UNSUPPORTED_MEDIA_TYPE'),
  },
});

const currentRoute = createRoute({
  method: 'get',
  path: '/session',
  tags: ['admin'],
  summary: 'The logged-in staff member and the CSRF token (for a console reloaded in the browser)',
  responses: {
    200: jsonContent(LoginResultSchema, 'Current session'),
    ...problemResponses('UNAUTHENTICATED'),
  },
});

const logoutRoute = createRoute({
  method: 'delete',
  path: '/session',
  tags: ['admin'],
  summary: 'Log out: the session is deleted on the server',
  responses: {
    200: jsonContent(OkSchema, 'Logged out'),
    ...problemResponses('UNAUTHENTICATED', 'CSRF_TOKEN_INVALID'),
  },
});

export function createAdminSessionRoutes(deps: AppDeps) {
  const app = createRouter();
  app.openapi(loginRoute, async (c) => c.json(await loginAdmin(c, deps, c.req.valid('json')), 200));
  app.use('/session', async (c, next) => (c.req.method === 'POST' ? next() : requireAdmin(deps)(c, next)));
  app.openapi(currentRoute, (c) => {
    const admin = c.get('admin')!;
    return c.json({ user: admin.user, csrfToken: admin.csrfToken }, 200);
  });
  app.openapi(logoutRoute, async (c) => {
    await logoutAdmin(c, deps);
    return c.json({ ok: true as const }, 200);
  });
  return app;
}
