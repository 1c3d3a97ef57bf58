import { SIMULATOR_TEMPLATES } from '@weshop/wechat';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig({ NODE_ENV: 'test', ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('outbox configuration', () => {
  it('runs the worker in process with 128 sends in flight and a 60 s lease by default', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).outbox).toEqual({
      worker: 'inline',
      concurrency: 128,
      leaseMs: 60_000,
      failpoint: null,
    });
  });

  it('reads OUTBOX_WORKER, OUTBOX_CONCURRENCY, OUTBOX_LEASE_SECONDS and FAILPOINT', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      OUTBOX_WORKER: 'off',
      OUTBOX_CONCURRENCY: '8',
      OUTBOX_LEASE_SECONDS: '2',
      FAILPOINT: 'after_send:37',
    });
    expect(config.outbox).toEqual({
      worker: 'off',
      concurrency: 8,
      leaseMs: 2000,
      failpoint: { name: 'after_send', hit: 37 },
    });
    expect(loadConfig({ NODE_ENV: 'test', FAILPOINT: 'before_send' }).outbox.failpoint).toEqual({
      name: 'before_send',
      hit: 1,
    });
  });

  it('names each bad variable', () => {
    const found = problems({
      OUTBOX_WORKER: 'both',
      OUTBOX_CONCURRENCY: '0',
      OUTBOX_LEASE_SECONDS: '1e3',
      FAILPOINT: 'somewhere',
    }).join('\n');
    for (const name of ['OUTBOX_WORKER', 'OUTBOX_CONCURRENCY', 'OUTBOX_LEASE_SECONDS', 'FAILPOINT']) {
      expect(found).toContain(name);
    }
  });

  it('refuses a failpoint in production', () => {
    const found = problems({
      NODE_ENV: 'production',
      FAILPOINT: 'after_send',
      SESSION_SECRET: '3f9c1e7a5b2d48c6a0e1f7b39d5c2a84e6b0f1c3d7a9e2b4c6f8a0d1e3b5c7f9',
      WECHAT_MESSAGE_MODE: 'plain',
      PUBLIC_URL: 'https://shop.example.com',
      WECHAT_APPID: 'wx1',
      WECHAT_SECRET: 's',
      WECHAT_TOKEN: 't',
    });
    expect(found).toEqual(['FAILPOINT: is for crash tests, never in production']);
  });

  it('uses the simulator template ids when talking to the simulator, and none for a real account', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).wechat).toMatchObject({
      templateShipped: SIMULATOR_TEMPLATES.shipped.id,
      templateBalance: SIMULATOR_TEMPLATES.balance.id,
    });
    const real = loadConfig({ NODE_ENV: 'test', WECHAT_APPID: 'wx1', WECHAT_SECRET: 's', WECHAT_TOKEN: 't' });
    expect(real.wechat).toMatchObject({ templateShipped: undefined, templateBalance: undefined });
  });
});
