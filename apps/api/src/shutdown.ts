/**
 * The one way a process of ours stops (the server, main.ts, and the outbox worker, worker.ts): on
 * SIGINT or SIGTERM, run the closing steps one after another (stop taking work, finish what is in
 * flight, write the batched logs, close the database), then exit 0. A second signal changes nothing;
 * steps that take longer than `timeoutMs` are cut short by the exit.
 */
import type { Logger } from './log.ts';

export type ShutdownStep = () => unknown;

export interface ShutdownOptions {
  logger: Pick<Logger, 'info' | 'error'>;
  /** Logged once, with the signal, when the shutdown starts. */
  message: string;
  /** Run in this order, each after the previous one has finished; a failure skips the rest. */
  steps: readonly ShutdownStep[];
  /** The process exits after this long even if a step has not finished. */
  timeoutMs: number;
  /** Default process.exit (tests pass their own). */
  exit?: (code: number) => void;
}

/** The shutdown, run at most once whatever calls it and however often. */
export function createShutdown(options: ShutdownOptions): (signal: string) => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  return (signal) => {
    if (stopping) return;
    stopping = true;
    options.logger.info({ signal }, options.message);
    setTimeout(() => exit(0), options.timeoutMs).unref();
    void runSteps(options.steps).then(
      () => exit(0),
      (error: unknown) => {
        options.logger.error({ err: error }, 'shutdown step failed');
        exit(0);
      },
    );
  };
}

async function runSteps(steps: readonly ShutdownStep[]): Promise<void> {
  for (const step of steps) await step();
}

export const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Runs the shutdown on SIGINT and SIGTERM. */
export function onShutdownSignals(
  options: ShutdownOptions,
  target: Pick<NodeJS.Process, 'on'> = process,
): (signal: string) => void {
  const shutdown = createShutdown(options);
  for (const signal of SHUTDOWN_SIGNALS) target.on(signal, () => shutdown(signal));
  return shutdown;
}
