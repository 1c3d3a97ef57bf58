/**
 * Every SQLite transaction begins IMMEDIATE: it takes the write lock at BEGIN. A deferred BEGIN
 * reads a snapshot first, and if another connection (`npm run worker` is another process) commits
 * before the transaction's first write, that write fails with SQLITE_BUSY_SNAPSHOT, which no waiting
 * can fix; with the lock taken up front, the other writer waits (busy_timeout) instead.
 */
import { CompiledQuery, SqliteDialect, SqliteDriver } from 'kysely';
import type { DatabaseConnection } from 'kysely';

const BEGIN_IMMEDIATE = CompiledQuery.raw('begin immediate');

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(BEGIN_IMMEDIATE);
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.#config);
  }
}
