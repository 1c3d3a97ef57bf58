import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../database.ts';
import { openWalSync } from './wal-sync.ts';
import type { WalSync } from './wal-sync.ts';

/** An fdatasync whose calls finish when the test says so. */
function manualFdatasync() {
  const calls: ((error: NodeJS.ErrnoException | null) => void)[] = [];
  return {
    calls,
    fdatasync: (_fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
      calls.push(callback);
    },
  };
}

const settled = async (promise: Promise<unknown>) => {
  let state = 'pending';
  promise.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return state;
};

describe('WAL sync', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'weshop-wal-'));
    file = join(dir, 'shop.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('syncs the WAL of a real database file, and has nothing to sync without one', async () => {
    const database = await openDatabase({ dialect: 'sqlite', filename: file });
    try {
      const sync = openWalSync(file)!;
      expect(sync).toBeDefined();
      await Promise.all([sync.durable(), sync.durable()]);
      expect(sync.syncs()).toBeGreaterThanOrEqual(1);
      sync.close();
      await expect(sync.durable()).rejects.toThrow(/closed/);
    } finally {
      await database.close();
    }
    expect(openWalSync(join(dir, 'missing.db'))).toBeUndefined();
  });

  /** Runs `test` with a WAL sync of a real database file whose fdatasync the test completes. */
  async function withManualDisk(
    test: (sync: WalSync, disk: ReturnType<typeof manualFdatasync>) => Promise<void>,
  ): Promise<void> {
    const database = await openDatabase({ dialect: 'sqlite', filename: file });
    const disk = manualFdatasync();
    const sync = openWalSync(file, disk.fdatasync)!;
    try {
      await test(sync, disk);
    } finally {
      sync.close();
      await database.close();
    }
  }

  it('lets callers that arrive during a sync share the next one', () =>
    withManualDisk(async (sync, disk) => {
      const first = sync.durable();
      expect(disk.calls).toHaveLength(1);
      // Committed after the first sync started: the first one may not cover them.
      const second = sync.durable();
      const third = sync.durable();
      expect(disk.calls).toHaveLength(1);
      expect(await settled(second)).toBe('pending');
      disk.calls[0]!(null);
      expect(await settled(first)).toBe('resolved');
      expect(await settled(second)).toBe('pending');
      expect(disk.calls).toHaveLength(2);
      disk.calls[1]!(null);
      expect([await settled(second), await settled(third)]).toEqual(['resolved', 'resolved']);
      expect(sync.syncs()).toBe(2);
    }));

  it('fails the callers of a failed sync, and the next sync still runs', () =>
    withManualDisk(async (sync, disk) => {
      const failing = sync.durable();
      const next = sync.durable();
      disk.calls[0]!(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
      await expect(failing).rejects.toThrow(/EIO/);
      disk.calls[1]!(null);
      await expect(next).resolves.toBeUndefined();
    }));
});
