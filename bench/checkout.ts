/**
 * `npm run bench -- checkout`: place + pay-with-balance orders per second through the whole app on
 * SQLite (synchronous=FULL) with 4 concurrent clients over loopback, the server in a child process
 * pinned to CPU 0; then notifications per second through the outbox against a fake WeChat answering
 * each send in 20 ms. The run checks itself: oversold SKUs, double debits and ledger mismatches are
 * counted from the database afterwards and must all be 0. Goals: ≥ 500 orders/s, ≥ 1,000
 * notifications/s.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createJsonClient, measure, formatStats } from './measure.ts';
import { measureOutbox } from './outbox.ts';

const CLIENTS = 4;
const WARMUP_ORDERS = 300;
const ORDERS = 4_000;
const TASKSET = '/usr/bin/taskset';
const ADDRESS = { name: '压测', phone: '13800000000', detail: '上海市浦东新区世纪大道 100 号' };

interface ServerInfo {
  port: number;
  cookies: string[];
  skus: number[];
}

interface Invariants {
  orders: number;
  paid: number;
  oversold: number;
  duplicates: number;
  ledgerMismatches: number;
  /** The server process's CPU time so far. */
  cpuMicros: number;
  /** Group commits so far, the transactions they carried and the WAL syncs they waited for. */
  commits: { batches: number; units: number; syncs: number };
}

function startServer() {
  const script = fileURLToPath(new URL('./servers/checkout-server.ts', import.meta.url));
  const stdio: ['pipe', 'pipe', 'inherit'] = ['pipe', 'pipe', 'inherit'];
  const env = { ...process.env, CHECKOUT_CLIENTS: String(CLIENTS) };
  const child = existsSync(TASKSET)
    ? spawn(TASKSET, ['-c', '0', process.execPath, script], { stdio, env })
    : spawn(process.execPath, [script], { stdio, env });
  const lines = createInterface({ input: child.stdout });
  const next = <T>() =>
    new Promise<T>((resolve) => lines.once('line', (line) => resolve(JSON.parse(line) as T)));
  const ready = next<ServerInfo>();
  return {
    ready,
    check: () => {
      const result = next<Invariants>();
      child.stdin.write('check\n');
      return result;
    },
    stop: () => child.kill('SIGTERM'),
  };
}

export async function runCheckoutBench(): Promise<void> {
  const server = startServer();
  const { port, cookies, skus } = await server.ready;
  const base = `http://127.0.0.1:${port}`;
  let client = 0;
  let outOfStock = 0;
  let failures = 0;
  let completed = 0;

  const send = createJsonClient(base, CLIENTS);

  /** One fan's purchase: place an order for a random SKU, then pay it with the balance. */
  async function checkout(): Promise<void> {
    const cookie = cookies[client++ % cookies.length]!;
    const skuId = skus[Math.floor(Math.random() * skus.length)]!;
    const json = { cookie, 'content-type': 'application/json' };
    const placed = await send(
      'POST',
      '/api/shop/orders',
      { ...json, 'idempotency-key': crypto.randomUUID() },
      JSON.stringify({ items: [{ skuId, quantity: 1 }], address: ADDRESS }),
    );
    if (placed.status === 409) {
      outOfStock++;
      return;
    }
    if (placed.status !== 201) {
      failures++;
      return;
    }
    const { id } = JSON.parse(placed.body) as { id: number };
    const paid = await send('POST', `/api/shop/orders/${id}/pay`, json, '{"method":"balance"}');
    if (paid.status === 200) completed++;
    else failures++;
  }

  try {
    console.log(
      `checkout bench: node ${process.version}, SQLite (durable commits: WAL synced before each answer), ${CLIENTS} clients, ${skus.length} SKUs`,
    );
    await measure(checkout, WARMUP_ORDERS, CLIENTS);
    outOfStock = 0;
    completed = 0;
    const before = await server.check();
    const clientCpu = process.cpuUsage();
    const stats = await measure(checkout, ORDERS, CLIENTS);
    const { user, system } = process.cpuUsage(clientCpu);
    console.log(formatStats('place + pay (balance)', stats));
    // Sold-out refusals are attempts, not orders: the rate counts paid orders only.
    const ordersPerSecond = completed / (stats.count / stats.perSecond);
    const invariants = await server.check();
    const batches = invariants.commits.batches - before.commits.batches;
    const units = invariants.commits.units - before.commits.units;
    const syncs = invariants.commits.syncs - before.commits.syncs;
    // The CPU time includes the closing check (a few ms against seconds of orders).
    console.log(
      `server CPU ${((invariants.cpuMicros - before.cpuMicros) / stats.count).toFixed(0)} µs per order; ` +
        `${batches} commits, ${(units / Math.max(batches, 1)).toFixed(2)} transactions per commit, ` +
        `${syncs} WAL syncs (${(syncs / stats.count).toFixed(2)} per order); ` +
        `load generator CPU ${((user + system) / stats.count).toFixed(0)} µs per order`,
    );
    console.log(
      `orders ${invariants.orders}, paid ${invariants.paid}, sold out refusals ${outOfStock}, failures ${failures}; ` +
        `oversold ${invariants.oversold}, duplicates ${invariants.duplicates}, ledger mismatches ${invariants.ledgerMismatches}`,
    );
    const outbox = await measureOutbox({});
    console.log(
      `outbox → fake WeChat (20 ms per send): ${outbox.sent} sent, ${outbox.perSecond.toFixed(0)}/s, ` +
        `p50 ${outbox.p50Ms.toFixed(1)} ms, p99 ${outbox.p99Ms.toFixed(1)} ms, duplicates ${outbox.duplicates}`,
    );
    const ok = (value: boolean) => (value ? 'met' : 'NOT met');
    const clean =
      invariants.oversold +
        invariants.duplicates +
        invariants.ledgerMismatches +
        outbox.duplicates +
        failures ===
      0;
    console.log(
      `goals: ≥ 500 orders/s ${ok(ordersPerSecond >= 500)}, ≥ 1000 notifications/s ${ok(outbox.perSecond >= 1000)}, ` +
        `0 oversells and 0 duplicates ${ok(clean)}`,
    );
    console.log(
      `checkout: ${ordersPerSecond.toFixed(0)} orders/s, ${outbox.perSecond.toFixed(0)} notifications/s, oversold ${invariants.oversold}, duplicates ${invariants.duplicates + outbox.duplicates}`,
    );
  } finally {
    server.stop();
  }
}
