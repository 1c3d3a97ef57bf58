import type { ProblemMessages } from '@weshop/core/contract';

/**
 * What the shop tells a fan for each problem code. Written for the fan (no jargon, what to do next);
 * the server's own text is never shown. A code added to the API without a message here fails to compile.
 */
export const PROBLEM_MESSAGES = {
  VALIDATION_FAILED: '填写的信息有误，请检查后再试',
  NOT_FOUND: '没有找到相关内容，可能已下架或被删除',
  UNAUTHENTICATED: '登录已过期，请从公众号菜单重新进入商城',
  INVALID_CREDENTIALS: '登录信息有误，请从公众号菜单重新进入商城',
  FORBIDDEN: '当前页面不能进行此操作，请在微信中打开商城后再试',
  CSRF_TOKEN_INVALID: '页面已过期，请刷新后再试',
  RATE_LIMITED: '操作太频繁了，请稍后再试',
  UNSUPPORTED_MEDIA_TYPE: '请求出错了，请刷新页面后再试',
  PAYLOAD_TOO_LARGE: '提交的内容太多了，请精简后再试',
  CONFLICT: '情况有变化，请刷新后再试',
  IDEMPOTENCY_KEY_REUSED: '这笔订单已经提交过了，请到“我的订单”查看',
  OUT_OF_STOCK: '库存不足，请减少数量或换个规格',
  INSUFFICIENT_BALANCE: '余额不足，请充值或换一种支付方式',
  ORDER_STATE_INVALID: '订单状态已变化，请刷新后查看',
  PRODUCT_UNAVAILABLE: '商品已下架或暂时不能购买',
  LIMIT_EXCEEDED: '超出购买数量限制啦',
  UNPAID_UNITS_LIMIT_EXCEEDED: '待支付的商品太多啦，请先支付或取消未支付的订单',
  PURCHASE_LIMIT_EXCEEDED: '这件商品每人限购，已超出可购买的数量',
  WECHAT_UNAVAILABLE: '微信服务暂时繁忙，请稍后再试',
  INTERNAL: '系统开小差了，请稍后再试',
} as const satisfies ProblemMessages;
