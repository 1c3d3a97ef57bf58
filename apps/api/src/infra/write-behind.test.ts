import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../log.ts';
import { createWriteBehindGroup } from './write-behind.ts';

/** A fake database: each transaction's writes land in `committed` only if its work succeeds. */
function fakeDatabase() {
  const committed: string[][] = [];
  const transaction = async (work: (trx: string[]) => Promise<void>) => {
    const writes: string[] = [];
    await work(writes);
    committed.push(writes);
  };
  return { committed, transaction };
}

const logger = createLogger('silent');

describe('write-behind group', () => {
  it('writes every log of the group in one transaction, then tells each log what was committed', async () => {
    const database = fakeDatabase();
    const group = createWriteBehindGroup({ transaction: database.transaction, logger, flushMs: 5 });
    const written: string[] = [];
    const messages = group.log<string>({
      name: 'messages',
      write: async (trx, batch) => void trx.push(...batch.map((item) => `message ${item}`)),
      written: (batch) => written.push(...batch),
    });
    const searches = group.log<string>({
      name: 'searches',
      write: async (trx, batch) => void trx.push(...batch.map((item) => `search ${item}`)),
    });
    messages.push('a');
    searches.push('x');
    messages.push('b');
    expect(database.committed).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(database.committed).toEqual([['message a', 'message b', 'search x']]);
    expect(written).toEqual(['a', 'b']);
    await group.flush(); // nothing pending: no empty transaction
    expect(database.committed).toHaveLength(1);
  });

  it('writes a log at once when it reaches maxBatch, in batches of at most maxBatch', async () => {
    const database = fakeDatabase();
    const group = createWriteBehindGroup({
      transaction: database.transaction,
      logger,
      flushMs: 60_000,
      maxBatch: 3,
    });
    const log = group.log<number>({ name: 'log', write: async (trx, batch) => void trx.push(batch.join()) });
    for (let i = 1; i <= 7; i++) log.push(i);
    await log.flush();
    expect(database.committed).toEqual([['1,2,3'], ['4,5,6'], ['7']]);
  });

  it("keeps the other logs' rows when one log's write fails, and reports the failing log", async () => {
    const database = fakeDatabase();
    const errors = vi.fn();
    const group = createWriteBehindGroup({
      transaction: database.transaction,
      logger: { ...logger, error: errors } as unknown as typeof logger,
    });
    const writtenGood: string[] = [];
    const writtenBad: string[] = [];
    const good = group.log<string>({
      name: 'good log',
      write: async (trx, batch) => void trx.push(...batch),
      written: (batch) => writtenGood.push(...batch),
    });
    const bad = group.log<string>({
      name: 'bad log',
      write: async () => Promise.reject(new Error('disk full')),
      written: (batch) => writtenBad.push(...batch),
    });
    bad.push('lost');
    good.push('kept');
    await group.flush();
    expect(database.committed).toEqual([['kept']]);
    expect(writtenGood).toEqual(['kept']);
    expect(writtenBad).toEqual([]);
    expect(errors).toHaveBeenCalledTimes(1);
    expect(errors.mock.calls[0]![1]).toBe('bad log: batch write failed');

    // The group goes on writing after a failure.
    good.push('later');
    await group.flush();
    expect(database.committed.at(-1)).toEqual(['later']);
  });
});
