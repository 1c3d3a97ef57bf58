/**
 * Builds the app's dependencies from config and an open database: the one place main.ts and the
 * tests share, so both run the same wiring.
 */
import { createDbTokenStore, logSearches, saveSignedBodies } from '@weshop/db';
import type { Database, SignedBody } from '@weshop/db';
import type { Config } from './config.ts';
import { createOutboxBell } from './deps.ts';
import type { AppDeps } from './deps.ts';
import type { Logger } from './log.ts';
import { createAnswerCache } from './infra/answer-cache.ts';
import type { LoggedSearch } from './services/catalog.ts';
import { createWeChatDeps } from './wechat/deps.ts';
import type { WeChatDeps } from './wechat/deps.ts';
import { createInboundLog, createLogGroup } from './wechat/gateway/inbound-log.ts';
import { createReplayGuard } from './wechat/gateway/replay-guard.ts';

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
  // The message log, the search log and the webhook's stamps are written behind the answers, in one
  // relaxed commit every 50 ms (inbound-log.ts): a chat search adds a row to each.
  const logs = createLogGroup(db, logger);
  const stamps = logs.log<SignedBody>({ name: 'webhook stamps', write: saveSignedBodies });
  return {
    config,
    db,
    dialect: database.dialect,
    logger,
    now,
    wechat: options.wechat ? options.wechat(wechat) : wechat,
    inboundLog: createInboundLog(db, logger, { group: logs }),
    replayGuard: createReplayGuard(db, stamps, () => now().getTime()),
    searchLog: logs.log<LoggedSearch>({ name: 'search log', write: logSearches }),
    answerCache: createAnswerCache(),
    outboxBell: createOutboxBell(),
  };
}

/** Writes what the batched logs still hold (before closing the database). */
export async function flushDeps(deps: AppDeps): Promise<void> {
  await Promise.all([deps.inboundLog.flush(), deps.searchLog.flush()]);
}
