/**
 * The standalone simulator: `node apps/wechat-sim/src/main.ts`.
 */
import { serve } from '@hono/node-server';
import { SimConfigError, loadSimConfig } from './config.ts';
import { createWeChatSim } from './sim.ts';

let config;
try {
  config = loadSimConfig();
} catch (error) {
  console.error(error instanceof SimConfigError ? error.message : error);
  process.exit(1);
}

const sim = createWeChatSim({
  appId: config.appId,
  secret: config.secret,
  token: config.token,
  aesKey: config.aesKey,
  encryptMode: config.encryptMode,
  ghId: config.ghId,
  accountName: config.accountName,
  templates: config.templates,
  jobFinishEvents: config.jobFinishEvents,
  templateDailyQuota: config.templateDailyQuota,
  webhookUrl: config.webhookUrl,
});

const server = serve({ fetch: sim.app.fetch, hostname: config.host, port: config.port }, (info) => {
  const host = info.address === '0.0.0.0' || info.address === '::' ? 'localhost' : info.address;
  const lines = [
    `WeChat simulator  http://${host}:${info.port}/`,
    `  webhook         ${config.webhookUrl} (${sim.state.options.encryptMode} mode)`,
    `  appid           ${config.appId}`,
    `  API base        http://${host}:${info.port} (set WECHAT_API_BASE and WECHAT_OAUTH_BASE to this)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
});

function shutdown(): void {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
