import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitRequestBody } from './body-limit.ts';
import type { AppEnv } from './router.ts';

const LIMIT = 16;

class TooLarge extends Error {}

/** Echoes the body it read, behind the limit; answers 413 when the limit refuses. */
const app = new Hono<AppEnv>()
  .use(
    limitRequestBody(LIMIT, () => {
      throw new TooLarge();
    }),
  )
  .all('/', async (c) => c.text(`read:${await c.req.text()}`))
  .onError((error, c) => (error instanceof TooLarge ? c.text('too large', 413) : c.text('failed', 500)));

function chunked(...chunks: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });
}

describe('the API body limit', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer(getRequestListener(app.fetch));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads a body announced within the limit, and lets bodiless requests through', async () => {
    expect(await (await fetch(url, { method: 'POST', body: '{"a":1}' })).text()).toBe('read:{"a":1}');
    expect(await (await fetch(url)).text()).toBe('read:');
  });

  it('refuses a body announced over the limit over a real socket', async () => {
    const response = await fetch(url, { method: 'POST', body: 'x'.repeat(LIMIT + 1) });
    expect(response.status).toBe(413);
  });

  it('counts a chunked body and refuses it past the limit', async () => {
    const post = (body: ReadableStream<Uint8Array>) =>
      fetch(url, { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(await (await post(chunked('0123', '4567'))).text()).toBe('read:01234567');
    expect((await post(chunked('0123456789', '0123456789'))).status).toBe(413);
  });

  it('counts bodies of requests that do not come from Node (app.request)', async () => {
    const over = await app.request('/', {
      method: 'POST',
      body: chunked('x'.repeat(LIMIT + 1)),
      duplex: 'half',
    } as RequestInit);
    expect(over.status).toBe(413);
    expect(await (await app.request('/', { method: 'POST', body: 'small' })).text()).toBe('read:small');
  });
});
