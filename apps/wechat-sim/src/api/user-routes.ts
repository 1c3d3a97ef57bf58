/**
 * User tags and user info: tags/create|get|update|delete, tags/members/batchtagging|batchuntagging,
 * tags/getidlist, user/tag/get, user/info, user/info/batchget, user/get.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { Store } from '../state.ts';
import type { Fan } from '../types.ts';
import { WeChatError, readBody, requireToken, wxOk } from './http.ts';

const TagNameSchema = z.object({ tag: z.object({ name: z.string() }) });
const TagSchema = z.object({ tag: z.object({ id: z.number().int(), name: z.string().optional() }) });
const BatchSchema = z.object({ openid_list: z.array(z.string()), tagid: z.number().int() });
const OpenidSchema = z.object({ openid: z.string() });
const TagFansSchema = z.object({ tagid: z.number().int(), next_openid: z.string().optional() });
const BatchGetSchema = z.object({ user_list: z.array(z.object({ openid: z.string() })) });

const MAX_TAGS = 100;
const MAX_TAGS_PER_FAN = 20;

function userInfo(fan: Fan): Record<string, unknown> {
  if (!fan.subscribed) return { subscribe: 0, openid: fan.openid, tagid_list: [...fan.tagIds] };
  return {
    subscribe: 1,
    openid: fan.openid,
    nickname: fan.nickname,
    language: 'zh_CN',
    subscribe_time: fan.subscribeTime ?? 0,
    remark: '',
    groupid: 0,
    tagid_list: [...fan.tagIds],
    subscribe_scene: fan.subscribeScene,
    qr_scene: /^\d+$/.test(fan.qrSceneStr) ? Number(fan.qrSceneStr) : 0,
    qr_scene_str: /^\d+$/.test(fan.qrSceneStr) ? '' : fan.qrSceneStr,
  };
}

export function userRoutes(store: Store): Hono {
  const app = new Hono();
  const tags = () => store.data.tags;
  const fanOf = (openid: string): Fan => {
    const fan = store.data.fans.get(openid);
    if (!fan) throw new WeChatError(40003, 'invalid openid');
    return fan;
  };
  const tagOf = (id: number) => {
    const tag = tags().get(id);
    if (!tag) throw new WeChatError(45159, 'invalid tag id');
    return tag;
  };
  const checkName = (name: string, exceptId?: number) => {
    if (name.trim() === '' || [...name].length > 30) throw new WeChatError(45158, 'tag name too long');
    for (const tag of tags().values()) {
      if (tag.name === name && tag.id !== exceptId) throw new WeChatError(45157, 'invalid tag name');
    }
  };

  app.post('/tags/create', async (c) => {
    requireToken(c, store);
    const { tag } = await readBody(c, TagNameSchema);
    checkName(tag.name);
    if (tags().size >= MAX_TAGS) throw new WeChatError(45056, 'too many tags now');
    const created = { id: store.data.nextTagId++, name: tag.name };
    tags().set(created.id, created);
    return c.json({ tag: created });
  });

  app.get('/tags/get', (c) => {
    requireToken(c, store);
    const fans = [...store.data.fans.values()];
    const list = [...tags().values()].map((tag) => ({
      ...tag,
      count: fans.filter((fan) => fan.tagIds.includes(tag.id)).length,
    }));
    return c.json({ tags: list });
  });

  app.post('/tags/update', async (c) => {
    requireToken(c, store);
    const { tag } = await readBody(c, TagSchema);
    const existing = tagOf(tag.id);
    checkName(tag.name ?? '', tag.id);
    existing.name = tag.name ?? existing.name;
    return wxOk(c);
  });

  app.post('/tags/delete', async (c) => {
    requireToken(c, store);
    const { tag } = await readBody(c, TagSchema);
    tagOf(tag.id);
    tags().delete(tag.id);
    for (const fan of store.data.fans.values()) fan.tagIds = fan.tagIds.filter((id) => id !== tag.id);
    return wxOk(c);
  });

  const batch = (tagging: boolean) =>
    app.post(`/tags/members/${tagging ? 'batchtagging' : 'batchuntagging'}`, async (c) => {
      requireToken(c, store);
      const input = await readBody(c, BatchSchema);
      if (input.openid_list.length === 0 || input.openid_list.length > 50) {
        throw new WeChatError(40032, 'invalid openid list size');
      }
      tagOf(input.tagid);
      const fans = input.openid_list.map(fanOf);
      if (
        tagging &&
        fans.some((fan) => !fan.tagIds.includes(input.tagid) && fan.tagIds.length >= MAX_TAGS_PER_FAN)
      ) {
        throw new WeChatError(45059, 'tag count of the user exceeds the limit');
      }
      for (const fan of fans) {
        const others = fan.tagIds.filter((id) => id !== input.tagid);
        fan.tagIds = tagging ? [...others, input.tagid] : others;
      }
      return wxOk(c);
    });
  batch(true);
  batch(false);

  app.post('/tags/getidlist', async (c) => {
    requireToken(c, store);
    const { openid } = await readBody(c, OpenidSchema);
    return c.json({ tagid_list: [...fanOf(openid).tagIds] });
  });

  app.post('/user/tag/get', async (c) => {
    requireToken(c, store);
    const { tagid } = await readBody(c, TagFansSchema);
    tagOf(tagid);
    const openids = [...store.data.fans.values()]
      .filter((fan) => fan.tagIds.includes(tagid))
      .map((f) => f.openid);
    return c.json({ count: openids.length, data: { openid: openids }, next_openid: '' });
  });

  app.get('/user/info', (c) => {
    requireToken(c, store);
    return c.json(userInfo(fanOf(c.req.query('openid') ?? '')));
  });

  app.post('/user/info/batchget', async (c) => {
    requireToken(c, store);
    const { user_list } = await readBody(c, BatchGetSchema);
    if (user_list.length === 0 || user_list.length > 100)
      throw new WeChatError(40032, 'invalid openid list size');
    return c.json({ user_info_list: user_list.map(({ openid }) => userInfo(fanOf(openid))) });
  });

  app.get('/user/get', (c) => {
    requireToken(c, store);
    const openids = [...store.data.fans.values()].filter((fan) => fan.subscribed).map((fan) => fan.openid);
    const next = c.req.query('next_openid');
    const start = next ? openids.indexOf(next) + 1 : 0;
    const page = openids.slice(start, start + 10_000);
    return c.json({
      total: openids.length,
      count: page.length,
      data: { openid: page },
      next_openid: page.at(-1) ?? '',
    });
  });

  return app;
}
