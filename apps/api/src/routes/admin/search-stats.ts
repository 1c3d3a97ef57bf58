import { createRoute } from '@hono/zod-openapi';
import { SearchStatsQuerySchema, SearchStatsSchema } from '@weshop/core';
import { topSearches, zeroResultSearches } from '@weshop/db';
import type { AppDeps } from '../../deps.ts';
import { createRouter, jsonContent, problemResponses } from '../../http/router.ts';

const statsRoute = createRoute({
  method: 'get',
  path: '/search-stats',
  tags: ['admin'],
  summary: 'What fans searched for (chat and shop): the top queries and those that found nothing',
  request: { query: SearchStatsQuerySchema },
  responses: {
    200: jsonContent(SearchStatsSchema, 'Search statistics'),
    ...problemResponses('VALIDATION_FAILED', 'UNAUTHENTICATED'),
  },
});

export function createAdminSearchStatsRoutes({ db, now }: AppDeps) {
  return createRouter().openapi(statsRoute, async (c) => {
    const { days, limit } = c.req.valid('query');
    const since = new Date(now().getTime() - days * 24 * 60 * 60_000).toISOString();
    const [top, zeroResults] = await Promise.all([
      topSearches(db, { since, limit }),
      zeroResultSearches(db, { since, limit }),
    ]);
    return c.json({ top, zeroResults }, 200);
  });
}
