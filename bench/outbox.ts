/**
 * Notifications per second through the outbox: N template rows queued in a SQLite file, sent by the real
 * standalone worker (`npm run worker`, a child process; BENCH_PIN=1 pins it to CPU 0) to a fake
 * WeChat in this process that answers every send after 20 ms and counts sends per client_msg_id, so a
 * message sent twice shows up as a duplicate. Rates are taken at the fake (first request to last answer);
 * the run waits until every row is marked sent in the database.
 *
 * Baseline, same run: the same number of sends from this process straight to the fake, with the worker's
 * concurrency and HTTP stack and no database: the ceiling of the fake and the loopback. The ratio is the
 * share of it that survives claiming, marking and the WeChat client.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeFetch } from '@weshop/api/notify';
import { countOutboxByStatus, openDatabase } from '@weshop/db';

export interface OutboxBenchOptions {
  /** Rows to send. Default 5,000. */
  messages?: number;
  /** OUTBOX_CONCURRENCY of the worker (and of the baseline). Default 128, the worker's default. */
  concurrency?: number;
  /** How long the fake WeChat takes to answer a send. Default 20 ms. */
  sendDelayMs?: number;
  /** Also measure the baseline. Default true. */
  baseline?: boolean;
}

export interface OutboxBenchResult {
  sent: number;
  perSecond: number;
  /** Sends beyond the first per client_msg_id, as counted by the fake. */
  duplicates: number;
  /** Send round trips as the worker timed them (outbox_attempts.duration_ms), 20 ms of them the fake's. */
  p50Ms: number;
  p99Ms: number;
  /** Straight sends to the fake, no database; null when not measured. */
  baselinePerSecond: number | null;
}

const WORKER = fileURLToPath(new URL('../apps/api/src/worker.ts', import.meta.url));
const TASKSET = '/usr/bin/taskset';
/** Pin the worker to CPU 0 (BENCH_PIN=1). Off by default: on a shared box a busy CPU 0 starves it. */
const PIN = process.env.BENCH_PIN === '1' && existsSync(TASKSET);

interface FakeWeChat {
  url: string;
  sends: Map<string, number>;
  total(): number;
  firstAt: number;
  lastAt: number;
  reset(): void;
  close(): Promise<void>;
}

