/**
 * The whole /wechat round trip in safe mode — verify, decrypt, parse, de-duplicate in the database,
 * answer, encrypt — against a bare Hono route returning a constant, both served over loopback by a
 * child process (pinned to CPU 0 when `taskset` exists) while autocannon runs here.
 *
 * Two measurements per target: throughput with 50 connections in a closed loop, and latency at a
 * constant arrival rate below saturation (closed loops hide the tail: reliability.md §5.4).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { signWebhook } from '@weshop/api/testing';

const CONNECTIONS = 50;
const THROUGHPUT_REQUESTS = 20_000;
/** Below the webhook's saturation point on a 2-core machine, so latency reflects service time. */
const RATE = 500;
const RATE_SECONDS = 8;

interface Target {
  label: string;
  port: number;
}

function startServers(): Promise<{
  ports: { app: number; bare: number };
  creds: { appId: string; token: string; aesKey: string };
  stop: () => void;
}> {
  const script = fileURLToPath(new URL('./servers/webhook-server.ts', import.meta.url));
  const pinned = existsSync('/usr/bin/taskset');
  const child = pinned
    ? spawn('taskset', ['-c', '0', process.execPath, script], { stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      const info = JSON.parse(line) as {
        app: number;
        bare: number;
        appId: string;
        token: string;
        aesKey: string;
      };
      resolve({ ports: { app: info.app, bare: info.bare }, creds: info, stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`benchmark server exited with ${code}`)));
  });
}

export async function runWebhookBench(): Promise<void> {
  const { ports, creds, stop } = await startServers();
  try {
    // Sign and encrypt every request up front, so the load generator measures the server, not itself.
    const total = 3000 * 2 + THROUGHPUT_REQUESTS * 2 + RATE * RATE_SECONDS * 2 + 5000;
    const prepared = Array.from({ length: total }, (_, i) => {
      const signed = signWebhook(
        creds,
        {
          ToUserName: 'gh_bench',
          FromUserName: `oBenchFan${String(i % 500).padStart(19, '0')}`,
          CreateTime: Math.floor(Date.now() / 1000),
          MsgType: 'text',
          Content: '你好',
          MsgId: String(7_000_000_000_000_000_000n + BigInt(i)),
        },
        { mode: 'safe' },
      );
      return { path: signed.path, body: String(signed.init.body) };
    });
    let seq = 0;
    const nextRequest = () => prepared[seq++ % prepared.length]!;
    const run = (target: Target, options: Partial<autocannon.Options>) =>
      autocannon({
        url: `http://127.0.0.1:${target.port}`,
        connections: CONNECTIONS,
        ...options,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'text/xml' },
            setupRequest: (request) => ({ ...request, ...nextRequest() }),
          },
        ],
      });
    const app = { label: 'POST /wechat (safe mode)', port: ports.app };
    const bare = { label: 'bare Hono route', port: ports.bare };

    // Warm up both (JIT, SQLite page cache), then measure.
    await run(bare, { amount: 3000 });
    await run(app, { amount: 3000 });
    const results: Record<string, { throughput: autocannon.Result; paced: autocannon.Result }> = {};
    for (const target of [bare, app]) {
      const throughput = await run(target, { amount: THROUGHPUT_REQUESTS });
      const paced = await run(target, { overallRate: RATE, duration: RATE_SECONDS });
      results[target.label] = { throughput, paced };
    }

    console.log(
      `webhook bench: ${CONNECTIONS} connections, node ${process.version}; server ${existsSync('/usr/bin/taskset') ? 'pinned to CPU 0' : 'not pinned'}`,
    );
    for (const [label, { throughput, paced }] of Object.entries(results)) {
      const errors = throughput.errors + throughput.non2xx + paced.errors + paced.non2xx;
      console.log(
        `${label.padEnd(26)} ${throughput.requests.average.toFixed(0).padStart(6)} msg/s (closed loop, p50 ${throughput.latency.p50} ms, p99 ${throughput.latency.p99} ms)` +
          `  at ${RATE}/s: p50 ${paced.latency.p50} ms, p99 ${paced.latency.p99} ms, max ${paced.latency.max} ms` +
          (errors ? `  ERRORS ${errors}` : ''),
      );
    }
    const ratio =
      results[app.label]!.throughput.requests.average / results[bare.label]!.throughput.requests.average;
    const p99 = results[app.label]!.paced.latency.p99;
    console.log(
      `webhook: ${(ratio * 100).toFixed(1)}% of the bare route's throughput (goal ≥ 40%), p99 ${p99} ms at ${RATE}/s (goal ≤ 2 ms)`,
    );
  } finally {
    stop();
  }
}
