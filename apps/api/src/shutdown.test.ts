import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createLogger } from './log.ts';
import { onShutdownSignals } from './shutdown.ts';
import type { ShutdownStep } from './shutdown.ts';

const logger = createLogger('silent');

/** A shutdown wired to a stand-in process; resolves with the exit code and the log of steps. */
function start(steps: (log: string[]) => ShutdownStep[], timeoutMs = 1000) {
  const log: string[] = [];
  const target = new EventEmitter();
  let exited!: (code: number) => void;
  const exit = new Promise<number>((resolve) => (exited = resolve));
  onShutdownSignals(
    {
      logger,
      message: 'stopping',
      steps: steps(log),
      timeoutMs,
      exit: (code) => {
        log.push(`exit ${code}`);
        exited(code);
      },
    },
    target as unknown as Pick<NodeJS.Process, 'on'>,
  );
  return { log, exit, signal: (name: string) => target.emit(name) };
}

const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('onShutdownSignals', () => {
  it('runs the steps in order, each after the previous one finished, then exits 0', async () => {
    const { log, exit, signal } = start((log) => [
      async () => {
        await after(10);
        log.push('server closed');
      },
      () => log.push('jobs stopped'),
      async () => {
        await after(1);
        log.push('logs flushed');
      },
      () => log.push('database closed'),
    ]);
    signal('SIGTERM');
    expect(await exit).toBe(0);
    expect(log).toEqual(['server closed', 'jobs stopped', 'logs flushed', 'database closed', 'exit 0']);
  });

  it('runs once when a second signal arrives', async () => {
    let runs = 0;
    const { log, exit, signal } = start(() => [
      async () => {
        runs++;
        await after(5);
      },
    ]);
    signal('SIGINT');
    signal('SIGTERM');
    signal('SIGINT');
    await exit;
    await after(10);
    expect(runs).toBe(1);
    expect(log).toEqual(['exit 0']);
  });

  it('skips the remaining steps after a failed one and still exits 0', async () => {
    const { log, exit, signal } = start((log) => [
      () => Promise.reject(new Error('jobs would not stop')),
      () => log.push('database closed'),
    ]);
    signal('SIGINT');
    expect(await exit).toBe(0);
    expect(log).toEqual(['exit 0']);
  });

  it('exits 0 after the timeout when a step hangs', async () => {
    const { log, exit, signal } = start(() => [() => new Promise(() => {})], 20);
    const started = performance.now();
    signal('SIGTERM');
    expect(await exit).toBe(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
    expect(log).toEqual(['exit 0']);
  });

  it('does nothing before a signal', async () => {
    const { log } = start((log) => [() => log.push('ran')], 5);
    await after(20);
    expect(log).toEqual([]);
  });
});
