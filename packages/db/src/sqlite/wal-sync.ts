/**
 * Makes SQLite commits durable off the event loop. With `synchronous=FULL` a WAL-mode COMMIT calls
 * fdatasync on the WAL file itself, and better-sqlite3 is synchronous, so every commit stops the
 * whole process for the disk (a large share of an order's event-loop time on our 2-core
 * machine, bench/results/2026-11-22-checkout-2.txt). Here a commit runs with `synchronous=NORMAL`,
 * which writes the same WAL frames without the sync, and `durable()` then syncs the WAL file from
 * libuv's thread pool; nobody is told "done" before it returns. That is the FULL guarantee for
 * whoever waits: fdatasync flushes every write to the file, whichever descriptor made it, and
 * SQLite keeps the WAL itself consistent under NORMAL (it syncs before checkpoints and when it
 * reuses the file). The one difference: other requests may read a change a few milliseconds before
 * it is on disk. The outbox worker never sends on such a read: its claim is a FULL commit, whose
 * sync covers every frame before it.
 *
 * Syncs run one at a time; a caller that arrives while one is running waits for the next, which
 * covers every commit made meanwhile (a group commit at the disk).
 */
import { closeSync, fdatasync as nodeFdatasync, openSync } from 'node:fs';

export interface WalSync {
  /** Resolves once everything committed before the call is on disk. */
  durable(): Promise<void>;
  /** Syncs done so far. */
  syncs(): number;
  close(): void;
}

type Fdatasync = (fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => void;

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Opens the WAL file of a SQLite database for syncing; undefined when it has none (an in-memory
 * database, or not in WAL mode), and then commits keep `synchronous=FULL`. The file stays the same
 * while our connection is open: SQLite deletes it only when the last connection closes.
 */
export function openWalSync(databaseFile: string, fdatasync: Fdatasync = nodeFdatasync): WalSync | undefined {
  let fd: number;
  try {
    fd = openSync(`${databaseFile}-wal`, 'r');
  } catch {
    return undefined;
  }
  let running = false;
  let closed = false;
  let syncs = 0;
  let waiting: Waiter[] = [];

  function start(): void {
    running = true;
    const batch = waiting;
    waiting = [];
    fdatasync(fd, (error) => {
      running = false;
      syncs++;
      for (const waiter of batch) {
        if (error) waiter.reject(error);
        else waiter.resolve();
      }
      if (waiting.length > 0) start();
      else if (closed) closeSync(fd);
    });
  }

  return {
    durable: () =>
      new Promise<void>((resolve, reject) => {
        if (closed) {
          reject(new Error('the database is closed'));
          return;
        }
        waiting.push({ resolve, reject });
        if (!running) start();
      }),
    syncs: () => syncs,
    close: () => {
      if (closed) return;
      closed = true;
      // A sync in flight still uses the descriptor: its callback closes it (after any follow-up).
      if (!running) closeSync(fd);
    },
  };
}
