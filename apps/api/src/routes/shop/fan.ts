import { createRoute } from '@hono/zod-openapi';
import { DomainError } from '@weshop/core';
import { findBalanceFen, findFanByOpenid } from '@weshop/db';
import { buildJsSdkConfig } from '@weshop/wechat';
import { z } from 'zod';
import { requireFan } from '../../auth/fan-session.ts';
import type { AppDeps } from '../../deps.ts';
import { createRouter, jsonContent, problemResponses } from '../../http/router.ts';

const MeSchema = z
  .object({
    openid: z.string(),
    nickname: z.string().nullable(),
    avatarUrl: z.string().nullable(),
    subscribed: z.boolean(),
    balanceFen: z.int().min(0),
    /** WeChat's snapshot-page virtual user: can browse, cannot order. */
    snapshotUser: z.boolean(),
  })
  .meta({ id: 'Me' });

const JsSdkConfigSchema = z
  .object({
    appId: z.string(),
    timestamp: z.int(),
    nonceStr: z.string(),
    signature: z.string(),
    jsApiList: z.array(z.string()),
  })
  .meta({ id: 'JsSdkConfig' });

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
  request: { query: z.object({ url: z.string().min(1).max(1024) }) },
  responses: { 200: jsonContent(JsSdkConfigSchema, 'wx.config'), ...problemResponses('VALIDATION_FAILED') },
});

const JS_API_LIST = [
  'updateAppMessageShareData',
  'updateTimelineShareData',
  'chooseWXPay',
  'openAddress',
  'scanQRCode',
];

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
    const ticket = await deps.wechat.client.getJsapiTicket();
    return c.json(
      buildJsSdkConfig({ appId: deps.wechat.config.appId, ticket, url: pageUrl, jsApiList: JS_API_LIST }),
      200,
    );
  });
  return app;
}
