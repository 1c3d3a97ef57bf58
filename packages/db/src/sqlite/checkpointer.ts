/**
 * WAL checkpoints off the event loop. SQLite copies the WAL back into the database file every 1,000
 * pages by default, inside whichever commit crosses the mark, and with two syncs of the disk: that
 * commit then stops the whole process for milliseconds (measured on the webhook: the largest stall
 * of the event loop after garbage collection, bench/results/2026-12-05-webhook-5.txt). Here a worker
 * thread with its own connection runs a PASSIVE checkpoint every `everyMs` (checkpoint-worker.ts):
 * it never waits for a lock and never blocks the app's connection.
 *
 * The WAL starts again from its beginning only when a writer finds it wholly copied, which a
 * checkpoint running beside a steady stream of commits never achieves. So the app's connection
 * still checkpoints, past `fallbackPages`: under bursty load (the webhook's batched logs, a shop's
 * day) the worker copies everything between bursts, the WAL restarts and the app never checkpoints;
 * under sustained writes the app's checkpoint copies only the tail the worker has not (at most
 * `everyMs` of writes) at half SQLite's rate, and the WAL stays near `fallbackPages` pages (8 MiB).
 * Not exactly: an app checkpoint that meets the worker's running is skipped and a later commit tries
 * again, so a worker checkpoint stalled mid-way (its thread preempted on a loaded machine) lets
 * the WAL grow by whatever is written meanwhile. The worker waits `everyMs` after each checkpoint
 * before the next, so the app always gets gaps.
 * If the worker cannot start, or dies, the app's connection goes back to SQLite's default.
 */
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/** What the worker gets (structured-cloned; the counters are shared). */
export interface CheckpointerData {
  filename: string;
  everyMs: number;
  /** Float64 × 2: checkpoints run, WAL frames not yet copied after the last one. */
  counters: SharedArrayBuffer;
}

export interface CheckpointerOptions {
  everyMs?: number;
  /** The app's own connection checkpoints past this many WAL pages (default 2,000; SQLite's is 1,000). */
  fallbackPages?: number;
  /** Told once if the worker fails; the app's connection has by then gone back to checkpointing itself. */
  onError?: (error: unknown) => void;
  /** Another worker script (tests). */
  workerUrl?: URL;
}

export interface Checkpointer {
  /** Resolves once the worker runs (true) or could not start (false). */
  ready: Promise<boolean>;
  stats(): { checkpoints: number; pendingFrames: number };
  close(): Promise<void>;
}

const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;
export const DEFAULT_FALLBACK_PAGES = 2000;

export function startCheckpointer(
  sqlite: SQLite.Database,
  filename: string,
  options: CheckpointerOptions = {},
): Checkpointer {
  const counters = new SharedArrayBuffer(2 * Float64Array.BYTES_PER_ELEMENT);
  const stats = new Float64Array(counters);
  const data: CheckpointerData = { filename, everyMs: options.everyMs ?? 100, counters };
  const worker = new Worker(options.workerUrl ?? new URL('./checkpoint-worker.ts', import.meta.url), {
    workerData: data,
  });
  // The worker must not keep the process alive; closing the database stops it.
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let state: 'starting' | 'running' | 'stopped' = 'starting';

  /** Ends the worker's part: the app's connection checkpoints by itself again. */
  const stop = (error?: unknown) => {
    if (state === 'stopped') return;
    if (state === 'running' && sqlite.open)
      sqlite.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
    state = 'stopped';
    if (error !== undefined) options.onError?.(error);
  };
  const ready = new Promise<boolean>((resolve) => {
    worker.once('message', () => {
      if (state !== 'starting' || !sqlite.open) return resolve(false);
      sqlite.pragma(`wal_autocheckpoint = ${options.fallbackPages ?? DEFAULT_FALLBACK_PAGES}`);
      state = 'running';
      resolve(true);
    });
    worker.once('error', (error) => {
      stop(error);
      resolve(false);
    });
    worker.once('exit', (code) => {
      stop(new Error(`the checkpoint worker exited with code ${code}`));
      resolve(false);
    });
  });

  return {
    ready,
    stats: () => ({ checkpoints: stats[0]!, pendingFrames: stats[1]! }),
    async close() {
      stop();
      worker.postMessage('stop');
      // A worker still starting, or stuck in a checkpoint, is ended the hard way after a while.
      const timer = setTimeout(() => void worker.terminate(), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
