import { createRoute } from '@hono/zod-openapi';
import { DomainError, LoginAttemptListQuerySchema, LoginAttemptPageSchema } from '@weshop/core';
import { listLoginAttempts } from '@weshop/db';
import type { AppDeps } from '../../deps.ts';
import { createRouter, jsonContent, problemResponses } from '../../http/router.ts';

const listRoute = createRoute({
  method: 'get',
  path: '/login-attempts',
  tags: ['admin'],
  summary: 'Staff login attempts, newest first (owner only): account as typed, address, outcome',
  request: { query: LoginAttemptListQuerySchema },
  responses: {
    200: jsonContent(LoginAttemptPageSchema, 'Login attempts'),
    ...problemResponses('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN'),
  },
});

export function createAdminLoginAttemptRoutes({ db }: AppDeps) {
  const app = createRouter();
  app.use('/login-attempts', async (c, next) => {
    if (c.get('admin')?.user.role !== 'owner') throw new DomainError('FORBIDDEN', { reason: 'owner_only' });
    await next();
  });
  return app.openapi(listRoute, async (c) => c.json(await listLoginAttempts(db, c.req.valid('query')), 200));
}