async function startFake(delayMs: number): Promise<FakeWeChat> {
  const sends = new Map<string, number>();
  let total = 0;
  const state = { firstAt: 0, lastAt: 0 };
  let msgId = 2n ** 60n;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = (request.url ?? '').split('?')[0];
      const answer = (body: string) => {
        response.writeHead(200, { 'content-type': 'application/json' }).end(body);
      };
      if (path === '/cgi-bin/stable_token') return answer('{"access_token":"bench-token","expires_in":7200}');
      if (path !== '/cgi-bin/message/template/send')
        return answer('{"errcode":48001,"errmsg":"unauthorized"}');
      const started = performance.now();
      if (state.firstAt === 0) state.firstAt = started;
      total++;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { client_msg_id?: string };
      const key = body.client_msg_id ?? `none-${total}`;
      sends.set(key, (sends.get(key) ?? 0) + 1);
      setTimeout(() => {
        state.lastAt = performance.now();
        answer(`{"errcode":0,"errmsg":"ok","msgid":${msgId++}}`);
      }, delayMs);
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sends,
    total: () => total,
    get firstAt() {
      return state.firstAt;
    },
    get lastAt() {
      return state.lastAt;
    },
    reset() {
      sends.clear();
      total = 0;
      state.firstAt = 0;
      state.lastAt = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The ceiling: `messages` sends with `concurrency` in flight, straight from here. */
async function measureBaseline(fake: FakeWeChat, messages: number, concurrency: number): Promise<number> {
  fake.reset();
  const post = createNodeFetch(); // the worker's HTTP stack
  let next = 0;
  const sender = async () => {
    while (next < messages) {
      const i = next++;
      const response = await post(`${fake.url}/cgi-bin/message/template/send?access_token=bench-token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ touser: 'o', template_id: 't', data: {}, client_msg_id: `base:${i}` }),
      });
      await response.text();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
  return messages / ((fake.lastAt - fake.firstAt) / 1000);
}

async function queueRows(filename: string, messages: number): Promise<void> {
  const database = await openDatabase({ dialect: 'sqlite', filename });
  try {
    const now = new Date().toISOString();
    const payload = JSON.stringify({
      templateId: 'bench_tpl',
      url: 'https://shop.example.com/shop/orders/1',
      data: {
        character_string2: { value: 'WS2026112200001' },
        thing4: { value: '法式碎花连衣裙' },
        thing13: { value: '顺丰速运' },
        character_string14: { value: 'SF1234567890' },
        time12: { value: '2026-11-22 15:05' },
      },
    });
    await database.db.transaction().execute(async (trx) => {
      for (let start = 0; start < messages; start += 500) {
        const rows = Array.from({ length: Math.min(500, messages - start) }, (_, i) => ({
          dedupe_key: `bench:${start + i}`,
          kind: 'template' as const,
          openid: `oBenchFan${(start + i) % 100}`,
          payload,
          status: 'pending' as const,
          next_attempt_at: now,
          created_at: now,
          updated_at: now,
        }));
        await trx.insertInto('outbox').values(rows).execute();
      }
    });
  } finally {
    await database.close();
  }
}

export async function measureOutbox(options: OutboxBenchOptions = {}): Promise<OutboxBenchResult> {
  const messages = options.messages ?? 5_000;
  const concurrency = options.concurrency ?? 128;
  const fake = await startFake(options.sendDelayMs ?? 20);
  const dir = mkdtempSync(join(tmpdir(), 'weshop-bench-outbox-'));
  const filename = join(dir, 'outbox.db');
  try {
    const baselinePerSecond =
      options.baseline === false ? null : await measureBaseline(fake, messages, concurrency);
    fake.reset();
    await queueRows(filename, messages);
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATABASE_URL: `file:${filename}`,
      WECHAT_API_BASE: fake.url,
      LOG_LEVEL: 'warn',
      OUTBOX_CONCURRENCY: String(concurrency),
    };
    const args = [...(process.env.BENCH_WORKER_ARGS?.split(' ').filter(Boolean) ?? []), WORKER];
    const child = PIN
      ? spawn(TASKSET, ['-c', '0', process.execPath, ...args], {
          env,
          stdio: ['ignore', 'ignore', 'inherit'],
        })
      : spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
    const exited = once(child, 'exit');
    const database = await openDatabase({ dialect: 'sqlite', filename }, { migrate: false });
    try {
      const deadline = Date.now() + 120_000;
      while ((await countOutboxByStatus(database.db)).sent < messages) {
        if (child.exitCode !== null) throw new Error(`the worker exited with ${child.exitCode}`);
        if (Date.now() > deadline) throw new Error('the outbox did not drain within 120 s');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const durations = (await database.db.selectFrom('outbox_attempts').select('duration_ms').execute())
        .map((row) => row.duration_ms)
        .sort((a, b) => a - b);
      const seconds = (fake.lastAt - fake.firstAt) / 1000;
      return {
        sent: fake.sends.size,
        perSecond: Math.round(fake.sends.size / seconds),
        duplicates: fake.total() - fake.sends.size,
        p50Ms: percentile(durations, 50),
        p99Ms: percentile(durations, 99),
        baselinePerSecond: baselinePerSecond === null ? null : Math.round(baselinePerSecond),
      };
    } finally {
      child.kill('SIGTERM');
      await exited;
      await database.close();
    }
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints one run (`node bench/outbox.ts [--messages=N] [--concurrency=N]`). */
export async function runOutboxBench(): Promise<void> {
  const arg = (name: string) => {
    const value = process.argv.find((item) => item.startsWith(`--${name}=`))?.split('=')[1];
    return value === undefined ? undefined : Number(value);
  };
  const messages = arg('messages') ?? 5_000;
  const concurrency = arg('concurrency') ?? 128;
  console.log(
    `outbox: ${messages} template messages, SQLite, worker concurrency ${concurrency}, fake WeChat 20 ms`,
  );
  const result = await measureOutbox({ messages, concurrency });
  console.log(
    `  baseline   ${result.baselinePerSecond}/s (straight to the fake, no database)\n` +
      `  outbox     ${result.perSecond}/s, send p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ` +
      `${result.duplicates} duplicates\n` +
      `outbox: ${result.perSecond}/s (goal ≥ 1,000), ${result.duplicates} duplicates, ` +
      `ratio to baseline ${(result.perSecond / (result.baselinePerSecond ?? result.perSecond)).toFixed(2)}`,
  );
}

if (import.meta.main) await runOutboxBench();
