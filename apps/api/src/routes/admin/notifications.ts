import { createRoute } from '@hono/zod-openapi';
import {
  DomainError,
  IdParamsSchema,
  NotificationListQuerySchema,
  NotificationPageSchema,
  OutboxMessageDetailSchema,
} from '@weshop/core';
import { findOutbox, listOutbox, retryOutbox } from '@weshop/db';
import type { AppDeps } from '../../deps.ts';
import { createRouter, jsonContent, problemResponses } from '../../http/router.ts';

const listRoute = createRoute({
  method: 'get',
  path: '/notifications',
  tags: ['admin'],
  summary: 'The notification log (outbox), newest first: status, attempts and the last error',
  request: { query: NotificationListQuerySchema },
  responses: {
    200: jsonContent(NotificationPageSchema, 'Notifications'),
    ...problemResponses('VALIDATION_FAILED', 'UNAUTHENTICATED'),
  },
});

const detailRoute = createRoute({
  method: 'get',
  path: '/notifications/{id}',
  tags: ['admin'],
  summary: 'One notification with every send attempt',
  request: { params: IdParamsSchema },
  responses: {
    200: jsonContent(OutboxMessageDetailSchema, 'The notification'),
    ...problemResponses('VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOT_FOUND'),
  },
});

const retryRoute = createRoute({
  method: 'post',
  path: '/notifications/{id}/retry',
  tags: ['admin'],
  summary: 'Send a failed notification again (409 unless it failed)',
  request: { params: IdParamsSchema },
  responses: {
    200: jsonContent(OutboxMessageDetailSchema, 'Queued again'),
    ...problemResponses(
      'VALIDATION_FAILED',
      'UNAUTHENTICATED',
      'CSRF_TOKEN_INVALID',
      'NOT_FOUND',
      'CONFLICT',
    ),
  },
});

export function createAdminNotificationRoutes({ db, now }: AppDeps) {
  const load = async (id: number) => {
    const message = await findOutbox(db, id);
    if (!message) throw new DomainError('NOT_FOUND', { resource: 'notification' });
    return message;
  };
  return createRouter()
    .openapi(listRoute, async (c) => c.json(await listOutbox(db, c.req.valid('query')), 200))
    .openapi(detailRoute, async (c) => c.json(await load(c.req.valid('param').id), 200))
    .openapi(retryRoute, async (c) => {
      const { id } = c.req.valid('param');
      const result = await retryOutbox(db, id, now().toISOString());
      if (result === 'not_found') throw new DomainError('NOT_FOUND', { resource: 'notification' });
      if (result === 'not_failed') {
        throw new DomainError('CONFLICT', { reason: 'only a failed notification can be retried' });
      }
      return c.json(await load(id), 200);
    });
}
