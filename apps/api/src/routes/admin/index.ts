import type { AppDeps } from '../../deps.ts';
import { requireAdmin } from '../../auth/admin-auth.ts';
import { createRouter } from '../../http/router.ts';
import { createAdminCatalogRoutes } from './catalog.ts';
import { createAdminFanRoutes } from './fans.ts';
import { createAdminOrderRoutes } from './orders.ts';
import { createAdminSettingRoutes } from './settings.ts';
import { createAdminStockRoutes } from './stock.ts';
import { createAdminKeywordRuleRoutes } from './keyword-rules.ts';
import { createAdminLoginAttemptRoutes } from './login-attempts.ts';
import { createAdminNotificationRoutes } from './notifications.ts';
import { createAdminSearchStatsRoutes } from './search-stats.ts';
import { createAdminSearchSynonymRoutes } from './search-synonyms.ts';
import { createAdminSessionRoutes } from './session.ts';

/**
 * `/api/admin`: the session routes, then everything else behind requireAdmin (a staff session, and
 * the CSRF token on every state-changing call). New admin areas are mounted below the guard.
 */
export function createAdminRoutes(deps: AppDeps) {
  const app = createRouter();
  app.route('/', createAdminSessionRoutes(deps));
  // Registered after the session routes, so it guards only what is mounted below it.
  app.use('*', requireAdmin(deps));
  // Any staff change may change what the chat answers: drop the cached answers of this instance.
  app.use('*', async (c, next) => {
    await next();
    if (c.req.method !== 'GET' && c.res.status < 400) deps.answerCache.clear();
  });
  app.route('/', createAdminCatalogRoutes(deps));
  app.route('/', createAdminKeywordRuleRoutes(deps));
  app.route('/', createAdminSearchStatsRoutes(deps));
  app.route('/', createAdminSearchSynonymRoutes(deps));
  app.route('/', createAdminNotificationRoutes(deps));
  app.route('/', createAdminOrderRoutes(deps));
  app.route('/', createAdminFanRoutes(deps));
  app.route('/', createAdminStockRoutes(deps));
  app.route('/', createAdminSettingRoutes(deps));
  app.route('/', createAdminLoginAttemptRoutes(deps));
  return app;
}
