import { PostgresAdapter } from 'kysely';
import type { Kysely } from 'kysely';
import type { Tables } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

export function dialectOf(db: Kysely<unknown> | Kysely<Tables>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
