/**
 * The fan side under /__sim/fans, used by the chat page and by tests. Errors are `{ error }` JSON with
 * 400/404/409.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { z } from 'zod';
import type { Store } from '../state.ts';
import {
  SimError,
  clickMenu,
  createFan,
  follow,
  requireFan,
  sendText,
  unfollow,
  viewMenu,
} from './actions.ts';

const CreateFanSchema = z.object({
  openid: z
    .string()
    .regex(/^[A-Za-z0-9_-]{6,64}$/)
    .optional(),
  nickname: z.string().trim().max(32).optional(),
  subscribed: z.boolean().optional(),
});
const FollowSchema = z.object({
  scene: z.union([z.string().min(1).max(64), z.number().int().positive().transform(String)]).optional(),
  ticket: z.string().min(1).optional(),
});
const MessageSchema = z.object({ text: z.string().max(2000) });
const ClickSchema = z.object({ key: z.string().min(1).max(128) });
const ViewSchema = z.object({ url: z.string().min(1).max(1024) });

async function body<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const raw = await c.req.text();
  let value: unknown = {};
  if (raw.trim() !== '') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new SimError(400, '请求体不是 JSON');
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SimError(400, `参数错误：${issue ? `${issue.path.join('.')} ${issue.message}` : ''}`);
  }
  return parsed.data;
}

export function fanRoutes(store: Store): Hono {
  const app = new Hono();

  app.post('/', async (c) => {
    const input = await body(c, CreateFanSchema);
    return c.json(createFan(store, input), 201);
  });

  app.get('/', (c) => c.json({ items: [...store.data.fans.values()] }));

  app.get('/:openid', (c) => c.json(requireFan(store, c.req.param('openid'))));

  app.get('/:openid/chat', (c) => {
    const fan = requireFan(store, c.req.param('openid'));
    const since = Number(c.req.query('since') ?? 0);
    const items = store.chat(fan.openid).filter((item) => !(since > 0) || item.id > since);
    return c.json({ fan, items, account: { name: store.options.accountName, ghId: store.options.ghId } });
  });

  app.post('/:openid/follow', async (c) => {
    const input = await body(c, FollowSchema);
    return c.json(await follow(store, c.req.param('openid'), input));
  });

  app.post('/:openid/unfollow', async (c) => c.json(await unfollow(store, c.req.param('openid'))));

  app.post('/:openid/messages', async (c) => {
    const input = await body(c, MessageSchema);
    return c.json(await sendText(store, c.req.param('openid'), input.text));
  });

  app.post('/:openid/click', async (c) => {
    const input = await body(c, ClickSchema);
    return c.json(await clickMenu(store, c.req.param('openid'), input.key));
  });

  app.post('/:openid/view', async (c) => {
    const input = await body(c, ViewSchema);
    return c.json(await viewMenu(store, c.req.param('openid'), input.url));
  });

  return app;
}
