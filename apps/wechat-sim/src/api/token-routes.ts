/**
 * access_token (stable and classic) and the JS-SDK ticket.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { z } from 'zod';
import type { Store } from '../state.ts';
import { getClassicToken, getJsapiTicket, getStableToken } from '../tokens.ts';
import { WeChatError, readBody, requireToken, wxOk } from './http.ts';

const StableTokenSchema = z.object({
  grant_type: z.string().optional(),
  appid: z.string().optional(),
  secret: z.string().optional(),
  force_refresh: z.boolean().optional(),
});

function checkCredentials(store: Store, grantType?: string, appid?: string, secret?: string): void {
  if (grantType !== 'client_credential') throw new WeChatError(40002, 'invalid grant_type');
  if (appid !== store.options.appId) throw new WeChatError(40013, 'invalid appid');
  if (secret !== store.options.secret) throw new WeChatError(40125, 'invalid appsecret');
}

export function tokenRoutes(store: Store): Hono {
  const app = new Hono();

  app.post('/stable_token', async (c) => {
    const input = await readBody(c, StableTokenSchema);
    checkCredentials(store, input.grant_type, input.appid, input.secret);
    return c.json(getStableToken(store, input.force_refresh ?? false));
  });

  app.get('/token', (c: Context) => {
    checkCredentials(store, c.req.query('grant_type'), c.req.query('appid'), c.req.query('secret'));
    return c.json(getClassicToken(store));
  });

  app.get('/ticket/getticket', (c) => {
    requireToken(c, store);
    if (c.req.query('type') !== 'jsapi') throw new WeChatError(40097, 'invalid args');
    return wxOk(c, getJsapiTicket(store));
  });

  return app;
}
