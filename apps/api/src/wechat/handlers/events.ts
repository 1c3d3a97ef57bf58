/**
 * The events that change state. Each writes, so each runs inside the claim transaction of the
 * pipeline (gateway/inbound.ts): the table in answer-message.ts marks them `writes: true`.
 */
import {
  getSetting,
  recordScan,
  recordSubscribe,
  recordTemplateDelivery,
  recordUnsubscribe,
} from '@weshop/db';
import type { IncomingMessageOf } from '@weshop/wechat';
import type { AppDeps } from '../../deps.ts';
import { SUCCESS } from './reply.ts';
import type { Reply } from './reply.ts';

/** Follow (with `qrscene_…` when from a parametric QR code): the fan is recorded, with the scene; welcome. */
export async function answerSubscribe(
  deps: AppDeps,
  message: IncomingMessageOf<'subscribe'>,
): Promise<Reply> {
  await recordSubscribe(deps.db, { openid: message.fromUserName, scene: message.scene }, nowIso(deps));
  return getSetting(deps.db, 'welcome');
}

/** A follower scans a parametric QR code: the scan is counted; welcome. */
export async function answerScan(deps: AppDeps, message: IncomingMessageOf<'scan'>): Promise<Reply> {
  await recordScan(deps.db, { openid: message.fromUserName, scene: message.scene }, nowIso(deps));
  return getSetting(deps.db, 'welcome');
}

/** Unfollow: the fan is marked, so no more template messages are queued for them. */
export async function answerUnsubscribe(
  deps: AppDeps,
  message: IncomingMessageOf<'unsubscribe'>,
): Promise<Reply> {
  await recordUnsubscribe(deps.db, message.fromUserName, nowIso(deps));
  return SUCCESS;
}

/** WeChat's delivery result for a template message we sent: recorded on its outbox row. */
export async function recordTemplateResult(
  deps: AppDeps,
  message: IncomingMessageOf<'template_send_job_finish'>,
): Promise<Reply> {
  await recordTemplateDelivery(deps.db, message.msgId, message.status, nowIso(deps));
  return SUCCESS;
}

const nowIso = (deps: AppDeps) => deps.now().toISOString();
