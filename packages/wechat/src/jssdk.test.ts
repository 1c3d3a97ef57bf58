import { describe, expect, it } from 'vitest';

import { buildJsSdkConfig, signJsSdk } from './jssdk.ts';

// docs/wechat.md#test-vectors: the official JS-SDK signature example, current and older doc versions.
const TICKET = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';
const NONCE = 'Wm3WZYTPz0wzccnW';
const TIMESTAMP = 1414587457;

describe('signJsSdk', () => {
  it('matches the official example', () => {
    const input = {
      ticket: TICKET,
      nonceStr: NONCE,
      timestamp: TIMESTAMP,
      url: 'http://mp.weixin.qq.com?params=value',
    };
    expect(signJsSdk(input)).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
  });

  it('matches the older example', () => {
    const input = {
      ticket: TICKET,
      nonceStr: NONCE,
      timestamp: String(TIMESTAMP),
      url: 'http://mp.weixin.qq.com',
    };
    expect(signJsSdk(input)).toBe('f4d90daf4b3bca3078ab155816175ba34c443a7b');
  });

  it('ignores the # fragment of the URL', () => {
    const input = {
      ticket: TICKET,
      nonceStr: NONCE,
      timestamp: TIMESTAMP,
      url: 'http://mp.weixin.qq.com?params=value#/cart?x=1',
    };
    expect(signJsSdk(input)).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
  });

  it('signs raw values without URL-escaping', () => {
    const base = { ticket: TICKET, nonceStr: NONCE, timestamp: TIMESTAMP };
    expect(signJsSdk({ ...base, url: 'https://a.example/?q=茶 叶' })).not.toBe(
      signJsSdk({ ...base, url: 'https://a.example/?q=%E8%8C%B6%20%E5%8F%B6' }),
    );
  });
});

describe('buildJsSdkConfig', () => {
  it('returns the fields wx.config needs, signed with the given values', () => {
    const config = buildJsSdkConfig({
      appId: 'wx123',
      ticket: TICKET,
      url: 'http://mp.weixin.qq.com?params=value',
      nonceStr: NONCE,
      timestamp: TIMESTAMP,
      jsApiList: ['chooseWXPay'],
    });
    expect(config).toEqual({
      appId: 'wx123',
      timestamp: TIMESTAMP,
      nonceStr: NONCE,
      signature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
      jsApiList: ['chooseWXPay'],
    });
  });

  it('fills in a 16-character nonce and the current time in seconds', () => {
    const before = Math.floor(Date.now() / 1000);
    const config = buildJsSdkConfig({ appId: 'wx123', ticket: TICKET, url: 'https://shop.example.com/' });
    expect(config.nonceStr).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(config.timestamp).toBeGreaterThanOrEqual(before);
    expect(config.timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(config.jsApiList).toEqual([]);
    expect(config.signature).toBe(
      signJsSdk({
        ticket: TICKET,
        nonceStr: config.nonceStr,
        timestamp: config.timestamp,
        url: 'https://shop.example.com/',
      }),
    );
    expect(buildJsSdkConfig({ appId: 'wx', ticket: TICKET, url: 'u' }).nonceStr).not.toBe(config.nonceStr);
  });
});
