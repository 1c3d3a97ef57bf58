/**
 * Crash safety of the outbox (docs/architecture.md#outbox), a kill -9 harness: a real worker process
 * (`npm run worker`) sends 1,000 template messages to the WeChat simulator and is SIGKILLed at each
 * failpoint (before the send, after the send and before marking, after marking and before the commit)
 * and at random moments, then restarted until the outbox is drained. Every message must reach its fan
 * exactly once, counted by client_msg_id at the simulator, which (like WeChat) delivers one message per
 * openid + client_msg_id within 10 minutes. The crashes cause re-sends; the test checks that they happen
 * and that each carries the same client_msg_id as the first send.
 */
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { serve } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import { countOutboxByStatus, enqueueOutbox } from '@weshop/db';
import { createTestDatabase, testDialects } from '@weshop/db/testing';
import type { TestDatabase } from '@weshop/db/testing';
import { SIMULATOR_CREDENTIALS, SIMULATOR_TEMPLATES } from '@weshop/wechat';
import { createWeChatSim } from '@weshop/wechat-sim';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseUrl, startWorker } from './support/worker.ts';
import type { RunningWorker } from './support/worker.ts';

const MESSAGES = 1000;
const FANS = 40;
const RANDOM_KILLS = 8;
const FAILPOINTS = ['before_send', 'after_send', 'after_mark'] as const;
const SEND_PATH = '/cgi-bin/message/template/send';

function listen(fetch: (request: Request) => Response | Promise<Response>) {
  return new Promise<{ server: ServerType; url: string }>((resolve) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
      resolve({ server, url: `http://127.0.0.1:${info.port}` }),
    );
  });
}

