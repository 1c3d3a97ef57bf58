/**
 * Child process of the webhook benchmark: the real app served as main.ts serves it (SQLite file,
 * safe mode) and a bare Hono route, each on its own loopback port. Prints
 * `{"app":port,"bare":port,…credentials}` once both listen; then answers each line on stdin with this process's CPU time so far
 * (`{"user":µs,"system":µs}`), so the benchmark can report CPU time per message, which other jobs
 * on a shared machine disturb far less than wall-clock throughput.
 */
import { createInterface } from 'node:readline';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createRequestListener } from '@weshop/api/listener';
import { createTestApp } from '@weshop/api/testing';
import { Hono } from 'hono';

const t = await createTestApp('sqlite', {
  database: { file: true },
  // What production runs with an AES key (the messages are signed in safe mode).
  env: { WECHAT_MESSAGE_MODE: 'safe' },
});
const constant = '<xml><ToUserName><![CDATA[o]]></ToUserName><MsgType><![CDATA[text]]></MsgType></xml>';
const bare = new Hono().post('/wechat', (c) => c.body(constant, 200, { 'content-type': 'application/xml' }));

function listenBare(): Promise<number> {
  return new Promise((resolve) => {
    serve({ fetch: bare.fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve(info.port));
  });
}

/** The app as main.ts serves it: POST /wechat straight from Node, the rest through Hono. */
function listenApp(): Promise<number> {
  const server = createServer(createRequestListener(t.deps, t.app.fetch));
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

const ports = { app: await listenApp(), bare: await listenBare() };
console.log(
  JSON.stringify({
    ...ports,
    appId: t.config.wechat.appId,
    token: t.config.wechat.token,
    aesKey: t.config.wechat.aesKey,
  }),
);
createInterface({ input: process.stdin }).on('line', () => console.log(JSON.stringify(process.cpuUsage())));
process.on('SIGTERM', () => {
  void t.close().finally(() => process.exit(0));
});
