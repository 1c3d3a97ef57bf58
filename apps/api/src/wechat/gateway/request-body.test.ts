import { createServer } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { announcesTooLarge } from '../../http/request-headers.ts';
import { readBodyWithin, readNodeBodyWithin } from './request-body.ts';

const LIMIT = 16;

/** A route that answers 413 like /wechat does, and echoes the body it read. */
const app = new Hono().post('/', async (c) => {
  if (announcesTooLarge((name) => c.req.header(name), LIMIT)) return c.text('announced too large', 413);
  const body = await readBodyWithin(c, LIMIT);
  return body === undefined ? c.text('too large', 413) : c.text(`read:${body}`);
});

function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });
}

const post = (init: RequestInit) =>
  app.request('/', {
    method: 'POST',
    ...init,
    ...(init.body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);

describe('the webhook body within a limit', () => {
  it('refuses a body announced over the limit, or with an unreadable length, before reading it', async () => {
    for (const length of ['17', '1e3', '-1', 'abc']) {
      const response = await post({ headers: { 'content-length': length }, body: 'x' });
      expect(await response.text(), length).toBe('announced too large');
    }
  });

  it('reads a body announced within the limit', async () => {
    const response = await post({ headers: { 'content-length': '5' }, body: '<xml>' });
    expect(await response.text()).toBe('read:<xml>');
  });

  it('counts a body without Content-Length and refuses it past the limit', async () => {
    expect(await (await post({ body: streamOf('<xml>', '</xml>') })).text()).toBe('read:<xml></xml>');
    const response = await post({ body: streamOf('0123456789', '0123456789') });
    expect(response.status).toBe(413);
    expect(await response.text()).toBe('too large');
  });

  it('counts bytes, not characters, and decodes UTF-8 like Request.text()', async () => {
    expect(await (await post({ body: streamOf('\uFEFF茶叶', '好') })).text()).toBe('read:茶叶好');
    expect((await post({ body: streamOf('茶'.repeat(6)) })).status).toBe(413);
  });

  it('ignores Content-Length when the body is chunked', async () => {
    const response = await post({
      headers: { 'content-length': '3', 'transfer-encoding': 'chunked' },
      body: streamOf('0123456789', '0123456789'),
    });
    expect(await response.text()).toBe('too large');
  });
});

describe('the webhook body from Node, within a limit', () => {
  /** Starts a server whose handler reads the body with readNodeBodyWithin and records how it ends. */
  async function reading(send: (socket: Socket) => void): Promise<string> {
    let settled: (outcome: string) => void = () => {};
    const outcome = new Promise<string>((resolve) => (settled = resolve));
    const server = createServer((request, response) => {
      readNodeBodyWithin(request, LIMIT).then(
        (body) => {
          settled(body === undefined ? 'too large' : `read:${body}`);
          response.end();
        },
        (error: NodeJS.ErrnoException) => settled(`failed:${error.code}`),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1', () => send(socket));
    socket.on('error', () => {});
    try {
      return await outcome;
    } finally {
      socket.destroy();
      server.close();
    }
  }
  const head = (length: number) => `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${length}\r\n\r\n`;

  it('reads a whole body, and refuses one past the limit', async () => {
    expect(await reading((socket) => socket.write(`${head(5)}<xml>`))).toBe('read:<xml>');
    expect(await reading((socket) => socket.write(`${head(40)}${'x'.repeat(40)}`))).toBe('too large');
  });

  it('stops listening once the body is read (no failure built on every request close)', async () => {
    const leftOver: number[] = [];
    const server = createServer((request, response) => {
      void readNodeBodyWithin(request, LIMIT).then(() => {
        leftOver.push(request.listenerCount('close'), request.listenerCount('error'));
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, {
        method: 'POST',
        body: '<xml>',
      });
      expect(await response.text()).toBe('ok');
      expect(leftOver).toEqual([0, 0]);
    } finally {
      server.close();
    }
  });

  it('settles when the caller leaves halfway through the body', async () => {
    const outcome = await reading((socket) => {
      socket.write(`${head(10)}<xml>`);
      setTimeout(() => socket.destroy(), 20);
    });
    expect(outcome).toBe('failed:ECONNRESET');
  });
});
