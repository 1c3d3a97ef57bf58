/** Latency sampling helpers shared by the benchmarks. */
import http from 'node:http';
import { Worker } from 'node:worker_threads';

export interface Stats {
  count: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
}

/** Runs `task` `total` times with `concurrency` in flight; returns throughput and latency percentiles (ms). */
export async function measure(task: () => unknown, total: number, concurrency: number): Promise<Stats> {
  const samples: number[] = [];
  let started = 0;
  const t0 = performance.now();
  async function worker(): Promise<void> {
    while (started < total) {
      started++;
      const begin = performance.now();
      await task();
      samples.push(performance.now() - begin);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  samples.sort((a, b) => a - b);
  return {
    count: samples.length,
    perSecond: samples.length / elapsed,
    p50: quantile(samples, 0.5),
    p99: quantile(samples, 0.99),
    max: samples.at(-1) ?? 0,
  };
}

export function formatStats(label: string, stats: Stats): string {
  return `${label.padEnd(28)} ${stats.perSecond.toFixed(0).padStart(7)} req/s  p50 ${stats.p50.toFixed(2)} ms  p99 ${stats.p99.toFixed(2)} ms  max ${stats.max.toFixed(1)} ms`;
}

/** The value at quantile `q` of ascending `sorted` samples (0 when empty). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

import type {
  ClosedLoopOptions,
  ClosedLoopStats,
  PaceOptions,
  PaceTarget,
  PacedRequest,
  PacedStats,
} from './pace.ts';

/**
 * A load run (pace.ts) on a worker thread of its own: a fresh, small heap, so the generator's
 * garbage collection (in the benchmark's main thread, whose heap holds the earlier rounds' results)
 * cannot stall it mid-run and count as the server's latency (it did:
 * bench/results/2026-12-05-webhook-5.txt).
 */
function inWorker<Stats>(job: Record<string, unknown>): Promise<Stats> {
  const worker = new Worker(new URL('./pace-worker.ts', import.meta.url), { workerData: job });
  return new Promise((resolve, reject) => {
    worker.once('message', (stats: Stats) => resolve(stats));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the load worker exited with code ${code}`)));
  });
}

/** `pace` on a worker thread. Requests are sent in order, cycling if fewer than rate × seconds. */
export function paceInWorker(
  target: PaceTarget,
  requests: readonly PacedRequest[],
  options: PaceOptions,
): Promise<PacedStats> {
  return inWorker({ kind: 'pace', target, requests, options });
}

/** `closedLoop` on a worker thread: every request once. */
export function closedLoopInWorker(
  target: PaceTarget,
  requests: readonly PacedRequest[],
  options: ClosedLoopOptions,
): Promise<ClosedLoopStats> {
  return inWorker({ kind: 'closed', target, requests, options });
}

export interface JsonResponse {
  status: number;
  body: string;
}

/**
 * A keep-alive HTTP/1.1 client for closed-loop load: node:http over one Agent. `fetch` cost the
 * checkout bench's load generator most of a core at the goal's rate, and time on every order's
 * critical path (bench/results/2026-11-22-checkout-3.txt); this is a fraction of that.
 */
export function createJsonClient(base: string, sockets: number) {
  const { hostname, port } = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  return (method: string, path: string, headers: Record<string, string>, body?: string) =>
    new Promise<JsonResponse>((resolve, reject) => {
      const request = http.request(
        {
          agent,
          hostname,
          port,
          method,
          path,
          headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
}
