import {
  getSetting,
  recordScan,
  recordSubscribe,
  recordTemplateDelivery,
  recordUnsubscribe,
} from '@weshop/db';
import type { IncomingMessage } from '@weshop/wechat';
import type { AppDeps } from '../../deps.ts';
import { answerText } from './answer-text.ts';
import { SUCCESS } from './reply.ts';
import type { Reply } from './reply.ts';

/**
 * Answers one de-duplicated incoming message or event. Messages (text, clicks …) only read here: the
 * message log records them and their fan's last visit (inbound-log.ts); events that change state
 * (follow, unfollow, template results) run inside the caller's transaction. Pure routing: each kind
 * goes to its handler; anything we do not handle is answered `success` (WeChat then shows nothing).
 */
export async function answerMessage(deps: AppDeps, message: IncomingMessage): Promise<Reply> {
  const { db } = deps;
  const now = () => deps.now().toISOString();
  switch (message.kind) {
    case 'subscribe':
      await recordSubscribe(db, { openid: message.fromUserName, scene: message.scene }, now());
      return getSetting(db, 'welcome');
    case 'scan':
      await recordScan(db, { openid: message.fromUserName, scene: message.scene }, now());
      return getSetting(db, 'welcome');
    case 'unsubscribe':
      await recordUnsubscribe(db, message.fromUserName, now());
      return SUCCESS;
    case 'click': {
      const replies = await getSetting(db, 'menu_replies');
      const reply = replies[message.eventKey];
      return reply ?? SUCCESS;
    }
    case 'template_send_job_finish':
      await recordTemplateDelivery(db, message.msgId, message.status, now());
      return SUCCESS;
    case 'text':
      return answerText(deps, message.fromUserName, message.content);
    default:
      return SUCCESS;
  }
}
