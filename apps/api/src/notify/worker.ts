/**
 * The outbox worker: claims due rows with a lease (one statement), sends each through the WeChat client
 * with client_msg_id = the row's dedupe key, and writes the results back in short batched transactions.
 * No database transaction is ever open while a request to WeChat is in flight
 * (docs/architecture.md#no-network-in-transaction).
 *
 * Up to `concurrency` sends run at once, so a WeChat answering in 20 ms still allows well over 1,000
 * messages a second. Several workers (processes or instances on PostgreSQL) share the table safely: a row
 * is claimed by one of them (SKIP LOCKED / a single SQLite UPDATE), and a worker that dies leaves its rows
 * leased until the lease ends, after which another sends them again with the same client_msg_id.
 */
import { TemplatePayloadSchema } from '@weshop/core';
import { claimOutbox, completeOutbox, recordUnsubscribe } from '@weshop/db';
import type { ClaimedOutbox, DB, OutboxResult } from '@weshop/db';
import type { FailpointName, OutboxConfig } from '../config.ts';
import { createLogger } from '../log.ts';
import type { Logger } from '../log.ts';
import type { WeChatClient } from '../wechat/deps.ts';
import { DEFAULT_BACKOFF, decideAfterError } from './policy.ts';
import type { BackoffPolicy } from './policy.ts';

/** How long finished sends wait to be recorded together (a crash in between only means a re-send). */
const FLUSH_DELAY_MS = 25;

export interface OutboxWorkerDeps {
  db: DB;
  wechat: { client: Pick<WeChatClient, 'sendTemplate'> };
  /** Default: silent. */
  logger?: Logger;
  now: () => Date;
  config: { outbox: OutboxConfig };
}

export interface OutboxWorkerOptions {
  concurrency: number;
  leaseMs: number;
  /** How often an idle worker looks for due rows (a wake() call looks at once). */
  pollMs: number;
  backoff: BackoffPolicy;
  random: () => number;
  failpoint: OutboxConfig['failpoint'];
  /** What a failpoint does; default SIGKILL of this process. */
  kill: () => void;
}

export interface OutboxWorker {
  /** Runs the loop in the background until stop(). */
  start(): void;
  /** Stops claiming, waits for the sends in flight and writes their results. */
  stop(): Promise<void>;
  /** One claim of up to `concurrency` rows, all sent and marked; returns how many were claimed. */
  runOnce(): Promise<number>;
  /** Looks for due rows now (e.g. right after a commit queued one). */
  wake(): void;
  /** While a WeChat quota holds template sends back: the instant they resume, else null. */
  pausedUntil(): Date | null;
}

/**
 * A wake-up that waiters can also give up on after a timeout, without leaving timers behind. A notify()
 * with nobody waiting is remembered, so the next wait returns at once (no lost wake-ups).
 */
function createSignal() {
  let waiters: (() => void)[] = [];
  let missed = false;
  return {
    notify() {
      if (waiters.length === 0) missed = true;
      const current = waiters;
      waiters = [];
      for (const resolve of current) resolve();
    },
    wait(ms: number): Promise<void> {
      if (missed) {
        missed = false;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiters = waiters.filter((waiter) => waiter !== done);
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, ms));
        waiters.push(done);
      });
    },
  };
}

