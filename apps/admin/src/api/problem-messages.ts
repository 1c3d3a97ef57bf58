import type { ProblemMessages } from '@weshop/core/contract';

/**
 * What the console tells staff for each problem code: precise about the cause, since staff act on it;
 * the server's own text is never shown. A code added to the API without a message here fails to compile.
 */
export const PROBLEM_MESSAGES = {
  VALIDATION_FAILED: '提交的内容有误，请按标出的字段修改',
  NOT_FOUND: '记录不存在，可能已被删除',
  UNAUTHENTICATED: '登录已过期，请重新登录',
  INVALID_CREDENTIALS: '用户名或密码错误',
  FORBIDDEN: '你的账号没有权限执行此操作',
  CSRF_TOKEN_INVALID: '安全校验失败，请刷新页面后重试',
  RATE_LIMITED: '尝试次数过多，请稍后再试',
  UNSUPPORTED_MEDIA_TYPE: '请求格式不正确（需要 JSON），请刷新页面后重试',
  PAYLOAD_TOO_LARGE: '提交的内容超过大小限制',
  CONFLICT: '数据已被改动，请刷新后重试',
  IDEMPOTENCY_KEY_REUSED: '同一操作已用不同的内容提交过，请刷新后重试',
  OUT_OF_STOCK: '库存不足，不能扣减到负数',
  INSUFFICIENT_BALANCE: '粉丝余额不足，不能扣减到负数',
  ORDER_STATE_INVALID: '订单当前状态不允许此操作，请刷新后查看',
  PRODUCT_UNAVAILABLE: '商品已下架或不可售',
  LIMIT_EXCEEDED: '超出数量限制',
  UNPAID_UNITS_LIMIT_EXCEEDED: '该粉丝未支付订单中的商品件数已达上限',
  PURCHASE_LIMIT_EXCEEDED: '超出该商品的每人限购数量',
  WECHAT_UNAVAILABLE: '微信接口暂时无法访问，请稍后重试',
  INTERNAL: '服务器出错了，请稍后重试；一再出现请联系技术支持',
} as const satisfies ProblemMessages;
