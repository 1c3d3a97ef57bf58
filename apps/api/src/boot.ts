/**
 * Start-up steps shared by the server (main.ts), the seed command and the tests: configuration,
 * database, the first admin and the demo catalog.
 */
import { DatabaseConfigError, openDatabase } from '@weshop/db';
import type { Database } from '@weshop/db';
import { seedDemo } from '@weshop/db/seed';
import { ensureBootstrapAdmin } from './auth/admin-auth.ts';
import { ConfigError, loadConfig } from './config.ts';
import type { Config, Env } from './config.ts';
import { createLogger } from './log.ts';
import type { Logger } from './log.ts';

export interface Booted {
  config: Config;
  logger: Logger;
  database: Database;
  /** What happened to the demo catalog at this boot. */
  seeded: boolean;
}

export async function boot(env: Env = process.env): Promise<Booted> {
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config.database, { onBackgroundError: backgroundErrorLogger(logger) });
  try {
    await ensureBootstrapAdmin(database.db, config);
    const seeded = config.demoSeed
      ? (await seedDemo(database.db, { uploadDir: config.uploadDir })).seeded
      : false;
    return { config, logger, database, seeded };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Logs a failed background part of the database; its fallback has taken over, so it is a warning. */
export function backgroundErrorLogger(logger: Logger): (error: unknown) => void {
  return (error) =>
    logger.warn(
      { err: error },
      'database: a background worker failed; SQLite checkpoints on the main thread again',
    );
}

/** Prints a start-up failure without a stack trace when it is a configuration problem, then exits 1. */
export function exitOnBootError(error: unknown): never {
  if (error instanceof ConfigError || error instanceof DatabaseConfigError) {
    console.error(`weshop cannot start.\n${error.message}`);
  } else {
    console.error('weshop cannot start:', error);
  }
  process.exit(1);
}
