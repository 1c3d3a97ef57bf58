import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const API_MAIN = fileURLToPath(new URL('../../apps/api/src/main.ts', import.meta.url));

export interface Exited {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a node script to completion (or kills it after `timeoutMs`). */
export function runNode(
  script: string,
  env: Record<string, string>,
  options: { cwd?: string; timeoutMs?: number } = {},
) {
  return new Promise<Exited>((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [script], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

export interface RunningServer {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  stop(): Promise<number | null>;
}

/** Starts the real server on a free port and waits for its start-up banner. */
export function startServer(env: Record<string, string>, options: { cwd?: string; timeoutMs?: number } = {}) {
  return new Promise<RunningServer>((resolve, reject) => {
    const child = spawn(process.execPath, [API_MAIN], {
      cwd: options.cwd ?? REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        ...env,
      },
    });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start:\n${output}`));
    }, options.timeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening\s+(http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
        resolve({
          child,
          baseUrl: match[1],
          output: () => output,
          stop: async () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
}
