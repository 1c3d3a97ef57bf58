/**
 * Queues the template notifications in the caller's transaction (docs/architecture.md#outbox): the business
 * change and its outbox row commit together, and the worker sends the row later. Nothing here touches the
 * network. No row when the fan does not follow the account (43004 would be certain) or when no template
 * id is configured.
 */
import { buildBalanceTemplateData, buildShippedTemplateData } from '@weshop/core';
import type { LedgerKind, TemplatePayload } from '@weshop/core';
import { enqueueOutbox, getSetting, subscribedOpenid } from '@weshop/db';
import type { Executor } from '@weshop/db';
import type { Config } from '../config.ts';

export interface ShippedNotice {
  orderId: number;
  orderNo: string;
  fanId: number;
  goods: string;
  carrier: string;
  trackingNo: string;
  /** ISO instant. */
  shippedAt: string;
}

export interface BalanceNotice {
  ledgerId: number;
  fanId: number;
  kind: LedgerKind;
  /** Signed: negative is a debit. */
  amountFen: number;
  balanceAfterFen: number;
  reason: string;
  /** ISO instant. */
  at: string;
}

/** Dedupe keys, also WeChat's client_msg_id: one notification per order shipped, per ledger entry. */
export const shippedKey = (orderId: number) => `shipped:${orderId}`;
export const balanceKey = (ledgerId: number) => `balance:${ledgerId}`;

/** What the reason line says when the ledger entry has none. */
const LEDGER_KIND_LABELS: Record<LedgerKind, string> = {
  topup: '余额充值',
  spend: '余额消费',
  refund: '订单退款',
  adjustment: '余额调整',
};

/** Queues the "order shipped" template in the caller's transaction. Idempotent per order. */
export async function queueOrderShipped(trx: Executor, config: Config, notice: ShippedNotice): Promise<void> {
  const settings = (await getSetting(trx, 'notification_templates')).shipped;
  const templateId = settings.templateId ?? config.wechat.templateShipped;
  if (!templateId) return;
  const openid = await subscribedOpenid(trx, notice.fanId);
  if (!openid) return;
  const payload: TemplatePayload = {
    templateId,
    url: `${config.publicUrl}/shop/orders/${notice.orderId}`,
    data: buildShippedTemplateData(
      {
        orderNo: notice.orderNo,
        goods: notice.goods,
        carrier: notice.carrier,
        trackingNo: notice.trackingNo,
        shippedAt: notice.shippedAt,
      },
      settings.fields,
    ),
  };
  const row = { dedupeKey: shippedKey(notice.orderId), kind: 'template' as const, openid, payload };
  // Due from the business change's own time, so the row and the app agree on one clock.
  await enqueueOutbox(trx, row, new Date(notice.shippedAt).toISOString());
}

/** Queues the "balance changed" template for a ledger entry, in the caller's transaction. Idempotent per entry. */
export async function queueBalanceChanged(
  trx: Executor,
  config: Config,
  notice: BalanceNotice,
): Promise<void> {
  const settings = (await getSetting(trx, 'notification_templates')).balance;
  const templateId = settings.templateId ?? config.wechat.templateBalance;
  if (!templateId) return;
  const openid = await subscribedOpenid(trx, notice.fanId);
  if (!openid) return;
  const payload: TemplatePayload = {
    templateId,
    url: `${config.publicUrl}/shop/balance`,
    data: buildBalanceTemplateData(
      {
        amountFen: notice.amountFen,
        balanceFen: notice.balanceAfterFen,
        reason: notice.reason.trim() || LEDGER_KIND_LABELS[notice.kind],
        at: notice.at,
      },
      settings.fields,
    ),
  };
  const row = { dedupeKey: balanceKey(notice.ledgerId), kind: 'template' as const, openid, payload };
  await enqueueOutbox(trx, row, new Date(notice.at).toISOString());
}
