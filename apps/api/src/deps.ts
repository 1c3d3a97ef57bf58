import type { DB, DialectName } from '@weshop/db';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import type { WeChatDeps } from './wechat/deps.ts';
import type { InboundLog } from './wechat/inbound-log.ts';
import type { AnswerCache } from './services/answer-cache.ts';
import type { LoggedSearch } from './services/catalog.ts';
import type { WriteBehind } from './services/write-behind.ts';
import type { CachedAnswer } from './wechat/answer-text.ts';

/** What createApp needs; main.ts builds it, tests build it with a test database. */
export interface AppDeps {
  config: Config;
  db: DB;
  dialect: DialectName;
  logger: Logger;
  wechat: WeChatDeps;
  /** The batched log of answered messages (webhook de-duplication). */
  inboundLog: InboundLog;
  /** Searches, logged in batches for the admin's top and zero-result lists. */
  searchLog: WriteBehind<LoggedSearch>;
  /** Hot chat answers; cleared by every staff change. */
  answerCache: AnswerCache<CachedAnswer>;
  /** The clock; tests replace it. */
  now: () => Date;
}
