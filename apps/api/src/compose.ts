/**
 * Builds the app's dependencies from config and an open database: the one place main.ts and the
 * tests share, so both run the same wiring.
 */
import { createDbTokenStore, inRelaxedTransaction, logSearches } from '@weshop/db';
import type { Database } from '@weshop/db';
import type { Config } from './config.ts';
import { createOutboxBell } from './deps.ts';
import type { AppDeps } from './deps.ts';
import type { Logger } from './log.ts';
import { createAnswerCache } from './services/answer-cache.ts';
import type { LoggedSearch } from './services/catalog.ts';
import { createWriteBehind } from './services/write-behind.ts';
import { createWeChatDeps } from './wechat/deps.ts';
import type { WeChatDeps } from './wechat/deps.ts';
import { createInboundLog } from './wechat/inbound-log.ts';

export interface ComposeOptions {
  config: Config;
  database: Pick<Database, 'db' | 'dialect'>;
  logger: Logger;
  now: () => Date;
  /** Replace parts of the WeChat wiring (tests stub the API client). */
  wechat?: (deps: WeChatDeps) => WeChatDeps;
}

export function composeDeps(options: ComposeOptions): AppDeps {
  const { config, database, logger, now } = options;
  const db = database.db;
  const wechat = createWeChatDeps(
    config.wechat,
    createDbTokenStore(db, () => now().getTime()),
  );
  return {
    config,
    db,
    dialect: database.dialect,
    logger,
    now,
    wechat: options.wechat ? options.wechat(wechat) : wechat,
    inboundLog: createInboundLog(db, logger),
    // Written behind the answers like the message log: a relaxed commit every 50 ms (inbound-log.ts).
    searchLog: createWriteBehind<LoggedSearch>(
      (batch) => inRelaxedTransaction(db, (trx) => logSearches(trx, batch)),
      { logger, name: 'search log', flushMs: 50 },
    ),
    answerCache: createAnswerCache(),
    outboxBell: createOutboxBell(),
  };
}

/** Writes what the batched logs still hold (before closing the database). */
export async function flushDeps(deps: AppDeps): Promise<void> {
  await Promise.all([deps.inboundLog.flush(), deps.searchLog.flush()]);
}
