/**
 * A signed (timestamp, nonce) of POST /wechat goes with one body only. In plain mode WeChat's
 * signature covers the token, timestamp and nonce but not the body, so a captured request could
 * carry another body while its timestamp is fresh (±300 s, signature.ts): here a (timestamp, nonce)
 * seen with one body is refused with another, in every mode, while WeChat's retries of the same
 * body pass (and de-duplication gives them the first answer). See docs/wechat.md#crypto.
 *
 * The stamps live in the database (`webhook_replays`, one row per stamp, unique), so every instance
 * and a restarted one know them, with an in-process map in front that answers retries and repeats
 * without a read. A first delivery costs one indexed read; its row is written with the message log
 * behind the answer (kinds that only read), or claimed in the message's own transaction (kinds that
 * write: `claimSignedBody`), so a forged follow or unfollow racing the genuine one on another
 * instance is refused atomically. For the kinds that only read, an instance that has not seen the
 * genuine request can be raced for the write-behind's interval (50 ms): such a forged body only
 * gets an answer, which goes back to whoever sent it.
 */
import { createHash } from 'node:crypto';
import { InsertionMap } from '@weshop/db/collections';
import { findSignedBody } from '@weshop/db';
import type { DB, SignedBody } from '@weshop/db';
import type { WriteBehind } from '../../infra/write-behind.ts';

/** A timestamp is accepted for ±300 s (checkTimestamp): its stamp must be kept at least as long after. */
const KEEP_MS = 10 * 60_000;
const REMEMBER_MAX = 100_000;

export interface ReplayGuard {
  /**
   * The stamp of a signed request, or undefined when its (timestamp, nonce) came before with
   * another body. Synchronous when the in-process map knows the stamp.
   */
  admit(
    timestamp: string,
    nonce: string,
    body: string,
  ): SignedBody | undefined | Promise<SignedBody | undefined>;
  /** Records an admitted stamp behind the answer (messages that only read; writers claim it). */
  record(signed: SignedBody): void;
}

export function bodyHashOf(body: string): string {
  return createHash('sha256').update(body).digest('base64');
}

export function createReplayGuard(
  db: DB,
  log: WriteBehind<SignedBody>,
  now: () => number = Date.now,
): ReplayGuard {
  /** stamp → the body's hash and until when it is kept; insertion order is arrival order. */
  const recent = new InsertionMap<string, { bodyHash: string; until: number }>(REMEMBER_MAX);

  function remember(stamp: string, bodyHash: string, at: number): void {
    recent.shiftWhile((entry) => entry.until <= at);
    recent.set(stamp, { bodyHash, until: at + KEEP_MS });
  }

  return {
    admit(timestamp, nonce, body) {
      const at = now();
      const signed = {
        stamp: `${timestamp}:${nonce}`,
        bodyHash: bodyHashOf(body),
        at: new Date(at).toISOString(),
      };
      const known = recent.get(signed.stamp);
      if (known) return known.bodyHash === signed.bodyHash ? signed : undefined;
      // Taken at once: a concurrent duplicate on this instance is decided by the map.
      remember(signed.stamp, signed.bodyHash, at);
      return findSignedBody(db, signed.stamp).then((stored) => {
        if (stored === undefined || stored === signed.bodyHash) return signed;
        remember(signed.stamp, stored, at);
        return undefined;
      });
    },
    record(signed) {
      log.push(signed);
    },
  };
}
