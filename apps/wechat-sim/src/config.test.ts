import { SIMULATOR_CREDENTIALS } from '@weshop/wechat';
import { describe, expect, it } from 'vitest';
import { SimConfigError, loadSimConfig } from './config.ts';

describe('loadSimConfig', () => {
  it('uses the shared simulator credentials (safe mode) when none are given', () => {
    const config = loadSimConfig({});
    expect(config).toMatchObject({
      port: 3001,
      appId: SIMULATOR_CREDENTIALS.appId,
      secret: SIMULATOR_CREDENTIALS.secret,
      token: SIMULATOR_CREDENTIALS.token,
      aesKey: SIMULATOR_CREDENTIALS.aesKey,
      webhookUrl: 'http://localhost:3000/wechat',
    });
  });

  it('uses given credentials, plain mode without an AES key', () => {
    const config = loadSimConfig({
      SIM_PORT: '4001',
      WECHAT_APPID: 'wx1',
      WECHAT_SECRET: 's',
      WECHAT_TOKEN: 't',
      SIM_WEBHOOK_URL: 'http://127.0.0.1:3999/wechat',
    });
    expect(config).toMatchObject({
      port: 4001,
      appId: 'wx1',
      aesKey: undefined,
      webhookUrl: 'http://127.0.0.1:3999/wechat',
    });
  });

  it('reads template titles and labels', () => {
    const config = loadSimConfig({
      WECHAT_TEMPLATE_BALANCE: 'TPL_B',
      SIM_TEMPLATES: '{"TPL_S":{"title":"订单发货通知","labels":{"character_string2":"订单编号"}}}',
    });
    expect(config.templates).toEqual({
      sim_tpl_order_shipped: expect.objectContaining({ title: '订单发货通知' }),
      sim_tpl_balance_changed: expect.objectContaining({ title: '余额变动通知' }),
      TPL_B: { title: '余额变动通知' },
      TPL_S: { title: '订单发货通知', labels: { character_string2: '订单编号' } },
    });
    expect(() => loadSimConfig({ SIM_TEMPLATES: '{not json' })).toThrow(/SIM_TEMPLATES/);
    expect(() => loadSimConfig({ SIM_TEMPLATES: '{"T":{"labels":{}}}' })).toThrow(/SIM_TEMPLATES/);
  });

  it('lists every problem at once', () => {
    try {
      loadSimConfig({ SIM_PORT: 'abc', WECHAT_AES_KEY: 'short', SIM_WEBHOOK_URL: 'ftp://x' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SimConfigError);
      const problems = (error as SimConfigError).problems.join('\n');
      expect(problems).toContain('SIM_PORT');
      expect(problems).toContain('WECHAT_AES_KEY');
      expect(problems).toContain('SIM_WEBHOOK_URL');
    }
  });

  it('wants the three credentials together', () => {
    expect(() => loadSimConfig({ WECHAT_APPID: 'wx1' })).toThrow(SimConfigError);
  });
});
