import { createTestDatabase, testDialects } from '@weshop/db/testing';
import type { TestDatabase } from '@weshop/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../testing.ts';
import type { TestApp } from '../testing.ts';
import { signWebhook } from '../wechat/gateway/signing.ts';

/**
 * Issue 15 item 16: the same message reaching two instances at once is answered by both, but its
 * search is logged once: the search log follows the de-duplication claim, not the arrival.
 */
describe.each(testDialects())('the chat search log with two instances on %s', (dialect) => {
  let database: TestDatabase;
  let apps: TestApp[];
  beforeAll(async () => {
    database = await createTestDatabase(dialect, { file: true });
    apps = [
      await createTestApp(dialect, { sharedDatabase: database }),
      await createTestApp(dialect, { sharedDatabase: database }),
    ];
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await database.close();
  });

  const searchesBy = async (openid: string) =>
    (await database.db.selectFrom('search_log').select('query').where('openid', '=', openid).execute()).map(
      (row) => row.query,
    );

  it.each([
    ['at once', 0],
    ['a second apart (a retry)', 1_000],
  ])('logs one search for the same message on both instances %s', async (_when, apartMs) => {
    const fan = `oSearch${Math.random().toString(36).slice(2, 12)}`;
    const message = signWebhook(
      { appId: apps[0]!.config.wechat.appId, token: apps[0]!.config.wechat.token },
      {
        ToUserName: 'gh_test_account',
        FromUserName: fan,
        CreateTime: Math.floor(Date.now() / 1000),
        MsgType: 'text',
        Content: '连衣裙',
        MsgId: String(8_000_000_000 + Math.floor(Math.random() * 1e9)),
      },
    );
    const post = async (app: TestApp, delayMs: number) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return app.request(message.path, message.init);
    };
    const answers = await Promise.all([post(apps[0]!, 0), post(apps[1]!, apartMs)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    for (const app of apps) await app.inboundLog.flush();
    expect(await searchesBy(fan)).toEqual(['连衣裙']);
  });
});
