/**
 * Which body each signed (timestamp, nonce) of POST /wechat came with. WeChat's plain-mode
 * signature covers only the token, timestamp and nonce: this table lets every instance refuse a
 * captured (timestamp, nonce) with another body while the timestamp is fresh (±300 s), and let
 * WeChat's retries of the same body through. See apps/api/src/wechat/gateway/replay-guard.ts.
 */
import { compiledOnce, insertCompiled } from '../sqlite/compiled-query.ts';
import { selectFirst } from '../sqlite/direct-reads.ts';
import type { Executor } from '../transaction.ts';

export interface SignedBody {
  /** `<timestamp>:<nonce>`. */
  stamp: string;
  bodyHash: string;
  at: string;
}

/** The body hash stored for `stamp`, or undefined when none is. */
export async function findSignedBody(db: Executor, stamp: string): Promise<string | undefined> {
  const query = compiledOnce(db, 'webhook replay find', [stamp], ([value]) =>
    db.selectFrom('webhook_replays').select('body_hash').where('stamp', '=', value),
  );
  return (await selectFirst(db, query))?.body_hash;
}

/** The stamps recorded at or after `since` (ISO), to start an in-process index of them. */
export async function signedBodiesSince(db: Executor, since: string): Promise<Omit<SignedBody, 'at'>[]> {
  const rows = await db
    .selectFrom('webhook_replays')
    .select(['stamp', 'body_hash'])
    .where('created_at', '>=', since)
    .execute();
  return rows.map((row) => ({ stamp: row.stamp, bodyHash: row.body_hash }));
}

/**
 * Records `body` for its stamp unless one is recorded already, and answers the body hash that
 * holds the stamp now: the caller's own when it was first (or the same body came again), another
 * when the stamp was taken with a different body. In a transaction, atomic with what it guards.
 */
export async function claimSignedBody(db: Executor, body: SignedBody): Promise<string> {
  await saveSignedBodies(db, [body]);
  return (await findSignedBody(db, body.stamp)) ?? body.bodyHash;
}

/** Many at once (the write-behind log of messages that only read); stamps already present stay. */
export async function saveSignedBodies(db: Executor, bodies: readonly SignedBody[]): Promise<void> {
  await insertCompiled(
    db,
    'webhook replays',
    bodies.map((body) => ({ stamp: body.stamp, body_hash: body.bodyHash, created_at: body.at })),
    (values) =>
      db
        .insertInto('webhook_replays')
        .values(values)
        .onConflict((oc) => oc.column('stamp').doNothing()),
  );
}
