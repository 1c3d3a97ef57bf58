/**
 * @weshop/wechat: WeChat's protocol and API, and nothing of the shop. Used by apps/api and
 * apps/wechat-sim; it never reads the environment (callers pass configuration in).
 */
export * from './protocol.ts';
export * from './api.ts';
export * from './simulator-defaults.ts';
