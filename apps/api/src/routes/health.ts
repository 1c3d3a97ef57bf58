import { createRoute } from '@hono/zod-openapi';
import { pingDatabase } from '@weshop/db';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { createRouter, jsonContent } from '../http/router.ts';

const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    database: z.enum(['ok', 'unreachable']),
    dialect: z.string(),
  })
  .meta({ id: 'Health' });

const healthRoute = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['ops'],
  summary: 'Liveness and database reachability',
  responses: {
    200: jsonContent(HealthSchema, 'Healthy'),
    503: jsonContent(HealthSchema, 'Database unreachable'),
  },
});

export function createHealthRoutes({ db, dialect }: AppDeps) {
  return createRouter().openapi(healthRoute, async (c) => {
    try {
      await pingDatabase(db);
      return c.json({ status: 'ok' as const, database: 'ok' as const, dialect }, 200);
    } catch {
      return c.json({ status: 'degraded' as const, database: 'unreachable' as const, dialect }, 503);
    }
  });
}
