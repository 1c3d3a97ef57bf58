/**
 * Parametric QR codes (qrcode/create, showqrcode with a placeholder SVG) and the custom menu
 * (menu/create, menu/get, menu/delete).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { newTicket } from '../ids.ts';
import type { QrTicket, Store } from '../state.ts';
import { escapeHtml } from '../page/escape.ts';
import { WeChatError, readBody, requireToken, wxOk } from './http.ts';

const QrSchema = z.object({
  action_name: z.enum(['QR_SCENE', 'QR_STR_SCENE', 'QR_LIMIT_SCENE', 'QR_LIMIT_STR_SCENE']),
  expire_seconds: z.number().int().positive().optional(),
  action_info: z.object({
    scene: z.object({ scene_id: z.number().int().optional(), scene_str: z.string().optional() }),
  }),
});

interface Button {
  type?: string;
  name: string;
  key?: string;
  url?: string;
  appid?: string;
  pagepath?: string;
  media_id?: string;
  article_id?: string;
  sub_button?: Button[];
}
const ButtonSchema: z.ZodType<Button> = z.lazy(() =>
  z.object({
    type: z.string().optional(),
    name: z.string(),
    key: z.string().optional(),
    url: z.string().optional(),
    appid: z.string().optional(),
    pagepath: z.string().optional(),
    media_id: z.string().optional(),
    article_id: z.string().optional(),
    sub_button: z.array(ButtonSchema).optional(),
  }),
);
const MenuSchema = z.object({ button: z.array(ButtonSchema) });

const BUTTON_TYPES = new Set([
  'click',
  'view',
  'scancode_push',
  'scancode_waitmsg',
  'pic_sysphoto',
  'pic_photo_or_album',
  'pic_weixin',
  'location_select',
  'media_id',
  'article_id',
  'article_view_limited',
  'miniprogram',
  'view_limited',
]);

function checkButton(button: Button, top: boolean): void {
  const bytes = Buffer.byteLength(button.name);
  if (bytes === 0 || bytes > (top ? 16 : 60)) throw new WeChatError(40018, 'invalid button name size');
  const subs = button.sub_button ?? [];
  if (top && subs.length > 0) {
    if (subs.length > 5) throw new WeChatError(40023, 'invalid sub button size');
    for (const sub of subs) checkButton(sub, false);
    return;
  }
  if (!button.type || !BUTTON_TYPES.has(button.type)) throw new WeChatError(40017, 'invalid button type');
  if (button.type === 'click' && (!button.key || Buffer.byteLength(button.key) > 128)) {
    throw new WeChatError(40019, 'invalid button key size');
  }
  if (
    (button.type === 'view' || button.type === 'miniprogram') &&
    !/^https?:\/\/.{1,1016}$/.test(button.url ?? '')
  ) {
    throw new WeChatError(top ? 40016 : 40027, 'invalid button url');
  }
}

function qrSvg(scene: string): string {
  const cells: string[] = [];
  // A deterministic pattern from the scene so different codes look different; not a real QR code.
  let seed = [...scene].reduce((hash, char) => (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0, 7);
  for (let y = 0; y < 21; y += 1) {
    for (let x = 0; x < 21; x += 1) {
      const lx = x < 7 ? x : x - 14;
      const ly = y < 7 ? y : y - 14;
      const finder = lx >= 0 && lx < 7 && ly >= 0 && ly < 7 && !(x > 13 && y > 13);
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const ring = lx === 0 || lx === 6 || ly === 0 || ly === 6;
      const eye = lx >= 2 && lx <= 4 && ly >= 2 && ly <= 4;
      const on = finder ? ring || eye : (seed >>> 16) % 2 === 0;
      if (on) cells.push(`<rect x="${x * 10 + 20}" y="${y * 10 + 20}" width="10" height="10"/>`);
    }
  }
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="250" height="280" viewBox="0 0 250 280">',
    '<rect width="250" height="280" fill="#fff"/>',
    `<g fill="#111">${cells.join('')}</g>`,
    `<text x="125" y="265" font-size="14" text-anchor="middle" fill="#333">场景：${escapeHtml(scene)}</text>`,
    '</svg>',
  ].join('');
}

export function qrMenuRoutes(store: Store): Hono {
  const app = new Hono();

  app.post('/qrcode/create', async (c) => {
    requireToken(c, store);
    const input = await readBody(c, QrSchema);
    const { scene_id: sceneId, scene_str: sceneStr } = input.action_info.scene;
    const byString = input.action_name.endsWith('STR_SCENE');
    const permanent = input.action_name.startsWith('QR_LIMIT');
    let scene: string;
    if (byString) {
      if (!sceneStr || [...sceneStr].length > 64) throw new WeChatError(40097, 'invalid args: scene_str');
      scene = sceneStr;
    } else {
      const max = permanent ? 100_000 : 2 ** 32 - 1;
      if (sceneId === undefined || sceneId < 1 || sceneId > max)
        throw new WeChatError(40097, 'invalid args: scene_id');
      scene = String(sceneId);
    }
    const expireSeconds = permanent ? undefined : Math.min(input.expire_seconds ?? 60, 2_592_000);
    const ticket: QrTicket = {
      ticket: newTicket('gQ'),
      actionName: input.action_name,
      scene,
      expiresAt: expireSeconds === undefined ? undefined : store.now() + expireSeconds * 1000,
    };
    store.data.qrTickets.set(ticket.ticket, ticket);
    const url = `http://weixin.qq.com/q/${ticket.ticket.slice(2, 24)}`;
    return c.json(
      expireSeconds === undefined
        ? { ticket: ticket.ticket, url }
        : { ticket: ticket.ticket, expire_seconds: expireSeconds, url },
    );
  });

  app.get('/showqrcode', (c) => {
    const ticket = store.data.qrTickets.get(c.req.query('ticket') ?? '');
    if (!ticket || (ticket.expiresAt !== undefined && ticket.expiresAt <= store.now())) {
      return c.text('ticket invalid', 404);
    }
    return c.body(qrSvg(ticket.scene), 200, { 'content-type': 'image/svg+xml; charset=utf-8' });
  });

  app.post('/menu/create', async (c) => {
    requireToken(c, store);
    const { button } = await readBody(c, MenuSchema);
    if (button.length === 0 || button.length > 3) throw new WeChatError(40016, 'invalid button size');
    for (const top of button) checkButton(top, true);
    store.data.menu = button;
    return wxOk(c);
  });

  app.get('/menu/get', (c) => {
    requireToken(c, store);
    if (!store.data.menu) throw new WeChatError(46003, 'menu no exist');
    return c.json({ menu: { button: store.data.menu } });
  });

  app.get('/menu/delete', (c) => {
    requireToken(c, store);
    store.data.menu = undefined;
    return wxOk(c);
  });

  return app;
}
