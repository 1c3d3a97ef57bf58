import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '@weshop/api/testing';
import { SIMULATOR_CREDENTIALS } from '@weshop/wechat';
import { startStack } from './support/stack.ts';
import type { Stack } from './support/stack.ts';

/** Sends raw bytes to the API and collects what comes back until the server closes or goes quiet. */
function rawRequest(url: string, payload: Buffer, quietMs = 500): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    let timer = setTimeout(() => socket.destroy(), quietMs * 4);
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      clearTimeout(timer);
      timer = setTimeout(() => socket.destroy(), quietMs);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
    socket.on('error', () => {});
    socket.write(payload);
  });
}

describe('the webhook over a real socket', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack('sqlite');
  });
  afterAll(() => stack.close());

  it('never buffers a body whose Content-Length lies, and keeps serving', async () => {
    const body = Buffer.alloc(2 * 1024 * 1024, 'x');
    const head = Buffer.from(
      'POST /wechat?signature=0&timestamp=1&nonce=1 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 10\r\n\r\n',
    );
    const answer = await rawRequest(stack.apiUrl, Buffer.concat([head, body]));
    const statuses = [...answer.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((match) => Number(match[1]));
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((status) => status >= 400 && status < 500)).toBe(true);
    const health = await fetch(`${stack.apiUrl}/healthz`);
    expect(health.status).toBe(200);
  });

  it('answers 413 to an oversized body announced honestly, before reading it', async () => {
    const head = Buffer.from(
      'POST /wechat?signature=0&timestamp=1&nonce=1 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 10485760\r\n\r\n<xml>',
    );
    const answer = await rawRequest(stack.apiUrl, head);
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
  });

  /** A signed safe-mode text message (the signature is checked before the body is read). */
  function signed(content: string, msgId: string) {
    return signWebhook(
      SIMULATOR_CREDENTIALS,
      {
        ToUserName: 'gh_raw',
        FromUserName: 'oRawSocketFan00000000000001',
        CreateTime: Math.floor(Date.now() / 1000),
        MsgType: 'text',
        Content: content,
        MsgId: msgId,
      },
      { mode: 'safe' },
    );
  }

  it('counts a signed chunked body and answers 413 past 1 MB, closing the connection', async () => {
    const { path } = signed('hi', '880001');
    const chunk = `${(256 * 1024).toString(16)}\r\n${'x'.repeat(256 * 1024)}\r\n`;
    const payload = Buffer.from(
      `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n` +
        chunk.repeat(6) +
        '0\r\n\r\n',
    );
    const answer = await rawRequest(stack.apiUrl, payload);
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect((await fetch(`${stack.apiUrl}/healthz`)).status).toBe(200);
  });

  it('survives a caller that leaves halfway through a signed body, and keeps serving', async () => {
    const { path } = signed('hi', '880004');
    const head = `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n`;
    const { hostname, port } = new URL(stack.apiUrl);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), hostname, () => {
        socket.write(`${head}<xml><Encrypt>`);
        setTimeout(() => socket.destroy(), 50);
      });
      socket.on('close', () => resolve());
      socket.on('error', () => {});
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await fetch(`${stack.apiUrl}/healthz`)).status).toBe(200);
    const { path: next, init } = signed('dress', '880005');
    const answer = await fetch(`${stack.apiUrl}${next}`, init);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toMatch(/^<xml><Encrypt>/);
  });

  it('answers two signed messages on one kept-alive connection', async () => {
    const requests = [signed('连衣裙', '880002'), signed('dress', '880003')].map(({ path, init }) => {
      const body = Buffer.from(String(init.body));
      return Buffer.concat([
        Buffer.from(
          `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: ${body.length}\r\n\r\n`,
        ),
        body,
      ]);
    });
    const answer = await rawRequest(stack.apiUrl, Buffer.concat(requests));
    const statuses = [...answer.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((match) => Number(match[1]));
    expect(statuses).toEqual([200, 200]);
    expect(answer.match(/<xml><Encrypt>/g)).toHaveLength(2);
  });
});
