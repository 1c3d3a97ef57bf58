import { SUCCESS_REPLY } from '@weshop/wechat';
import type { AppDeps } from '../../deps.ts';

/** WeChat gives up after 5 s; we answer `success` well before that. */
export const REPLY_DEADLINE_MS = 4500;

/**
 * Resolves with `fallback` (by default `success`) if the work is not done in `ms` (the work still
 * finishes and is remembered), or if it fails. One timer per deadline length serves every message in
 * flight: the deadlines of one length expire in the order they were set, so a sweep every tenth of
 * the length settles the expired ones from the front (late by at most that tenth: 4.95 s for 4.5 s,
 * inside WeChat's 5 s). A timer, its cancellation and a Promise.race per message cost more.
 */
export function withDeadline<T = string>(
  deps: Pick<AppDeps, 'logger'>,
  work: Promise<T>,
  ms: number,
  fallback: T = SUCCESS_REPLY as T,
): Promise<T> {
  return new Promise<T>((resolve) => {
    const waiting = deadlineQueue(ms).add((reply) => resolve(reply === EXPIRED ? fallback : (reply as T)));
    work.then(
      (reply) => waiting.settle(reply),
      (error: unknown) => {
        deps.logger.error({ err: error }, `wechat: handler failed; answered ${describe(fallback)}`);
        waiting.settle(EXPIRED);
      },
    );
  });
}

/** What a waiting message is settled with when its deadline passes (or its work fails). */
const EXPIRED = Symbol('expired');

const describe = (fallback: unknown) =>
  typeof fallback === 'string' ? fallback : `status ${(fallback as { status?: number }).status}`;

interface Waiting {
  due: number;
  settled: boolean;
  settle(reply: unknown): void;
}

const deadlineQueues = new Map<number, ReturnType<typeof createDeadlineQueue>>();

function deadlineQueue(ms: number) {
  let queue = deadlineQueues.get(ms);
  if (!queue) deadlineQueues.set(ms, (queue = createDeadlineQueue(ms)));
  return queue;
}

function createDeadlineQueue(ms: number) {
  const tickMs = Math.min(250, Math.max(5, Math.floor(ms / 10)));
  let items: Waiting[] = [];
  let head = 0;
  let timer: NodeJS.Timeout | undefined;

  function sweep(): void {
    const now = performance.now();
    while (head < items.length) {
      const waiting = items[head]!;
      if (!waiting.settled && waiting.due > now) break;
      waiting.settle(EXPIRED);
      head++;
    }
    if (head === items.length) {
      items = [];
      head = 0;
      clearInterval(timer);
      timer = undefined;
    } else if (head > 1024 && head * 2 > items.length) {
      items = items.slice(head);
      head = 0;
    }
  }

  return {
    add(resolve: (reply: unknown) => void): Waiting {
      const waiting: Waiting = {
        due: performance.now() + ms,
        settled: false,
        settle(reply) {
          if (waiting.settled) return;
          waiting.settled = true;
          resolve(reply);
        },
      };
      items.push(waiting);
      timer ??= setInterval(sweep, tickMs);
      return waiting;
    },
  };
}
