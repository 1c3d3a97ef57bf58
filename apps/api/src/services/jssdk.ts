/**
 * wx.config for a page of the shop. The JS-SDK ticket comes from WeChat (through the shared token
 * store); when WeChat's token or ticket call fails, it is asked once more, then the fan gets a 503
 * `WECHAT_UNAVAILABLE` instead of a 500 (docs/wechat.md#api-errors).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DomainError } from '@weshop/core';
import type { JsSdkConfig } from '@weshop/wechat';
import {
  buildJsSdkConfig,
  isRetryable,
  TokenWaitTimeoutError,
  WeChatApiError,
  WeChatNetworkError,
} from '@weshop/wechat';
import type { AppDeps } from '../deps.ts';

const JS_API_LIST = [
  'updateAppMessageShareData',
  'updateTimelineShareData',
  'chooseWXPay',
  'openAddress',
  'scanQRCode',
];

/** Pause before the one retry: long enough for a blip to pass, short enough for a page load. */
const RETRY_PAUSE_MS = 200;

function isWeChatFailure(error: unknown): boolean {
  return (
    error instanceof WeChatApiError ||
    error instanceof WeChatNetworkError ||
    error instanceof TokenWaitTimeoutError
  );
}

/** Runs a WeChat call, once more if it failed in a way that may pass; WeChat failures become WECHAT_UNAVAILABLE. */
export async function callWeChatOrUnavailable<T>(
  deps: AppDeps,
  what: string,
  call: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isWeChatFailure(error)) throw error;
      if (attempt < 2 && isRetryable(error)) {
        await sleep(RETRY_PAUSE_MS);
        continue;
      }
      deps.logger.warn({ err: error, attempt }, `WeChat unavailable: ${what}`);
      throw new DomainError('WECHAT_UNAVAILABLE', { retryAfterSeconds: 5 });
    }
  }
}

export async function jsSdkConfigFor(deps: AppDeps, pageUrl: string): Promise<JsSdkConfig> {
  const ticket = await callWeChatOrUnavailable(deps, 'jsapi_ticket', () =>
    deps.wechat.client.getJsapiTicket(),
  );
  return buildJsSdkConfig({ appId: deps.wechat.config.appId, ticket, url: pageUrl, jsApiList: JS_API_LIST });
}
