import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
