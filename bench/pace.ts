/**
 * The load generators of the webhook bench, each run on a worker thread of its own (measure.ts).
 *
 * `pace`, the open loop behind the latency windows: sends `rate`
 * requests per second for `seconds`, each at its own scheduled instant whether or not earlier ones
 * have been answered, over keep-alive HTTP/1.1 connections opened before the window, and measures
 * each from the moment it was written to its complete response (ms, sub-millisecond resolution).
 *
 * It speaks HTTP over plain sockets: every request is serialised to bytes before the window starts,
 * and an answer is read only as far as its status, length and the first bytes of its body. The
 * generator's own work per request is then a socket write and a few comparisons. node:http's client
 * allocated kilobytes per request (request and response objects, header maps, streams): its garbage
 * collections, on the generator's single pinned core, paused it while answers waited unread, and
 * that counted as the server's latency (bench/results/2026-12-05-webhook-6.txt).
 *
 * autocannon's `overallRate` is not this: each connection sends its share of a second back to back
 * and then waits for the next second, so the load comes in bursts of `connections` requests, and its
 * latency histogram is "corrected" with an interval of 1 ms regardless of the rate.
 *
 * `closedLoop`, the throughput rounds: `connections` connections, each sending its next request as
 * soon as its answer is in. Both keep the generator's thread spinning (setImmediate) so it never
 * sleeps in epoll: on this VM, waking a sleeping thread on the other CPU is an inter-processor
 * interrupt that the kernel charges to the sender, here the server. autocannon's client sleeps
 * whenever it waits, which the slower target makes it do for almost every answer: the app paid
 * about one wake-up interrupt per message and the bare route a fraction of one (/proc/interrupts,
 * CAL on the load's CPU), server CPU that only the app was charged
 * (bench/results/2026-12-05-webhook-6.txt).
 */
import net from 'node:net';
import { quantile } from './measure.ts';

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
  /** Connections opened during the window because every pre-opened one was busy (their connect counts). */
  extraConnections: number;
}

export interface PaceTarget {
  port: number;
  method?: string;
  headers?: Record<string, string>;
}

export interface PaceOptions {
  rate: number;
  seconds: number;
  /** What a correct answer's body starts with (ASCII). */
  expect?: string;
}

/** Connections opened before the window: far more than are ever busy at once below saturation. */
const PREOPENED = 64;
const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:[ \t]*(\d+)/i;
const CONNECTION_CLOSE = /\r\nconnection:[ \t]*close/i;

