/**
 * createWeChatSim: a local stand-in for WeChat. One Hono app serves the fake WeChat HTTP API (same
 * paths as api.weixin.qq.com and open.weixin.qq.com), the test controls under /__sim and the chat
 * page where you play the fan.
 */
import { Hono } from 'hono';
import { answerWeChatError, wxError } from './api/http.ts';
import { messageRoutes } from './api/message-routes.ts';
import { oauthRoutes } from './api/oauth-routes.ts';
import { qrMenuRoutes } from './api/qr-menu-routes.ts';
import { isApiPath, recordAndFault } from './api/recorder.ts';
import { tokenRoutes } from './api/token-routes.ts';
import { userRoutes } from './api/user-routes.ts';
import { controlRoutes } from './control-routes.ts';
import { SimError } from './fans/actions.ts';
import { fanRoutes } from './fans/routes.ts';
import { resolveOptions } from './options.ts';
import type { WeChatSimOptions } from './options.ts';
import { pageRoutes } from './page/page-routes.ts';
import { createSimState } from './sim-state.ts';
import type { SimState } from './sim-state.ts';
import { createStore } from './state.ts';

export type { EncryptMode, TemplateInfo, WeChatSimOptions } from './options.ts';
export type { SimState } from './sim-state.ts';
export type { ApiCall, ChatItem, Delivery, Fan, Fault, FaultInput, NewsArticle } from './types.ts';
export type { FanActionResult } from './fans/actions.ts';
export type { WebhookOutcome } from './fans/webhook.ts';
export { SERVICE_UNAVAILABLE } from './fans/webhook.ts';

export interface WeChatSim {
  app: Hono;
  state: SimState;
  /** Forgets everything: fans, chats, tokens, tags, QR codes, menu, logs and faults. */
  reset(): void;
}

export function createWeChatSim(options: WeChatSimOptions): WeChatSim {
  const store = createStore(resolveOptions(options));
  const reset = () => store.reset();
  const app = new Hono();

  app.use('*', recordAndFault(store));
  app.route('/cgi-bin', tokenRoutes(store));
  app.route('/cgi-bin/message', messageRoutes(store));
  app.route('/cgi-bin', userRoutes(store));
  app.route('/cgi-bin', qrMenuRoutes(store));
  const oauth = oauthRoutes(store);
  app.route('/connect', oauth.connect);
  app.route('/sns', oauth.sns);
  app.route('/__sim/fans', fanRoutes(store));
  app.route('/__sim', controlRoutes(store, reset));
  app.route('/', pageRoutes());

  app.notFound((c) => {
    if (isApiPath(c.req.path)) return wxError(c, 48001, `api unauthorized (not simulated: ${c.req.path})`);
    return c.json({ error: `没有这个地址：${c.req.path}` }, 404);
  });
  app.onError((error, c) => {
    if (error instanceof SimError) return c.json({ error: error.message }, error.status);
    return answerWeChatError(error, c);
  });

  return { app, state: createSimState(store), reset };
}
