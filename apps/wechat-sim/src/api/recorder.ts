/**
 * Middleware in front of the fake API: logs every call (query, JSON body, time, answer errcode) and
 * plays the faults scripted for its path (errcode, HTTP status, HTML error page, raw body, delay,
 * connection reset).
 */
import type { HttpBindings } from '@hono/node-server';
import type { Context, MiddlewareHandler } from 'hono';
import type { Store } from '../state.ts';
import type { Fault } from '../types.ts';

const API_PREFIXES = ['/cgi-bin/', '/sns/', '/connect/'];

export function isApiPath(path: string): boolean {
  return API_PREFIXES.some((prefix) => path.startsWith(prefix));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** True when the fault answers something other than the real response. */
function answers(fault: Fault): boolean {
  return (
    fault.errcode !== undefined ||
    fault.status !== undefined ||
    fault.html === true ||
    fault.body !== undefined
  );
}

function faultResponse(fault: Fault): Response {
  if (fault.html) {
    const status = fault.status ?? 502;
    const html = `<html>\r\n<head><title>${status} Bad Gateway</title></head>\r\n<body>\r\n<center><h1>${status} Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
    return new Response(html, { status, headers: { 'content-type': 'text/html' } });
  }
  if (fault.body !== undefined) {
    return new Response(fault.body, {
      status: fault.status ?? 200,
      headers: { 'content-type': 'application/json' },
    });
  }
  const body =
    fault.errcode === undefined
      ? ''
      : JSON.stringify({ errcode: fault.errcode, errmsg: fault.errmsg ?? 'simulated fault' });
  return new Response(body, { status: fault.status ?? 200, headers: { 'content-type': 'application/json' } });
}

/** Resets the client's connection; without a socket (app.request in tests) it never answers. */
async function destroyConnection(c: Context): Promise<void> {
  const env = c.env as Partial<HttpBindings> | undefined;
  const socket = env?.incoming?.socket;
  if (socket) {
    socket.destroy();
    return;
  }
  await new Promise<never>(() => {});
}

async function readErrcode(response: Response): Promise<number | undefined> {
  if (!(response.headers.get('content-type') ?? '').includes('json')) return undefined;
  try {
    const text = await response.clone().text();
    const match = /"errcode"\s*:\s*(-?\d+)/.exec(text);
    if (match) return Number(match[1]);
    return text.trim().startsWith('{') ? 0 : undefined;
  } catch {
    return undefined;
  }
}

export function recordAndFault(store: Store): MiddlewareHandler {
  return async (c, next) => {
    if (!isApiPath(c.req.path)) return next();
    const raw = c.req.method === 'GET' || c.req.method === 'HEAD' ? '' : await c.req.text();
    let body: unknown = raw;
    try {
      if (raw.trim() !== '') body = JSON.parse(raw);
    } catch {
      // not JSON: keep the text
    }
    const fault = store.takeFault(c.req.path);
    const call = store.recordCall({
      at: store.isoNow(),
      method: c.req.method,
      path: c.req.path,
      query: c.req.query(),
      body,
      errcode: undefined,
      fault,
    });
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault && answers(fault) && !fault.destroy && !fault.processed) {
      c.res = faultResponse(fault);
      call.errcode = await readErrcode(c.res);
      return;
    }
    await next();
    call.errcode = await readErrcode(c.res);
    if (fault?.destroy) {
      await destroyConnection(c);
    } else if (fault && answers(fault)) {
      c.res = faultResponse(fault);
    }
  };
}
