import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '@weshop/db/seed';
import { testDialects } from '@weshop/db/testing';
import { parseWeChatXml } from '@weshop/wechat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAsAdmin, signWebhook } from '../../testing.ts';
import type { TestApp } from '../../testing.ts';

let seq = 0;

describe.each(testDialects())('keyword replies through the webhook on %s', (dialect) => {
  let t: TestApp;
  let uploads: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    uploads = mkdtempSync(join(tmpdir(), 'weshop-kw-'));
    await seedDemo(t.database.db, { uploadDir: uploads });
  }, 120_000);
  afterAll(async () => {
    await t.close();
    rmSync(uploads, { recursive: true, force: true });
  });

  async function send(content: string, openid = 'oKeywordFan00000000000000001') {
    const creds = {
      appId: t.config.wechat.appId,
      token: t.config.wechat.token,
      aesKey: t.config.wechat.aesKey,
    };
    const request = signWebhook(creds, {
      ToUserName: 'gh_test',
      FromUserName: openid,
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: 'text',
      Content: content,
      MsgId: String(5_000_000_000 + ++seq),
    });
    const response = await t.request(request.path, request.init);
    expect(response.status).toBe(200);
    return parseWeChatXml(await response.text());
  }

  it.each(['连衣裙', 'dress', '裙子', '  连衣裙！ ', '連衣裙'])(
    'answers %j with one product card',
    async (query) => {
      const reply = await send(query);
      expect(reply.MsgType).toBe('news');
      expect(reply.ArticleCount).toBe('1');
      const item = (reply.Articles as { item: Record<string, string> }).item;
      expect(item.Title).toMatch(/^为你找到 \d+ 件「.+」$/);
      expect(item.Description).toMatch(/^1\. .+ ¥\d+\.\d\d/);
      expect(item.PicUrl).toMatch(/^http:\/\/shop\.test\/uploads\/demo\/.+\.jpg$/);
      expect(item.Url).toMatch(/^http:\/\/shop\.test\/shop\/(search\?q=.+|products\/\d+\?)/);
      expect(item.Url).toContain('from=chat');
    },
  );

  it('answers a repeated query from the cache and still logs every time', async () => {
    const first = await send('口红');
    const second = await send('口红');
    expect(second).toEqual({ ...first, CreateTime: second.CreateTime });
    await t.searchLog.flush();
    const rows = await t.database.db
      .selectFrom('search_log')
      .select('id')
      .where('normalized', '=', '口红')
      .execute();
    expect(rows).toHaveLength(2);
  });

  it('answers a query nothing matches with a helpful text', async () => {
    const reply = await send('qqzzxxvv');
    expect(reply.MsgType).toBe('text');
    expect(reply.Content).toContain('没有找到');
    expect(reply.Content).toContain('试试');
  });

  it('lets a staff rule win over the search, and logs every query', async () => {
    const admin = await loginAsAdmin(t);
    const created = await admin.json('POST', '/api/admin/keyword-rules', {
      keyword: '连衣裙',
      match: 'exact',
      priority: 10,
      reply: { type: 'text', text: '连衣裙专场今晚 8 点开始！' },
    });
    expect(created.status).toBe(201);
    const reply = await send('连衣裙');
    expect(reply).toMatchObject({ MsgType: 'text', Content: '连衣裙专场今晚 8 点开始！' });
    const rule = (await created.json()) as { id: number };
    expect((await admin.json('DELETE', `/api/admin/keyword-rules/${rule.id}`)).status).toBe(200);
    expect((await send('连衣裙')).MsgType).toBe('news');
    const logged = await t.database.db
      .selectFrom('search_log')
      .select(['normalized', 'hits', 'source'])
      .execute();
    expect(
      logged.some((row) => row.normalized === 'qqzzxxvv' && row.hits === 0 && row.source === 'chat'),
    ).toBe(true);
    expect(logged.some((row) => row.normalized === '连衣裙' && row.hits > 0)).toBe(true);
    const stats = await admin.request('/api/admin/search-stats?days=1');
    const body = (await stats.json()) as {
      top: { normalized: string }[];
      zeroResults: { normalized: string }[];
    };
    expect(body.top.map((entry) => entry.normalized)).toContain('连衣裙');
    expect(body.zeroResults.map((entry) => entry.normalized)).toContain('qqzzxxvv');
  });

  it('validates keyword rules and requires a staff session', async () => {
    const anonymous = await t.request('/api/admin/keyword-rules', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(anonymous.status).toBe(401);
    const admin = await loginAsAdmin(t);
    const bad = await admin.json('POST', '/api/admin/keyword-rules', {
      match: 'regex',
      reply: { type: 'product', productId: 999999 },
    });
    expect(bad.status).toBe(400);
    const paths = ((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['match']));
    const unknownProduct = await admin.json('POST', '/api/admin/keyword-rules', {
      keywords: ['新品'],
      match: 'contains',
      reply: { type: 'product', productId: 999999 },
    });
    expect(unknownProduct.status).toBe(400);
    expect(((await unknownProduct.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe(
      'reply.productId',
    );
    const list = await admin.request('/api/admin/keyword-rules');
    expect(list.status).toBe(200);
  });
});
