/**
 * `npm run worker`: the outbox worker alone, for a deployment that sends notifications from a process of
 * its own (set OUTBOX_WORKER=off on the API instances). Several may run on PostgreSQL; on SQLite run one
 * process in all (docs/operations.md#sqlite-one-process), which is what OUTBOX_WORKER=inline, the default,
 * already does.
 */
import { openDatabase } from '@weshop/db';
import { backgroundErrorLogger, exitOnBootError } from './boot.ts';
import { composeDeps, flushDeps } from './compose.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './log.ts';
import { createNotifyClient } from './notify/client.ts';
import { createOutboxWorker } from './notify/worker.ts';
import { onShutdownSignals } from './shutdown.ts';

// Config and the (migrated) database only: no staff bootstrap and no demo seed, which are the API's.
const { config, database, logger } = await (async () => {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const onBackgroundError = backgroundErrorLogger(logger);
  return { config, logger, database: await openDatabase(config.database, { onBackgroundError }) };
})().catch(exitOnBootError);
const deps = composeDeps({ config, database, logger, now: () => new Date() });
const worker = createOutboxWorker({
  ...deps,
  wechat: { client: createNotifyClient(config.wechat, deps.db, deps.now) },
});
// The signal handlers go in before the banner: whoever waits for the banner (a supervisor, the crash
// tests) may stop the worker the moment it reads it, and a SIGTERM before them would kill it outright.
onShutdownSignals({
  logger,
  message: 'outbox worker stopping',
  steps: [() => worker.stop(), () => flushDeps(deps), () => database.close()],
  timeoutMs: 10_000,
});
worker.start();
logger.info({ concurrency: config.outbox.concurrency }, 'outbox worker started');
const where = config.database.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
process.stdout.write(`weshop outbox worker is running on ${where}\n`);
