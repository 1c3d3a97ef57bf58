/** Latency sampling helpers shared by the benchmarks. */

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
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  return {
    count: samples.length,
    perSecond: samples.length / elapsed,
    p50: at(0.5),
    p99: at(0.99),
    max: samples.at(-1) ?? 0,
  };
}

export function formatStats(label: string, stats: Stats): string {
  return `${label.padEnd(28)} ${stats.perSecond.toFixed(0).padStart(7)} req/s  p50 ${stats.p50.toFixed(2)} ms  p99 ${stats.p99.toFixed(2)} ms  max ${stats.max.toFixed(1)} ms`;
}
