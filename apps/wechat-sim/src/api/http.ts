/**
 * Answers the way api.weixin.qq.com does: JSON with HTTP 200, errors as `{ errcode, errmsg }`.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import type { Store } from '../state.ts';
import { checkAccessToken } from '../tokens.ts';

export class WeChatError extends Error {
  errcode: number;
  extra: Record<string, unknown>;
  constructor(errcode: number, errmsg: string, extra: Record<string, unknown> = {}) {
    super(errmsg);
    this.errcode = errcode;
    this.extra = extra;
  }
}

export function wxError(c: Context, errcode: number, errmsg: string, extra: Record<string, unknown> = {}) {
  return c.json({ errcode, errmsg, ...extra });
}

export function wxOk(c: Context, fields: Record<string, unknown> = {}) {
  return c.json({ errcode: 0, errmsg: 'ok', ...fields });
}

/**
 * JSON whose listed fields hold 64-bit ids written as bare numbers (e.g. `"msgid":2838412345678912345`),
 * as WeChat does: a client that parses them with plain JSON.parse loses precision.
 */
export function jsonWithBigIds(c: Context, fields: Record<string, unknown>, bigIds: Record<string, string>) {
  const text = JSON.stringify(fields);
  const extra = Object.entries(bigIds)
    .map(([key, digits]) => `${JSON.stringify(key)}:${/^\d+$/.test(digits) ? digits : '0'}`)
    .join(',');
  const body = extra ? `${text.slice(0, -1)}${text.length > 2 ? ',' : ''}${extra}}` : text;
  return c.body(body, 200, { 'content-type': 'application/json; charset=utf-8' });
}

/** Reads and validates the JSON body; WeChat answers 47001 for a body it cannot read. */
export async function readBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  let raw: unknown;
  try {
    raw = JSON.parse(await c.req.text());
  } catch {
    throw new WeChatError(47001, 'data format error');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    throw new WeChatError(47001, `data format error${where ? `: ${where}` : ''}`);
  }
  return parsed.data;
}

/** Throws the token error of this request's `access_token`, if any. */
export function requireToken(c: Context, store: Store): void {
  const problem = checkAccessToken(store, c.req.query('access_token'));
  if (problem) throw new WeChatError(problem.errcode, problem.errmsg);
}

/** Maps WeChatError to its JSON answer (registered as the API's onError). */
export function answerWeChatError(error: unknown, c: Context): Response {
  if (error instanceof WeChatError) return wxError(c, error.errcode, error.message, error.extra) as Response;
  console.error('wechat-sim: unexpected error', error);
  return wxError(c, -1, 'system error') as Response;
}