/** One request as bytes on the wire. */
function serialiseRequest(target: PaceTarget, request: PacedRequest): Buffer {
  const body = Buffer.from(request.body, 'utf8');
  const head = [
    `${target.method ?? 'POST'} ${request.path} HTTP/1.1`,
    'host: 127.0.0.1',
    'connection: keep-alive',
    ...Object.entries(target.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    `content-length: ${body.length}`,
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

interface Connection {
  socket: net.Socket;
  /** When the request in flight was written; undefined while idle. */
  startedAt: number | undefined;
  /** Bytes of the answer in flight received so far. */
  received: Buffer | undefined;
  /** The server closed it (or said it would): not to be used again. */
  closed: boolean;
}

/** The answer at the front of `data`, once complete: its length, status, body start and whether it closes. */
function readAnswer(data: Buffer, expect: string | undefined) {
  const headerEnd = data.indexOf(HEADER_END);
  if (headerEnd < 0) return undefined;
  const head = data.toString('latin1', 0, headerEnd);
  const length = Number(CONTENT_LENGTH.exec(head)?.[1] ?? 0);
  const bodyStart = headerEnd + HEADER_END.length;
  if (data.length < bodyStart + length) return undefined;
  const ok =
    head.startsWith('HTTP/1.1 200 ') &&
    (expect === undefined || data.toString('latin1', bodyStart, bodyStart + expect.length) === expect);
  return { ok, closes: CONNECTION_CLOSE.test(head) };
}

/** A few connections to one server, speaking HTTP/1.1 in pre-serialised bytes. */
function createClient(
  target: PaceTarget,
  expect: string | undefined,
  onAnswer: (connection: Connection, ok: boolean, latency: number) => void,
) {
  const all = new Set<Connection>();

  function settle(connection: Connection, ok: boolean): void {
    const latency = performance.now() - connection.startedAt!;
    connection.startedAt = undefined;
    connection.received = undefined;
    onAnswer(connection, ok, latency);
  }

  /** A new connection, usable at once: what is written before it connects is sent when it does. */
  function open(): Connection {
    const socket = net.connect({ host: '127.0.0.1', port: target.port, noDelay: true });
    const connection: Connection = { socket, startedAt: undefined, received: undefined, closed: false };
    all.add(connection);
    socket.on('data', (chunk: Buffer) => {
      if (connection.startedAt === undefined) return; // nothing asked: not ours to count
      const data = connection.received ? Buffer.concat([connection.received, chunk]) : chunk;
      const answer = readAnswer(data, expect);
      if (!answer) {
        connection.received = data;
        return;
      }
      if (answer.closes) {
        connection.closed = true;
        socket.destroy();
      }
      settle(connection, answer.ok);
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      connection.closed = true;
      all.delete(connection);
      if (connection.startedAt !== undefined) settle(connection, false);
    });
    return connection;
  }

  return {
    open,
    /** `count` connections, once all are connected. */
    async connect(count: number): Promise<Connection[]> {
      const opened = Array.from({ length: count }, open);
      await Promise.all(
        opened.map(
          ({ socket }) =>
            new Promise((resolve, reject) => {
              socket.once('connect', resolve);
              socket.once('error', reject);
            }),
        ),
      );
      return opened;
    },
    send(connection: Connection, request: Buffer): void {
      connection.startedAt = performance.now();
      connection.socket.write(request);
    },
    close(): void {
      for (const connection of all) connection.socket.destroy();
    },
  };
}

/** Answers counted as they come in: latencies in arrival order, errors, and when the last is in. */
function createTally(total: number) {
  const latencies = new Float64Array(total);
  let answered = 0;
  let errors = 0;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    latencies,
    done,
    answered: () => answered,
    errors: () => errors,
    record(ok: boolean, latency: number): void {
      latencies[answered++] = latency;
      if (!ok) errors++;
      if (answered === total) finish();
    },
  };
}

/** Calls `step` on every turn of the event loop until `running()` says stop: the thread never sleeps. */
function spin(step: () => void, running: () => boolean): void {
  const turn = () => {
    step();
    if (running()) setImmediate(turn);
  };
  turn();
}

export async function pace(
  target: PaceTarget,
  /** Sent in order, cycling if fewer than rate × seconds. */
  requests: readonly PacedRequest[],
  options: PaceOptions,
): Promise<PacedStats> {
  const interval = 1000 / options.rate;
  const total = Math.round(options.rate * options.seconds);
  const wire = requests.map((request) => serialiseRequest(target, request));
  const lags = new Float64Array(total);
  let extraConnections = 0;
  const tally = createTally(total);
  const client = createClient(target, options.expect, (connection, ok, latency) => {
    if (!connection.closed) idle.push(connection);
    tally.record(ok, latency);
  });
  const idle: Connection[] = await client.connect(PREOPENED);

  function send(index: number): void {
    let connection = idle.pop();
    if (connection === undefined) {
      // Every pre-opened connection is busy: the connect counts in this request's latency.
      extraConnections++;
      connection = client.open();
    }
    client.send(connection, wire[index % wire.length]!);
  }

  const t0 = performance.now();
  let sent = 0;
  // Node's timers have whole-millisecond resolution and fire up to a millisecond or two late, so a
  // timer-paced generator sends in small bursts and is itself slow to notice answers, both of which
  // it then counts as the server's latency. Every request whose instant has passed is sent at once,
  // and any lateness is reported (lagP99) rather than hidden.
  spin(
    () => {
      const now = performance.now();
      while (sent < total && t0 + sent * interval <= now) {
        lags[sent] = now - (t0 + sent * interval);
        send(sent++);
      }
    },
    () => sent < total,
  );
  await tally.done;
  client.close();
  const latencies = tally.latencies.sort();
  lags.sort();
  return {
    sent: total,
    errors: tally.errors(),
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: latencies.at(-1) ?? 0,
    lagP99: quantile(lags, 0.99),
    extraConnections,
  };
}

export interface ClosedLoopOptions {
  connections: number;
  /** What a correct answer's body starts with (ASCII). */
  expect?: string;
}

export interface ClosedLoopStats {
  answered: number;
  errors: number;
  /** From the first request written to the last answer read. */
  seconds: number;
  p99: number;
}

/** Every request once, `connections` at a time, each connection sending its next as soon as it is answered. */
export async function closedLoop(
  target: PaceTarget,
  requests: readonly PacedRequest[],
  options: ClosedLoopOptions,
): Promise<ClosedLoopStats> {
  const wire = requests.map((request) => serialiseRequest(target, request));
  let sent = 0;
  const tally = createTally(wire.length);
  const client = createClient(target, options.expect, (connection, ok, latency) => {
    if (sent < wire.length) client.send(connection.closed ? client.open() : connection, wire[sent++]!);
    tally.record(ok, latency);
  });
  const connections = await client.connect(Math.min(options.connections, wire.length));
  const t0 = performance.now();
  for (const connection of connections) client.send(connection, wire[sent++]!);
  spin(
    () => {},
    () => tally.answered() < wire.length,
  );
  await tally.done;
  const seconds = (performance.now() - t0) / 1000;
  client.close();
  return {
    answered: tally.answered(),
    errors: tally.errors(),
    seconds,
    p99: quantile(tally.latencies.sort(), 0.99),
  };
}
