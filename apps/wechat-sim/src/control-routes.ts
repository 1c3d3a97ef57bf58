/**
 * Test controls under /__sim: scripted faults, the API call log, deliveries, reset, the account, and
 * /__sim/open (links from chat cards: sets this browser's fan, then goes to the URL).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { setFanCookie } from './api/oauth-routes.ts';
import { SimError } from './fans/actions.ts';
import type { Store } from './state.ts';

const FaultSchema = z.object({
  path: z.string().startsWith('/'),
  times: z.number().int().min(1).max(10_000).optional(),
  fault: z
    .object({
      status: z.number().int().min(100).max(599).optional(),
      errcode: z.number().int().optional(),
      errmsg: z.string().optional(),
      delayMs: z.number().int().min(0).max(600_000).optional(),
      html: z.boolean().optional(),
      body: z.string().optional(),
      destroy: z.boolean().optional(),
      processed: z.boolean().optional(),
    })
    .strict(),
});

const ClockSchema = z
  .object({
    advanceMs: z.number().int().min(0).optional(),
    advanceSeconds: z.number().int().min(0).optional(),
  })
  .strict();
const QuotaSchema = z.object({ templateDaily: z.number().int().min(0).nullable() }).strict();

export function controlRoutes(store: Store, reset: () => void): Hono {
  const app = new Hono();

  app.post('/faults', async (c) => {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      throw new SimError(400, '请求体不是 JSON');
    }
    const parsed = FaultSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new SimError(400, `参数错误：${issue ? `${issue.path.join('.')} ${issue.message}` : ''}`);
    }
    return c.json(store.addFault(parsed.data), 201);
  });

  app.get('/faults', (c) => c.json({ items: store.faults() }));

  app.delete('/faults', (c) => {
    store.clearFaults();
    return c.body(null, 204);
  });

  app.get('/calls', (c) => c.json({ items: store.calls(c.req.query('path')) }));

  app.get('/deliveries', (c) => {
    const openid = c.req.query('openid');
    const items = store.deliveries().filter((delivery) => openid === undefined || delivery.openid === openid);
    return c.json({ items });
  });

  app.post('/reset', (c) => {
    reset();
    return c.body(null, 204);
  });

  app.post('/clock', async (c) => {
    const parsed = ClockSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success)
      throw new SimError(400, '参数错误：需要 { advanceMs } 或 { advanceSeconds }（非负整数）');
    const ms = (parsed.data.advanceMs ?? 0) + (parsed.data.advanceSeconds ?? 0) * 1000;
    return c.json({ now: new Date(store.advanceClock(ms)).toISOString() });
  });

  app.get('/clock', (c) => c.json({ now: store.isoNow() }));

  app.post('/quota', async (c) => {
    const parsed = QuotaSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) throw new SimError(400, '参数错误：需要 { templateDaily: 非负整数或 null }');
    store.data.templateDailyQuota = parsed.data.templateDaily ?? undefined;
    return c.json({ templateDaily: parsed.data.templateDaily });
  });

  app.get('/account', (c) =>
    c.json({
      name: store.options.accountName,
      ghId: store.options.ghId,
      appId: store.options.appId,
      encryptMode: store.options.encryptMode,
      webhookUrl: store.options.webhookUrl,
      menu: store.data.menu ?? [],
    }),
  );

  app.get('/open', (c) => {
    const openid = c.req.query('openid');
    const url = c.req.query('url') ?? '';
    let target: URL;
    try {
      target = new URL(url, new URL(c.req.url).origin);
    } catch {
      throw new SimError(400, '链接无效');
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:')
      throw new SimError(400, '只能打开 http(s) 链接');
    if (openid) {
      if (!store.data.fans.has(openid)) throw new SimError(404, `没有这个粉丝：${openid}`);
      setFanCookie(c, openid);
    }
    return c.redirect(target.toString(), 302);
  });

  return app;
}
