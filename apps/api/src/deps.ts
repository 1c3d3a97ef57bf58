import type { DB, DialectName } from '@weshop/db';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import type { WeChatDeps } from './wechat/deps.ts';
import type { InboundLog } from './wechat/gateway/inbound-log.ts';
import type { ReplayGuard } from './wechat/gateway/replay-guard.ts';
import type { AnswerCache } from './infra/answer-cache.ts';
import type { LoggedSearch } from './services/catalog.ts';
import type { WriteBehind } from './infra/write-behind.ts';
import type { CachedAnswer } from './wechat/handlers/answer-text.ts';

/** What createApp needs; main.ts builds it, tests build it with a test database. */
export interface AppDeps {
  config: Config;
  db: DB;
  dialect: DialectName;
  logger: Logger;
  wechat: WeChatDeps;
  /** The batched log of answered messages (webhook de-duplication). */
  inboundLog: InboundLog;
  /** A signed (timestamp, nonce) goes with one body only (webhook replays). */
  replayGuard: ReplayGuard;
  /** Searches, logged in batches for the admin's top and zero-result lists. */
  searchLog: WriteBehind<LoggedSearch>;
  /** Hot chat answers; cleared by every staff change. */
  answerCache: AnswerCache<CachedAnswer>;
  /** The clock; tests replace it. */
  now: () => Date;
  /** Rings after a commit queued notifications, so the in-process outbox worker sends them at once. */
  outboxBell: OutboxBell;
}

export interface OutboxBell {
  ring(): void;
  /** Called on every ring (the background jobs subscribe the worker's wake()). */
  listen(listener: () => void): void;
}

export function createOutboxBell(): OutboxBell {
  const listeners: (() => void)[] = [];
  return {
    ring: () => {
      for (const listener of listeners) listener();
    },
    listen: (listener) => {
      listeners.push(listener);
    },
  };
}
