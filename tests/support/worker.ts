/**
 * The standalone outbox worker (`npm run worker`, apps/api/src/worker.ts) as a child process, for crash
 * tests: start it, wait for its banner, kill it (SIGKILL) or let a FAILPOINT kill it.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DatabaseConfig } from '@weshop/db';
import { REPO_ROOT } from './process.ts';

export const WORKER_MAIN = fileURLToPath(new URL('../../apps/api/src/worker.ts', import.meta.url));

export interface RunningWorker {
  child: ChildProcess;
  /** Resolves when the worker printed its banner (rejects if it exits first). */
  ready: Promise<void>;
  /** Resolves with the exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** DATABASE_URL for a test database, including a Postgres test schema (as a search_path option). */
export function databaseUrl(config: DatabaseConfig): string {
  if (config.dialect === 'sqlite') return `file:${config.filename}`;
  const url = new URL(config.connectionString);
  if (config.schema) url.searchParams.set('options', `-c search_path=${config.schema}`);
  return url.toString();
}

export function startWorker(env: Record<string, string>): RunningWorker {
  const child = spawn(process.execPath, [WORKER_MAIN], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', ...env },
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('outbox worker is running')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(({ code, signal }) =>
      reject(new Error(`worker exited (${code ?? signal}) before it ran:\n${output}`)),
    );
  });
  ready.catch(() => {}); // a failpoint may kill it before anyone awaits `ready`
  return { child, ready, exited, output: () => output };
}
