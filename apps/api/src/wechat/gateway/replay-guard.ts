/**
 * A signed (timestamp, nonce) of POST /wechat goes with one body only. In plain mode WeChat's
 * signature covers the token, timestamp and nonce but not the body, so a captured request could
 * carry another body while its timestamp is fresh (±300 s, signature.ts): here a (timestamp, nonce)
 * seen with one body is refused with another, in every mode, while WeChat's retries of the same
 * body pass (and de-duplication gives them the first answer). See docs/wechat.md#message-mode.
 *
 * The stamps live in the database (`webhook_replays`, one row per stamp, unique), so every instance
 * and a restarted one know them, with an in-process index in front. Rows are written with the
 * message log behind the answer (kinds that only read), or claimed in the message's own transaction
 * (kinds that write: `claimSignedBody`), so a forged follow or unfollow racing the genuine one on
 * another instance is refused atomically.
 *
 * PostgreSQL (several processes): a stamp the index does not know is looked up (one indexed read).
 * SQLite (one process, docs/operations.md): the index is shared by every app on the same database
 * handle and starts from the table's recent rows, so it knows every stamp and a first delivery
 * takes no read; only while stamps still fresh had to be dropped for room does it look them up.
 */
import { createHash } from 'node:crypto';
import { InsertionMap } from '@weshop/db/collections';
import { dialectOf, findSignedBody, signedBodiesSince } from '@weshop/db';
import type { DB, SignedBody } from '@weshop/db';
import type { WriteBehind } from '../../infra/write-behind.ts';

/** A timestamp is accepted for ±300 s (checkTimestamp); a little more for clocks that disagree. */
const FRESH_MS = 330_000;
/** The index's bound: ~10 minutes of stamps at 500 messages a second. */
const INDEX_MAX = 300_000;

export interface ReplayGuard {
  /**
   * The stamp of a signed request, or undefined when its (timestamp, nonce) came before with
   * another body. Synchronous when the in-process index decides.
   */
  admit(
    timestamp: string,
    nonce: string,
    body: string,
  ): SignedBody | undefined | Promise<SignedBody | undefined>;
  /** Records an admitted stamp behind the answer (messages that only read; writers claim it). */
  record(signed: SignedBody): void;
}

interface StampIndex {
  /** stamp → body hash and until when the stamp can come again (its timestamp + FRESH_MS). */
  stamps: InsertionMap<string, { bodyHash: string; until: number }>;
  /** Stamps dropped for room may come again until then: before it, a miss is looked up. */
  uncertainUntil: number;
  /** True when a miss means "never seen" (SQLite, once loaded); false: look it up. */
  complete: boolean;
  loading: Promise<void> | undefined;
}

/** SQLite's indexes, one per database handle: the apps of one process on one file share it. */
const sharedIndexes = new WeakMap<DB, StampIndex>();

function createIndex(): StampIndex {
  return { stamps: new InsertionMap(), uncertainUntil: 0, complete: false, loading: undefined };
}

function indexFor(db: DB, now: () => number): StampIndex {
  if (dialectOf(db) !== 'sqlite') return createIndex();
  let index = sharedIndexes.get(db);
  if (index) return index;
  index = createIndex();
  sharedIndexes.set(db, index);
  const loading = index;
  const since = new Date(now() - 2 * FRESH_MS).toISOString();
  loading.loading = signedBodiesSince(db, since).then(
    (rows) => {
      const until = now() + FRESH_MS;
      for (const row of rows) {
        if (!loading.stamps.has(row.stamp)) loading.stamps.set(row.stamp, { bodyHash: row.bodyHash, until });
      }
      loading.complete = true;
      loading.loading = undefined;
    },
    () => {
      loading.loading = undefined; // Unreadable: stay incomplete, every miss is looked up.
    },
  );
  return index;
}

export function bodyHashOf(body: string): string {
  return createHash('sha256').update(body).digest('base64');
}

export function createReplayGuard(
  db: DB,
  log: WriteBehind<SignedBody>,
  now: () => number = Date.now,
): ReplayGuard {
  const index = indexFor(db, now);

  function remember(stamp: string, bodyHash: string, timestamp: string, at: number): void {
    const { stamps } = index;
    stamps.shiftWhile((entry) => entry.until <= at);
    stamps.set(stamp, { bodyHash, until: Number(timestamp) * 1000 + FRESH_MS });
    while (stamps.size > INDEX_MAX) {
      const [, dropped] = stamps.shift()!;
      index.uncertainUntil = Math.max(index.uncertainUntil, dropped.until);
    }
  }

  async function lookUp(signed: SignedBody, timestamp: string, at: number): Promise<SignedBody | undefined> {
    const stored = await findSignedBody(db, signed.stamp);
    if (stored === undefined || stored === signed.bodyHash) return signed;
    remember(signed.stamp, stored, timestamp, at);
    return undefined;
  }

  function decide(
    signed: SignedBody,
    timestamp: string,
    at: number,
  ): SignedBody | undefined | Promise<SignedBody | undefined> {
    const known = index.stamps.get(signed.stamp);
    if (known) return known.bodyHash === signed.bodyHash ? signed : undefined;
    const certain = index.complete && at >= index.uncertainUntil;
    // Taken at once: a concurrent duplicate in this process is decided by the index.
    remember(signed.stamp, signed.bodyHash, timestamp, at);
    return certain ? signed : lookUp(signed, timestamp, at);
  }

  return {
    admit(timestamp, nonce, body) {
      const at = now();
      const signed = {
        stamp: `${timestamp}:${nonce}`,
        bodyHash: bodyHashOf(body),
        at: new Date(at).toISOString(),
      };
      const loading = index.loading;
      return loading ? loading.then(() => decide(signed, timestamp, at)) : decide(signed, timestamp, at);
    },
    record(signed) {
      log.push(signed);
    },
  };
}
