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
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

export interface PacedRequest {
  path: string;
  body: string;
}

export interface PacedStats {
  sent: number;
  /** Responses other than 200, failed requests, and 200s whose body does not start with `expect`. */
  errors: number;
  p50: number;
  p99: number;
  max: number;
  /** How late the generator sent, p99 (ms): above a fraction of a millisecond, it did not keep up. */
  lagP99: number;
}

/**
 * An open-loop load generator: sends `rate` requests per second for `seconds`, each at its own
 * scheduled instant whether or not earlier ones have been answered, over keep-alive connections, and
 * measures each from the moment it was written to its complete response (ms, sub-millisecond
 * resolution). autocannon's `overallRate` is not this: each connection sends its share of a second
 * back to back and then waits for the next second, so the load comes in bursts of `connections`
 * requests, and its latency histogram is "corrected" with an interval of 1 ms regardless of the rate.
 */
export interface PaceTarget {
  port: number;
  method?: string;
  headers?: Record<string, string>;
}

export interface PaceOptions {
  rate: number;
  seconds: number;
  /** What a correct answer's body starts with. */
  expect?: string;
}

/**
 * `pace` on a worker thread of its own: a fresh, small heap, so the generator's garbage collection
 * (in the benchmark's main thread, whose heap holds the closed-loop rounds' results) cannot stall
 * it mid-window and count as the server's latency (its lag p99 reached 5-11 ms that way). Requests
 * are sent in order, cycling if fewer than rate × seconds.
 */
export function paceInWorker(
  target: PaceTarget,
  requests: readonly PacedRequest[],
  options: PaceOptions,
): Promise<PacedStats> {
  const worker = new Worker(new URL('./pace-worker.ts', import.meta.url), {
    workerData: { target, requests, options },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (stats: PacedStats) => resolve(stats));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the pacing worker exited with code ${code}`)));
  });
}

export async function pace(
  target: PaceTarget,
  next: () => PacedRequest,
  options: PaceOptions,
): Promise<PacedStats> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const interval = 1000 / options.rate;
  const total = Math.round(options.rate * options.seconds);
  const latencies: number[] = [];
  const lags: number[] = [];
  let errors = 0;
  let settled = 0;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const settle = () => {
    if (++settled === total) finish();
  };

  function send(): void {
    const { path, body } = next();
    const started = performance.now();
    const request = http.request(
      {
        agent,
        host: '127.0.0.1',
        port: target.port,
        path,
        method: target.method ?? 'POST',
        headers: { ...target.headers, 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          latencies.push(performance.now() - started);
          const text = Buffer.concat(chunks).toString('utf8');
          if (response.statusCode !== 200 || (options.expect && !text.startsWith(options.expect))) errors++;
          settle();
        });
      },
    );
    request.on('error', () => {
      errors++;
      settle();
    });
    request.end(body);
  }

  const t0 = performance.now();
  let sent = 0;
  // The loop spins (setImmediate) instead of sleeping on a timer: Node's timers have whole-millisecond
  // resolution and fire up to a millisecond or two late, so a timer-paced generator sends in small
  // bursts and is itself slow to notice answers, both of which it then counts as the server's
  // latency (p99 of a bare route measured 2-6 ms that way, 1-2 ms spinning). The spin costs the
  // generator's own core, never the server's. Every request whose instant has passed is sent at
  // once, and any lateness is reported (lagP99) rather than hidden.
  const tick = () => {
    const now = performance.now();
    while (sent < total && t0 + sent * interval <= now) {
      lags.push(now - (t0 + sent * interval));
      sent++;
      send();
    }
    if (sent < total) setImmediate(tick);
  };
  tick();
  await done;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
  return {
    sent: total,
    errors,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: latencies.at(-1) ?? 0,
    lagP99: quantile(lags, 0.99),
  };
}

export interface JsonResponse {
  status: number;
  body: string;
}

/**
 * A keep-alive HTTP/1.1 client for closed-loop load: node:http over one Agent. `fetch` cost the
 * checkout bench's load generator about 1.9 ms of CPU per order (two requests), most of a core at
 * the goal's rate and time on every order's critical path; this is a fraction of that.
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
