import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createDbTokenStore } from '@weshop/db';
import { createTestDatabase, testDialects } from '@weshop/db/testing';
import { createMemoryTokenStore, createWeChatClient, WeChatNetworkError } from '@weshop/wechat';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheTokenStore, createNodeFetch } from './client.ts';
import { startFakeWeChat } from './fake-wechat.ts';
import type { FakeWeChat } from './fake-wechat.ts';

describe('the outbox client over node:http', () => {
  let fake: FakeWeChat;
  beforeEach(async () => {
    fake = await startFakeWeChat();
  });
  afterEach(() => fake.close());

  const client = (apiBase = fake.url) =>
    createWeChatClient({
      appId: 'wx',
      secret: 's',
      apiBase,
      timeoutMs: 300,
      tokenStore: createMemoryTokenStore(),
      fetch: createNodeFetch(),
    });
  const send = (c = client()) =>
    c.sendTemplate({
      toUser: 'oFan',
      templateId: 'tpl',
      data: { thing1: { value: '好' } },
      clientMsgId: 'k',
    });

  it('sends the JSON body and reads a 64-bit msgid exactly', async () => {
    expect(await send()).toEqual({ msgId: String(2n ** 60n) });
    expect(fake.sends).toMatchObject([
      { openid: 'oFan', clientMsgId: 'k', data: { thing1: { value: '好' } } },
    ]);
  });

  it.each([
    ['a read timeout', { type: 'hang' }, /timed out after 300 ms/],
    ['a reset mid-response', { type: 'reset' }, /request failed/],
    ['an HTML 502', { type: 'http', status: 502 }, /HTTP 502/],
    ['a non-JSON 200', { type: 'non_json' }, /non-JSON/],
  ] as const)('reports %s as an unknown outcome', async (_, fault, message) => {
    fake.fail(fault);
    const error = await send().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WeChatNetworkError);
    expect(error).toMatchObject({ outcomeUnknown: true, message: expect.stringMatching(message) });
  });

  it('reports a refused connection as not sent', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const error = await send(client(`http://127.0.0.1:${port}`)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'WeChatNetworkError', outcomeUnknown: false });
  });

  it('reuses its sockets', async () => {
    const c = client();
    for (let i = 0; i < 5; i++) await send(c);
    expect(fake.connections()).toBe(1);
  });
});

describe('cacheTokenStore', () => {
  it('reads the shared store at most once per period, and sees its own writes at once', async () => {
    let clock = 0;
    const shared = createMemoryTokenStore();
    const reads: string[] = [];
    const counted = { ...shared, get: (name: string) => (reads.push(name), shared.get(name)) };
    const store = cacheTokenStore(counted, 1000, () => clock);
    await shared.set('access_token', { value: 'a', expiresAt: 10_000 });
    expect((await store.get('access_token'))?.value).toBe('a');
    await shared.set('access_token', { value: 'b', expiresAt: 10_000 }); // another instance refreshed
    expect((await store.get('access_token'))?.value).toBe('a');
    expect(reads).toHaveLength(1);
    clock = 1000;
    expect((await store.get('access_token'))?.value).toBe('b');
    await store.set('access_token', { value: 'c', expiresAt: 20_000 });
    expect((await store.get('access_token'))?.value).toBe('c');
    expect((await shared.get('access_token'))?.value).toBe('c');
    expect(reads).toHaveLength(2);
  });
});

describe.each(testDialects())('two instances sharing the token in the database on %s', (dialect) => {
  it('fetch once per expiry: the instance that waited takes the refreshed token (10 expiries)', async () => {
    const database = await createTestDatabase(dialect);
    const fake = await startFakeWeChat({ tokenDelayMs: 50 });
    try {
      // Each instance reads the shared row through its own 1 s cache, as the outbox worker does; the
      // caches' clock jumps a second between expiries so each expiry starts from a fresh read.
      let skew = 0;
      const instance = () =>
        createWeChatClient({
          appId: 'wx',
          secret: 's',
          apiBase: fake.url,
          tokenStore: cacheTokenStore(createDbTokenStore(database.db), 1000, () => Date.now() + skew),
        });
      const [first, second] = [instance(), instance()];
      const shared = createDbTokenStore(database.db);
      for (let expiry = 1; expiry <= 10; expiry++) {
        skew += 1000;
        fake.tokenCalls.length = 0;
        await shared.set('access_token', { value: `old-${expiry}`, expiresAt: Date.now() - 1000 });
        const tokens = await Promise.all([first.getAccessToken(), second.getAccessToken()]);
        expect(tokens[0]).toBe(tokens[1]);
        expect(fake.tokenCalls, `expiry ${expiry}`).toHaveLength(1);
      }
    } finally {
      await fake.close();
      await database.close();
    }
  });
});