const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe.each(testDialects())('outbox crash safety on %s', (dialect) => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function setUp() {
    const sim = createWeChatSim({ ...SIMULATOR_CREDENTIALS, webhookUrl: 'http://127.0.0.1:9/wechat' });
    const simServer = await listen(sim.app.fetch);
    cleanup.push(() => new Promise((resolve) => simServer.server.close(resolve)));
    const database: TestDatabase = await createTestDatabase(dialect, { file: true });
    cleanup.push(() => database.close());
    const fans = Array.from({ length: FANS }, () => sim.state.createFan({ subscribed: true }).openid);
    const keys = Array.from({ length: MESSAGES }, (_, i) => `crash:${i}`);
    await database.db.transaction().execute(async (trx) => {
      for (const [i, key] of keys.entries()) {
        const payload = {
          templateId: SIMULATOR_TEMPLATES.shipped.id,
          url: 'http://shop.test/shop/orders/1',
          data: { character_string2: { value: `WS${i}` }, thing4: { value: '连衣裙' } },
        };
        await enqueueOutbox(trx, { dedupeKey: key, kind: 'template', openid: fans[i % FANS]!, payload });
      }
    });
    const sent = async () => (await countOutboxByStatus(database.db)).sent;
    /** What every worker process of the test runs with. */
    const env = {
      DATABASE_URL: databaseUrl(database.config),
      WECHAT_API_BASE: simServer.url,
      LOG_LEVEL: 'silent',
      OUTBOX_CONCURRENCY: '16',
    };
    return { sim, database, keys, sent, env };
  }

  it('delivers 1,000 notifications exactly once through SIGKILLs at every failpoint and at random', async () => {
    const { sim, database, keys, sent, env: base } = await setUp();
    // A dead worker's rows are taken over after 2 s (the simulator answers in milliseconds).
    const env = { ...base, OUTBOX_LEASE_SECONDS: '2' };
    let running: RunningWorker | undefined;
    cleanup.push(async () => {
      if (running && running.child.exitCode === null && running.child.signalCode === null) {
        running.child.kill('SIGKILL');
        await running.exited;
      }
    });
    const t0 = Date.now();
    // 1. Each failpoint kills the worker at a random pass through it.
    for (const name of FAILPOINTS) {
      running = startWorker({
        ...env,
        FAILPOINT: `${name}:${name === 'after_mark' ? randomInt(2, 6) : randomInt(10, 80)}`,
      });
      const { signal } = await within(running.exited, 30_000, `the ${name} failpoint`);
      expect(signal, `${name}: ${running.output()}`).toBe('SIGKILL');
      if (process.env.DEBUG_CRASH) console.error(name, Date.now() - t0, await sent());
    }

    // 2. SIGKILL at random moments while it sends.
    for (let kill = 0; kill < RANDOM_KILLS && (await sent()) < MESSAGES; kill++) {
      running = startWorker(env);
      await within(running.ready, 30_000, 'worker start');
      await sleep(randomInt(100, 700));
      running.child.kill('SIGKILL');
      await running.exited;
      if (process.env.DEBUG_CRASH) console.error('kill', Date.now() - t0, await sent());
    }

    // 3. A last run drains the outbox (rows leased by the killed runs come back after their lease).
    running = startWorker(env);
    await within(running.ready, 30_000, 'worker start');
    await expect.poll(sent, { timeout: 40_000, interval: 200 }).toBe(MESSAGES);
    running.child.kill('SIGTERM');
    const stopped = await within(running.exited, 15_000, 'worker stop');
    expect({ code: stopped.code, signal: stopped.signal }, running.output()).toEqual({
      code: 0,
      signal: null,
    });

    // Exactly once, by client_msg_id, at the simulator.
    const deliveries = sim.state.deliveries().filter((delivery) => delivery.kind === 'template');
    const delivered = deliveries.map((delivery) => delivery.clientMsgId);
    expect(deliveries).toHaveLength(MESSAGES);
    expect(new Set(delivered)).toEqual(new Set(keys));
    // The crashes made the worker send some messages again, always under their first client_msg_id.
    const sends = sim.state
      .calls(SEND_PATH)
      .map((call) => (call.body as { client_msg_id?: string }).client_msg_id);
    expect(sends.length).toBeGreaterThan(MESSAGES);
    expect(new Set(sends)).toEqual(new Set(keys));
    // Every row is marked sent with the msgid of its one delivery.
    const msgIdOf = new Map(deliveries.map((delivery) => [delivery.clientMsgId, delivery.msgid]));
    const rows = await database.db
      .selectFrom('outbox')
      .select(['dedupe_key', 'status', 'wechat_msg_id'])
      .execute();
    expect(rows.filter((row) => row.status !== 'sent')).toEqual([]);
    expect(rows.filter((row) => row.wechat_msg_id !== msgIdOf.get(row.dedupe_key))).toEqual([]);
    if (dialect === 'sqlite') {
      const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(database.db);
      expect(check.rows).toEqual([{ integrity_check: 'ok' }]);
    }
  }, 120_000);

  it('sends each of 1,000 notifications once with two worker processes side by side', async () => {
    const { sim, database, keys, sent, env } = await setUp();
    const workers = [startWorker(env), startWorker(env)];
    cleanup.push(async () => {
      for (const worker of workers) {
        if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
        await worker.exited;
      }
    });
    await Promise.all(workers.map((worker) => within(worker.ready, 30_000, 'worker start')));
    await expect.poll(sent, { timeout: 40_000, interval: 200 }).toBe(MESSAGES);
    for (const worker of workers) worker.child.kill('SIGTERM');
    for (const worker of workers) expect((await within(worker.exited, 15_000, 'worker stop')).code).toBe(0);
    // Nothing crashed, so nothing is sent twice: one API call per client_msg_id, between both workers.
    const sends = sim.state
      .calls(SEND_PATH)
      .map((call) => (call.body as { client_msg_id?: string }).client_msg_id);
    expect(sends).toHaveLength(MESSAGES);
    expect(new Set(sends)).toEqual(new Set(keys));
    const attempts = await database.db
      .selectFrom('outbox_attempts')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirstOrThrow();
    expect(Number(attempts.count)).toBe(MESSAGES);
  }, 90_000);
});
