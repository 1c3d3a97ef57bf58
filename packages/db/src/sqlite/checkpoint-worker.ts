/**
 * The checkpointer's thread (checkpointer.ts): its own connection to the SQLite file, and a PASSIVE
 * checkpoint every `everyMs`. PASSIVE never waits for a lock and never blocks the app's connection:
 * it copies the WAL frames that no reader still needs into the database file and syncs both, off the
 * app's event loop. Counts go back through shared memory (no message per checkpoint).
 */
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import type { CheckpointerData } from './checkpointer.ts';

const { filename, everyMs, counters } = workerData as CheckpointerData;
const stats = new Float64Array(counters);

const sqlite = new SQLite(filename, { fileMustExist: true });
// The checkpoint syncs the WAL before copying and the database file after (any level but OFF).
sqlite.pragma('synchronous = normal');
const checkpoint = sqlite.prepare('pragma wal_checkpoint(passive)');

function run(): void {
  const result = checkpoint.get() as { busy: number; log: number; checkpointed: number } | undefined;
  stats[0]! += 1;
  // After a restart of the WAL the counts start again; what matters is that the log is copied.
  if (result && result.log >= 0) stats[1] = result.log - result.checkpointed;
}

// The next run starts `everyMs` after this one ended, never back to back: the app's connection,
// whose own checkpoint past the fallback mark is skipped while ours runs, always gets a gap.
let timer: NodeJS.Timeout;
const loop = () => {
  run();
  timer = setTimeout(loop, everyMs);
};
loop();
parentPort!.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  clearTimeout(timer);
  sqlite.close();
  parentPort!.close();
});
parentPort!.postMessage('ready');
