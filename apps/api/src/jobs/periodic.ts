import type { Logger } from '../log.ts';

/** A job that runs a pass now and then every `intervalMs` after the previous pass ends. */
export interface PeriodicJob<Result> {
  start(): void;
  /** One pass, now; resolves with what it did. */
  runOnce(): Promise<Result>;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

/**
 * The timer of the API's background jobs: passes never overlap (the next is scheduled when one
 * ends), a failed pass is logged and the next one tried, and the timer does not keep the process
 * alive.
 */
export function createPeriodicJob<Result>(options: {
  name: string;
  intervalMs: number;
  logger: Logger;
  runOnce: () => Promise<Result>;
}): PeriodicJob<Result> {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();

  function tick() {
    running = options
      .runOnce()
      .catch((error: unknown) => options.logger.error({ err: error }, `${options.name} failed`))
      .finally(() => {
        if (timer) timer = setTimeout(tick, options.intervalMs).unref();
      });
  }

  return {
    start() {
      if (timer) return;
      timer = setTimeout(tick, 0).unref();
    },
    runOnce: options.runOnce,
    async stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
