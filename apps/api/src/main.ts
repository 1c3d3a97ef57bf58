/**
 * The only file that listens: config → database (migrated) → first admin → demo seed → app → serve.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { warmSearchIndex } from '@weshop/db';
import { createApp } from './app.ts';
import { startBackgroundJobs } from './background.ts';
import { boot, exitOnBootError } from './boot.ts';
import { composeDeps, flushDeps } from './compose.ts';
import { DEMO_ADMIN } from './config.ts';
import { onShutdownSignals } from './shutdown.ts';
import { publishMenu } from './wechat/handlers/menu.ts';
import { createRequestListener } from './wechat/gateway/node-webhook.ts';

const booted = await boot().catch(exitOnBootError);
const { config, database, logger } = booted;
const deps = composeDeps({ config, database, logger, now: () => new Date() });
const app = createApp(deps);
const jobs = startBackgroundJobs(deps);

// Build the in-process search index now rather than on the first search (seconds at a million
// products, bench/results/2026-11-22-search-2.txt; the SQL index answers until it is ready).
void warmSearchIndex(database.db)
  .then((stats) => stats && logger.info(stats, 'search index ready'))
  .catch((error: unknown) => logger.warn({ err: error }, 'search index warm-up failed'));

// With the local simulator, give the demo account its menu (a real account's menu is published by staff).
if (config.wechat.mode === 'simulator') {
  const publish = async (attempt: number): Promise<void> => {
    try {
      await publishMenu(deps);
    } catch (error) {
      if (attempt < 5) setTimeout(() => void publish(attempt + 1), 1000).unref();
      else logger.warn({ err: error }, 'could not publish the menu to the simulator');
    }
  };
  void publish(1);
}

// Slow clients (slowloris) must not hold sockets open forever.
const serverOptions = { headersTimeout: 10_000, requestTimeout: 30_000 };
const server = createServer(serverOptions, createRequestListener(deps, app.fetch));
server.listen(config.port, config.host, () => {
  const info = server.address() as AddressInfo;
  const base = config.publicUrl;
  const lines = [
    '',
    `weshop is running on ${config.database.dialect === 'sqlite' ? `SQLite (${config.database.filename})` : 'PostgreSQL'}`,
    `  listening     http://${info.address === '0.0.0.0' || info.address === '::' ? 'localhost' : info.address}:${info.port}`,
    `  API docs      ${base}/api/docs`,
    `  shop API      ${base}/api/shop/products`,
    `  health        ${base}/healthz`,
    '  The H5 shop and the admin console are not built yet: this serves the API only.',
  ];
  if (config.wechat.mode === 'simulator') {
    lines.push(`  WeChat chat   ${config.wechat.oauthBase}/  (the local simulator: play a fan)`);
  }
  if (booted.seeded) lines.push('  Seeded the demo catalog into the empty database.');
  if (config.env !== 'production' && config.bootstrapAdmin?.username === DEMO_ADMIN.username) {
    lines.push(
      `  Staff login   ${DEMO_ADMIN.username} / ${DEMO_ADMIN.password} (demo account; set ADMIN_USERNAME / ADMIN_PASSWORD)`,
    );
  }
  console.log(lines.join('\n') + '\n');
});

server.on('error', (error: NodeJS.ErrnoException) => {
  const reason =
    error.code === 'EADDRINUSE'
      ? `PORT: ${config.port} is already in use (set PORT to a free port)`
      : error.code === 'EACCES'
        ? `PORT: not allowed to listen on ${config.port} (use a port above 1024)`
        : `cannot listen on ${config.host}:${config.port}: ${error.message}`;
  console.error(`weshop cannot start.\n${reason}`);
  process.exit(1);
});

onShutdownSignals({
  logger,
  message: 'shutting down',
  steps: [
    () => new Promise<void>((resolve) => server.close(() => resolve())),
    () => jobs.stop(),
    () => flushDeps(deps),
    () => database.close(),
  ],
  timeoutMs: 5000,
});
