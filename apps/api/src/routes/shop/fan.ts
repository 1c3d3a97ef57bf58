import { createRoute } from '@hono/zod-openapi';
import { DomainError, JsSdkConfigSchema, JsSdkQuerySchema, MeSchema } from '@weshop/core';
import { findBalanceFen, findFanByOpenid } from '@weshop/db';
import { requireFan } from '../../auth/fan-session.ts';
import type { AppDeps } from '../../deps.ts';
import { jsSdkConfigFor } from '../../services/jssdk.ts';
import { createRouter, jsonContent, problemResponses } from '../../http/router.ts';

const meRoute = createRoute({
  method: 'get',
  path: '/me',
  tags: ['shop'],
  summary: 'The logged-in fan and their stored balance',
  responses: { 200: jsonContent(MeSchema, 'The fan'), ...problemResponses('UNAUTHENTICATED') },
});

const jssdkRoute = createRoute({
  method: 'get',
  path: '/wechat/jssdk',
  tags: ['shop'],
  summary: 'wx.config parameters for a page of this shop (the URL without its #fragment)',
  request: { query: JsSdkQuerySchema },
  responses: {
    200: jsonContent(JsSdkConfigSchema, 'wx.config'),
    ...problemResponses('VALIDATION_FAILED', 'WECHAT_UNAVAILABLE'),
  },
});

export function createShopFanRoutes(deps: AppDeps) {
  const app = createRouter();
  app.use('/me', requireFan(deps));
  app.openapi(meRoute, async (c) => {
    const { openid, snapshot } = c.get('fan')!;
    const [fan, balanceFen] = await Promise.all([
      findFanByOpenid(deps.db, openid),
      findBalanceFen(deps.db, openid),
    ]);
    return c.json(
      {
        openid,
        nickname: fan?.nickname ?? null,
        avatarUrl: fan?.avatarUrl ?? null,
        subscribed: fan?.subscribed ?? false,
        balanceFen,
        snapshotUser: snapshot,
      },
      200,
    );
  });
  app.openapi(jssdkRoute, async (c) => {
    const { url } = c.req.valid('query');
    const pageUrl = url.split('#')[0] ?? '';
    let origin: string;
    try {
      origin = new URL(pageUrl).origin;
    } catch {
      throw new DomainError('VALIDATION_FAILED', { errors: [{ path: 'url', message: 'not a URL' }] });
    }
    if (origin !== new URL(deps.config.publicUrl).origin) {
      throw new DomainError('VALIDATION_FAILED', {
        errors: [{ path: 'url', message: 'not a page of this shop' }],
      });
    }
    return c.json(await jsSdkConfigFor(deps, pageUrl), 200);
  });
  return app;
}
