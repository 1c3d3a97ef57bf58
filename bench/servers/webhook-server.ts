/**
 * Child process of the webhook benchmark: the real app (SQLite file, safe mode) and a bare Hono
 * route, each on its own loopback port. Prints `{"app":port,"bare":port}` once both listen.
 */
import { serve } from '@hono/node-server';
import { createTestApp } from '@weshop/api/testing';
import { Hono } from 'hono';

const t = await createTestApp('sqlite', { database: { file: true } });
const constant = '<xml><ToUserName><![CDATA[o]]></ToUserName><MsgType><![CDATA[text]]></MsgType></xml>';
const bare = new Hono().post('/wechat', (c) => c.body(constant, 200, { 'content-type': 'application/xml' }));

function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<number> {
  return new Promise((resolve) => {
    serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve(info.port));
  });
}

const ports = { app: await listen(t.app.fetch), bare: await listen(bare.fetch) };
console.log(
  JSON.stringify({
    ...ports,
    appId: t.config.wechat.appId,
    token: t.config.wechat.token,
    aesKey: t.config.wechat.aesKey,
  }),
);
process.on('SIGTERM', () => {
  void t.close().finally(() => process.exit(0));
});