export function createOutboxWorker(
  deps: OutboxWorkerDeps,
  overrides: Partial<OutboxWorkerOptions> = {},
): OutboxWorker {
  const { db, now } = deps;
  const logger = deps.logger ?? createLogger('silent');
  const client = deps.wechat.client;
  const options: OutboxWorkerOptions = {
    concurrency: deps.config.outbox.concurrency,
    leaseMs: deps.config.outbox.leaseMs,
    pollMs: 1000,
    backoff: DEFAULT_BACKOFF,
    random: Math.random,
    failpoint: deps.config.outbox.failpoint,
    kill: () => process.kill(process.pid, 'SIGKILL'),
    ...overrides,
  };
  const log = logger.child({ component: 'outbox' });
  const signal = createSignal();
  const inFlight = new Set<Promise<void>>();
  let results: OutboxResult[] = [];
  let flushing: Promise<void> | null = null;
  let flushTimer: NodeJS.Timeout | null = null;
  let running = false;
  let loopDone: Promise<void> | null = null;
  let pausedUntilMs = 0;
  const hits = new Map<FailpointName, number>();

  function failpoint(name: FailpointName): void {
    const point = options.failpoint;
    if (!point || point.name !== name) return;
    const count = (hits.get(name) ?? 0) + 1;
    hits.set(name, count);
    if (count === point.hit) options.kill();
  }

  /** Writes the collected results, one transaction per batch, one batch at a time. */
  function flush(): Promise<void> {
    if (flushing) return flushing;
    flushing = (async () => {
      while (results.length > 0) {
        const batch = results;
        results = [];
        try {
          await completeOutbox(db, batch, {
            now: now().toISOString(),
            beforeCommit: () => failpoint('after_mark'),
          });
        } catch (error) {
          // The rows stay leased; when the lease ends they are sent again with the same client_msg_id.
          log.error({ err: error, rows: batch.length }, 'could not record outbox results');
        }
      }
    })().finally(() => {
      flushing = null;
    });
    return flushing;
  }

  async function flushNow(): Promise<void> {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    await flushing;
    await flush();
  }

  /** Results wait a few milliseconds so that one transaction records many of them. */
  function scheduleFlush(): void {
    if (flushTimer) return;
    flushTimer = setTimeout(() => {
      flushTimer = null;
      void flush();
    }, FLUSH_DELAY_MS);
  }

  async function attempt(claim: ClaimedOutbox): Promise<OutboxResult> {
    const started = performance.now();
    const elapsed = () => performance.now() - started;
    const payload = TemplatePayloadSchema.safeParse(claim.payload);
    if (claim.kind !== 'template' || !claim.openid || !payload.success) {
      const error = payload.success ? `cannot send a ${claim.kind} message here` : 'invalid template payload';
      return { claim, outcome: 'failed', error, durationMs: elapsed() };
    }
    failpoint('before_send');
    try {
      const { msgId } = await client.sendTemplate({
        toUser: claim.openid,
        templateId: payload.data.templateId,
        ...(payload.data.url ? { url: payload.data.url } : {}),
        data: payload.data.data,
        clientMsgId: claim.dedupeKey,
      });
      failpoint('after_send');
      return { claim, outcome: 'sent', wechatMsgId: msgId, durationMs: elapsed() };
    } catch (error) {
      const at = now().getTime();
      const decision = decideAfterError(error, claim.attempt, at, options.backoff, options.random);
      const durationMs = elapsed();
      const context = {
        id: claim.id,
        key: claim.dedupeKey,
        attempt: claim.attempt,
        errcode: decision.errcode,
      };
      if (decision.outcome === 'paused') {
        if (decision.resumeAtMs > pausedUntilMs) {
          pausedUntilMs = decision.resumeAtMs;
          log.warn(
            { ...context, until: new Date(pausedUntilMs).toISOString() },
            'WeChat quota reached, pausing',
          );
        }
        const nextAttemptAt = new Date(decision.resumeAtMs).toISOString();
        return {
          claim,
          outcome: 'paused',
          errcode: decision.errcode,
          error: decision.error,
          durationMs,
          nextAttemptAt,
        };
      }
      if (decision.outcome === 'failed') {
        log.warn({ ...context, err: error }, 'notification failed');
        if (decision.unsubscribed) await markUnsubscribed(claim.openid);
        return { claim, outcome: 'failed', errcode: decision.errcode, error: decision.error, durationMs };
      }
      if (decision.tokenRejected) {
        // The client already refreshed once: a wrong AppSecret, or someone else refreshing the token.
        log.error({ ...context }, 'access_token rejected again after a refresh');
      } else {
        log.info({ ...context, err: error }, 'notification will be retried');
      }
      const nextAttemptAt = new Date(decision.retryAtMs).toISOString();
      return {
        claim,
        outcome: 'retry',
        errcode: decision.errcode,
        error: decision.error,
        durationMs,
        nextAttemptAt,
      };
    }
  }

  async function markUnsubscribed(openid: string): Promise<void> {
    try {
      await recordUnsubscribe(db, openid, now().toISOString());
    } catch (error) {
      log.error({ err: error }, 'could not mark the fan unsubscribed');
    }
  }

  function launch(claim: ClaimedOutbox): void {
    const task = attempt(claim)
      .then((result) => {
        results.push(result);
        scheduleFlush();
      })
      .catch((error: unknown) => log.error({ err: error, id: claim.id }, 'outbox send crashed'))
      .finally(() => {
        inFlight.delete(task);
        signal.notify();
      });
    inFlight.add(task);
  }

  async function claim(limit: number): Promise<ClaimedOutbox[]> {
    try {
      return await claimOutbox(db, { limit, leaseMs: options.leaseMs, now: now().toISOString() });
    } catch (error) {
      log.error({ err: error }, 'could not claim outbox rows');
      return [];
    }
  }

  async function loop(): Promise<void> {
    // Claim again once half the slots are free: fewer, larger claims under load.
    const refill = Math.max(1, Math.floor(options.concurrency / 2));
    while (running) {
      const pauseLeft = pausedUntilMs - now().getTime();
      if (pauseLeft > 0) {
        await signal.wait(Math.min(pauseLeft, options.pollMs * 60));
        continue;
      }
      const free = options.concurrency - inFlight.size;
      if (free < refill) {
        await signal.wait(options.pollMs);
        continue;
      }
      const claims = await claim(free);
      for (const row of claims) launch(row);
      if (claims.length === free) continue; // there may be more due rows
      // Nothing more is due: wait for a wake(), a finished send (it may have queued a retry) or the poll.
      if (running) await signal.wait(options.pollMs);
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loopDone = loop().catch((error: unknown) => log.error({ err: error }, 'outbox worker stopped'));
    },
    async stop() {
      running = false;
      signal.notify();
      await loopDone;
      loopDone = null;
      while (inFlight.size > 0) await Promise.all([...inFlight]);
      await flushNow();
    },
    async runOnce() {
      if (pausedUntilMs > now().getTime()) return 0;
      const claims = await claim(options.concurrency);
      for (const row of claims) launch(row);
      while (inFlight.size > 0) await Promise.all([...inFlight]);
      await flushNow();
      return claims.length;
    },
    wake: () => signal.notify(),
    pausedUntil: () => (pausedUntilMs > now().getTime() ? new Date(pausedUntilMs) : null),
  };
}
